"""The code lists placements are recorded in, and how each setting type is counted.

Plain mappings on purpose: the reporting app reads KPI_CATEGORY and SEN2_SETTING to count
placements for the KPIs and to fill the SEN2 return's PlacementDetail, without reading models.
"""

from django.db import models

from plans.models.content import Funder


class SettingType(models.TextChoices):
    MAINSTREAM_MAINTAINED = "mainstream_maintained", "Mainstream maintained school"
    ACADEMY = "academy", "Mainstream academy or free school"
    RESOURCED_PROVISION = "resourced_provision", "Resourced provision or SEN unit"
    MAINTAINED_SPECIAL = "maintained_special", "Maintained special school"
    ACADEMY_SPECIAL = "academy_special", "Special academy or free school"
    INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
    NON_MAINTAINED_SPECIAL = "non_maintained_special", "Non-maintained special school"
    FE_COLLEGE = "fe_college", "Further education college"
    SPECIALIST_POST16 = "specialist_post16", "Specialist post-16 institution"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision or PRU"
    EARLY_YEARS = "early_years", "Early years setting with a URN"
    # The SEN2 settings that have no URN or UKPRN (sensettingtype).
    OTHER_LA_ARRANGED = "OLA", "Other arrangements made by another LA"
    OTHER_ARRANGEMENTS = "OPA", "Education otherwise than at school (EOTAS)"
    ELECTIVE_HOME = "EHE", "Elective home education"
    EARLY_YEARS_PROVIDER = "EYP", "Early years provider without a URN"
    OTHER = "OTH", "Other setting"
    NEET = "NEET", "Not in education, employment or training"
    NOT_IN_EDUCATION_CLEARED = "NIEC", "Not in education: cleared"
    NOT_IN_EDUCATION_OTHER = "NIEO", "Not in education: other"


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST16 = "post16", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class KpiCategory(models.TextChoices):
    MAINSTREAM = "mainstream", "Mainstream"
    RESOURCED = "resourced", "Resourced provision or SEN unit"
    SPECIAL = "special", "State-funded special"
    INDEPENDENT = "independent", "Independent or non-maintained special"
    POST16 = "post16", "Post-16 and FE"
    OTHER = "other", "Other arrangements"


KPI_CATEGORY: dict[str, str] = {
    SettingType.MAINSTREAM_MAINTAINED: KpiCategory.MAINSTREAM,
    SettingType.ACADEMY: KpiCategory.MAINSTREAM,
    SettingType.RESOURCED_PROVISION: KpiCategory.RESOURCED,
    SettingType.MAINTAINED_SPECIAL: KpiCategory.SPECIAL,
    SettingType.ACADEMY_SPECIAL: KpiCategory.SPECIAL,
    SettingType.INDEPENDENT_SPECIAL: KpiCategory.INDEPENDENT,
    SettingType.NON_MAINTAINED_SPECIAL: KpiCategory.INDEPENDENT,
    SettingType.FE_COLLEGE: KpiCategory.POST16,
    SettingType.SPECIALIST_POST16: KpiCategory.POST16,
    SettingType.ALTERNATIVE_PROVISION: KpiCategory.OTHER,
    SettingType.EARLY_YEARS: KpiCategory.OTHER,
    SettingType.OTHER_LA_ARRANGED: KpiCategory.OTHER,
    SettingType.OTHER_ARRANGEMENTS: KpiCategory.OTHER,
    SettingType.ELECTIVE_HOME: KpiCategory.OTHER,
    SettingType.EARLY_YEARS_PROVIDER: KpiCategory.OTHER,
    SettingType.OTHER: KpiCategory.OTHER,
    SettingType.NEET: KpiCategory.OTHER,
    SettingType.NOT_IN_EDUCATION_CLEARED: KpiCategory.OTHER,
    SettingType.NOT_IN_EDUCATION_OTHER: KpiCategory.OTHER,
}

# SEN2 SENSetting (sensettingtype): given only for a placement without a URN or UKPRN; a school
# or college is identified by its URN/UKPRN instead, so its type has no code here.
SEN2_SETTING: dict[str, str] = {
    code: code for code in ("OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO")
}

# Types that are a school or college, with an establishment number: a URN or UKPRN is expected.
ESTABLISHMENT_TYPES = frozenset(t for t in SettingType.values if t not in SEN2_SETTING)


class Rank(models.IntegerChoices):
    MAIN = 1, "Main placement"
    DUAL = 2, "Second (dual) placement"


class Residential(models.TextChoices):
    """SEN2 restype."""

    NONE = "", "Not residential"
    WEEKS_38_51 = "A", "Residential, 38 to 51 weeks a year"
    WEEKS_52 = "B", "Residential, 52 weeks a year"


class WorkBasedPathway(models.TextChoices):
    """SEN2 wbptype."""

    NONE = "", "None"
    APPRENTICESHIP = "A", "Apprenticeship"
    TRAINEESHIP = "T", "Traineeship"
    SUPPORTED_INTERNSHIP = "S", "Supported internship"


class CostKind(models.TextChoices):
    PLACE_FEE = "place_fee", "Place or annual fee"
    TOP_UP = "top_up", "Top-up funding"
    TRANSPORT = "transport", "Transport"
    THERAPIES = "therapies", "Therapies"
    OTHER = "other", "Other"


# Who pays for a cost: the same three services that fund a plan's provision.
FundingSource = Funder


class BudgetKind(models.TextChoices):
    """SEN2 dptype."""

    EDUCATION = "E", "Education"
    HEALTH = "H", "Health"
    SOCIAL_CARE = "S", "Social care"
    INTEGRATED = "I", "Integrated (more than one of these)"
