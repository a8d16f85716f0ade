"""Pre-submission checks of the SEN2 return: the business rules that can be checked locally,
plus the schema errors of the generated file. Each rule is a small function over the selected
return (`export.Sen2Return`) yielding Problems; `run_checks` runs them all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import NoReverseMatch

from cases.identifiers import uln_error, upn_error

from .export import (
    Entry,
    PersonEntry,
    Sen2Return,
    assessment_outcome,
    assessment_outcome_date,
    ceased_reason,
    placement_details,
    placements_in_year,
    plan_details,
    request_outcome,
    request_outcome_date,
    validate,
)

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: str  # "error" or "warning"
    reference: str  # who or what: the child, and the request or plan
    message: str
    url: str = ""  # where to fix it

    @property
    def is_error(self) -> bool:
        return self.level == ERROR


def _url(obj) -> str:
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


def _who(person: PersonEntry) -> str:
    child = person.child
    return f"{child.full_name} (born {child.date_of_birth:%d/%m/%Y})"


def _what(person: PersonEntry, entry: Entry) -> str:
    if entry.request is not None and not entry.historical:
        return f"{_who(person)}, request received {entry.request.received_on:%d/%m/%Y}"
    if entry.plan is not None and entry.plan.issued_on:
        return f"{_who(person)}, plan issued {entry.plan.issued_on:%d/%m/%Y}"
    return f"{_who(person)}, plan"


def check_identifiers(sen2: Sen2Return) -> Iterator[Problem]:
    """UPN failing its check letter (error); no UPN and no reason why (error, or a warning for
    a young person with a ULN instead); a ULN failing its check digit (warning)."""
    for person in sen2.persons:
        child, url = person.child, _url(person.child)
        if child.upn:
            if message := upn_error(child.upn):
                yield Problem(ERROR, _who(person), f"UPN {child.upn}: {message}", url)
        elif not child.upn_unknown:
            level = WARNING if child.uln else ERROR
            yield Problem(level, _who(person), "No UPN and no reason it is unknown", url)
        if child.uln and (message := uln_error(child.uln)):
            yield Problem(WARNING, _who(person), f"ULN {child.uln}: {message}", url)


def check_requests(sen2: Sen2Return) -> Iterator[Problem]:
    """A request without a source; an outcome (of the request or the assessment) without its
    date; a final plan dated before the request."""
    window = sen2.window
    for person in sen2.persons:
        for entry in person.entries:
            request = entry.request
            if request is None or entry.historical:
                continue
            what, url = _what(person, entry), _url(request)
            if not request.source:
                yield Problem(ERROR, what, "The request has no source (who made it)", url)
            if request_outcome(entry, window) in ("Y", "N") and not request_outcome_date(
                entry, window
            ):
                yield Problem(ERROR, what, "The decision whether to assess has no date", url)
            if assessment_outcome(entry, window) in ("Y", "N") and not assessment_outcome_date(
                entry, window
            ):
                yield Problem(ERROR, what, "The assessment outcome has no date", url)
            final = request.final_issued_on
            if final and final < request.received_on:
                yield Problem(
                    ERROR, what, "The final plan is dated before the request was received", url
                )
            plan = entry.plan
            if plan is not None and plan.issued_on and plan.issued_on < request.received_on:
                yield Problem(
                    ERROR, what, "The plan's issue date is before the request was received", url
                )


def check_plans(sen2: Sen2Return) -> Iterator[Problem]:
    """A plan without a placement in the year (ActivePlans needs one) or naming no setting; a
    plan without an issue date; a ceased plan without a date or a reason; an active plan for a
    child with no primary need; more placements in the year than SEN2 holds."""
    window = sen2.window
    for person in sen2.persons:
        child = person.child
        for entry in person.entries:
            plan = entry.plan
            if plan is None:
                continue
            what, url = _what(person, entry), _url(plan)
            if not placement_details(child, window):
                yield Problem(ERROR, what, "The plan has no placement in the collection year", url)
            if window.within(plan.issued_on) and not plan_details(plan):
                yield Problem(
                    ERROR, what, "The plan names no setting (no placement named in section I)", url
                )
            if plan.issued_on is None:
                yield Problem(ERROR, what, "The plan has no issue date", url)
            if plan.status == plan.Status.CEASED and not plan.ceased_on:
                yield Problem(ERROR, what, "The plan is ceased but has no cease date", url)
            if plan.ceased_on and window.seen(plan.ceased_on) and not ceased_reason(plan):
                yield Problem(ERROR, what, "The plan ceased without a reason", url)
            if not child.primary_need:
                yield Problem(ERROR, what, "No primary need recorded", _url(child))
            placements = placements_in_year(child)
            for rank in (1, 2):
                ranked = [p for p in placements if p.rank == rank]
                if len(ranked) > 1:
                    yield Problem(
                        WARNING,
                        what,
                        f"{len(ranked)} {'main' if rank == 1 else 'dual'} placements in the "
                        "year: SEN2 holds one, so only the latest is reported",
                        url,
                    )


def check_placements(sen2: Sen2Return) -> Iterator[Problem]:
    """A placement (or a setting named in a plan) with neither a URN/UKPRN nor a SEN2 setting
    code: SEN2 cannot say where the child is."""
    window = sen2.window
    for person in sen2.persons:
        for entry in person.entries:
            if entry.plan is None:
                continue
            details = placement_details(person.child, window)
            if window.within(entry.plan.issued_on) or window.within(entry.plan.ceased_on):
                details += plan_details(entry.plan)
            for detail in details:
                if not (detail.urn or detail.ukprn or detail.sen_setting):
                    source = detail.source
                    setting = getattr(source, "setting", None)
                    yield Problem(
                        ERROR,
                        _what(person, entry),
                        f"{setting or 'The setting'} has no URN, no UKPRN and no SEN2 setting type",
                        _url(setting) or _url(source),
                    )


def check_duplicates(sen2: Sen2Return) -> Iterator[Problem]:
    """Two children with the same UPN (error) or the same names and date of birth (warning);
    two requests for one child received on the same day (error)."""
    by_upn, by_name = defaultdict(list), defaultdict(list)
    for person in sen2.persons:
        child = person.child
        if child.upn:
            by_upn[child.upn.upper()].append(person)
        by_name[(child.first_name.lower(), child.last_name.lower(), child.date_of_birth)].append(
            person
        )
        days = defaultdict(int)
        for entry in person.entries:
            if entry.request is not None and not entry.historical:
                days[entry.request.received_on] += 1
        for day, count in days.items():
            if count > 1:
                yield Problem(
                    ERROR,
                    _who(person),
                    f"{count} requests received on {day:%d/%m/%Y}: a duplicate?",
                    _url(child),
                )
    for upn, people in by_upn.items():
        if len(people) > 1:
            for person in people:
                yield Problem(
                    ERROR,
                    _who(person),
                    f"UPN {upn} is used by {len(people)} children",
                    _url(person.child),
                )
    for people in by_name.values():
        if len(people) > 1:
            for person in people:
                yield Problem(
                    WARNING,
                    _who(person),
                    "Another child has the same names and date of birth: the same person?",
                    _url(person.child),
                )


RULES = (check_identifiers, check_requests, check_plans, check_placements, check_duplicates)


def run_checks(sen2: Sen2Return, xml: bytes | None = None) -> list[Problem]:
    """Every business-rule problem, then the schema errors of the generated file, if given."""
    problems = [problem for rule in RULES for problem in rule(sen2)]
    if not sen2.persons:
        problems.append(Problem(ERROR, "The return", "Nobody is in the return for this date"))
    if xml is not None:
        for error in validate(xml):
            problems.append(Problem(ERROR, f"File {error.path}", error.message))
    return problems
