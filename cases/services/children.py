"""Writes to a child's record: registration, edits, reallocation and the people around them.

Each function is keyword-only and runs in one transaction, so a failure leaves nothing half
saved. Every write is audited three ways: simple_history rows (who, when, why), a line in the
child's chronology, and for changes of case holder a CaseAllocation row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Team, User
from cases import access, statutory
from core.audit import CHANGE_REASON_LENGTH, apply_changes, audit, check_fields
from core.locking import lock_for_edit
from core.model_fields import field_label

from ..models import CaseAllocation, CaseEvent, Child, Contact, Deadline
from .chronology import record_event

# Fields a caller may set through register_child / update_child. Team and lead caseworker are
# left out of update_child on purpose: a change of case holder must open a CaseAllocation, so it
# goes through reassign_cases only.
# In the order a form shows them.
CHILD_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "upn",
    "uln",
    "nhs_number",
    "postcode",
    "home_la",
    "looked_after",
    "eal",
    "fsm",
    "sen_status",
    "primary_need",
    "secondary_need",
)
ALLOCATION_FIELDS = frozenset({"team", "lead_caseworker"})
# Set when a child is registered from a return (SEN2 UPNunknown), not asked for by the form.
RETURN_FIELDS = frozenset({"upn_unknown"})
CONTACT_FIELDS = frozenset(
    {
        "name",
        "relationship",
        "parental_responsibility",
        "phone",
        "email",
        "address",
        "is_main_contact",
        "large_print",
        "language",
        "notes",
    }
)


def lead_problem(*, team: Team | None, lead_caseworker: User | None) -> str | None:
    """Why this person cannot lead a case held by this team, or None."""
    if lead_caseworker is None:
        return None
    if team is None or not lead_caseworker.teams.filter(pk=team.pk).exists():
        holder = team or "the team"
        return f"{lead_caseworker} is not a member of {holder}: choose someone in that team"
    return None


def _check_lead_in_team(*, team: Team | None, lead_caseworker: User | None) -> None:
    if problem := lead_problem(team=team, lead_caseworker=lead_caseworker):
        raise ValidationError({"lead_caseworker": [problem]}, code="lead_not_in_team")


def move_problem(
    *, user: User | None, children: Iterable[Child] | QuerySet[Child], team: Team
) -> str | None:
    """Why this user may not give these cases to this team, or None (access.may_move_case)."""
    if user is None:  # the system itself: an import, a command
        return None
    # The rule looks only at the team each case is in now: ask it once per team.
    if isinstance(children, QuerySet):
        holders = set(children.values_list("team_id", flat=True).distinct())
    else:
        holders = {child.team_id for child in children}
    # Within their own team the view has already asked may_change for every case.
    elsewhere = holders - {team.pk}
    if all(access.may_move_case(user, Child(team_id=held), team) for held in elsewhere):
        return None
    return (
        "Only a team manager can move a case to another team: choose the team that holds the "
        "case, or ask your team manager"
    )


def child_problems(*, today: date, **fields: Any) -> dict[str, str]:
    """What is wrong with these details of a child, by field, judged on `today`: the rules every
    way in shares (the forms show them on the field; register_child and update_child refuse).
    Only the rules whose fields are given are checked."""
    problems = {}
    born = fields.get("date_of_birth")
    if isinstance(born, str):  # as a model field takes it ("2015-03-27")
        born = date.fromisoformat(born)
    if born is not None:
        if born > today:
            problems["date_of_birth"] = "Date of birth must be today or in the past"
        elif not statutory.within_age_range(born, today):
            problems["date_of_birth"] = (
                f"The service supports children and young people aged 0 to {statutory.OLDEST_AGE}"
            )
    if "primary_need" in fields or "secondary_need" in fields:
        primary, secondary = fields.get("primary_need"), fields.get("secondary_need")
        if secondary and not primary:
            problems["secondary_need"] = "Choose a primary need before a secondary need"
        elif secondary and secondary == primary:
            problems["secondary_need"] = "Secondary need must be different from primary need"
    return problems


def _refuse_problems(*, today: date, **fields: Any) -> None:
    if problems := child_problems(today=today, **fields):
        raise ValidationError({field: [message] for field, message in problems.items()})


def _verbose(field: str) -> str:
    name = field_label(Child, field)
    # Keep abbreviations (UPN, ULN, NHS number, SEN status) as the model spells them.
    return name if name[:3].isupper() else name.lower()


# --- the child ------------------------------------------------------------------------------------


@transaction.atomic
def register_child(*, by: User | None, as_of: date | None = None, **fields: Any) -> Child:
    """Create a child's record; opens the first CaseAllocation when a team or lead is given.
    `as_of` is the day the age limit is judged on: today, or a return's reference date for a
    child registered from that return."""
    check_fields(fields, set(CHILD_FIELDS) | ALLOCATION_FIELDS | RETURN_FIELDS)
    _refuse_problems(today=as_of or timezone.localdate(), **fields)
    _check_lead_in_team(team=fields.get("team"), lead_caseworker=fields.get("lead_caseworker"))
    child = Child(**fields)
    audit(child, by=by, reason="Registered")
    child.save()
    if child.team_id or child.lead_caseworker_id:
        CaseAllocation.objects.create(
            child=child,
            team=child.team,
            lead_caseworker=child.lead_caseworker,
            started_at=timezone.now(),
            changed_by=by,
            reason="Registered",
        )
    record_event(
        child=child,
        title="Registered with the SEN service",
        happened_on=timezone.localdate(),
        by=by,
    )
    return child


@transaction.atomic
def update_child(
    *, child: Child, by: User | None, version: int | None = None, **fields: Any
) -> Child:
    """Change a child's details; saves (and audits) only when something actually changed.
    `version` is the one the form was opened at: a change since then refuses (StaleEdit)."""
    check_fields(fields, set(CHILD_FIELDS))
    lock_for_edit(child, version=version, by=by)
    changed = [name for name, value in fields.items() if getattr(child, name) != value]
    if not changed:
        return child
    # The rules of what changed, judged with the rest of the record: a new secondary need
    # against the primary need on file; an old date of birth is not judged again.
    judged = {name: fields[name] for name in changed if name == "date_of_birth"}
    if {"primary_need", "secondary_need"} & set(changed):
        for name in ("primary_need", "secondary_need"):
            judged[name] = fields.get(name, getattr(child, name))
    _refuse_problems(today=timezone.localdate(), **judged)
    for name in changed:
        setattr(child, name, fields[name])
    # The labels of what changed, never the values: the chronology is read more widely than
    # the history, and the old and new values are in the history already.
    labels = ", ".join(_verbose(name) for name in changed)
    audit(child, by=by, reason=f"Edited: {labels}")
    child.save()
    record_event(
        child=child,
        title="Details updated",
        happened_on=timezone.localdate(),
        by=by,
        detail=f"Changed: {labels}.",
    )
    return child


def find_likely_duplicates(
    *,
    upn: str,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    exclude_pk: int | None = None,
) -> QuerySet[Child]:
    """Children across ALL teams who may be this one: the same UPN, or the same legal name
    (ignoring case) and date of birth. The caller shows only what need-to-know allows."""
    match = Q(pk__in=[])  # neither given: nobody
    if first_name.strip() and last_name.strip() and date_of_birth:
        match |= Q(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        )
    if upn:
        match |= Q(upn=upn)
    children = Child.objects.filter(match).select_related("team", "lead_caseworker")
    if exclude_pk is not None:
        children = children.exclude(pk=exclude_pk)
    return children.order_by("last_name", "first_name", "pk")


# --- case holder ----------------------------------------------------------------------------------


@transaction.atomic
def reassign_cases(
    *,
    children: Iterable[Child] | QuerySet[Child],
    team: Team,
    lead_caseworker: User | None,
    by: User | None,
    reason: str,
) -> int:
    """Give the children a new team and lead caseworker; returns how many actually moved.

    Closes each open CaseAllocation and opens a new one. The number of queries does not grow
    with the number of children (bulk writes throughout), so a whole caseload can be moved
    at once. Children already held by that team and lead are left alone.
    """
    _check_lead_in_team(team=team, lead_caseworker=lead_caseworker)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give a reason for the change", code="reason_required")
    # A queryset stays a subquery (one query fewer, and no 500-id list sent back and forth).
    ids = children.values("pk") if isinstance(children, QuerySet) else [c.pk for c in children]
    lead_id = lead_caseworker.pk if lead_caseworker else None
    # Re-read under a row lock: what the caller holds may be stale, and two managers moving the
    # same case at once must not both close the same allocation.
    moving = [
        child
        for child in Child.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        if (child.team_id, child.lead_caseworker_id) != (team.pk, lead_id)
    ]
    if not moving:
        return 0
    # Asked of the cases as re-read under the lock: the team each is in now.
    if problem := move_problem(user=by, children=moving, team=team):
        raise ValidationError({"team": [problem]}, code="move_not_allowed")
    moving_ids = [child.pk for child in moving]
    now = timezone.now()
    today = timezone.localdate(now)

    CaseAllocation.objects.filter(child_id__in=moving_ids, ended_at__isnull=True).update(
        ended_at=now
    )
    CaseAllocation.objects.bulk_create(
        CaseAllocation(
            child_id=pk,
            team=team,
            lead_caseworker=lead_caseworker,
            started_at=now,
            changed_by=by,
            reason=reason,
        )
        for pk in moving_ids
    )
    Child.objects.filter(pk__in=moving_ids).update(
        team=team, lead_caseworker=lead_caseworker, updated_at=now
    )
    # Open deadlines follow the case: reminders go to whoever holds it now.
    Deadline.objects.filter(child_id__in=moving_ids, completed_on__isnull=True).update(
        owner=lead_caseworker
    )
    for child in moving:
        child.team = team
        child.lead_caseworker = lead_caseworker
        child.updated_at = now
    # A queryset update() skips simple_history's signals, so the history rows are written here.
    Child.history.bulk_history_create(
        moving,
        update=True,
        default_user=by,
        default_change_reason=f"Reassigned: {reason}"[:CHANGE_REASON_LENGTH],
        default_date=now,
    )
    # record_event() writes one row per call; the same rows in bulk keep the query count flat.
    holder = f"{lead_caseworker} ({team})" if lead_caseworker else f"{team}, no lead caseworker"
    CaseEvent.objects.bulk_create(
        CaseEvent(
            child_id=pk,
            title="Case reassigned",
            happened_on=today,
            detail=f"Now held by {holder}. Reason: {reason}",
            recorded_by=by,
        )
        for pk in moving_ids
    )
    return len(moving)


# --- contacts -------------------------------------------------------------------------------------


def _one_main_contact(contact: Contact, *, by: User | None) -> None:
    # At most one main contact: letters and calls go to one person. Saved one by one (there is
    # at most one other) so that the change is in each contact's history.
    if not contact.is_main_contact:
        return
    others = Contact.objects.filter(child_id=contact.child_id, is_main_contact=True).exclude(
        pk=contact.pk
    )
    for other in others:
        other.is_main_contact = False
        audit(other, by=by, reason=f"Main contact is now {contact.name}")
        other.save(update_fields=["is_main_contact"])


@transaction.atomic
def add_contact(*, child: Child, by: User | None, **fields: Any) -> Contact:
    check_fields(fields, CONTACT_FIELDS)
    contact = Contact(child=child, **fields)
    audit(contact, by=by, reason="Added")
    contact.save()
    _one_main_contact(contact, by=by)
    record_event(
        child=child,
        title="Contact added",
        happened_on=timezone.localdate(),
        by=by,
        detail=str(contact),
    )
    return contact


@transaction.atomic
def update_contact(
    *, contact: Contact, by: User | None, version: int | None = None, **fields: Any
) -> Contact:
    check_fields(fields, CONTACT_FIELDS)
    lock_for_edit(contact, version=version, by=by)
    changed = apply_changes(contact, fields)
    if not changed:
        return contact
    labels = ", ".join(field_label(Contact, name) for name in changed)
    audit(contact, by=by, reason=f"Edited: {labels}")
    contact.save()
    _one_main_contact(contact, by=by)
    record_event(
        child=contact.child,
        title="Contact updated",
        happened_on=timezone.localdate(),
        by=by,
        detail=f"{contact}: {labels}.",
    )
    return contact


@transaction.atomic
def remove_contact(*, contact: Contact, by: User | None) -> None:
    child = contact.child
    description = str(contact)
    # simple_history reads these on delete too, so the "-" history row names who removed it.
    audit(contact, by=by, reason="Removed")
    contact.delete()
    record_event(
        child=child,
        title="Contact removed",
        happened_on=timezone.localdate(),
        by=by,
        detail=description,
    )


def set_sen_status(*, child: Child, by: User | None, status: str, reason: str) -> None:
    """Record the child's SEN status when another part of the service changes it (a plan
    issued, transferred in or ceased). Call inside the caller's transaction."""
    if child.sen_status == status:
        return
    child.sen_status = status
    audit(child, by=by, reason=reason)
    child.save(update_fields=["sen_status", "updated_at"])
