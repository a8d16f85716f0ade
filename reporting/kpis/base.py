"""What every KPI shares: the period it is computed for, its result, and the registry."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal


def census_day(year: int) -> date:
    """The January school census day of `year`: the third Thursday of January (18 January 2024,
    as in the DfE's SEN2 2024 mock-up). SEN2 counts its caseload on it."""
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


@dataclass(frozen=True)
class Period:
    """Activity KPIs count events dated from `start` to `end` inclusive; caseload KPIs count
    what is open on `snapshot` (SEN2 uses the January census day)."""

    start: date
    end: date
    snapshot: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("the period must end on or after its start")

    @classmethod
    def calendar_year(cls, year: int, snapshot: date | None = None) -> "Period":
        """January to December `year`, the caseload counted on the next January census day (the
        SEN2 reference date), the one day every screen, the paper and the return use."""
        return cls(date(year, 1, 1), date(year, 12, 31), snapshot or census_day(year + 1))

    @classmethod
    def financial_year(cls, year: int, snapshot: date | None = None) -> "Period":
        """April `year` to March `year + 1` (2024 is 2024-25)."""
        return cls(date(year, 4, 1), date(year + 1, 3, 31), snapshot or date(year + 1, 3, 31))

    @classmethod
    def academic_year(cls, year: int, snapshot: date | None = None) -> "Period":
        """September `year` to August `year + 1`."""
        return cls(date(year, 9, 1), date(year + 1, 8, 31), snapshot or date(year + 1, 8, 31))

    @property
    def days(self) -> tuple[date, date]:
        return (self.start, self.end)


@dataclass
class Result:
    """A KPI's value; for a ratio also its numerator and denominator (value is then a
    percentage, or None when the denominator is 0). `breakdown` holds sub-figures (by need,
    by reason ...) as plain numbers."""

    value: float | int | Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    breakdown: dict = field(default_factory=dict)

    @classmethod
    def ratio(cls, numerator: int, denominator: int, **breakdown) -> "Result":
        value = round(100 * numerator / denominator, 1) if denominator else None
        return cls(value, numerator, denominator, breakdown)

    def as_dict(self) -> dict:
        data = {"value": _plain(self.value)}
        if self.denominator is not None:
            data["numerator"] = self.numerator
            data["denominator"] = self.denominator
        if self.breakdown:
            data["breakdown"] = {k: _plain(v) for k, v in self.breakdown.items()}
        return data


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class KPI:
    code: str
    title: str
    unit: str  # "%", "count", "weeks", "£"
    better: str  # "higher" or "lower"
    compute: Callable[[Period], Result]


KPIS: dict[str, KPI] = {}

# The order of docs/domain/kpi-definitions.md, which reports and the command follow; codes not
# listed go last. DfE's headline (T20X, excluding exceptions) leads.
ORDER = (
    *("T20X", "T20", "TAVG", "TLATE", "T6", "TADV", "T16", "RA14", "B43A", "B43B", "S26"),
    *("PROV", "AR", "ARA", "PT", "N", "PREV", "SUPP", "NEW", "REQ", "CEASE", "NEED", "AGE"),
    *("MIX", "INMSS", "OOA", "SPEND", "UNIT", "PB", "MED", "TRIB"),
)


def kpi(code: str, title: str, *, unit: str, better: str):
    """Register the decorated function as the KPI `code`."""

    def register(function: Callable[[Period], Result]):
        KPIS[code] = KPI(code, title, unit, better, function)
        return function

    return register


def ordered() -> list[KPI]:
    position = {code: index for index, code in enumerate(ORDER)}
    return sorted(KPIS.values(), key=lambda k: position.get(k.code, len(ORDER)))


_shared: ContextVar[dict | None] = ContextVar("kpi_shared_figures", default=None)


def shared(key: tuple, compute: Callable):
    """A figure several KPIs need (the plans in force on the snapshot date, say): computed once
    within one compute_all, and afresh on every call outside one."""
    figures = _shared.get()
    if figures is None:
        return compute()
    if key not in figures:
        figures[key] = compute()
    return figures[key]


@contextmanager
def sharing():
    """Within the block, figures passed through `shared` are computed once."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def compute_all(period: Period) -> dict[str, Result]:
    with sharing():
        return {indicator.code: indicator.compute(period) for indicator in ordered()}
