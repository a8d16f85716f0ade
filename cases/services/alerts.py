"""The daily deadline scan: raise an Alert when an open deadline crosses a threshold.

Thresholds come from the statutory clock (cases.statutory), through the two pure functions
below, so the rules are tested without a database. The scan walks open deadlines in batches by
primary key (keyset pagination, never the whole table in memory) and inserts with
``bulk_create(ignore_conflicts=True)`` against the unique (deadline, kind) constraint: a second
run, or two runs at once, raise nothing new.

Only the threshold a deadline stands at *today* is raised. A deadline first seen 6 days before
it is due (because it was recorded late, or the job did not run for a week) gets ``due_7``, not
a belated ``due_14`` as well: the digest shows where it stands now.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q

from .. import statutory
from ..models import Alert, Deadline
from ..models.assessment import CLOSED_STAGES, Regime

logger = logging.getLogger(__name__)

Kind = Alert.Kind
SOON_DAYS = 14
VERY_SOON_DAYS = 7
AT_RISK_KINDS = (Kind.AT_RISK_DRAFT, Kind.AT_RISK_DECISION)


def threshold_kind(due_on: date, today: date) -> str | None:
    """The due-date alert an open deadline stands at on ``today``, or None if none applies.

    14 to 8 days before: ``due_14``; 7 to 1 days: ``due_7``; the due day: ``due_today``; after
    it: ``overdue``. Completed and exempt deadlines never reach here (the scan reads open ones).
    """
    status = statutory.deadline_status(due_on, None, today, soon_days=SOON_DAYS)
    if status == statutory.Status.OVERDUE:
        return Kind.OVERDUE
    if status == statutory.Status.DUE_TODAY:
        return Kind.DUE_TODAY
    if status == statutory.Status.DUE_SOON:
        return Kind.DUE_7 if (due_on - today).days <= VERY_SOON_DAYS else Kind.DUE_14
    return None


def at_risk_kinds(
    *,
    received_on: date,
    draft_sent_on: date | None,
    issue_decision: str,
    today: date,
) -> list[str]:
    """The "20 weeks at risk" warnings for an open EHC needs assessment on ``today``.

    Working practice, not law (cases.statutory): a draft plan not sent by the end of week 14, or
    no decision whether to issue by the end of week 16, puts the 20-week limit of SI 2014/1530
    reg 13(2) at risk. Each applies from the day after its checkpoint until the step is done.
    """
    kinds: list[str] = []
    if draft_sent_on is None and today > statutory.draft_plan_checkpoint(received_on):
        kinds.append(Kind.AT_RISK_DRAFT)
    if not issue_decision and today > statutory.issue_decision_checkpoint(received_on):
        kinds.append(Kind.AT_RISK_DECISION)
    return kinds


@dataclass
class ScanResult:
    """What one scan saw and raised; ``raised`` counts new alerts by kind."""

    today: date
    scanned: int = 0
    raised: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.raised.values())


_FIELDS = (
    "pk",
    "kind",
    "due_on",
    "owner_id",
    "request__regime",
    "request__stage",
    "request__received_on",
    "request__draft_sent_on",
    "request__issue_decision",
)


def _wanted(row: dict, today: date) -> list[str]:
    """The alerts one open deadline (a row of ``_FIELDS``) stands at on ``today``: the one
    rule of the scan and of ``refresh_alerts``."""
    kinds = []
    threshold = threshold_kind(row["due_on"], today)
    if threshold:
        kinds.append(threshold)
    if (
        row["kind"] == Deadline.Kind.FINAL_PLAN
        and row["request__regime"] == Regime.EHCP
        and row["request__stage"] not in CLOSED_STAGES
    ):
        kinds += at_risk_kinds(
            received_on=row["request__received_on"],
            draft_sent_on=row["request__draft_sent_on"],
            issue_decision=row["request__issue_decision"] or "",
            today=today,
        )
    return [str(kind) for kind in kinds]  # plain values: enum members hash by name


def _raise(rows: list[dict], today: date) -> list[Alert]:
    """Insert the alerts these deadline rows (``_FIELDS`` values) stand at on ``today`` and
    not yet raised; return the new ones. The scan and ``refresh_alerts`` share this, so a step
    recorded at noon alerts by exactly the rule the morning scan applies."""
    wanted = {(row["pk"], kind): row["owner_id"] for row in rows for kind in _wanted(row, today)}
    if not wanted:
        return []
    # Look first so the counts say what is new; the unique constraint, not this look, is
    # what keeps a concurrent run from inserting the same alert twice.
    existing = set(
        Alert.objects.filter(deadline_id__in={pk for pk, _ in wanted}).values_list(
            "deadline_id", "kind"
        )
    )
    new = [
        Alert(deadline_id=pk, kind=kind, owner_id=owner_id, raised_on=today)
        for (pk, kind), owner_id in wanted.items()
        if (pk, kind) not in existing
    ]
    Alert.objects.bulk_create(new, ignore_conflicts=True)
    return new


THRESHOLDS: tuple[str, ...] = (Kind.DUE_14, Kind.DUE_7, Kind.DUE_TODAY, Kind.OVERDUE)


def _no_longer_true(kind: str, wanted: list[str]) -> bool:
    """Whether an alert of ``kind`` says more than the deadline stands at now (``wanted``).

    The scan keeps the thresholds a deadline passed on its way (due_14, then due_7 ...), so
    those stay; what goes is a threshold the deadline has not reached (an "overdue" alert on a
    step whose due date a correction moved into the future), an at-risk warning whose step is
    done, and every alert of a step that is met or excused."""
    if kind not in THRESHOLDS:
        return kind not in wanted
    reached = [THRESHOLDS.index(k) for k in wanted if k in THRESHOLDS]
    return THRESHOLDS.index(kind) > max(reached, default=-1)


def refresh_alerts(*, deadline_ids: list[int], today: date) -> tuple[int, int]:
    """Raise and clear the alerts of these deadlines as they stand on ``today``; return
    (raised, cleared).

    Called by the services that rewrite a case's Deadline rows, in the same transaction, so the
    alert count is right the moment a step is recorded rather than after the next morning's
    scan (which still raises what the passage of time brings, and sends the emails). Only
    alerts nobody has acknowledged or snoozed are cleared: one someone acted on carries their
    reason, and drops out of the open alerts by itself once its step is met.
    """
    if not deadline_ids:
        return 0, 0
    rows = list(
        Deadline.objects.filter(pk__in=deadline_ids).values(*_FIELDS, "completed_on", "exempt")
    )
    new = _raise([row for row in rows if _is_open(row)], today)
    wanted = {row["pk"]: _wanted(row, today) if _is_open(row) else [] for row in rows}
    untouched = Alert.objects.filter(
        deadline_id__in=wanted, acknowledged_at__isnull=True, snoozed_until__isnull=True
    ).values_list("pk", "deadline_id", "kind")
    stale = [
        pk for pk, deadline_id, kind in untouched if _no_longer_true(kind, wanted[deadline_id])
    ]
    if stale:
        Alert.objects.filter(pk__in=stale).delete()
    return len(new), len(stale)


def _is_open(row: dict) -> bool:
    return row["completed_on"] is None and not row["exempt"]


def scan_deadlines(*, today: date, batch_size: int = 2000) -> ScanResult:
    """Raise the alerts open deadlines stand at on ``today``; safe to run any number of times.

    Reads only open deadlines due within 14 days (or overdue), plus open final-plan deadlines,
    which can be at risk six weeks before they fall due. ``raised`` counts the alerts this run
    inserted; if two runs overlap, both may count an alert that exists once in the table.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = ScanResult(today=today)
    horizon = today + timedelta(days=SOON_DAYS)
    candidates = (
        Deadline.objects.open()
        .filter(Q(due_on__lte=horizon) | Q(kind=Deadline.Kind.FINAL_PLAN))
        .order_by("pk")
    )
    last_pk = 0
    while True:
        batch = list(candidates.filter(pk__gt=last_pk).values(*_FIELDS)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1]["pk"]
        result.scanned += len(batch)
        new = _raise(batch, today)
        result.raised.update(alert.kind for alert in new)
    logger.info(
        "deadline scan for %s: %d deadlines read, %d alerts raised %s",
        today.isoformat(),
        result.scanned,
        result.total,
        dict(result.raised),
    )
    return result
