"""Reads for the dashboard: one aggregate query per figure, per split and per year, whatever
the number of children; the list behind a figure is a paginated query over the same rows."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from accounts.models import Team
from cases.access import visible_team_ids

from ..kpis.base import KPIS, Period
from ..rag import RAG_LABELS, rag
from ..reference.selectors import targets_for
from .measures import MEASURES, Measure

YEARS_OF_TREND = 5
# The breakdown's one row for lead caseworkers outside a manager's teams: a child of theirs may
# be led from another team, but the manager sees that team's staff neither named nor by id.
OTHER_TEAMS = 0
OTHER_TEAMS_NAME = "Caseworkers in other teams"


@dataclass(frozen=True)
class Scope:
    """The teams whose children a manager may count: `None` is the whole council."""

    team_ids: frozenset[int] | None

    @classmethod
    def of(cls, user) -> "Scope":
        return cls(visible_team_ids(user))

    def has_team(self, pk: int) -> bool:
        if self.team_ids is None:
            return Team.objects.filter(pk=pk).exists()
        return pk in self.team_ids

    def has_caseworker(self, pk: int) -> bool:
        """A member of one of the manager's teams (anyone, for the whole council)."""
        users = get_user_model().objects.filter(pk=pk)
        if self.team_ids is not None:
            users = users.filter(teams__in=self.team_ids)
        return users.exists()

    def member(self, user_id: str) -> Exists:
        """Whether the user in `user_id` (a path from the rows) belongs to one of the teams."""
        memberships = get_user_model().teams.through.objects.filter(
            user_id=OuterRef(user_id), team_id__in=self.team_ids
        )
        return Exists(memberships)

    def rows(self, measure: Measure, period: Period) -> QuerySet:
        rows = measure.rows(period)
        if self.team_ids is not None:
            rows = rows.filter(**{f"{measure.child}__team_id__in": self.team_ids})
        return rows


def period_for(year: int, *, today: date) -> Period:
    """A calendar year as SEN2 counts it; the current year runs to today, counted as of today."""
    if year >= today.year:
        return Period(date(today.year, 1, 1), today, today)
    return Period.calendar_year(year)


def years_offered(today: date) -> list[int]:
    return list(range(today.year, today.year - YEARS_OF_TREND - 1, -1))


def figure(measure: Measure, period: Period, scope: Scope) -> dict:
    counts = scope.rows(measure, period).aggregate(**measure.aggregates)
    return {**counts, "value": measure.value(counts), "parts": measure.split(counts)}


def tiles(period: Period, scope: Scope) -> list[dict]:
    return [
        {"measure": measure, "note": measure.noted(period), **figure(measure, period, scope)}
        for measure in MEASURES
    ]


def against_targets(headline: list[dict], year: int) -> None:
    """Add each tile's target for `year` and its RAG status (see reporting.rag)."""
    targets = targets_for(year)
    for tile in headline:
        measure = tile["measure"]
        target = targets.get(measure.code) if measure.is_kpi_value else None
        tile["target"] = target
        tile["rag"] = rag(
            tile["value"],
            target and target.value,
            target and target.tolerance,
            KPIS[measure.code].better,
        )
        tile["rag_label"] = RAG_LABELS[tile["rag"]]


def trends(
    year: int, scope: Scope, *, today: date, known: list[dict] | None = None
) -> dict[str, list[tuple[int, dict]]]:
    """Each measure's figure for the five calendar years up to `year`, oldest first; `known`
    are `tiles` already computed for `year`, not asked for again."""
    years = range(year - YEARS_OF_TREND + 1, year + 1)
    periods = {each: period_for(each, today=today) for each in years}
    computed = {tile["measure"].code: tile for tile in known or ()}

    def figure_in(measure: Measure, each: int) -> dict:
        if each == year and measure.code in computed:
            return computed[measure.code]
        return figure(measure, periods[each], scope)

    return {
        measure.code: [(each, figure_in(measure, each)) for each in years] for measure in MEASURES
    }


