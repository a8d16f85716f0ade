"""Reading a SEN2 return (schema 2024): the tree, and every problem with its line.

Reading is tolerant of what real exports contain (see tests/data/README.md): an empty element
means the value is absent; a UPN or ULN that fails its check digit is a warning to fix later;
a PlanDetail or PlacementDetail with a URN or UKPRN but no SENSetting is accepted (the DfE guide
asks for SENSetting only without a URN or UKPRN, the published schema always). Anything else the
published schema refuses is an error.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from xmlschema import XsdElement
from xmlschema.names import XSD_NAMESPACE

from cases.identifiers import uln_error, upn_error
from cases.models import (
    Child,
)
from core.model_fields import own_field
from core.uploads import XML_FILE, UploadRule
from placements.codes import SEN2_SETTING
from placements.models import NamedSetting
from plans.models import Plan

from .. import years
from ..export import original_schema

CHANGE_REASON = "SEN2 import"
# A council's return is a few MB; the preview keeps the file in the session until confirmed.
MAX_BYTES = 50 * 1024 * 1024
SEN2_UPLOAD = UploadRule(
    what="a SEN2 XML file (.xml)",
    types={".xml": XML_FILE},
    limit=MAX_BYTES,
    missing="Choose a SEN2 XML file",
)
TRUE = {"1", "true", "TRUE"}


@dataclass(frozen=True)
class ImportProblem:
    level: str  # "error" or "warning"
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "File"
        return f"{where}{f' ({self.path})' if self.path else ''}: {self.message}"


class ImportRefused(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        super().__init__(f"{len(errors)} error(s) in the SEN2 file")


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    warnings: list[ImportProblem] = field(default_factory=list)
    persons: int = 0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


# --- Reading -------------------------------------------------------------------------------------


class _Refuse(Exception):
    pass


def _parse(data: bytes) -> tuple[ET.Element, dict[ET.Element | None, int]]:
    """The element tree and each element's line: expat directly, because ElementTree does not
    keep line numbers. A DOCTYPE is refused (no entities, so no entity expansion attacks)."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element | None, int] = {}  # looked up with find()'s result, maybe None
    parser = xml.parsers.expat.ParserCreate()

    def start(name, attributes):
        lines[builder.start(name, attributes)] = parser.CurrentLineNumber

    def doctype(*args):
        raise _Refuse("the file has a DOCTYPE, which a SEN2 file does not use")

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    parser.Parse(data, True)
    return builder.close(), lines


# Required but plain text, so empty is valid: the postcode of a child whose address is not
# known (the portal's own export writes it so).
KEEP_EMPTY = {"PostCode"}


def _drop_empty(root: ET.Element) -> None:
    """An empty element means the value is absent, as the files other systems export have."""
    for parent in list(root.iter()):
        for element in list(parent):
            if element.tag in KEEP_EMPTY:
                continue
            if len(element) == 0 and not (element.text or "").strip():
                parent.remove(element)


DETAILS = ("PlanDetail", "PlacementDetail")
STAND_IN_SETTING = "OTH"


def _stand_in_settings(root: ET.Element) -> list[tuple[ET.Element, ET.Element]]:
    """Give each PlanDetail/PlacementDetail that has a URN or UKPRN but no SENSetting (accepted,
    see above) a stand-in SENSetting while the schema checks it, so that the schema still
    reports anything else it lacks. Returns (detail, stand-in) pairs to take out again."""
    added = []
    for detail in [e for e in root.iter() if e.tag in DETAILS]:
        numbers = [i for i, child in enumerate(detail) if child.tag in ("URN", "UKPRN")]
        if not numbers or detail.find("SENSetting") is not None:
            continue
        stand_in = ET.Element("SENSetting")
        stand_in.text = STAND_IN_SETTING
        detail.insert(numbers[-1] + 1, stand_in)  # the schema's order: URN, UKPRN, SENSetting
        added.append((detail, stand_in))
    return added


# Free text the schema leaves unbounded, and the fields it is kept in.
STORED_IN = {
    "Forename": (Child, "first_name"),
    "Surname": (Child, "last_name"),
    "PostCode": (Child, "postcode"),
    "UPN": (Child, "upn"),
    "UniqueLearnerNumber": (Child, "uln"),
    "UPNunknown": (Child, "upn_unknown"),
    "SENSettingOther": (NamedSetting, "sen_setting_other"),
    "TransferLA": (Plan, "transferred_from_la"),
}


@cache
def _date_tags() -> frozenset[str | None]:
    """The elements the schema types xs:date (which allows years Python cannot hold)."""
    return frozenset(
        element.local_name
        for element in original_schema().iter_components(xsd_classes=(XsdElement,))
        if isinstance(element, XsdElement) and element.type.name == f"{{{XSD_NAMESPACE}}}date"
    )


