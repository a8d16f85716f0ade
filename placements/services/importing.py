"""Import the settings directory from a CSV file: all of it, or (if any row is wrong) none.

Every row is checked before anything is written, and every wrong row is reported with its line
number, so a council fixes its spreadsheet once instead of one error per upload. A row whose
URN (or else UKPRN) is already in the directory updates that setting; any other row adds one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit
from core.uploads import CSV_FILE, UploadRule

from ..codes import Phase, SettingType
from ..models import Setting
from ..models.setting import setting_field_errors

if TYPE_CHECKING:
    from accounts.models import User

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000
COLUMNS = ("urn", "ukprn", "name", "type", "phase", "low_age", "high_age", "la_code", "open")
REQUIRED_COLUMNS = ("name", "type", "la_code")
TRUE_WORDS = {"", "yes", "y", "true", "1", "open"}
FALSE_WORDS = {"no", "n", "false", "0", "closed"}
# What the upload pages accept: the reference data imports use the same rule.
CSV_UPLOAD = UploadRule(
    what="a CSV file (.csv)",
    types={".csv": CSV_FILE},
    limit=MAX_IMPORT_BYTES,
    missing="Select a CSV file",
)

TEMPLATE_ROWS = [
    (
        "100123",
        "",
        "Riverside Primary School",
        "mainstream_maintained",
        "primary",
        "4",
        "11",
        "999",
        "yes",
    ),
    ("", "10012345", "Northgate College", "fe_college", "post16", "16", "25", "999", "yes"),
    ("", "", "Elective home education", "EHE", "not_applicable", "", "", "999", "yes"),
]


class ImportRefused(ValidationError):
    """The file was not imported; `lines` lists every problem, each starting with its line."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__(lines)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _lookup(choices: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Accept a code or its label, in any case ("EHE", "academy", "Maintained special school")."""
    table = {}
    for value, label in choices:
        table[str(value).lower()] = value
        table[str(label).lower()] = value
    return table


SETTING_TYPES = _lookup(SettingType.choices)
PHASES = _lookup(Phase.choices)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def decode_upload(data: bytes) -> str:
    """An uploaded CSV file's text; refuses one too large, empty or not UTF-8."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            [f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it"]
        )
    if not data.strip():
        raise ImportRefused(["The file is empty"])
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            ["The file is not UTF-8 text: in Excel, save it as 'CSV UTF-8 (comma delimited)'"]
        ) from None
    if "\x00" in text:
        # PostgreSQL cannot store NUL in text; a spreadsheet never writes one.
        raise ImportRefused(["The file has a null character in it: it is not a CSV file"])
    return text


def _unreadable(reader: csv.DictReader, error: csv.Error) -> ImportRefused:
    return ImportRefused([f"Line {reader.line_num}: the file cannot be read as CSV ({error})"])


def csv_headers(reader: csv.DictReader) -> list[str]:
    """The header row as written, refusing one the csv module cannot read."""
    try:
        return list(reader.fieldnames or [])
    except csv.Error as error:
        raise _unreadable(reader, error) from None


def csv_rows(reader: csv.DictReader) -> Iterator[dict[str, str]]:
    """The reader's rows, refusing a file the csv module cannot read (a field over its size
    limit, for one) with a message instead of a server error."""
    try:
        yield from reader
    except csv.Error as error:
        raise _unreadable(reader, error) from None


def _row_values(row: dict, line: int, problems: list[str]) -> dict | None:
    """One row's fields for Setting, or None after adding its problems (prefixed by line)."""
    get = lambda name: (row.get(name) or "").strip()  # noqa: E731
    found = []
    setting_type = SETTING_TYPES.get(get("type").lower())
    if not get("type"):
        found.append("the type is missing")
    elif setting_type is None:
        found.append(f"unknown type '{get('type')}'")
    phase = PHASES.get(get("phase").lower(), None) if get("phase") else ""
    if phase is None:
        found.append(f"unknown phase '{get('phase')}'")
    is_open_word = get("open").lower()
    if is_open_word not in TRUE_WORDS | FALSE_WORDS:
        found.append(f"'open' must be yes or no, not '{get('open')}'")
    ages = {}
    for column in ("low_age", "high_age"):
        text = get(column)
        whole = text.isascii() and text.isdigit() and len(text) <= 2
        if text and not whole:
            found.append(f"'{column}' must be a whole number of years, not '{text}'")
        ages[column] = int(text) if whole else None
    errors = setting_field_errors(
        urn=get("urn"), ukprn=get("ukprn"), name=get("name"), la_code=get("la_code"), **ages
    )
    messages = {
        "low_age": f"bad age range '{get('low_age')}' to '{get('high_age')}'",
        "high_age": f"bad age range '{get('low_age')}' to '{get('high_age')}'",
        "name": "the name is missing",
        "urn": f"bad URN '{get('urn')}' (6 digits)",
        "ukprn": f"bad UKPRN '{get('ukprn')}' (8 digits)",
        "la_code": f"bad LA code '{get('la_code')}' (3 digits)",
    }
    if "la_code" in errors and not get("la_code"):
        messages["la_code"] = "the LA code is missing"
    found.extend(messages[name] for name in errors)
    limit = Setting._meta.get_field("name").max_length
    if limit is not None and len(get("name")) > limit:
        found.append("the name is longer than 200 characters")
    if found:
        problems.append(f"Line {line}: {'; '.join(found)}")
        return None
    return {
        "urn": get("urn"),
        "ukprn": get("ukprn"),
        "name": get("name"),
        "setting_type": setting_type,
        "phase": phase,
        **ages,
        "la_code": get("la_code"),
        "in_area": Setting.in_area_for(get("la_code")),
        "is_open": is_open_word not in FALSE_WORDS,
    }


