"""Demo data: a plausible directory of settings and, for given plans, placements and costs.

Called by reporting's seed_demo command. Idempotent: settings are matched by URN (or by name
for those without one), and a plan that already has placements is left alone.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings as django_settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from plans.models import Plan

from .codes import KPI_CATEGORY, BudgetKind, CostKind, FundingSource, KpiCategory, Residential
from .codes import SettingType as T
from .models import CostLine, PersonalBudget, Placement, Setting
from .years import financial_year_bounds, financial_year_of

PLACES = [
    "Ashbrook",
    "Bramley",
    "Castlegate",
    "Dunmore",
    "Elmfield",
    "Foxhill",
    "Greenway",
    "Hollins",
    "Ivybridge",
    "Juniper",
    "Kingsmead",
    "Larkrise",
    "Millbrook",
    "Northcote",
    "Oakridge",
    "Parkside",
    "Queensway",
    "Riverside",
    "Stonebridge",
    "Thornbury",
    "Upton",
    "Valley Road",
    "Westfield",
    "Yewtree",
    "Alderley",
    "Beechwood",
    "Cedars",
    "Denholme",
    "Fairfield",
    "Hawthorn",
    "Linden",
    "Meadowbank",
    "Orchard",
    "Rowan",
    "Sandhill",
    "Willow",
]
OTHER_LAS = ["201", "330", "340", "355", "873", "886", "919", "925", "936"]

# (type, phase, how many, in area?, name pattern, UKPRN too?, statutory age range)
DIRECTORY = [
    (T.MAINSTREAM_MAINTAINED, "primary", 12, True, "{} Primary School", False, (4, 11)),
    (T.MAINSTREAM_MAINTAINED, "primary", 1, True, "{} Infant School", False, (4, 7)),
    (T.MAINSTREAM_MAINTAINED, "primary", 1, True, "{} Junior School", False, (7, 11)),
    (T.MAINSTREAM_MAINTAINED, "secondary", 5, True, "{} High School", False, (11, 16)),
    (T.ACADEMY, "primary", 3, True, "{} Primary Academy", False, (4, 11)),
    (T.ACADEMY, "secondary", 3, True, "{} Academy", False, (11, 18)),
    (T.RESOURCED_PROVISION, "primary", 3, True, "{} Primary Resource Base", False, (4, 11)),
    (T.RESOURCED_PROVISION, "secondary", 2, True, "{} Secondary Resource Base", False, (11, 16)),
    (T.MAINTAINED_SPECIAL, "all_through", 5, True, "{} Special School", False, (2, 19)),
    (T.ACADEMY_SPECIAL, "all_through", 2, True, "{} Special Academy", False, (4, 19)),
    (T.INDEPENDENT_SPECIAL, "all_through", 8, False, "{} House School", False, (7, 19)),
    (T.NON_MAINTAINED_SPECIAL, "all_through", 3, False, "{} Trust School", False, (5, 19)),
    (T.FE_COLLEGE, "post16", 1, True, "{} College", True, None),
    (T.FE_COLLEGE, "post16", 2, False, "{} College of Further Education", True, None),
    (T.SPECIALIST_POST16, "post16", 2, False, "{} Specialist College", True, None),
    (T.ALTERNATIVE_PROVISION, "secondary", 3, True, "{} Learning Centre", False, (11, 16)),
    (T.EARLY_YEARS, "nursery", 3, True, "{} Nursery", False, (2, 5)),
]
NO_NUMBER = [
    (T.ELECTIVE_HOME, "Elective home education"),
    (T.OTHER_ARRANGEMENTS, "Education otherwise than at school"),
    (T.NEET, "Not in education, employment or training"),
    (T.OTHER_LA_ARRANGED, "Arranged by another local authority"),
]
FIRST_URN = 100000
FIRST_UKPRN = 10010000


def _pounds(rng: random.Random, low: int, high: int) -> Decimal:
    """A whole number of pounds, to the nearest £10, between low and high."""
    return Decimal(rng.randrange(low // 10, high // 10 + 1) * 10)


@transaction.atomic
def seed_settings(*, rng: random.Random) -> list[Setting]:
    own = django_settings.LA_CODE
    others = [code for code in OTHER_LAS if code != own]
    wanted: list[Setting] = []
    names = PLACES[:]
    rng.shuffle(names)
    number = 0
    for setting_type, phase, how_many, in_area, pattern, has_ukprn, ages in DIRECTORY:
        for _ in range(how_many):
            la_code = own if in_area else rng.choice(others)
            fee = None
            if setting_type in (T.INDEPENDENT_SPECIAL, T.NON_MAINTAINED_SPECIAL):
                fee = _pounds(rng, 45_000, 95_000)
            wanted.append(
                Setting(
                    urn=str(FIRST_URN + number),
                    ukprn=str(FIRST_UKPRN + number) if has_ukprn else "",
                    name=pattern.format(names[number % len(names)]),
                    setting_type=setting_type,
                    phase=phase,
                    low_age=ages[0] if ages else None,
                    high_age=ages[1] if ages else None,
                    la_code=la_code,
                    in_area=Setting.in_area_for(la_code),
                    annual_fee=fee,
                )
            )
            number += 1
    for setting_type, name in NO_NUMBER:
        wanted.append(
            Setting(name=name, setting_type=setting_type, phase="not_applicable", la_code=own)
        )
    existing_urns = set(
        Setting.objects.filter(urn__in=[s.urn for s in wanted if s.urn]).values_list(
            "urn", flat=True
        )
    )
    existing_names = set(
        Setting.objects.filter(urn="", ukprn="").values_list("name", "setting_type")
    )
    missing = [
        s
        for s in wanted
        if (s.urn and s.urn not in existing_urns)
        or (not s.urn and (s.name, s.setting_type) not in existing_names)
    ]
    bulk_create_with_history(missing, Setting, default_change_reason="Demo data")
    urns = [s.urn for s in wanted if s.urn]
    return list(
        Setting.objects.filter(urn__in=urns)
        | Setting.objects.filter(urn="", ukprn="", name__in=[n for _, n in NO_NUMBER])
    )


def _choose_setting(rng, by_category: dict, age: int) -> Setting:
    if age < 5:
        pool = by_category["early_years"] or by_category[KpiCategory.MAINSTREAM]
        return rng.choice(pool)
    if age >= 16:
        roll = rng.random()
        category = (
            KpiCategory.POST16 if roll < 0.75 else KpiCategory.SPECIAL if roll < 0.92 else "ind"
        )
    else:
        roll = rng.random()
        category = (
            KpiCategory.MAINSTREAM
            if roll < 0.47
            else KpiCategory.RESOURCED
            if roll < 0.57
            else KpiCategory.SPECIAL
            if roll < 0.87
            else "ind"
            if roll < 0.95
            else "ap"
            if roll < 0.98
            else "no_number"
        )
    pool = by_category.get(category) or by_category[KpiCategory.MAINSTREAM]
    if category == KpiCategory.MAINSTREAM:
        phase = "primary" if age < 11 else "secondary"
        pool = [s for s in pool if s.phase == phase] or pool
    # A school whose age range the child is within (no 9-year-old at an infant school).
    pool = [s for s in pool if s.low_age is None or s.low_age <= age < s.high_age] or pool
    return rng.choice(pool)


def _categorise(settings: list[Setting]) -> dict[str, list[Setting]]:
    by_category: dict[str, list[Setting]] = {}
    for setting in settings:
        if setting.setting_type == T.EARLY_YEARS:
            key = "early_years"
        elif setting.setting_type == T.ALTERNATIVE_PROVISION:
            key = "ap"
        elif setting.setting_type in (T.INDEPENDENT_SPECIAL, T.NON_MAINTAINED_SPECIAL):
            key = "ind"
        elif not setting.urn:
            key = "no_number"
        else:
            key = KPI_CATEGORY[setting.setting_type]
        by_category.setdefault(key, []).append(setting)
    return by_category


def _entry_date(rng, *, earliest: date, latest: date) -> date:
    """The start of an autumn term between the two dates where there is one, else a day."""
    septembers = [
        date(y, 9, 1)
        for y in range(earliest.year, latest.year + 1)
        if earliest <= date(y, 9, 1) <= latest
    ]
    if septembers and rng.random() < 0.8:
        return rng.choice(septembers)
    span = max((latest - earliest).days, 0)
    return earliest + timedelta(days=rng.randint(0, span))


def _costs(rng, placement: Placement, years: list[int]) -> list[CostLine]:
    lines = []
    for year in years:
        first, last = financial_year_bounds(year)
        if placement.entry_on > last or (placement.leaving_on and placement.leaving_on < first):
            continue
        lines.extend(_year_costs(rng, placement, year))
    return lines


def _year_costs(rng, placement: Placement, year: int) -> list[CostLine]:
    """A year's costs, as a council funds a placement of this kind."""
    setting = placement.setting
    category = setting.kpi_category
    lines = []

    def line(kind, source, amount, note=""):
        lines.append(
            CostLine(
                placement=placement,
                financial_year=year,
                kind=kind,
                funding_source=source,
                amount=amount,
                note=note,
            )
        )

    if category == KpiCategory.MAINSTREAM:
        line(CostKind.TOP_UP, FundingSource.EDUCATION, _pounds(rng, 3_000, 15_000))
    elif category == KpiCategory.RESOURCED:
        line(CostKind.PLACE_FEE, FundingSource.EDUCATION, Decimal("10000"))
        line(CostKind.TOP_UP, FundingSource.EDUCATION, _pounds(rng, 6_000, 14_000))
    elif category == KpiCategory.SPECIAL:
        line(CostKind.PLACE_FEE, FundingSource.EDUCATION, Decimal("10000"))
        line(CostKind.TOP_UP, FundingSource.EDUCATION, _pounds(rng, 18_000, 30_000))
    elif category == KpiCategory.INDEPENDENT:
        fee = setting.annual_fee or _pounds(rng, 50_000, 90_000)
        fee = min(max(fee, Decimal("50000")), Decimal("90000"))
        line(CostKind.PLACE_FEE, FundingSource.EDUCATION, fee)
        if placement.residential == Residential.WEEKS_52:
            line(
                CostKind.OTHER,
                FundingSource.SOCIAL_CARE,
                _pounds(rng, 20_000, 40_000),
                "Residential care, 52 weeks",
            )
    elif category == KpiCategory.POST16:
        line(CostKind.TOP_UP, FundingSource.EDUCATION, _pounds(rng, 4_000, 18_000))
    elif setting.setting_type == T.ALTERNATIVE_PROVISION:
        line(CostKind.PLACE_FEE, FundingSource.EDUCATION, _pounds(rng, 12_000, 25_000))
    if category != KpiCategory.MAINSTREAM and rng.random() < 0.35:
        line(
            CostKind.TRANSPORT,
            FundingSource.EDUCATION,
            _pounds(rng, 3_000, 15_000),
            "Home to school transport",
        )
    elif rng.random() < 0.08:
        line(
            CostKind.TRANSPORT,
            FundingSource.EDUCATION,
            _pounds(rng, 2_000, 8_000),
            "Home to school transport",
        )
    if rng.random() < 0.2:
        source = FundingSource.HEALTH if rng.random() < 0.7 else FundingSource.EDUCATION
        line(
            CostKind.THERAPIES,
            source,
            _pounds(rng, 2_000, 12_000),
            rng.choice(["Speech and language therapy", "Occupational therapy", "Physiotherapy"]),
        )
    return lines


