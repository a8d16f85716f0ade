"""Reference data for the demo council: census counts, comparators and targets.

`seed_reference()` only adds what is missing (a target or count changed on screen is left as it
is), so it is safe to run again. It loads:

- the demo council's January census counts (settings.COUNCIL_NAME) for the six census years up
  to the current academic year's, sized so that the seeded school-age children with a plan are
  about 4.5% of pupils in the latest year (England: 4.8% in 2024, 5.3% in 2025), with fewer
  plans in earlier years and about 13% of pupils on SEN support;
- England and statistical-neighbour values for T20, T20X, PREV, SUPP, INMSS, OOA and AR for the
  last six years: England's published figures where docs/domain/national-figures.md has them
  (source "DfE"), and otherwise demo estimates labelled as such (source "Demo estimate"). N is
  a count, so no other area's value is comparable with it: PREV is its comparable form;
- targets with tolerances for those KPIs for this year and last year, the baseline being the
  KPI computed for the year before;
- Stockport's 2006 appendix (population counts of eleven councils, 2000 and 2002-2005) with its
  published percentages as named councils' PREV comparators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.history import record_change

from ..kpis import KPIS, Period
from ..kpis.population import census_year, school_age_with_plan
from ..models import Area, Comparator, PopulationCount, Target
from .importing import import_population

STOCKPORT_CSV = Path(__file__).parent / "data" / "stockport_statements_2000_2005.csv"
DFE = "DfE (docs/domain/national-figures.md)"
ESTIMATE = "Demo estimate: not a published figure"
DFE_SEN = "Demo estimate after DfE 'Special educational needs in England': check before use"

# England by year: (value, source). T20/T20X: plans issued in the calendar year.
ENGLAND = {
    # DfE's headline is T20X, excluding exceptions (60% in 2018 ... 46.4% in 2024); 58.7% is
    # 2019's figure including them.
    "T20X": {
        2018: ("60.0", DFE),
        2019: ("60.4", DFE),
        2021: ("59.9", DFE),
        2023: ("50.3", DFE),
        2024: ("46.4", DFE),
    },
    "T20": {2019: ("58.7", DFE)},
    # January census year: % of pupils with an EHC plan, and on SEN support.
    "PREV": {
        2019: ("3.1", DFE_SEN),
        2020: ("3.3", DFE_SEN),
        2021: ("3.7", DFE_SEN),
        2022: ("4.0", DFE_SEN),
        2023: ("4.3", DFE_SEN),
        2024: ("4.8", DFE_SEN),
        2025: ("5.3", DFE_SEN),
    },
    "SUPP": {
        y: (v, DFE_SEN)
        for y, v in {
            2019: "11.9",
            2020: "12.1",
            2021: "12.2",
            2022: "12.6",
            2023: "13.0",
            2024: "13.6",
            2025: "14.2",
        }.items()
    },
}
# Where England has no figure for a year: a level, and a change per year after 2024.
ESTIMATES = {
    "T20X": (Decimal("45.5"), Decimal("-1.0")),
    "T20": (Decimal("44.0"), Decimal("-1.0")),
    "PREV": (Decimal("4.8"), Decimal("0.4")),
    "SUPP": (Decimal("13.6"), Decimal("0.5")),
    "INMSS": (Decimal("6.5"), Decimal("0.2")),
    "OOA": (Decimal("10.5"), Decimal("0.2")),
    "AR": (Decimal("55.0"), Decimal("-1.0")),
}
# Statistical neighbours: England plus this many points.
NEIGHBOURS = {
    "T20": Decimal("4.2"),
    "T20X": Decimal("4.5"),
    "PREV": Decimal("-0.3"),
    "SUPP": Decimal("0.6"),
    "INMSS": Decimal("0.9"),
    "OOA": Decimal("1.4"),
    "AR": Decimal("6.0"),
}
# Targets: (target, tolerance), in the KPI's unit.
TARGETS = {
    "T20": ("60", "5"),
    "T20X": ("65", "5"),
    "PREV": ("4.5", "0.3"),
    "INMSS": ("6.0", "0.5"),
    "OOA": ("12.0", "1.0"),
    "AR": ("80", "5"),
}
PLAN_SHARE = Decimal("0.045")  # of pupils, in the latest census year
DEFAULT_PUPILS = 30_000  # a mid-sized council, when there are no children to size it by


def _england(code: str, year: int) -> tuple[Decimal, str]:
    known = ENGLAND.get(code, {}).get(year)
    if known:
        return Decimal(known[0]), known[1]
    level, step = ESTIMATES[code]
    value = level + step * (year - 2024)
    return max(Decimal("0.0"), min(value, Decimal("100"))), ESTIMATE


def _round10(number: float | Decimal) -> int:
    return round(float(number) / 10.0) * 10


def seed_population(*, today: date) -> int:
    """The demo council's census counts for six years; returns how many were added."""
    latest = census_year(today)
    with_plan_now = school_age_with_plan(today).count()
    if with_plan_now:
        pupils_now = max(_round10(Decimal(with_plan_now) / PLAN_SHARE), 1000)
    else:
        pupils_now = DEFAULT_PUPILS
        with_plan_now = int(pupils_now * PLAN_SHARE)
    added = 0
    for back in range(6):
        year = latest - back
        pupils = _round10(pupils_now * (1 - 0.004 * back))
        _, created = PopulationCount.objects.get_or_create(
            la_name=settings.COUNCIL_NAME,
            year=year,
            phase=PopulationCount.Phase.ALL,
            defaults={
                "la_code": settings.LA_CODE,
                "pupils": pupils,
                "with_plan": min(round(with_plan_now * 0.92**back), pupils),
                "sen_support": round(pupils * (0.13 - 0.003 * back)),
            },
        )
        added += created
    return added


