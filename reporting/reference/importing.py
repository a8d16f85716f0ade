"""Import reference data from CSV: school population counts, comparator values and targets.

Each import takes all of a file or (if any row is wrong) none of it. Every row is checked before
anything is written and every problem is reported with its line number, so a council fixes its
spreadsheet once. A row whose key is already stored updates that row (population: council, year
and phase; comparator: KPI, year, area and area name; target: KPI and year), so importing the
same file twice adds nothing the second time.

Published tables come in their own column names. The population import also reads the layout of
Stockport's 2006 appendix (`la_name, year, total_pupils, pupils_with_statements,
published_percent`): the published percentage is then recorded, besides the counts, as that
council's PREV comparator value for the year. The comparator import reads the same layout (no
`kpi` column, a `published_percent` column) as PREV values of named councils.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from core.audit import audit

# The settings directory's import already has the refusal with its lines and the decoding.
from placements.services.importing import ImportRefused, csv_headers, csv_rows, decode_upload

from ..kpis import KPIS
from ..models import Area, Comparator, PopulationCount, Target

MAX_ROWS = 20_000
FIRST_YEAR = 1990
CENT = Decimal("0.01")
MAX_VALUE = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
PREV = "PREV"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows recorded alongside: the PREV comparators of a population file with percentages.
    comparators: ImportResult | None = None

    @property
    def summary(self) -> str:
        text = f"{self.created} added, {self.updated} updated, {self.unchanged} unchanged"
        if self.comparators is not None:
            c = self.comparators
            text += (
                f"; published percentages as PREV comparators: {c.created} added, "
                f"{c.updated} updated, {c.unchanged} unchanged"
            )
        return text


@dataclass(frozen=True)
class Layout:
    """One kind of file: its columns, which are required, other names its columns go by."""

    kind: str
    title: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict[str, str]
    template_rows: tuple[tuple, ...]


POPULATION = Layout(
    kind="population",
    title="school population counts",
    columns=("la_name", "la_code", "year", "phase", "pupils", "with_plan", "sen_support"),
    required=("la_name", "year", "pupils"),
    aliases={
        "council": "la_name",
        "la": "la_name",
        "local_authority": "la_name",
        "total_pupils": "pupils",
        "pupils_with_statements": "with_plan",
        "pupils_with_plans": "with_plan",
        "with_statement_or_plan": "with_plan",
        "percent": "published_percent",
    },
    template_rows=(
        ("Demo Borough Council", "999", "2025", "all", "30150", "1450", "4120"),
        ("Stockport", "356", "2005", "all", "46770", "1560", ""),
    ),
)
COMPARATORS = Layout(
    kind="comparators",
    title="comparator values",
    columns=("kpi", "year", "area", "area_name", "value", "source"),
    required=("kpi", "year", "area", "value"),
    aliases={"council": "area_name", "name": "area_name", "la_name": "area_name"},
    template_rows=(
        ("T20", "2024", "england", "", "46.4", "DfE EHC plans 2025"),
        ("T20", "2024", "neighbours", "", "52.0", "Statistical neighbours (10)"),
        ("PREV", "2005", "council", "Stockport", "3.3", "Stockport SEN framework 2006"),
    ),
)
TARGETS = Layout(
    kind="targets",
    title="targets",
    columns=("kpi", "year", "value", "tolerance", "baseline", "baseline_year", "note"),
    required=("kpi", "year", "value"),
    aliases={"target": "value"},
    template_rows=(
        ("T20", "2025", "60", "5", "46.4", "2024", "Back to the 2021 level"),
        ("NEW", "2008", "159", "5", "167", "2007", "5% fewer new plans a year"),
    ),
)
LAYOUTS = {layout.kind: layout for layout in (POPULATION, COMPARATORS, TARGETS)}
# The comparator import's reading of a published appendix: named councils' PREV values.
APPENDIX_COLUMNS = ("la_name", "year", "published_percent")


def template_csv(kind: str) -> str:
    layout = LAYOUTS[kind]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(layout.columns)
    writer.writerows(layout.template_rows)
    return out.getvalue()


def _header(name: str | None, aliases: dict[str, str]) -> str:
    key = "_".join((name or "").strip().lower().replace("-", " ").split())
    return aliases.get(key, key)


def _rows(data: bytes, layout: Layout, *, required=None) -> tuple[csv.DictReader, list[str]]:
    """A reader over the file with its headers normalised; refuses a file missing a column."""
    text = decode_upload(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [_header(h, layout.aliases) for h in csv_headers(reader)]
    needed = required or layout.required
    missing = [c for c in needed if c not in headers]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise ImportRefused(
            [
                f"Line 1: the header row has no column{plural} {', '.join(missing)} "
                f"(expected {', '.join(layout.columns)})"
            ]
        )
    reader.fieldnames = headers
    return reader, headers


def _each_row(reader: csv.DictReader):
    """(line number, row) for every row that is not blank, refusing an over-long file."""
    count = 0
    for row in csv_rows(reader):
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a blank line, as spreadsheets leave at the end
        count += 1
        if count > MAX_ROWS:
            raise ImportRefused([f"The file has more than {MAX_ROWS:,} rows: split it"])
        yield reader.line_num, row


class _Row:
    """Reads one row's cells, collecting what is wrong with them in `found`."""

    def __init__(self, row: dict):
        self.row = row
        self.found: list[str] = []

    def text(self, name: str, *, required: bool = False, max_length: int = 200) -> str:
        value = " ".join((self.row.get(name) or "").split())
        if required and not value:
            self.found.append(f"the {name} is missing")
        elif len(value) > max_length:
            self.found.append(f"the {name} is longer than {max_length} characters")
        return value

    def year(self, name: str = "year", *, required: bool = True, ahead: int = 1) -> int | None:
        raw = self.text(name)
        if not raw:
            if required:
                self.found.append(f"the {name} is missing")
            return None
        last = timezone.localdate().year + ahead
        # isascii: "²" is a digit to str.isdigit() but not to int().
        if not (raw.isascii() and raw.isdigit()) or not FIRST_YEAR <= int(raw) <= last:
            self.found.append(f"the {name} '{raw}' is not a year from {FIRST_YEAR} to {last}")
            return None
        return int(raw)

    def count(self, name: str, *, required: bool = False) -> int | None:
        raw = self.text(name).replace(",", "").replace(" ", "")
        if not raw:
            if required:
                self.found.append(f"the {name} is missing")
            return None
        try:
            number = int(raw)
        except ValueError:
            self.found.append(f"the {name} '{raw}' is not a whole number")
            return None
        if number < 0:
            self.found.append(f"the {name} {number} is negative")
            return None
        if number > 2_000_000_000:
            self.found.append(f"the {name} {number} is too large")
            return None
        return number

    def number(self, name: str, *, required: bool = False, percent: bool = False):
        raw = self.text(name).replace(",", "").replace(" ", "")
        if raw.endswith("%"):
            raw = raw[:-1]
        if not raw:
            if required:
                self.found.append(f"the {name} is missing")
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            self.found.append(f"the {name} '{raw}' is not a number")
            return None
        if not number.is_finite():
            self.found.append(f"the {name} '{raw}' is not a number")
            return None
        if number < 0:
            self.found.append(f"the {name} {raw} is negative")
            return None
        if percent and number > 100:
            self.found.append(f"the {name} {raw} is over 100 (a percentage)")
            return None
        if number > MAX_VALUE:
            self.found.append(f"the {name} {raw} is too large")
            return None
        return number.quantize(CENT, rounding=ROUND_HALF_UP)

    def kpi(self, name: str = "kpi"):
        raw = self.text(name, max_length=8)
        code = raw.upper()
        if not raw:
            self.found.append(f"the {name} is missing")
            return None
        if code not in KPIS:
            self.found.append(f"unknown KPI '{raw}'")
            return None
        return KPIS[code]


