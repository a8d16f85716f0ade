"""A problem the pre-submission checks find: its level, who it concerns, its message, where to
fix it, and the rule it breaks (an id in `rules.RULES`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from django.urls import NoReverseMatch

from .rules import rule
from .selection import Entry, PersonEntry

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: str  # "error" or "warning"
    reference: str  # who or what: the child, and the request or plan
    message: str
    url: str = ""  # where to fix it
    rule: str = ""  # the id in rules.RULES
    child_id: int | None = None  # the child it concerns (None: the whole return or file)
    blocks_file: bool = False  # the file would break its year's schema

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def rule_label(self) -> str:
        return rule(self.rule).label if self.rule else ""


class Where(TypedDict):
    """Where a problem about one entry is fixed: `problem(..., **at)`."""

    entry: Entry
    url: str


def url_of(obj: Any) -> str:
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


def problem(
    rule_id: str,
    person: PersonEntry,
    message: str,
    *,
    entry: Entry | None = None,
    url: str = "",
    level: str = "",
    blocks_file: bool = False,
) -> Problem:
    """A problem about one person: the rule's own level unless given, linked to where it is
    fixed (the child's record unless a request, plan or setting is named)."""
    return Problem(
        level or rule(rule_id).level,
        _what(person, entry) if entry is not None else _who(person),
        message,
        url or url_of(person.child),
        rule_id,
        person.child.pk,
        blocks_file,
    )
