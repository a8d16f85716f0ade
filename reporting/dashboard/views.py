"""The managers' dashboard and the list of children behind each of its figures."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Team, User
from cases.access import require, visible_children
from cases.models import Child
from core.ids import parse_id
from core.pagination import number_links
from core.spreadsheets import csv_download, csv_lines

from ..charts import line_chart
from ..selectors import headline_figures
from .measures import BY_CODE, MEASURES
from .selectors import (
    OTHER_TEAMS,
    OTHER_TEAMS_NAME,
    Scope,
    against_targets,
    behind_sorts,
    breakdown,
    children_behind,
    period_for,
    tiles,
    trends,
    years_offered,
)

PAGE_SIZE = 50

# The trend charts: which measures share a chart (they share a unit).
CHARTS = (
    # DfE's headline first, as on the tiles and the board paper.
    ("20-week timeliness of new EHC plans (%)", ("T20X", "T20")),
    ("Plans maintained and new plans", ("N", "NEW")),
    ("Placed outside the council's area (%)", ("OOA",)),
    ("Placement spend (£)", ("SPEND",)),
)


def _year(request, today) -> int:
    offered = years_offered(today)
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if year in offered else today.year


@login_required
@require_safe
def dashboard(request):
    require(request.user, "portal.view_dashboard")
    today = timezone.localdate()
    year = _year(request, today)
    period = period_for(year, today=today)
    scope = Scope.of(request.user)
    headline = tiles(period, scope)
    against_targets(headline, year)
    history = trends(year, scope, today=today, known=headline)
    charts = _trend_charts(history, today)
    context = {
        "year": year,
        "years": years_offered(today),
        "period": period,
        "tiles": headline,
        "measures": MEASURES,
        "charts": charts,
        "teams": breakdown(period, scope, by="team"),
        "caseworkers": breakdown(period, scope, by="caseworker"),
        "whole_council": scope.team_ids is None,
        **headline_figures(visible_children(request.user)),
    }
    return render(request, "reporting/dashboard/dashboard.html", context)


def _trend_charts(history: dict, today: date) -> list[dict]:
    """Each trend chart drawn, with its table's rows: (year chosen, its label, figures). A
    chart of money counted by financial year labels its years as the tile does (2023-24)."""
    charts = []
    for title, codes in CHARTS:
        first = BY_CODE[codes[0]]  # a chart's measures share a unit and a kind of year
        labels = {
            each: first.year_label(period_for(each, today=today)) for each, _ in history[codes[0]]
        }
        charts.append(
            {
                "title": title,
                "codes": codes,
                "by": "financial year" if first.financial_year else "calendar year",
                "svg": line_chart(
                    title=title,
                    series={
                        BY_CODE[code].title: [
                            (labels[each], fig["value"]) for each, fig in history[code]
                        ]
                        for code in codes
                    },
                    unit=first.unit,
                ),
                "rows": [
                    (
                        each,
                        labels[each],
                        [(BY_CODE[code], dict(history[code])[each]) for code in codes],
                    )
                    for each, _ in history[codes[0]]
                ],
                "measures": [BY_CODE[code] for code in codes],
            }
        )
    return charts


def _number(value: str | None) -> int | None:
    """A team or caseworker chosen in the query string (0: the "other teams" row); something
    given that is not a key names nothing: 404."""
    if value in (None, ""):
        return None
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


@login_required
@require_safe
def behind(request, code: str):
    """The rows a dashboard figure counts, each with its child: the drill-down."""
    require(request.user, "portal.view_dashboard")
    measure = BY_CODE.get(code)
    if measure is None:
        raise Http404
    today = timezone.localdate()
    year = _year(request, today)
    period = period_for(year, today=today)
    part = measure.part(request.GET.get("part"))
    scope = Scope.of(request.user)
    team = _number(request.GET.get("team"))
    caseworker = request.GET.get("caseworker") or None
    if caseworker != "none":
        caseworker = _number(caseworker)
    # Another team, or another team's staff, by id: refused as if it did not exist, so the page
    # neither names them nor tells them apart from an id nobody has.
    if team is not None and not scope.has_team(team):
        raise Http404
    foreign_lead = caseworker == OTHER_TEAMS and scope.team_ids is not None
    if isinstance(caseworker, int) and not foreign_lead and not scope.has_caseworker(caseworker):
        raise Http404
    sorts = behind_sorts(measure)
    sort = request.GET.get("sort", "")
    sort = sort if sort.removeprefix("-") in sorts else ""
    rows = children_behind(
        measure,
        period,
        scope,
        part=part.key if part else None,
        team=team,
        caseworker=caseworker,
        sort=sort,
    )
    if request.GET.get("format") == "csv":
        # The same rows as the page, in the same order, every page at once.
        return csv_download(
            csv_lines(_csv_header(measure), _csv_rows(measure, rows.iterator(chunk_size=500))),
            f"{measure.code.lower()}-{year}{f'-{part.key}' if part else ''}.csv",
        )
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    number_links(paginator, page)
    return render(
        request,
        "reporting/dashboard/behind.html",
        {
            "measure": measure,
            "counted_over": measure.counted_over(period),
            "counted": measure.counted(paginator.count),
            "part": part,
            "year": year,
            "period": period,
            "page": page,
            "team": Team.objects.filter(pk=team).first() if team else None,
            "caseworker": (
                OTHER_TEAMS_NAME
                if foreign_lead
                else User.objects.filter(pk=caseworker).first()
                if isinstance(caseworker, int)
                else caseworker
            ),
            "headers": _headers(measure, sorts, sort),
            "sort": sort,
            "rows": [
                (
                    [_cell(row, column.path, column.numeric) for column in measure.columns],
                    _cell(row, measure.child)["value"],
                )
                for row in page
            ],
        },
    )


def _headers(measure, sorts: dict, sort: str) -> list[dict]:
    """The table's headers, each with the ?sort= that orders by it (reversed if it already
    does) and its aria-sort."""
    keys = [f"c{n}" for n in range(len(measure.columns))] + ["team", "lead"]
    columns = [*measure.columns, None, None]
    labels = [c.label for c in measure.columns] + ["Team", "Lead caseworker"]
    headers = []
    for key, column, label in zip(keys, columns, labels, strict=True):
        current = sort.removeprefix("-") == key
        headers.append(
            {
                "label": label,
                "numeric": bool(column and column.numeric),
                "sort": (f"-{key}" if current and not sort.startswith("-") else key)
                if key in sorts
                else None,
                "aria_sort": ("descending" if sort.startswith("-") else "ascending")
                if current
                else "none",
            }
        )
    return headers


def _csv_header(measure) -> list[str]:
    return [c.label for c in measure.columns] + ["Team", "Lead caseworker"]


def _csv_rows(measure, rows):
    for row in rows:
        cells = [_cell(row, column.path, column.numeric) for column in measure.columns]
        child = _cell(row, measure.child)["value"]
        yield [
            *(_csv_text(cell) for cell in cells),
            child.team or "" if child else "",
            child.lead_caseworker or "" if child else "",
        ]


def _csv_text(cell: dict) -> str:
    value = cell["value"]
    if cell["kind"] == "child":
        return value.full_name
    if cell["kind"] == "bool":
        return "Yes" if value else "No"
    if cell["kind"] == "date":
        return value.isoformat()
    return "" if value is None else str(value)


def _cell(row, path: str, numeric: bool = False) -> dict:
    value = row
    for name in path.split("__"):
        value = getattr(value, name) if value is not None else None
        if callable(value):
            value = value()
    if isinstance(value, Child):
        kind = "child"
    elif isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, date):
        kind = "date"
    elif isinstance(value, Decimal):
        kind = "money"
    else:
        kind = "text"
    return {"value": value, "kind": kind, "numeric": numeric}
