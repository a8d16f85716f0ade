"""A letter that did not reach the family becomes a step for its caseworker: "Letter not
delivered: tell the family again", due the day it failed, on the home page and in the alerts
like every other step (cases.services.deadlines). Sending the letter again completes it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from cases.models import Deadline
from cases.services.deadlines import PlannedDeadline, sync_deadlines

from .models import Letter

LABEL_LENGTH = 120


def source_of(letter: Letter) -> str:
    return f"letter:{letter.pk}"


def _step(letter: Letter, *, due_on: date, completed_on: date | None) -> None:
    label = f"Letter not delivered: {letter.subject}"
    sync_deadlines(
        child=letter.child,
        source=source_of(letter),
        planned=[
            PlannedDeadline(
                source=source_of(letter),
                kind=Deadline.Kind.LETTER_NOT_DELIVERED,
                label=label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…",
                due_on=due_on,
                completed_on=completed_on,
                exempt=False,
            )
        ],
    )


def failed(letter: Letter) -> None:
    """The letter did not reach them: the caseworker must tell the family again, today."""
    _step(letter, due_on=timezone.localdate(), completed_on=None)


def resent(letter: Letter) -> None:
    """A letter correcting or resending `letter.corrects` went: its follow-up step is done."""
    first = letter.corrects
    if first is None or first.status != Letter.Status.FAILED:
        return
    step = Deadline.objects.filter(
        source=source_of(first), kind=Deadline.Kind.LETTER_NOT_DELIVERED
    ).first()
    if step is not None and step.completed_on is None:
        _step(first, due_on=step.due_on, completed_on=timezone.localdate())
