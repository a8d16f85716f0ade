"""The periods a board report compares: this one, the one before, the same one in earlier years;
and how a paper names them. Pure date arithmetic over reporting.kpis' Period."""

import calendar
from datetime import date, timedelta

from cases.statutory import add_months
from core.formatting import day
from placements.years import financial_year_label
from reporting.kpis.base import Period, census_day

CALENDAR, FINANCIAL, ACADEMIC, CUSTOM = "calendar", "financial", "academic", "custom"
KINDS = (
    (CALENDAR, "Calendar year (January to December, as the SEN2 return)"),
    (FINANCIAL, "Financial year (April to March)"),
    (ACADEMIC, "Academic year (September to August)"),
    (CUSTOM, "Other dates"),
)


def period_for(kind: str, year: int | None = None, *, start=None, end=None, snapshot=None):
    """The Period a form or command asked for; the snapshot defaults to the census day after a
    calendar year (SEN2's), the last day of a financial or academic year, or the end date."""
    if kind in (CALENDAR, FINANCIAL, ACADEMIC) and year is None:
        raise TypeError(f"a {kind} period needs its year")
    if kind == CALENDAR and year is not None:
        return Period.calendar_year(year, snapshot or census_day(year + 1))
    if kind == FINANCIAL and year is not None:
        return Period.financial_year(year, snapshot)
    if kind == ACADEMIC and year is not None:
        return Period.academic_year(year, snapshot)
    return Period(start, end, snapshot or end)


def kind_of(period: Period) -> str:
    start, end = period.start, period.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return CALENDAR
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return FINANCIAL
    if (start.month, start.day, end.month, end.day) == (9, 1, 8, 31) and end.year == start.year + 1:
        return ACADEMIC
    return CUSTOM


def year_of(period: Period) -> int:
    """The year targets and comparators are read for: the year the period starts in (so the
    financial year 2024-25 is 2024, as Period.financial_year(2024) is)."""
    return period.start.year


def _whole_months(period: Period) -> int | None:
    """How many calendar months the period spans, if it runs from a 1st to a month's end."""
    start, end = period.start, period.end
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return None
    return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1


def shift_months(period: Period, months: int) -> Period:
    """The period `months` earlier (negative) or later, whole months kept whole."""
    end = add_months(period.end.replace(day=1), months)
    if _whole_months(period) is not None:
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    else:
        end = add_months(period.end, months)
    snapshot = add_months(period.snapshot, months)
    if _month_end(period.snapshot):  # a month's last day stays its month's last day
        snapshot = snapshot.replace(day=calendar.monthrange(snapshot.year, snapshot.month)[1])
    return Period(add_months(period.start, months), end, snapshot)


def _month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def previous(period: Period) -> Period:
    """The period of the same length just before: the previous calendar, financial or academic
    year (snapshot a year earlier), the previous quarter, or for odd dates the same number of
    days ending the day before (snapshot as many days earlier)."""
    months = _whole_months(period)
    if months is not None:
        return shift_months(period, -months)
    days = (period.end - period.start).days + 1
    step = timedelta(days=days)
    return Period(period.start - step, period.end - step, period.snapshot - step)


def short_label(period: Period) -> str:
    """A label for a table column or a chart axis: 2024, 2024-25, or Mar 2024 to May 2024 (months
    shortened, the one exception to core.formatting.day: a column or an axis is narrow)."""
    kind = kind_of(period)
    if kind == CALENDAR:
        return str(period.start.year)
    if kind == FINANCIAL:
        return financial_year_label(period.start.year)  # as the dashboard and costs name it
    if kind == ACADEMIC:
        return f"{period.start.year}-{str(period.end.year)[2:]}"
    if period.start.day == 1 and _whole_months(period) is not None:
        if (period.start.year, period.start.month) == (period.end.year, period.end.month):
            return f"{period.start:%b %Y}"
        return f"{period.start:%b %Y} to {period.end:%b %Y}"
    return f"{period.start:%-d %b %Y} to {period.end:%-d %b %Y}"


def long_label(period: Period) -> str:
    """How the paper names the period in a sentence."""
    kind = kind_of(period)
    if kind == CALENDAR:
        return f"the calendar year {period.start.year}"
    if kind == FINANCIAL:
        return f"the financial year {short_label(period)}"
    if kind == ACADEMIC:
        return f"the academic year {short_label(period)}"
    return f"{day(period.start)} to {day(period.end)}"