def _parse(
    data: bytes,
    layout: Layout,
    read: Callable[[_Row], dict],
    key: Callable[[dict], tuple],
    describe: Callable[[dict], str],
    *,
    required=None,
) -> tuple[list[tuple[int, dict]], list[str]]:
    reader, headers = _rows(data, layout, required=required)
    problems: list[str] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for line, raw in _each_row(reader):
        cells = _Row(raw)
        values = read(cells)
        if cells.found:
            problems.append(f"Line {line}: {'; '.join(cells.found)}")
            continue
        first = seen.setdefault(key(values), line)
        if first != line:
            problems.append(f"Line {line}: {describe(values)} is also on line {first}")
            continue
        rows.append((line, values))
    if not rows and not problems:
        problems.append(f"The file has a header row but no {layout.title}")
    if problems:
        raise ImportRefused(problems)
    return rows, headers


# --- population ------------------------------------------------------------------------------

PHASES = {
    **{value: value for value in PopulationCount.Phase.values},
    **{label.lower(): value for value, label in PopulationCount.Phase.choices},
    "": PopulationCount.Phase.ALL,
    "total": PopulationCount.Phase.ALL,
}


def _population_row(cells: _Row) -> dict:
    la_name = cells.text("la_name", required=True, max_length=100)
    la_code = cells.text("la_code", max_length=3)
    if la_code and not (la_code.isascii() and la_code.isdigit() and len(la_code) == 3):
        cells.found.append(f"the la_code '{la_code}' is not 3 digits")
    year = cells.year()
    phase = PHASES.get(cells.text("phase").lower())
    if phase is None:
        cells.found.append(
            f"unknown phase '{cells.text('phase')}' (use {', '.join(PopulationCount.Phase.values)})"
        )
    pupils = cells.count("pupils", required=True)
    with_plan = cells.count("with_plan")
    sen_support = cells.count("sen_support")
    published = cells.number("published_percent", percent=True)
    if pupils is not None:
        if with_plan is not None and with_plan > pupils:
            cells.found.append(f"with_plan {with_plan} is more than the {pupils} pupils")
        if sen_support is not None and sen_support > pupils:
            cells.found.append(f"sen_support {sen_support} is more than the {pupils} pupils")
        elif (
            with_plan is not None
            and sen_support is not None
            and with_plan <= pupils
            and with_plan + sen_support > pupils
        ):
            cells.found.append(f"with_plan and sen_support add up to more than the {pupils} pupils")
    if published is not None and phase not in (None, PopulationCount.Phase.ALL):
        cells.found.append("a published percentage can only be recorded for phase 'all'")
    return {
        "la_name": la_name,
        "la_code": la_code,
        "year": year,
        "phase": phase,
        "pupils": pupils,
        "with_plan": with_plan,
        "sen_support": sen_support,
        "published_percent": published,
    }


