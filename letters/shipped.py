"""The wording shipped with the product, one file per letter in letters/wording/ (issue 20).

Each file starts with a header (title, the law it serves, to whom, the subject line), then
``---`` and the body. A council's administrators change the wording on screen; what ships here
is version 1 of every letter, and what a fresh council sends until someone changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDING = Path(__file__).with_name("wording")
HEADER_FIELDS = ("title", "serves", "recipients", "subject")


@dataclass(frozen=True)
class ShippedWording:
    kind: str
    title: str
    serves: str
    recipients: str
    subject: str
    body: str


def read(path: Path) -> ShippedWording:
    head, separator, body = path.read_text(encoding="utf-8").partition("\n---\n")
    if not separator:
        raise ValueError(f"{path.name}: no '---' line between the header and the body")
    fields: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=1):
        name, colon, value = line.partition(":")
        if not colon or name.strip() not in HEADER_FIELDS:
            raise ValueError(f"{path.name} line {number}: expected one of {HEADER_FIELDS}")
        fields[name.strip()] = value.strip()
    if missing := [name for name in HEADER_FIELDS if not fields.get(name)]:
        raise ValueError(f"{path.name}: the header has no {', '.join(missing)}")
    return ShippedWording(kind=path.stem, body=body.strip("\n") + "\n", **fields)


@cache
def shipped() -> dict[str, ShippedWording]:
    """Every shipped letter by its kind (the file's name), in the order of their titles."""
    wordings = [read(path) for path in sorted(WORDING.glob("*.txt"))]
    return {w.kind: w for w in sorted(wordings, key=lambda w: w.title)}


def title_of(kind: str, default: str) -> str:
    """The letter's title, or `default` for a kind no longer shipped."""
    wording = shipped().get(kind)
    return wording.title if wording else default


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, wording.title) for kind, wording in shipped().items()]
