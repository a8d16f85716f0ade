"""Something about a child that another part of the service has raised and the caseload can
filter on, such as provision in a plan that was not delivered. Written by the app that owns the
fact (through cases.services.flags), so the caseload never has to reach into that app."""

from django.db import models


class CaseFlag(models.Model):
    class Kind(models.TextChoices):
        PROVISION_GAP = "provision_gap", "Provision not delivered"

    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What raised it, as "plan:12": one flag per source and kind.
    source = models.CharField(max_length=40)
    raised_on = models.DateField()
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind"], name="flag_once_per_source")
        ]
        indexes = [models.Index(fields=["kind", "child"])]

    def __str__(self):
        return self.get_kind_display()