def _unstorable_values(root: ET.Element, lines: dict, skip: set) -> list[ImportProblem]:
    """What the schema allows but the database cannot hold: a date outside the years 1 to 9999,
    text longer than its field. Found here, they are errors listed with the rest instead of a
    failure half way through writing."""
    problems = []
    dates = _date_tags()
    for element in root.iter():
        text = (element.text or "").strip()
        if not text or len(element) or element in skip:  # skip: the schema has said why
            continue
        message = ""
        if element.tag in dates:
            try:
                date.fromisoformat(text[:10])
            except ValueError:
                message = f"the date {text[:20]} is not one the portal can record (years 1 to 9999)"
        elif element.tag in STORED_IN:
            model, name = STORED_IN[element.tag]
            limit = own_field(model, name).max_length
            if limit is not None and len(text) > limit:
                message = f"longer than the {limit} characters the portal keeps"
        if message:
            problems.append(ImportProblem("error", lines.get(element), element.tag, message))
    return problems


def _code_from_another_year(element, year) -> str:
    """For a need type the file's year does not have but a later one does, say so."""
    code = (element.text or "").strip() if element is not None else ""
    if element is None or element.tag != "SENtype" or year.accepts_need(code):
        return ""
    since = years.first_year_with_need(code)
    if since is None:
        return ""
    return (
        f"Need type {code} is not in the SEN2 {year.year} code list: DfE added it for {since}. "
        f"A {year.year} return cannot carry it"
    )


def read_file(data: bytes) -> tuple[ET.Element | None, list[ImportProblem]]:
    """The cleaned tree and every problem found; the tree is None when the file is unreadable."""
    root, _lines, problems = read(data)
    return root, problems


def read(data: bytes) -> tuple[ET.Element | None, dict, list[ImportProblem]]:
    """As read_file, with each element's line."""
    if len(data) > MAX_BYTES:
        message = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: it was not read"
        return None, {}, [ImportProblem("error", None, "", message)]
    try:
        root, lines = _parse(data)
    except xml.parsers.expat.ExpatError as error:
        message = f"Not well-formed XML: {error}"
        return None, {}, [ImportProblem("error", error.lineno, "", message)]
    except _Refuse as error:
        return None, {}, [ImportProblem("error", None, "", str(error))]
    if root.tag != "Message":
        problem = ImportProblem("error", lines.get(root), root.tag, "This is not a SEN2 file")
        return None, lines, [problem]
    try:
        # The file's own collection year chooses its code lists (DS only from 2025).
        year = years.for_header(root)
        schema = year.schema()
    except years.UnsupportedYear as unsupported:
        year_element = root.find("Header/CollectionDetails/Year")
        return (
            None,
            lines,
            [ImportProblem("error", lines.get(year_element), "Year", str(unsupported))],
        )
    _drop_empty(root)
    problems: list[ImportProblem] = []
    seen = set()
    stand_ins = _stand_in_settings(root)
    errors = list(schema.iter_errors(root))
    for detail, stand_in in stand_ins:
        detail.remove(stand_in)
    for invalid in errors:
        key = (invalid.path, invalid.reason)
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            ImportProblem(
                "error",
                lines.get(invalid.elem),
                invalid.path or "",
                _code_from_another_year(invalid.elem, year)
                or invalid.reason
                or str(invalid.message),
            )
        )
    problems += _unstorable_values(root, lines, skip={error.elem for error in errors})
    if problems:
        return root, lines, problems
    for index, person in enumerate(root.iterfind("Persons/Person"), start=1):
        path = f"/Message/Persons/Person[{index}]"
        for tag, check in (("UPN", upn_error), ("UniqueLearnerNumber", uln_error)):
            element = person.find(tag)
            if element is not None and (fault := check((element.text or "").strip())):
                problems.append(
                    ImportProblem(
                        "warning",
                        lines.get(element),
                        f"{path}/{tag}",
                        f"{fault} ({(element.text or '').strip()}): imported, to be corrected",
                    )
                )
    return root, lines, problems


def _text(element: ET.Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _date(element, tag: str) -> date | None:
    text = _text(element, tag)
    return date.fromisoformat(text[:10]) if text else None


def _flag(element, tag: str) -> bool:
    return _text(element, tag) in TRUE


def semantic_problems(root: ET.Element, lines: dict) -> list[ImportProblem]:
    """What the schema allows but the models cannot hold."""
    problems = []
    for index, person in enumerate(root.iterfind("Persons/Person"), start=1):
        path = f"/Message/Persons/Person[{index}]"
        for detail in person.iter():
            if detail.tag not in ("PlanDetail", "PlacementDetail"):
                continue
            code = _text(detail, "SENSetting")
            if code and code not in SEN2_SETTING:
                problems.append(
                    ImportProblem("error", lines.get(detail), path, f"Unknown SENSetting {code}")
                )
            if detail.tag == "PlacementDetail" and not (
                _text(detail, "URN") or _text(detail, "UKPRN") or code
            ):
                problems.append(
                    ImportProblem(
                        "error",
                        lines.get(detail),
                        f"{path}/.../PlacementDetail",
                        "A placement needs a URN, a UKPRN or a SENSetting",
                    )
                )
    return problems