def _earlier_placement(rng, by_category, child, issued: date, entry: date, by) -> Placement:
    """Where a child was from before the plan was issued until the move to `entry`."""
    start = issued - timedelta(days=rng.randint(0, 2 * 365))
    start = max(start, child.date_of_birth + timedelta(days=365))
    start = min(start, issued)
    gap = min(rng.randint(1, 45), (entry - start).days - 1)
    return Placement(
        child=child,
        setting=_choose_setting(rng, by_category, child.age_on(start)),
        plan=None,
        entry_on=start,
        leaving_on=entry - timedelta(days=max(gap, 1)),
        created_by=by,
    )


@transaction.atomic
def seed_placements(*, rng: random.Random, today: date, by, plans) -> int:
    """Placement histories, costs and personal budgets for the given final or ceased plans;
    returns the number of placements created."""
    ids = [p.pk for p in plans]
    # One query for the plans and their children, however the caller fetched them.
    plans = list(
        Plan.objects.filter(pk__in=ids, status__in=("final", "ceased"))
        .exclude(placements__isnull=False)
        .select_related("child")
        .order_by("pk")
    )
    if not plans:
        return 0
    by_category = _categorise(seed_settings(rng=rng))
    this_year = financial_year_of(today)
    placements: list[Placement] = []
    budgets: list[PersonalBudget] = []
    for plan in plans:
        child = plan.child
        age = child.age_on(today)
        issued = plan.issued_on or today - timedelta(days=365)
        ceased = plan.ceased_on if plan.status == "ceased" else None
        latest = min(ceased or today, today) - timedelta(days=14)
        # Most children start at the setting a plan names within months of its issue.
        latest = min(latest, issued + timedelta(days=180))
        earliest = max(issued - timedelta(days=200), child.date_of_birth + timedelta(days=3 * 365))
        earliest = min(earliest, latest)
        entry = _entry_date(rng, earliest=earliest, latest=latest)
        setting = _choose_setting(rng, by_category, age)
        if entry > issued:
            # The child was somewhere when the plan was made: every plan has a placement in
            # each SEN2 year it is active, as a real caseload does.
            placements.append(_earlier_placement(rng, by_category, child, issued, entry, by))
        elif (
            rng.random() < 0.35
            and age >= 7
            and entry - timedelta(days=3 * 365) > (child.date_of_birth + timedelta(days=4 * 365))
        ):
            before = _choose_setting(rng, by_category, max(age - 3, 5))
            placements.append(
                Placement(
                    child=child,
                    setting=before,
                    plan=None,
                    entry_on=entry - timedelta(days=rng.randint(2, 4) * 365),
                    leaving_on=entry - timedelta(days=rng.randint(30, 45)),
                    created_by=by,
                )
            )
        residential = ""
        if setting.kpi_category == KpiCategory.INDEPENDENT and rng.random() < 0.3:
            residential = rng.choice([Residential.WEEKS_38_51, Residential.WEEKS_52])
        placements.append(
            Placement(
                child=child,
                setting=setting,
                plan=plan,
                entry_on=entry,
                leaving_on=ceased if ceased and ceased >= entry else None,
                sen_unit=setting.setting_type == T.RESOURCED_PROVISION and rng.random() < 0.4,
                resourced_provision=setting.setting_type == T.RESOURCED_PROVISION,
                residential=residential,
                requested_by_family=rng.random() < 0.6,
                # A plan names the school, or the type of setting where there is no school.
                named_in_section_i=True,
                created_by=by,
            )
        )
        if rng.random() < 0.08:
            budgets.append(
                PersonalBudget(
                    plan=plan,
                    kind=rng.choice(BudgetKind.values),
                    direct_payment=rng.random() < 0.6,
                    annual_amount=_pounds(rng, 1_000, 12_000),
                    start_on=max(issued, entry),
                    end_on=ceased,
                    created_by=by,
                )
            )
    created = bulk_create_with_history(
        placements,
        Placement,
        batch_size=500,
        default_user=by,
        default_change_reason="Demo data",
    )
    lines = [
        line for placement in created for line in _costs(rng, placement, [this_year - 1, this_year])
    ]
    for line in lines:
        line.created_by = by
    bulk_create_with_history(
        lines, CostLine, batch_size=1000, default_user=by, default_change_reason="Demo data"
    )
    bulk_create_with_history(
        budgets,
        PersonalBudget,
        batch_size=500,
        default_user=by,
        default_change_reason="Demo data",
    )
    return len(created)
