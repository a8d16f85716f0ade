"""The supplement: a CSV keyed by UPN with the List 1 columns the product does not hold
(suspensions, exclusions, absence, pupil premium, social care, disability), usually exported
from the schools' or social care's systems.

The first row names the columns: UPN and any of the template's imported columns, spelt as the
template spells them. Every problem is reported with its line, and one problem refuses the whole
file: a half-merged list sent to inspectors would be worse than none. A UPN that is not on the
list is reported but does not refuse the file, because the schools' extracts routinely include
pupils whose plans have ceased.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cases.identifiers import normalise_upn
from core.uploads import CSV_FILE, MEGABYTE, UploadRule

from .columns import IMPORTED, UPN, Kind

MAX_ROWS = 50_000
SUPPLEMENT_UPLOAD = UploadRule(
    what="a CSV file (.csv)",
    types={".csv": CSV_FILE},
    limit=5 * MEGABYTE,
    subject="The supplement",
    missing="Select a CSV file",
)
MAX_TEXT = 100
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
# A cell a spreadsheet would run as a formula: refused rather than altered.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


class SupplementRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the supplement")
        self.problems = problems


@dataclass
class Supplement:
    columns: tuple[str, ...]  # the template columns it supplies, in the template's order
    values: dict[str, dict[str, object]] = field(default_factory=dict)  # by UPN
    unknown_upns: list[Problem] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.values)


IMPORTABLE = {column.name: column for column in IMPORTED}


def _heading(text: str) -> str:
    # Spreadsheets turn ' into a curly apostrophe; the template's spelling is the straight one.
    return " ".join(text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'").split()).casefold()


HEADINGS = {_heading(name): name for name in (UPN, *IMPORTABLE)}


def parse_value(kind: Kind, text: str) -> object:
    """The cell as the list writes it; ValueError with the reason if it is not valid."""
    if kind == Kind.COUNT:
        if not (text.isascii() and text.isdigit()):
            raise ValueError("is not a whole number of 0 or more")
        return int(text)
    if kind == Kind.PERCENT:
        try:
            number = Decimal(text.removesuffix("%").strip())
        except InvalidOperation:
            raise ValueError("is not a percentage") from None
        if not number.is_finite() or not 0 <= number <= 100:
            raise ValueError("is not a percentage from 0 to 100")
        return float(number)
    if kind == Kind.YES_NO:
        if text.casefold() in YES:
            return "Yes"
        if text.casefold() in NO:
            return "No"
        raise ValueError("is not Yes or No")
    if len(text) > MAX_TEXT:
        raise ValueError(f"is longer than {MAX_TEXT} characters")
    if text.startswith(FORMULA_STARTS):
        raise ValueError("starts like a spreadsheet formula")
    return text


def _read_header(row: list[str], problems: list[Problem]) -> list[str | None]:
    names: list[str | None] = []
    for cell in row:
        name = HEADINGS.get(_heading(cell))
        if name is None and cell.strip():
            problems.append(Problem(1, f"unknown column {cell.strip()!r}"))
        if name is not None and name in names:
            problems.append(Problem(1, f"column {name!r} appears twice"))
        names.append(name)
    if UPN not in names:
        problems.append(Problem(1, "there is no UPN column"))
    if not any(name in IMPORTABLE for name in names):
        problems.append(
            Problem(1, "no column to import: use the template's names, e.g. 'Suspensions'")
        )
    return names


def read_supplement(data: bytes, *, known_upns: set[str]) -> Supplement:
    """The supplement's values by UPN; SupplementRefused with every problem if any."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SupplementRefused([Problem(1, "the file is not UTF-8 text")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    header = next(reader, None)
    if not header:
        raise SupplementRefused([Problem(1, "the file is empty")])
    names = _read_header(header, problems)
    if problems:
        raise SupplementRefused(problems)
    supplied = tuple(name for name in IMPORTABLE if name in names)
    supplement = Supplement(columns=supplied)
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(first_line) >= MAX_ROWS:
            problems.append(Problem(line, f"more than {MAX_ROWS:,} rows"))
            break
        if len(row) != len(names):
            problems.append(Problem(line, f"{len(row)} cells where the header has {len(names)}"))
            continue
        cells = {name: cell.strip() for name, cell in zip(names, row, strict=True) if name}
        upn = normalise_upn(cells[UPN])
        if not upn:
            problems.append(Problem(line, "the UPN is empty"))
            continue
        if upn in first_line:
            problems.append(Problem(line, f"UPN {upn} is also on line {first_line[upn]}"))
            continue
        first_line[upn] = line
        values = {}
        for name in supplied:
            if not cells[name]:
                continue
            try:
                values[name] = parse_value(IMPORTABLE[name].kind, cells[name])
            except ValueError as error:
                problems.append(Problem(line, f"{name}: {cells[name]!r} {error}"))
        if upn not in known_upns:
            supplement.unknown_upns.append(
                Problem(line, f"UPN {upn} is not a child on the list (row ignored)")
            )
        else:
            supplement.values[upn] = values
    if problems:
        raise SupplementRefused(problems)
    return supplement