def _population_key(values: dict) -> tuple:
    return (values["la_name"].lower(), values["year"], values["phase"])


def parse_population_csv(data: bytes) -> tuple[list[tuple[int, dict]], bool]:
    """Every row as (line, fields), and whether the file has published percentages."""
    rows, headers = _parse(
        data,
        POPULATION,
        _population_row,
        _population_key,
        lambda v: f"{v['la_name']} {v['year']} ({v['phase']})",
    )
    return rows, "published_percent" in headers


@transaction.atomic
def import_population(
    *, data: bytes, by=None, record_percentages: bool = True, source: str = ""
) -> ImportResult:
    """Add or update every population count in the file, or raise ImportRefused and change
    nothing. A `published_percent` column is recorded, unless `record_percentages` is False, as
    each council's PREV comparator value for the year (area "council")."""
    rows, has_percent = parse_population_csv(data)
    fields = ("la_name", "la_code", "pupils", "with_plan", "sen_support")
    existing = {
        _population_key(vars(p)): p
        for p in PopulationCount.objects.filter(year__in={v["year"] for _, v in rows})
    }
    result = _upsert(
        PopulationCount,
        [(existing.get(_population_key(v)), v) for _, v in rows],
        fields=fields,
        create=lambda v: {k: v[k] for k in (*fields, "year", "phase")},
    )
    if has_percent and record_percentages:
        comparators = [
            {
                "kpi": PREV,
                "year": v["year"],
                "area": Area.COUNCIL,
                "area_name": v["la_name"],
                "value": v["published_percent"],
                "source": source[:200] or "Published with the population counts",
            }
            for _, v in rows
            if v["published_percent"] is not None
        ]
        result.comparators = _save_comparators(comparators)
    return result


