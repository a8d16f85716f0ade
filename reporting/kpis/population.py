"""Prevalence KPIs: the share of the council's pupils with a plan, and on SEN support.

Both divide by the January school census count the council imported as reference data
(PopulationCount, phase "all", under settings.COUNCIL_NAME or settings.LA_CODE).

The census of a snapshot is the January census of the academic year (September to August) the
snapshot falls in: a snapshot from 1 September 2024 to 31 August 2025 reads the January 2025
census. With no count for that year both KPIs have no value (and no denominator).

School age (PREV). Year groups follow age on 31 August (docs/domain/statutory.md): a child aged
n + 4 on the 31 August that starts an academic year is in Year n. Compulsory school age runs
from the term after the fifth birthday to the end of Year 11, so the year groups wholly of
compulsory school age are Year 1 to Year 11: children aged 5 to 15 on the 31 August that started
the snapshot's academic year. A child born on 31 August 2019 is 5 on 31 August 2024 (Year 1 in
2024/25) and counts in 2024/25; one born on 1 September 2019 (Reception) does not. A child born
on 1 September 2008 is 15 on 31 August 2024 (Year 11) and counts; one born on 31 August 2008 (16
that day, Year 12) does not. Birthdays during the academic year change nothing.
"""

from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from cases import statutory
from cases.models import Child

from ..models import PopulationCount
from .base import Period, Result, kpi
from .caseload import maintained_on

YOUNGEST, OLDEST = 5, 15  # age on 31 August: Year 1 to Year 11


def census_year(day: date) -> int:
    """The January census year of the academic year `day` falls in (September to August)."""
    return day.year + 1 if day.month >= 9 else day.year


def school_age_on(day: date) -> Q:
    """Children of compulsory school age in the academic year of `day`: aged 5 to 15 on the
    31 August that started it (Year 1 to Year 11)."""
    start = date(census_year(day) - 1, 8, 31)
    return Q(
        date_of_birth__lte=statutory.add_months(start, -12 * YOUNGEST),
        date_of_birth__gt=statutory.add_months(start, -12 * (OLDEST + 1)),
    )


def school_age_with_plan(day: date):
    """School-age children with a statement or EHC plan maintained on `day`."""
    return Child.objects.filter(
        school_age_on(day), Exists(maintained_on(day).filter(child=OuterRef("pk")))
    )


@kpi("PREV", "% of pupils with a statement or EHC plan", unit="%", better="lower")
def prev(period: Period) -> Result:
    """School-age children (Year 1 to Year 11) with a plan maintained on the snapshot date ÷
    the council's pupils in the January census of the snapshot's academic year. The numerator
    counts the plans this council maintains, wherever the child is taught; the census counts the
    pupils in its schools, as the published tables (Stockport's appendix) do.

    `breakdown`: the census year, and the census's own % with a plan where it was imported (the
    figure comparable with other councils' published values). No census count: no value."""
    year = census_year(period.snapshot)
    numerator = school_age_with_plan(period.snapshot).count()
    count = council_population(year)
    if count is None:
        return Result(None, numerator, None, {"census_year": year})
    census_percent = (
        Result.ratio(count.with_plan, count.pupils).value if count.with_plan is not None else None
    )
    return Result.ratio(numerator, count.pupils, census_year=year, census_percent=census_percent)


@kpi("SUPP", "% of pupils on SEN support", unit="%", better="higher")
def supp(period: Period) -> Result:
    """Pupils on SEN support ÷ all pupils, both from the council's January census count for the
    snapshot's academic year.

    Only the census figure is used. The children recorded here are those known to the SEND
    service (most with a plan or being assessed), a small fraction of the pupils on SEN support,
    so a count from these records would understate the KPI many times over and mislead against
    comparators. Without a census count or its SEN support figure the KPI has no value."""
    year = census_year(period.snapshot)
    count = council_population(year)
    if count is None or count.sen_support is None:
        return Result(None, None, None, {"census_year": year})
    return Result.ratio(count.sen_support, count.pupils, census_year=year)


def council_population(year: int) -> PopulationCount | None:
    """This council's census count for `year`: the row under settings.COUNCIL_NAME or, failing
    that, any row with the council's LA code (phase "all")."""
    rows = PopulationCount.objects.filter(
        Q(la_name__iexact=settings.COUNCIL_NAME) | Q(la_code=settings.LA_CODE),
        year=year,
        phase=PopulationCount.Phase.ALL,
    )
    by_name = [row for row in rows if row.la_name.lower() == settings.COUNCIL_NAME.lower()]
    return by_name[0] if by_name else next(iter(rows), None)
