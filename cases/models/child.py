from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import public_ids
from core.formatting import date_time, day
from core.locking import Versioned

from ..codes import Ethnicity, Need, SenStatus, Sex


class UpnUnknown(models.TextChoices):
    """Why a child has no UPN (SEN2 UPNunknown, the DfE common basic data set codes)."""

    UN1 = "UN1", "UN1: under 6 and not yet attending school"
    UN2 = "UN2", "UN2: has never attended a state school in England"
    UN3 = "UN3", "UN3: educated at home"
    UN4 = "UN4", "UN4: refugee or asylum seeker"
    UN5 = "UN5", "UN5: records conflict, so the UPN cannot be matched reliably"
    UN6 = "UN6", "UN6 (see the SEN2 guide)"
    UN7 = "UN7", "UN7 (see the SEN2 guide)"
    UN8 = "UN8", "UN8 (see the SEN2 guide)"
    UN9 = "UN9", "UN9 (see the SEN2 guide)"
    UN10 = "UN10", "UN10 (see the SEN2 guide)"


class ChildQuerySet(models.QuerySet):
    def held_by_teams(self, teams):
        return self.filter(team__in=teams)

    def search(self, text: str):
        """Match a name, a UPN or a date of birth (dd/mm/yyyy or yyyy-mm-dd)."""
        from ..search import child_search_filter

        return self.filter(child_search_filter(text))


class Child(Versioned):
    """A child or young person (0-25) known to the SEN service."""

    first_name = models.CharField("legal first name", max_length=100)
    last_name = models.CharField("legal last name", max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(
        max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT, blank=True
    )
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    upn_unknown = models.CharField(
        "reason the UPN is not known",
        max_length=4,
        choices=UpnUnknown.choices,
        blank=True,
        help_text="Only for a child without a UPN (SEN2 UPNunknown).",
    )
    uln = models.CharField("ULN", max_length=10, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    home_la = models.CharField("home local authority code", max_length=3, blank=True)
    looked_after = models.BooleanField(default=False)
    eal = models.BooleanField("English as an additional language", default=False)
    fsm = models.BooleanField("eligible for free school meals", default=False)
    sen_status = models.CharField(
        "SEN status", max_length=12, choices=SenStatus.choices, default=SenStatus.NONE
    )
    primary_need = models.CharField(max_length=4, choices=Need.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=Need.choices, blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    lead_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_cases",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["team", "lead_caseworker"]),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("cases:child", args=[self.pk])

    @property
    def reference(self) -> str:
        """The record's reference as its pages' address carries it (core.public_ids): what
        people quote for it, and never a number in sequence."""
        return public_ids.encode(self.pk)

    @property
    def email_name(self) -> str:
        """How an email names the child: the first name (the preferred one where given), the
        last name's initial and the case reference. Enough for the caseworker to know the
        case; little for anyone else if the email goes astray (issue 19)."""
        first = self.preferred_name or self.first_name
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{first}{initial} (case {self.reference})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def known_as(self) -> str:
        """The name to greet the child by: the preferred name where the family gave one."""
        if self.preferred_name:
            return f"{self.preferred_name} {self.last_name}"
        return self.full_name

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def age_on(self, day: date) -> int:
        had_birthday = (day.month, day.day) >= (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - (0 if had_birthday else 1)


class Contact(Versioned):
    """A parent, carer, the young person themselves or a professional around the child."""

    class Relationship(models.TextChoices):
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        YOUNG_PERSON = "young_person", "The young person"
        SOCIAL_WORKER = "social_worker", "Social worker"
        SCHOOL = "school", "School or college"
        OTHER = "other", "Other"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=False)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    is_main_contact = models.BooleanField(default=False)
    # How letters must reach them (issue 20): large print on request; a language other than
    # English tells the caseworker a translation is needed before a letter goes.
    large_print = models.BooleanField("letters in large print", default=False)
    language = models.CharField("language for letters, if not English", max_length=50, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_main_contact", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"


class CaseAllocation(models.Model):
    """Who held the case, and when: a new row on every change of team or lead caseworker."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True)
    lead_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.child_id}: {self.lead_caseworker} from {day(self.started_at)}"


class RecordView(models.Model):
    """A user opened a child's record: special-category data, so every view is logged."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=255)

    class Meta:
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.user_id} viewed {self.child_id} at {date_time(self.viewed_at)}"


class ChildLookup(models.Model):
    """A user found a child held by a team they are not in, by a precise search (the whole UPN,
    or both names and the date of birth). Only then may they see who holds the child, for a
    working day; the rows are also the search's log and its rate limit."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="lookups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    looked_up_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-looked_up_at"]
        indexes = [models.Index(fields=["user", "looked_up_at"], name="lookup_by_user")]

    def __str__(self):
        return f"{self.user_id} looked up {self.child_id} at {date_time(self.looked_up_at)}"
