"""Which child already here each person in a SEN2 file is, decided before anything is written.

A person is an existing child only when an identifier and the date of birth agree: the UPN,
else the ULN. An identifier that agrees while the date of birth (or the other identifier)
does not is an error on that person's line, never a merge: either the file or the record is
wrong, and a person must not be merged into someone else's case. Names are compared, and a
difference is a warning (a name changes; a date of birth does not). Two persons in one file
with the same UPN, ULN, or (without either) the same names and date of birth are an error on
the second. A person with neither identifier is matched on names and date of birth, the only
rule left, and the result says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from cases.identifiers import normalise_upn
from cases.models import Child

from .reading import ImportProblem, _date, _text


@dataclass(frozen=True)
class Person:
    element: ET.Element
    line: int | None
    path: str
    upn: str
    uln: str
    first_name: str
    last_name: str
    born: date | None

    @classmethod
    def read(cls, element: ET.Element, index: int, lines: dict) -> Person:
        return cls(
            element=element,
            line=lines.get(element),
            path=f"/Message/Persons/Person[{index}]",
            upn=normalise_upn(_text(element, "UPN")),
            uln=_text(element, "UniqueLearnerNumber"),
            first_name=_text(element, "Forename"),
            last_name=_text(element, "Surname"),
            born=_date(element, "PersonBirthDate"),
        )

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def same_name(self, child: Child) -> bool:
        return (self.first_name.casefold(), self.last_name.casefold()) == (
            child.first_name.casefold(),
            child.last_name.casefold(),
        )


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "no date"


@dataclass
class Identities:
    """`children` maps each person's element to the child it is (None: a new child)."""

    children: dict
    problems: list[ImportProblem]


def _line_of(person: Person, lines: dict, tag: str) -> int | None:
    element = person.element.find(tag)
    return lines.get(element) if element is not None else person.line


def _duplicates_in_file(people: list[Person], lines: dict) -> list[ImportProblem]:
    problems = []
    seen: dict[tuple, Person] = {}
    for person in people:
        keys: list[tuple[str, object, str]] = []
        if person.upn:
            keys.append(("UPN", person.upn, "UPN"))
        if person.uln:
            keys.append(("ULN", person.uln, "UniqueLearnerNumber"))
        if not keys:
            keys.append(("names and date of birth", (person.name.casefold(), person.born), ""))
        for what, value, tag in keys:
            first = seen.setdefault((what, value), person)
            if first is person:
                continue
            shown = f" {value}" if tag else ""
            problems.append(
                ImportProblem(
                    "error",
                    _line_of(person, lines, tag) if tag else person.line,
                    f"{person.path}/{tag}" if tag else person.path,
                    f"The {what}{shown} is also the person's on line {first.line}: one person "
                    "per child in a SEN2 file, so neither is imported until the file is "
                    "corrected",
                )
            )
    return problems


def _disagreement(person: Person, child: Child, by: str) -> str | None:
    """Why `child`, found by the identifier `by`, cannot be this person, or None."""
    if child.date_of_birth != person.born:
        return (
            f"The {by} belongs to a child already here (record {child.pk}) born "
            f"{_day(child.date_of_birth)}, but the file gives {_day(person.born)}: correct the "
            "file or the child's record; the two are not merged"
        )
    if by == "UPN" and person.uln and child.uln and child.uln != person.uln:
        return (
            f"The UPN belongs to a child already here (record {child.pk}) whose ULN is "
            f"{child.uln}, not {person.uln}: correct the file or the child's record"
        )
    if by == "ULN" and person.upn and child.upn and child.upn != person.upn:
        return (
            f"The ULN belongs to a child already here (record {child.pk}) whose UPN is "
            f"{child.upn}, not {person.upn}: correct the file or the child's record"
        )
    return None


def _match(person: Person, lines: dict) -> tuple[Child | None, list[ImportProblem]]:
    for by, field, tag, value in (
        ("UPN", "upn", "UPN", person.upn),
        ("ULN", "uln", "UniqueLearnerNumber", person.uln),
    ):
        if not value:
            continue
        child = Child.objects.filter(**{field: value}).order_by("pk").first()
        if child is None:
            continue
        refusal = _disagreement(person, child, by)
        if refusal:
            line = _line_of(person, lines, tag)
            return None, [ImportProblem("error", line, f"{person.path}/{tag}", refusal)]
        problems = []
        if not person.same_name(child):
            problems.append(
                ImportProblem(
                    "warning",
                    person.line,
                    person.path,
                    f"{person.name} is matched by {by} and date of birth to the child already "
                    f"here as {child.full_name} (record {child.pk}): the record keeps its name",
                )
            )
        return child, problems
    same = Child.objects.filter(
        first_name__iexact=person.first_name,
        last_name__iexact=person.last_name,
        date_of_birth=person.born,  # type: ignore[misc]  # None is "IS NULL" to Django
    ).order_by("pk")
    if person.upn or person.uln:
        twin = same.first()
        if twin is None:
            return None, []
        return None, [
            ImportProblem(
                "warning",
                person.line,
                person.path,
                f"{person.name}, born {_day(person.born)}, is imported as a new child: a child "
                f"with the same names and date of birth is already here (record {twin.pk}) "
                "without this UPN or ULN. Check for a duplicate",
            )
        ]
    child = same.first()
    if child is None:
        message = (
            f"{person.name} has no UPN or ULN, and no child here has the same names and date "
            "of birth: imported as a new child"
        )
    else:
        message = (
            f"{person.name} has no UPN or ULN: matched to the child already here (record "
            f"{child.pk}) by names and date of birth only"
        )
    return child, [ImportProblem("warning", person.line, person.path, message)]


def identify(root: ET.Element, lines: dict) -> Identities:
    people = [
        Person.read(element, index, lines)
        for index, element in enumerate(root.iterfind("Persons/Person"), start=1)
    ]
    problems = _duplicates_in_file(people, lines)
    children = {}
    for person in people:
        child, found = _match(person, lines)
        children[person.element] = child
        problems += found
    return Identities(children, problems)