def breakdown(period: Period, scope: Scope, *, by: str) -> list[dict]:
    """Every measure split by the child's team (`by="team"`) or lead caseworker
    (`by="caseworker"`): one row per team or caseworker with rows, sorted by name."""
    field = {"team": "team_id", "caseworker": "lead_caseworker_id"}[by]
    cells: dict[int | None, dict] = {}
    for measure in MEASURES:
        key: F | Case = F(f"{measure.child}__{field}")
        if by == "caseworker" and scope.team_ids is not None:
            lead = f"{measure.child}__lead_caseworker_id"
            key = Case(
                When(Q(**{f"{lead}__isnull": True}), then=Value(None)),
                When(scope.member(lead), then=F(lead)),
                default=Value(OTHER_TEAMS),
                output_field=IntegerField(),
            )
        split = (
            scope.rows(measure, period).values(key=key).annotate(**measure.aggregates).order_by()
        )
        for counts in split:
            row = cells.setdefault(counts["key"], {})
            row[measure.code] = {**counts, "value": measure.value(counts)}
    names = _names(by, [key for key in cells if key is not None], scope)
    rows: list[dict[str, Any]] = [
        {
            "key": key,
            "name": names.get(key, "Not allocated") if key is not None else "Not allocated",
            "figures": figures,
        }
        for key, figures in cells.items()
    ]
    rows.sort(key=lambda row: (row["key"] is None, row["key"] == OTHER_TEAMS, row["name"].lower()))
    return rows


def _names(by: str, keys: list[int], scope: Scope) -> dict[int, str]:
    if by == "team":
        return dict(Team.objects.filter(pk__in=keys).values_list("pk", "name"))
    users = get_user_model().objects.filter(pk__in=keys)
    return {OTHER_TEAMS: OTHER_TEAMS_NAME, **{user.pk: str(user) for user in users}}


def behind_sorts(measure: Measure) -> dict[str, tuple[str, ...]]:
    """The orders the list behind a figure can be sorted in (?sort=key, "-key" reversed): each
    column held in the database (not one worked out in Python, such as a display name), the
    child by name, the team and the lead caseworker."""
    child = measure.child
    sorts = {
        "child": (f"{child}__last_name", f"{child}__first_name"),
        "team": (f"{child}__team__name",),
        "lead": (f"{child}__lead_caseworker__last_name", f"{child}__lead_caseworker__first_name"),
    }
    for number, column in enumerate(measure.columns):
        if column.path == child:
            sorts[f"c{number}"] = sorts["child"]
        elif not column.path.split("__")[-1].startswith("get_"):
            sorts[f"c{number}"] = (column.path,)
    return sorts


def children_behind(
    measure: Measure,
    period: Period,
    scope: Scope,
    *,
    part: str | None = None,
    team: int | None = None,
    caseworker: int | str | None = None,
    sort: str = "",
) -> QuerySet:
    """The rows behind a figure, each with its child, in the measure's order. `caseworker`
    "none" is the children without a lead caseworker, OTHER_TEAMS those led from outside the
    scope's teams. The caller checks a team or caseworker is in the scope."""
    rows = scope.rows(measure, period)
    chosen = measure.part(part)
    if chosen is not None:
        rows = rows.filter(chosen.where)
    if team is not None:
        rows = rows.filter(**{f"{measure.child}__team_id": team})
    if caseworker == "none":
        rows = rows.filter(**{f"{measure.child}__lead_caseworker__isnull": True})
    elif caseworker == OTHER_TEAMS and scope.team_ids is not None:
        lead = f"{measure.child}__lead_caseworker_id"
        rows = rows.filter(**{f"{lead}__isnull": False}).exclude(scope.member(lead))
    elif caseworker is not None:
        rows = rows.filter(**{f"{measure.child}__lead_caseworker_id": caseworker})
    related = (
        measure.child,
        f"{measure.child}__team",
        f"{measure.child}__lead_caseworker",
        *measure.related,
    )
    order = measure.order_by
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    if key in behind_sorts(measure):
        fields = behind_sorts(measure)[key]
        order = (*(f"-{f}" if descending else f for f in fields), *measure.order_by)
    return rows.select_related(*related).order_by(*order)
