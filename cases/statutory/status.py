"""Where a statutory step stands against its time limit: derived from stored dates, as
healthchecks derives a check's status, so every screen, alert and KPI says the same."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

# --- Status of a deadline -------------------------------------------------------------------------

DEFAULT_SOON_DAYS = 14


class Status(StrEnum):
    """Where a step stands against its time limit; values are the strings stored and shown."""

    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    EXEMPT = "exempt"


STATUS_LABELS: dict[str, str] = {
    Status.ON_TRACK.value: "On track",
    Status.DUE_SOON.value: "Due soon",
    Status.DUE_TODAY.value: "Due today",
    Status.OVERDUE.value: "Overdue",
    Status.MET.value: "Met",
    Status.MET_LATE.value: "Met late",
    Status.EXEMPT.value: "Exception applies",
}
"""Labels for the UI, keyed by status value."""

STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple(
    (status.value, STATUS_LABELS[status.value]) for status in Status
)
"""``(value, label)`` pairs in display order, in the shape Django ``choices`` expect."""

OPEN_STATUS_ORDER: tuple[Status, ...] = (
    Status.ON_TRACK,
    Status.DUE_SOON,
    Status.DUE_TODAY,
    Status.OVERDUE,
)
"""The order an open (not completed, not exempt) step passes through as days go by."""


def deadline_status(
    due: date,
    completed: date | None,
    today: date,
    exempt: bool = False,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> Status:
    """Return where a step stands against its limit ``due`` (the last day that is in time).

    An exception under SI 2014/1530 reg 10(4) or reg 8(2) (``exempt``) takes the step out of
    the timeliness figures whatever else is true. A completed step is ``met`` if done on or
    before ``due`` and ``met_late`` after it. An open step is ``overdue`` after ``due``,
    ``due_today`` on it, ``due_soon`` within ``soon_days`` days before it and ``on_track``
    earlier.
    """
    if soon_days < 0:
        raise ValueError(f"soon_days cannot be negative, not {soon_days}")
    if exempt:
        return Status.EXEMPT
    if completed is not None:
        return Status.MET if completed <= due else Status.MET_LATE
    if today > due:
        return Status.OVERDUE
    if today == due:
        return Status.DUE_TODAY
    if (due - today).days <= soon_days:
        return Status.DUE_SOON
    return Status.ON_TRACK
