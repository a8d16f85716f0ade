"""The week-by-week view of an assessment's clock: which steps fall due and which were done in
each week since the request arrived. Plain data in, plain rows out."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from . import statutory

MAX_WEEKS = 60


@dataclass(frozen=True)
class Step:
    label: str
    due_on: date
    completed_on: date | None
    status: str


@dataclass
class Week:
    number: int
    starts_on: date
    ends_on: date
    is_current: bool
    due: list[Step] = field(default_factory=list)
    done: list[Step] = field(default_factory=list)


def week_by_week(*, received: date, limit_weeks: int, steps: list[Step], today: date) -> list[Week]:
    """Weeks 1..limit_weeks (longer if a step falls due or was done later), with each step
    placed in the week it is due and the week it was done."""
    last = [received + timedelta(weeks=limit_weeks), today]
    last += [s.due_on for s in steps] + [s.completed_on for s in steps if s.completed_on]
    # The clock view ends at the last thing that happened or is due, not at today for a case
    # long finished.
    if all(s.completed_on or s.status == statutory.Status.EXEMPT for s in steps) and steps:
        last.remove(today)
    count = min(MAX_WEEKS, max(statutory.week_of_clock(received, day) for day in last))
    weeks = []
    for number in range(1, count + 1):
        starts_on = statutory.week_starts(received, number)
        ends_on = received + timedelta(weeks=number)
        weeks.append(Week(number, starts_on, ends_on, starts_on <= today <= ends_on))
    for step in steps:
        due_week = statutory.week_of_clock(received, step.due_on)
        if 1 <= due_week <= count:
            weeks[due_week - 1].due.append(step)
        if step.completed_on:
            done_week = statutory.week_of_clock(received, step.completed_on)
            if 1 <= done_week <= count:
                weeks[done_week - 1].done.append(step)
    return weeks
