"""A school, college or other provider children are placed with: the settings directory."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cases import statutory
from cases.identifiers import is_valid_la_code, is_valid_ukprn, is_valid_urn
from core.locking import Versioned

from ..codes import KPI_CATEGORY, SEN2_SETTING, KpiCategory, Phase, SettingType

AGE_RANGE = (0, 25)


def setting_field_errors(
    *, urn: str, ukprn: str, name: str, la_code: str, low_age=None, high_age=None
) -> dict[str, str]:
    """The format rules a setting's identifiers and age range follow: shared by the form, the
    service and the CSV import so that each says the same thing."""
    errors = {}
    for field, age in (("low_age", low_age), ("high_age", high_age)):
        if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
            errors[field] = "An age must be a whole number from 0 to 25"
    both = low_age is not None and high_age is not None
    if both and not errors and high_age <= low_age:
        errors["high_age"] = "The oldest age must be more than the youngest, like 4 to 11"
    if (low_age is None) != (high_age is None) and not errors:
        errors["high_age" if high_age is None else "low_age"] = (
            "Give both ages of the age range, like 4 to 11, or neither"
        )
    if not name.strip():
        errors["name"] = "Enter the setting's name"
    if urn and not is_valid_urn(urn):
        errors["urn"] = "A URN must be 6 digits, like 123456"
    if ukprn and not is_valid_ukprn(ukprn):
        errors["ukprn"] = "A UKPRN must be 8 digits, like 10012345"
    if not la_code:
        errors["la_code"] = "Enter the local authority code"
    elif not is_valid_la_code(la_code):
        errors["la_code"] = "A local authority code must be 3 digits, like 201"
    return errors


# Without an age range, the usual English pattern for the phase (a secondary school taken to end
# at Year 11, so leaving it is the move into Year 12).
PHASE_LAST_YEAR: dict[str, int] = {
    Phase.NURSERY: statutory.RECEPTION_YEAR_GROUP - 1,
    Phase.PRIMARY: 6,
    Phase.SECONDARY: 11,
    Phase.ALL_THROUGH: 13,
}


class SettingQuerySet(models.QuerySet):
    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        if text.isdigit():
            return self.filter(Q(urn=text) | Q(ukprn=text) | Q(name__icontains=text))
        return self.filter(name__icontains=text)


class Setting(Versioned):
    name = models.CharField(max_length=200)
    urn = models.CharField("URN", max_length=6, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    setting_type = models.CharField("type", max_length=30, choices=SettingType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    # The statutory age range as the DfE register of schools gives it (4-11 primary, 4-7 infant,
    # 9-13 middle, 11-18 with a sixth form): which phase transfer a child makes on leaving.
    low_age = models.PositiveSmallIntegerField("youngest age", null=True, blank=True)
    high_age = models.PositiveSmallIntegerField("oldest age", null=True, blank=True)
    la_code = models.CharField("local authority code", max_length=3)
    # Stored, not computed, so the directory filters and the KPIs count it in SQL; always
    # derived from la_code by the services (see in_area_for).
    in_area = models.BooleanField("in the council's area", default=True)
    is_open = models.BooleanField("open", default=True)
    # The published fee of an independent or non-maintained school, for commissioning: what a
    # placement costs is in its cost lines, this is only the starting point.
    annual_fee = models.DecimalField(
        "published annual fee", max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = SettingQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn"], condition=~Q(urn=""), name="setting_urn_unique_when_given"
            ),
            models.UniqueConstraint(
                fields=["ukprn"], condition=~Q(ukprn=""), name="setting_ukprn_unique_when_given"
            ),
        ]
        indexes = [
            models.Index(fields=["setting_type", "in_area"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("placements:setting", args=[self.pk])

    @staticmethod
    def in_area_for(la_code: str) -> bool:
        return la_code == settings.LA_CODE

    @property
    def kpi_category(self) -> str:
        return KPI_CATEGORY.get(self.setting_type, KpiCategory.OTHER)

    @property
    def sen2_setting(self) -> str:
        return SEN2_SETTING.get(self.setting_type, "")

    @property
    def reference(self) -> str:
        """How the setting is known in a list: its URN, else its UKPRN."""
        if self.urn:
            return f"URN {self.urn}"
        if self.ukprn:
            return f"UKPRN {self.ukprn}"
        return ""

    @property
    def last_year_group(self) -> int | None:
        """The oldest year group taught, from the age range (else the phase's usual one): 6 for
        a 4-11 primary, 2 for an infant school, 8 for a 9-13 middle school, 13 with a sixth
        form; -1 for a nursery. None for a setting that has no year groups to leave."""
        if self.phase in (Phase.POST16, Phase.NOT_APPLICABLE):
            return None  # no phase to leave: moves between post-16 institutions are reg 18(2)
        early_years = self.phase == Phase.NURSERY
        if self.low_age is not None and self.high_age is not None:
            return statutory.setting_year_groups(self.low_age, self.high_age, early_years)[1]
        return PHASE_LAST_YEAR.get(self.phase)

    def clean(self):
        errors = setting_field_errors(
            urn=self.urn,
            ukprn=self.ukprn,
            name=self.name,
            la_code=self.la_code,
            low_age=self.low_age,
            high_age=self.high_age,
        )
        if errors:
            raise ValidationError(errors)
