"""Reads of the reference data for the dashboard, the board report and the reference pages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from ..models import Area, Comparator, PopulationCount, Target

ONE_DECIMAL = Decimal("0.1")


def targets_for(year: int) -> dict[str, Target]:
    """The council's target for each KPI that has one in `year`, by KPI code."""
    return {t.kpi: t for t in Target.objects.filter(year=year)}


def comparators_for(*, year: int, names: Iterable[str] = ()) -> dict[str, dict]:
    """Per KPI with any comparator in `year`: {"neighbours": value or None, "england": value or
    None, "regions": {name: value}, "councils": {name: value}} where councils are only those in
    `names` (matched whatever their case; keyed by the stored name, in the order given)."""
    wanted = [name.strip().lower() for name in names if name.strip()]
    named = Q(area=Area.COUNCIL) & _named("area_name", wanted)
    rows = Comparator.objects.filter(year=year).filter(
        Q(area__in=[Area.STATISTICAL_NEIGHBOURS, Area.ENGLAND, Area.REGION]) | named
    )
    order = {name: index for index, name in enumerate(wanted)}
    result: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: order.get(r.area_name.lower(), 0)):
        entry = result.setdefault(
            row.kpi, {"neighbours": None, "england": None, "regions": {}, "councils": {}}
        )
        if row.area == Area.STATISTICAL_NEIGHBOURS:
            entry["neighbours"] = row.value
        elif row.area == Area.ENGLAND:
            entry["england"] = row.value
        elif row.area == Area.REGION:
            entry["regions"][row.area_name] = row.value
        else:
            entry["councils"][row.area_name] = row.value
    return result


def _named(field: str, names: list[str]) -> Q:
    """Rows whose `field` is any of `names`, whatever the case."""
    return reduce(or_, (Q(**{f"{field}__iexact": name}) for name in names), Q(pk__in=[]))


def population(*, la_name: str, year: int) -> PopulationCount | None:
    """A council's census count of all pupils (phase "all") in `year`, if imported."""
    return (
        PopulationCount.objects.filter(
            la_name__iexact=la_name.strip(), year=year, phase=PopulationCount.Phase.ALL
        )
        .order_by("pk")
        .first()
    )


def percent_of(part: int | None, whole: int | None) -> Decimal | None:
    """`part` as a percentage of `whole` to one decimal place, rounded half up (as published
    tables round); None without both figures."""
    if part is None or not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def prevalence_table(*, names: Iterable[str] = (), years: Iterable[int] = ()) -> dict:
    """The comparison table of Stockport's 2006 Appendix 2: for each council, each year's % of
    pupils with a statement or plan computed from the census counts (one decimal place), the
    published figure beside it where one was imported (PREV comparator of that council), and
    the change in percentage points from the first to the last year of the span (the difference
    of the two one-decimal figures, as the published table's "overall" column reads).

    With no `names`, every council with counts in those years (this council first); with no
    `years`, every year those councils have counts for.

    Returns {"years": [...], "rows": [{"name", "cells": [cell or None per year], "change"}]},
    a cell being {"year", "pupils", "with_plan", "percent", "published", "differs"}."""
    wanted = [name.strip() for name in names if name.strip()]
    counts = PopulationCount.objects.filter(phase=PopulationCount.Phase.ALL)
    if wanted:
        counts = counts.filter(_named("la_name", wanted))
    years = sorted(set(years))
    if years:
        counts = counts.filter(year__in=years)
    found = list(counts)
    if not years:
        years = sorted({row.year for row in found})
    published = {
        (c.area_name.lower(), c.year): c.value
        for c in Comparator.objects.filter(kpi="PREV", area=Area.COUNCIL, year__in=years)
    }
    by_council: dict[str, dict[int, PopulationCount]] = {}
    stored_name: dict[str, str] = {}
    for row in found:
        key = row.la_name.lower()
        stored_name.setdefault(key, row.la_name)
        by_council.setdefault(key, {})[row.year] = row
    if wanted:
        order = [n.lower() for n in wanted if n.lower() in by_council]
    else:
        own = settings.COUNCIL_NAME.lower()
        order = sorted(by_council, key=lambda key: (key != own, key))
    rows = []
    for key in order:
        cells: list[dict[str, Any] | None] = []
        for year in years:
            count = by_council[key].get(year)
            if count is None:
                cells.append(None)
                continue
            percent = percent_of(count.with_plan, count.pupils)
            value = published.get((key, year))
            cells.append(
                {
                    "year": year,
                    "pupils": count.pupils,
                    "with_plan": count.with_plan,
                    "percent": percent,
                    "published": value,
                    "differs": value is not None
                    and percent is not None
                    and value.quantize(ONE_DECIMAL) != percent,
                }
            )
        first, last = cells[0] if cells else None, cells[-1] if cells else None
        change = (
            last["percent"] - first["percent"]
            if len(cells) > 1 and first and last and None not in (first["percent"], last["percent"])
            else None
        )
        rows.append({"name": stored_name[key], "cells": cells, "change": change})
    return {"years": years, "rows": rows}


def reference_summary() -> list[dict]:
    """Per year (newest first): how many population counts, comparator values and targets are
    stored, for the reference data index page."""
    years: dict[int, dict] = {}

    def add(queryset, kind):
        for row in queryset.values("year").annotate(n=Count("pk")).order_by():
            years.setdefault(row["year"], {"population": 0, "comparators": 0, "targets": 0})
            years[row["year"]][kind] = row["n"]

    add(PopulationCount.objects.all(), "population")
    add(Comparator.objects.all(), "comparators")
    add(Target.objects.all(), "targets")
    return [{"year": year, **years[year]} for year in sorted(years, reverse=True)]