def seed_comparators(*, today: date) -> int:
    """England and statistical-neighbour values for the main KPIs; returns how many added."""
    added = 0
    latest_census = census_year(today)
    for code in ESTIMATES:
        last = latest_census if code in ("PREV", "SUPP") else today.year
        for year in range(last - 5, last + 1):
            england, source = _england(code, year)
            neighbours = max(Decimal("0"), min(england + NEIGHBOURS[code], Decimal("100")))
            for area, value, where in (
                (Area.ENGLAND, england, source),
                (Area.STATISTICAL_NEIGHBOURS, neighbours, ESTIMATE),
            ):
                _, created = Comparator.objects.get_or_create(
                    kpi=code,
                    year=year,
                    area=area,
                    area_name="",
                    defaults={"value": value, "source": where},
                )
                added += created
    return added


def seed_targets(*, today: date, by=None) -> int:
    """Targets for the main KPIs this year and last year; returns how many were added."""
    added = 0
    for code, (value, tolerance) in TARGETS.items():
        for year in (today.year - 1, today.year):
            if Target.objects.filter(kpi=code, year=year).exists():
                continue
            baseline_year = today.year - 2
            baseline = KPIS[code].compute(Period.calendar_year(baseline_year)).value
            target = Target(
                kpi=code,
                year=year,
                value=Decimal(value),
                tolerance=Decimal(tolerance),
                baseline=Decimal(str(round(baseline, 2))) if baseline is not None else None,
                baseline_year=baseline_year if baseline is not None else None,
                note="Demo target",
                updated_by=by,
            )
            record_change(target, by=by, reason="Demo data")
            target.save()
            added += 1
    return added


@transaction.atomic
def seed_reference(*, today: date | None = None, by=None) -> dict[str, int]:
    """Load the demo reference data (idempotent); returns how many of each kind were added."""
    today = today or timezone.localdate()
    population = seed_population(today=today)
    comparators = seed_comparators(today=today)
    stockport = import_population(
        data=STOCKPORT_CSV.read_bytes(),
        by=by,
        source="Stockport, Policy Framework for the Inclusion of Pupils with SEN 2006/09, "
        "Appendix 2",
    )
    targets = seed_targets(today=today, by=by)
    return {
        "population": population + stockport.created,
        "comparators": comparators
        + (stockport.comparators.created if stockport.comparators else 0),
        "targets": targets,
    }