# --- comparators -----------------------------------------------------------------------------

AREAS = {
    **{value: value for value in Area.values},
    **{label.lower(): value for value, label in Area.choices},
    "statistical neighbours average": Area.STATISTICAL_NEIGHBOURS,
    "neighbour": Area.STATISTICAL_NEIGHBOURS,
    "council": Area.COUNCIL,
    "la": Area.COUNCIL,
}
NAMED_AREAS = (Area.COUNCIL, Area.REGION)


def _comparator_row(cells: _Row) -> dict:
    indicator = cells.kpi()
    year = cells.year()
    raw_area = cells.text("area")
    area = AREAS.get(raw_area.lower())
    if not raw_area:
        cells.found.append("the area is missing")
    elif area is None:
        cells.found.append(f"unknown area '{raw_area}' (use {', '.join(Area.values)})")
    area_name = cells.text("area_name", max_length=100)
    if area in NAMED_AREAS and not area_name:
        cells.found.append(f"the area_name is missing (a {area} needs its name)")
    if area not in NAMED_AREAS:
        area_name = ""  # England and the neighbours' average are one value each
    value = cells.number("value", required=True, percent=bool(indicator and indicator.unit == "%"))
    return {
        "kpi": indicator.code if indicator else None,
        "year": year,
        "area": area,
        "area_name": area_name,
        "value": value,
        "source": cells.text("source"),
    }


def _appendix_row(cells: _Row) -> dict:
    """A row of a published table of councils' % of pupils with a plan (Stockport's appendix)."""
    return {
        "kpi": PREV,
        "year": cells.year(),
        "area": Area.COUNCIL,
        "area_name": cells.text("area_name", required=True, max_length=100),
        "value": cells.number("published_percent", required=True, percent=True),
        "source": cells.text("source"),
    }


def _comparator_key(values: dict) -> tuple:
    return (values["kpi"], values["year"], values["area"], values["area_name"].lower())


def _describe_comparator(values: dict) -> str:
    where = values["area_name"] or Area(values["area"]).label
    return f"{values['kpi']} {values['year']} for {where}"


def parse_comparators_csv(data: bytes) -> list[tuple[int, dict]]:
    """Every row as (line, Comparator fields); a file with no `kpi` column but with `la_name`
    and `published_percent` is read as named councils' PREV values."""
    _, headers = _rows(data, COMPARATORS, required=("year",))
    appendix = "kpi" not in headers and all(
        _header(c, COMPARATORS.aliases) in headers for c in APPENDIX_COLUMNS
    )
    required: tuple[str, ...]
    if appendix:
        read, required = _appendix_row, ("area_name", "year", "published_percent")
    else:
        read, required = _comparator_row, COMPARATORS.required
    rows, _ = _parse(
        data, COMPARATORS, read, _comparator_key, _describe_comparator, required=required
    )
    return rows


