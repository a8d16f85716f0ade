"""Pre-submission checks of the SEN2 return: the business rules that can be checked locally,
plus the schema errors of the generated file against its collection year's schema. Each check
is a small function over the selected return (`export.Sen2Return`) yielding Problems, each
naming its rule in the registry (`rules.RULES`) and the child it concerns; `run_checks` runs
them all. Date, order, age and code checks are in `checks_dates`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from cases.identifiers import uln_error, upn_error

from .checks_dates import check_ages, check_codes, check_dates, check_order
from .export import (
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
from .problems import ERROR, WARNING, Problem, Where, problem, url_of


def check_identifiers(sen2: Sen2Return) -> Iterator[Problem]:
    """UPN failing its check letter (error); no UPN and no reason why (error, or a warning for
    a young person with a ULN instead); a ULN failing its check digit (warning)."""
    for person in sen2.persons:
        child = person.child
        if child.upn:
            if message := upn_error(child.upn):
                yield problem("SP01", person, f"UPN {child.upn}: {message}")
        elif not child.upn_unknown:
            level = WARNING if child.uln else ERROR
            yield problem("SP02", person, "No UPN and no reason it is unknown", level=level)
        if child.uln and (message := uln_error(child.uln)):
            yield problem("SP03", person, f"ULN {child.uln}: {message}")


def check_requests(sen2: Sen2Return) -> Iterator[Problem]:
    """A request without a source; an outcome (of the request or the assessment) without its
    date; a final plan dated before the request."""
    window = sen2.window
    for person in sen2.persons:
        for entry in person.entries:
            request = entry.request
            if request is None or entry.historical:
                continue
            at: Where = {"entry": entry, "url": url_of(request)}
            if not request.source:
                yield problem("SP04", person, "The request has no source (who made it)", **at)
            if request_outcome(entry, window) in ("Y", "N") and not request_outcome_date(
                entry, window
            ):
                yield problem("SP05", person, "The decision whether to assess has no date", **at)
            if assessment_outcome(entry, window) in ("Y", "N") and not assessment_outcome_date(
                entry, window
            ):
                yield problem("SP05", person, "The assessment outcome has no date", **at)
            final = request.final_issued_on
            if final and final < request.received_on:
                yield problem(
                    "SP06", person, "The final plan is dated before the request was received", **at
                )
            plan = entry.plan
            if plan is not None and plan.issued_on and plan.issued_on < request.received_on:
                yield problem(
                    "SP06", person, "The plan's issue date is before the request was received", **at
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
            at: Where = {"entry": entry, "url": url_of(plan)}
            if not placement_details(child, window):
                yield problem(
                    "SP07", person, "The plan has no placement in the collection year", **at
                )
            if window.within(plan.issued_on) and not plan_details(plan):
                yield problem(
                    "SP08",
                    person,
                    "The plan names no setting (no placement named in section I)",
                    **at,
                )
            if plan.issued_on is None:
                yield problem("SP09", person, "The plan has no issue date", **at)
            if plan.status == plan.Status.CEASED and not plan.ceased_on:
                yield problem("SP10", person, "The plan is ceased but has no cease date", **at)
            if plan.ceased_on and window.seen(plan.ceased_on) and not ceased_reason(plan):
                yield problem("SP11", person, "The plan ceased without a reason", **at)
            if not child.primary_need:
                yield problem("SP12", person, "No primary need recorded", entry=entry)
            placements = placements_in_year(child)
            for rank in (1, 2):
                ranked = [p for p in placements if p.rank == rank]
                if len(ranked) > 1:
                    yield problem(
                        "SP13",
                        person,
                        f"{len(ranked)} {'main' if rank == 1 else 'dual'} placements in the "
                        "year: SEN2 holds one, so only the latest is reported",
                        **at,
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
                    yield problem(
                        "SP14",
                        person,
                        f"{setting or 'The setting'} has no URN, no UKPRN and no SEN2 setting type",
                        entry=entry,
                        url=url_of(setting) or url_of(source),
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
        days: defaultdict[date, int] = defaultdict(int)
        for entry in person.entries:
            if entry.request is not None and not entry.historical:
                days[entry.request.received_on] += 1
        for day, count in days.items():
            if count > 1:
                yield problem(
                    "SP17", person, f"{count} requests received on {day:%d/%m/%Y}: a duplicate?"
                )
    for upn, people in by_upn.items():
        if len(people) > 1:
            for person in people:
                yield problem("SP15", person, f"UPN {upn} is used by {len(people)} children")
    for people in by_name.values():
        if len(people) > 1:
            for person in people:
                yield problem(
                    "SP16",
                    person,
                    "Another child has the same names and date of birth: the same person?",
                )


CHECKS = (
    check_identifiers,
    check_requests,
    check_plans,
    check_placements,
    check_duplicates,
    check_dates,
    check_order,
    check_ages,
    check_codes,
)


# Schema errors on these elements repeat what check_codes says in words.
EXPLAINED_BY_CODES = ("/SENtype", "/SENSetting")


def run_checks(sen2: Sen2Return, xml: bytes | None = None) -> list[Problem]:
    """Every business-rule problem, then the schema errors of the generated file, if given
    (less those a code check already explains)."""
    problems = [problem for check in CHECKS for problem in check(sen2)]
    if not sen2.persons:
        problems.append(
            Problem(ERROR, "The return", "Nobody is in the return for this date", rule="SP18")
        )
    if xml is not None:
        explained = any(p.rule in ("SP27", "SP28") for p in problems)
        for error in validate(xml):
            if explained and error.path.endswith(EXPLAINED_BY_CODES):
                continue
            problems.append(schema_problem(error))
    return problems


def schema_problem(error) -> Problem:
    return Problem(ERROR, f"File {error.path}", error.message, rule="SP19", blocks_file=True)


def blocks_file(problems: list[Problem]) -> bool:
    """Whether the file cannot be produced: it would break its year's schema."""
    return any(p.blocks_file for p in problems)
