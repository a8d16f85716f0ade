"""Reads of case records, always narrowed to what the user may see."""

from datetime import date

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery

from .access import does_casework, sees_every_child, team_ids, visible_children
from .models import AssessmentRequest, CaseFlag, Child, Deadline, TimeLimitException
from .models.assessment import CLOSED_STAGES
from .statutory import deadline_status

MINE, TEAM, ALL = "mine", "team", "all"
SCOPE_LABELS = {MINE: "My cases", TEAM: "My teams' cases", ALL: "All"}

# ?sort= values: the key is what the page shows in its links (a leading "-" reverses it).
SORTS = ("deadline", "name", "dob")


def caseload_scopes(user) -> list[str]:
    """The caseload views a user may choose, the default first.

    A head of service holds no cases of their own, so "All" comes first for them; "My teams'"
    only if they also belong to a team. Nobody else may see past their own teams.
    """
    if sees_every_child(user):
        return [ALL, TEAM] if team_ids(user) else [ALL]
    if does_casework(user):
        return [MINE, TEAM]
    return []


def caseload(user, *, scope: str = MINE) -> QuerySet[Child]:
    """A caseworker's own cases ("mine"), their teams' ("team"), or all they may see ("all"),
    with the caseload's columns annotated (see `with_case_columns`)."""
    children = visible_children(user)
    if scope == MINE:
        children = children.filter(lead_caseworker=user)
    elif scope == TEAM:
        children = children.filter(team_id__in=team_ids(user))
    return with_case_columns(children)


def with_case_columns(children: QuerySet[Child]) -> QuerySet[Child]:
    """Add the stage, regime and next open deadline of each child as correlated subqueries,
    so a page of 50 (or a CSV of 30,000) is one query, not one per row.

    current_stage / current_regime / current_kind: of the child's most recent open request
    (current_kind says whether it is a re-assessment, whose stages read differently).
    next_due_on / next_label: the open deadline (not completed, not exempt) due first.
    """
    current = (
        AssessmentRequest.objects.filter(child=OuterRef("pk"))
        .exclude(stage__in=CLOSED_STAGES)
        .order_by("-received_on", "-pk")
    )
    next_deadline = Deadline.objects.open().filter(child=OuterRef("pk")).order_by("due_on", "pk")
    return children.select_related("team", "lead_caseworker").annotate(
        current_stage=Subquery(current.values("stage")[:1]),
        current_regime=Subquery(current.values("regime")[:1]),
        current_kind=Subquery(current.values("kind")[:1]),
        next_due_on=Subquery(next_deadline.values("due_on")[:1]),
        next_label=Subquery(next_deadline.values("label")[:1]),
    )


def in_order(ids: list[int]) -> list[Child]:
    """The children with these ids, with the case columns, in the order given.

    A page is read in two steps: first its 50 ids (the filter and sort need only their own
    columns), then these rows. In one step PostgreSQL would work out every column of every row
    skipped by OFFSET too, which made page 300 of 30,000 take half a second.
    """
    by_pk = {child.pk: child for child in with_case_columns(Child.objects.filter(pk__in=ids))}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def export_rows(children: QuerySet):  # with_case_columns' annotations
    """The CSV export's columns as plain tuples, streamed from the cursor: for 30,000 rows,
    building model instances would cost more than the query itself."""
    from accounts.models import Team, User

    # Two small look-ups instead of a join per row, so names read as they do on screen.
    leads = {
        user.pk: str(user) for user in User.objects.filter(lead_cases__isnull=False).distinct()
    }
    teams = {team.pk: str(team) for team in Team.objects.all()}
    columns = children.values_list(
        "last_name",
        "first_name",
        "date_of_birth",
        "upn",
        "current_stage",
        "current_regime",
        "current_kind",
        "next_label",
        "next_due_on",
        "lead_caseworker_id",
        "team_id",
        named=True,
    )
    for row in columns.iterator(chunk_size=2000):
        yield row, leads.get(row.lead_caseworker_id, ""), teams.get(row.team_id, "")


def with_deadline_due_within(children: QuerySet[Child], *, today: date, days: int):
    due = Deadline.objects.due_within(today, days).filter(child=OuterRef("pk"))
    return children.filter(Exists(due))


def with_overdue_deadline(children: QuerySet[Child], *, today: date):
    return children.filter(Exists(Deadline.objects.overdue(today).filter(child=OuterRef("pk"))))


def with_time_limit_exception(children: QuerySet[Child]):
    exceptions = TimeLimitException.objects.filter(request__child=OuterRef("pk"))
    return children.filter(Exists(exceptions))


def with_flag(children: QuerySet[Child], kind: str):
    return children.filter(Exists(CaseFlag.objects.filter(child=OuterRef("pk"), kind=kind)))


def sort_children(children: QuerySet[Child], sort: str) -> QuerySet[Child]:
    """Order by one of SORTS ("-" first for descending); names and pk break ties so pages
    never overlap. Children with no open deadline come last whichever way that column runs."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    names = ["last_name", "first_name", "pk"]
    if key == "name":
        fields = names
    elif key == "dob":
        fields = ["date_of_birth", *names]
    else:
        due = F("next_due_on")
        first = due.desc(nulls_last=True) if descending else due.asc(nulls_last=True)
        return children.order_by(first, *names)
    return children.order_by(*(f"-{field}" if descending else field for field in fields))


def next_deadline_status(due_on: date | None, *, today: date):
    """Where a child's next open deadline stands today (None if it has none)."""
    return deadline_status(due_on, None, today) if due_on else None