def _save_comparators(values: list[dict]) -> ImportResult:
    existing = {
        _comparator_key(vars(c)): c
        for c in Comparator.objects.filter(
            kpi__in={v["kpi"] for v in values}, year__in={v["year"] for v in values}
        )
    }
    return _upsert(
        Comparator,
        [(existing.get(_comparator_key(v)), v) for v in values],
        fields=("area_name", "value", "source"),
        create=lambda v: v,
    )


@transaction.atomic
def import_comparators(*, data: bytes, by=None, source: str = "") -> ImportResult:
    """Add or update every comparator value in the file, or raise ImportRefused and change
    nothing. `source` fills in rows that do not name their own."""
    rows = parse_comparators_csv(data)
    values = []
    for _, v in rows:
        values.append({**v, "source": v["source"] or source[:200]})
    return _save_comparators(values)


# --- targets ---------------------------------------------------------------------------------


def _target_row(cells: _Row) -> dict:
    indicator = cells.kpi()
    percent = bool(indicator and indicator.unit == "%")
    year = cells.year(ahead=10)
    value = cells.number("value", required=True, percent=percent)
    tolerance = cells.number("tolerance", percent=percent)
    baseline = cells.number("baseline", percent=percent)
    baseline_year = cells.year("baseline_year", required=False, ahead=10)
    if year and baseline_year and baseline_year > year:
        cells.found.append(f"the baseline_year {baseline_year} is after the year {year}")
    return {
        "kpi": indicator.code if indicator else None,
        "year": year,
        "value": value,
        "tolerance": tolerance if tolerance is not None else Decimal("0.00"),
        "baseline": baseline,
        "baseline_year": baseline_year,
        "note": cells.text("note", max_length=300),
    }


def parse_targets_csv(data: bytes) -> list[tuple[int, dict]]:
    rows, _ = _parse(
        data,
        TARGETS,
        _target_row,
        lambda v: (v["kpi"], v["year"]),
        lambda v: f"the {v['kpi']} target for {v['year']}",
    )
    return rows


TARGET_FIELDS = ("value", "tolerance", "baseline", "baseline_year", "note")


@transaction.atomic
def import_targets(*, data: bytes, by=None) -> ImportResult:
    """Add or update every target in the file (each change kept in the target's history, with
    who imported it), or raise ImportRefused and change nothing."""
    rows = parse_targets_csv(data)
    existing = {
        (t.kpi, t.year): t for t in Target.objects.filter(year__in={v["year"] for _, v in rows})
    }
    result = ImportResult()
    for _, values in rows:
        target = existing.get((values["kpi"], values["year"]))
        if target is None:
            target = Target(**values, updated_by=by)
            audit(target, by=by, reason="Imported from CSV")
            target.save()
            result.created += 1
            continue
        changed = [k for k in TARGET_FIELDS if getattr(target, k) != values[k]]
        if not changed:
            result.unchanged += 1
            continue
        for name in changed:
            setattr(target, name, values[name])
        target.updated_by = by
        audit(target, by=by, reason=f"Updated from CSV: {', '.join(changed)}")
        target.save()
        result.updated += 1
    return result


# --- shared ----------------------------------------------------------------------------------


def _upsert(model, pairs, *, fields, create) -> ImportResult:
    """Create the rows with no match and update the matched rows that differ, in bulk."""
    result = ImportResult()
    new, changed = [], []
    now = timezone.now()
    for existing, values in pairs:
        if existing is None:
            new.append(model(**create(values)))
            continue
        differs = [name for name in fields if getattr(existing, name) != values[name]]
        if not differs:
            result.unchanged += 1
            continue
        for name in differs:
            setattr(existing, name, values[name])
        existing.imported_at = now
        changed.append(existing)
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, [*fields, "imported_at"], batch_size=1000)
    result.created, result.updated = len(new), len(changed)
    return result


IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    "population": import_population,
    "comparators": import_comparators,
    "targets": import_targets,
}


def run_import(kind: str, *, data: bytes, by=None, **options) -> ImportResult:
    return IMPORTERS[kind](data=data, by=by, **options)