def parse_settings_csv(data: bytes) -> list[tuple[int, dict]]:
    """Every row as (line number, Setting fields); raises ImportRefused listing every problem."""
    text = decode_upload(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [(h or "").strip().lower() for h in csv_headers(reader)]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ImportRefused(
            [
                f"Line 1: the header row has no column {', '.join(missing)} "
                f"(expected {', '.join(COLUMNS)})"
            ]
        )
    reader.fieldnames = headers
    problems: list[str] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in csv_rows(reader):
        line = reader.line_num
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a blank line, as spreadsheets leave at the end
        if len(rows) + len(problems) >= MAX_ROWS:
            raise ImportRefused([f"The file has more than {MAX_ROWS:,} rows: split it"])
        values = _row_values(row, line, problems)
        if values is None:
            continue
        duplicate = False
        for key in ("urn", "ukprn"):
            if values[key]:
                first = seen.setdefault((key, values[key]), line)
                if first != line:
                    problems.append(
                        f"Line {line}: {key.upper()} {values[key]} is also on line {first}"
                    )
                    duplicate = True
        if not duplicate:
            rows.append((line, values))
    if not rows and not problems:
        problems.append("The file has a header row but no settings")
    if problems:
        raise ImportRefused(problems)
    return rows


def _match(values: dict, by_urn: dict, by_ukprn: dict, by_name: dict) -> Setting | None:
    if values["urn"]:
        return by_urn.get(values["urn"])
    if values["ukprn"]:
        return by_ukprn.get(values["ukprn"])
    # A setting with no number (home education, NEET...) is known by its name and type.
    return by_name.get((values["name"].lower(), values["setting_type"]))


@transaction.atomic
def import_settings(*, data: bytes, by: User | None) -> ImportResult:
    """Add or update every setting in the file, or raise ImportRefused and change nothing."""
    rows = parse_settings_csv(data)
    urns = [v["urn"] for _, v in rows if v["urn"]]
    ukprns = [v["ukprn"] for _, v in rows if v["ukprn"]]
    # Three queries whatever the size of the file; rows are then matched in memory.
    by_urn = {s.urn: s for s in Setting.objects.filter(urn__in=urns)}
    by_ukprn = {s.ukprn: s for s in Setting.objects.filter(ukprn__in=ukprns)}
    by_name = {
        (s.name.lower(), s.setting_type): s for s in Setting.objects.filter(urn="", ukprn="")
    }
    plans: list[tuple[Setting | None, dict]] = []
    problems = []
    for line, values in rows:
        existing = _match(values, by_urn, by_ukprn, by_name)
        other = by_ukprn.get(values["ukprn"]) if values["ukprn"] else None
        if other is not None and other != existing:
            problems.append(f"Line {line}: UKPRN {values['ukprn']} already belongs to {other}")
            continue
        plans.append((existing, values))
    if problems:
        raise ImportRefused(problems)
    result = ImportResult()
    for existing, values in plans:
        if existing is None:
            setting = Setting(**values)
            audit(setting, by=by, reason="Imported from CSV")
            setting.save()
            result.created += 1
            continue
        changed = [k for k, v in values.items() if getattr(existing, k) != v]
        if not changed:
            result.unchanged += 1
            continue
        for key in changed:
            setattr(existing, key, values[key])
        audit(existing, by=by, reason=f"Updated from CSV: {', '.join(changed)}")
        existing.save()
        result.updated += 1
    return result
