"""Pre-submission checks on what the file says about time and codes: dates after the reference
date, steps out of order, persons older than 25, and codes the collection year does not have.

They read the values the export writes (the `selection` functions), not the raw records, so a
problem listed here is one the DfE would see in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cases import statutory
from cases.codes import Need

from . import years
from .problems import ERROR, WARNING, Problem, Where, problem, url_of
from .selection import (
    Entry,
    PersonEntry,
    Sen2Return,
    Window,
    assessment_outcome,
    assessment_outcome_date,
    named_plan_due,
    placement_details,
    plan_details,
    request_outcome_date,
    review_facts,
)


def _day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def _written_dates(person: PersonEntry, window: Window) -> Iterator[tuple[str, date, object]]:
    """(label, date, where to fix it) for every date the file carries for the person."""
    child = person.child
    yield "Date of birth", child.date_of_birth, child
    for entry in person.entries:
        request, plan = entry.request, entry.plan
        if request is not None and not entry.historical:
            yield "Request received", request.received_on, request
            if day := request_outcome_date(entry, window):
                yield "Decision whether to assess", day, request
            if day := assessment_outcome_date(entry, window):
                yield "Assessment outcome", day, request
        if plan is None:
            continue
        if named_plan_due(entry, window) and plan.issued_on:
            yield "Plan start", plan.issued_on, plan
        if ceased := window.seen(plan.ceased_on):
            yield "Plan cease", ceased, plan
        meeting, _, last = review_facts(plan, window)
        if meeting:
            yield "Annual review meeting", meeting, plan
        if last:
            yield "Last review decision", last, plan
    for detail in placement_details(child, window):
        if detail.entry_on:
            yield "Placement entry", detail.entry_on, detail.source
        if detail.leaving_on:
            yield "Placement leaving", detail.leaving_on, detail.source


def check_dates(sen2: Sen2Return) -> Iterator[Problem]:
    """SP20: no date in the file may be after the reference date (one on it is fine)."""
    window = sen2.window
    reference = window.reference_date
    for person in sen2.persons:
        seen = set()
        for label, day, source in _written_dates(person, window):
            if day > reference and (label, day) not in seen:
                seen.add((label, day))
                yield problem(
                    "SP20",
                    person,
                    f"{label} {_day(day)} is after the reference date {_day(reference)}",
                    url=url_of(source) or url_of(person.child),
                )


def _order_problems(person: PersonEntry, entry: Entry, window: Window) -> Iterator[Problem]:
    request, plan = entry.request, entry.plan
    if request is not None and not entry.historical:
        received = request.received_on
        decided = request_outcome_date(entry, window)
        assessed = assessment_outcome_date(entry, window)
        at: Where = {"entry": entry, "url": url_of(request)}
        if decided and decided < received:
            yield problem(
                "SP21",
                person,
                f"The decision whether to assess ({_day(decided)}) is dated before the request "
                f"was received ({_day(received)})",
                **at,
            )
        if assessed and assessed < received:
            yield problem(
                "SP22",
                person,
                f"The assessment outcome ({_day(assessed)}) is dated before the request was "
                f"received ({_day(received)})",
                **at,
            )
        elif (
            assessed
            and decided
            and assessed < decided
            and assessment_outcome(entry, window) in ("Y", "N")
        ):
            yield problem(
                "SP22",
                person,
                f"The assessment outcome ({_day(assessed)}) is dated before the decision to "
                f"assess ({_day(decided)})",
                **at,
            )
    if plan is None or plan.issued_on is None:
        return
    start, at = plan.issued_on, {"entry": entry, "url": url_of(plan)}
    meeting, _, last = review_facts(plan, window)
    for label, day in (("annual review meeting", meeting), ("last review decision", last)):
        if day and day < start:
            yield problem(
                "SP23",
                person,
                f"The {label} ({_day(day)}) is dated before the plan started ({_day(start)})",
                **at,
            )
    ceased = window.seen(plan.ceased_on)
    if ceased and ceased < start:
        yield problem(
            "SP25",
            person,
            f"The plan's cease date ({_day(ceased)}) is before it started ({_day(start)})",
            **at,
        )


def check_order(sen2: Sen2Return) -> Iterator[Problem]:
    """SP21-SP25: each step dated on or after the one it follows: the decision to assess and
    the assessment outcome after the request (and the outcome after the decision), reviews and
    the cease date after the plan's start, a placement's leaving after its entry. (SP06, a plan
    before its request, is in checks.check_requests.)"""
    window = sen2.window
    for person in sen2.persons:
        for entry in person.entries:
            yield from _order_problems(person, entry, window)
        for detail in placement_details(person.child, window):
            if detail.entry_on and detail.leaving_on and detail.leaving_on < detail.entry_on:
                yield problem(
                    "SP24",
                    person,
                    f"{getattr(detail.source, 'setting', None) or 'A placement'}: leaving date "
                    f"{_day(detail.leaving_on)} is before its entry date {_day(detail.entry_on)}",
                    url=url_of(detail.source) or url_of(person.child),
                )


def _open_on_reference_date(person: PersonEntry, window: Window) -> bool:
    """A plan not ceased by the reference date, or an assessment not yet decided."""
    for entry in person.entries:
        if entry.plan is not None and not window.seen(entry.plan.ceased_on):
            return True
        if entry.request is not None and assessment_outcome(entry, window) == "A":
            return True
    return False


def check_ages(sen2: Sen2Return) -> Iterator[Problem]:
    """SP26: nobody older than 25 on the reference date. A plan can run to the end of the
    academic year in which the young person turns 25, so 25 on the day is fine and 26 is not:
    an error when a plan or an assessment is still open on the reference date, a warning (check
    the date of birth) when everything closed in the collection year."""
    window = sen2.window
    rules = window.rules
    limit = rules.max_age if rules else statutory.OLDEST_AGE
    for person in sen2.persons:
        age = statutory.age_on(person.child.date_of_birth, window.reference_date)
        if age <= limit:
            continue
        still_open = _open_on_reference_date(person, window)
        yield problem(
            "SP26",
            person,
            f"Aged {age} on the reference date {_day(window.reference_date)}: SEN2 covers "
            f"children and young people up to {limit}"
            + ("" if still_open else " (everything closed in the year: check the date of birth)"),
            level=ERROR if still_open else WARNING,
        )


def check_codes(sen2: Sen2Return) -> Iterator[Problem]:
    """SP31: two different needs, if two. SP27, SP28: every need type and SEN2 setting type
    the file carries must be in the collection year's code list (DS, Down syndrome, is a need
    type from 2025 only). The file would break the year's schema, so it cannot be produced
    until the record is changed."""
    window = sen2.window
    rules = window.rules
    if rules is None:
        return
    for person in sen2.persons:
        child = person.child
        planned = [e for e in person.entries if e.plan is not None]
        if not planned:
            continue
        if child.primary_need and child.secondary_need == child.primary_need:
            yield problem(
                "SP31",
                person,
                f"The secondary need is the primary need ({child.primary_need}): record "
                "another need, or none",
            )
        for code in (child.primary_need, child.secondary_need):
            if code and not rules.accepts_need(code):
                since = years.first_year_with_need(code)
                label = Need(code).label if code in Need.values else code
                yield problem(
                    "SP27",
                    person,
                    f"Need type {code} ({label}) is not in the SEN2 {rules.year} code list"
                    + (f": DfE added it for {since}" if since else "")
                    + f". A {rules.year} return cannot carry it: record the need as the "
                    f"{rules.year} guide asks, or choose a reference date in a year that has it",
                    blocks_file=True,
                )
        details = placement_details(child, window)
        for entry in planned:
            if entry.plan is not None and named_plan_due(entry, window):
                details += plan_details(entry.plan)
        for detail in details:
            code = detail.sen_setting
            if code and not rules.accepts_setting(code):
                yield problem(
                    "SP28",
                    person,
                    f"SEN2 setting type {code} is not in the SEN2 {rules.year} code list",
                    url=url_of(getattr(detail.source, "setting", None)) or url_of(child),
                    blocks_file=True,
                )
