"""Loading a SEN2 return (schema 2024) into children, requests, assessments, plans and
placements: the migration from another system.

Three steps, one module each: reading the file (reading.py: every problem the schema or the
models would meet, with its line), telling who each person is (matching.py: an identifier and
the date of birth must agree, else an error), and recording what it holds through the services
the pages use (writing.py), so imported cases have their deadlines, next reviews and chronology.

All or nothing: a problem of any of the three steps that is an error refuses the whole file,
in one transaction, and every error found is listed with its line. Children are created in the
team given (Child.team is optional: without one they are unallocated). Every history row is
saved with the importing user and the reason "SEN2 import". No email is sent: the services
record, and only the daily scan raises alerts, for deadlines still open.
"""

from __future__ import annotations

from django.db import transaction

from .. import years
from .history import history_reason
from .matching import identify
from .reading import (
    CHANGE_REASON,
    MAX_BYTES,
    SEN2_UPLOAD,
    ImportProblem,
    ImportRefused,
    ImportResult,
    _date,
    _text,
    read,
    read_file,
    semantic_problems,
)
from .writing import StepRefused, Writer

__all__ = [
    "CHANGE_REASON",
    "MAX_BYTES",
    "SEN2_UPLOAD",
    "ImportProblem",
    "ImportRefused",
    "ImportResult",
    "import_sen2",
    "read_file",
]


class _Rollback(Exception):
    pass


def _by_received(element) -> tuple:
    # A request's steps are refused while an earlier one is open, so the file's requests are
    # recorded in the order they arrived; entries with no request (plans issued before) first.
    received = _date(element, "ReceivedDate")
    return (received is not None, received)


def import_sen2(data: bytes, *, by=None, team=None, dry_run: bool = False) -> ImportResult:
    """Import the file, or raise ImportRefused with every problem if it has any error. With
    `dry_run` the rows are written and rolled back: the result says what would be created."""
    root, lines, problems = read(data)
    if root is not None and not any(p.level == "error" for p in problems):
        problems += semantic_problems(root, lines)
    if root is None or any(p.level == "error" for p in problems):
        raise ImportRefused(problems)
    identities = identify(root, lines)
    problems += identities.problems
    if any(p.level == "error" for p in problems):
        raise ImportRefused(problems)
    children = identities.children
    writer = Writer(
        by=by,
        team=team,
        la_code=_text(root, "Header/Source/LEA"),
        lines=lines,
        # The age limit is judged on the return's own reference date (a 2024 return's young
        # people were 25 or under then), not on the day it is imported.
        as_of=years.for_header(root).reference_date,
    )
    writer.result.warnings = problems
    errors: list[ImportProblem] = []
    try:
        with history_reason(CHANGE_REASON), transaction.atomic():
            for person in root.iterfind("Persons/Person"):
                writer.result.persons += 1
                try:
                    # A refused step ends this person's import but not the search for more
                    # errors in the others; nothing is kept if there is any.
                    with transaction.atomic():
                        child = writer.child(person, children[person])
                        for element in sorted(person.iterfind("Requests"), key=_by_received):
                            request = writer.request(child, element)
                            writer.plan(child, request, element)
                except StepRefused as refused:
                    errors.append(refused.problem)
            if errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if errors:
        raise ImportRefused(problems + errors)
    return writer.result
