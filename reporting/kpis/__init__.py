"""The KPIs of docs/domain/kpi-definitions.md, each a documented function over aggregate queries.

`compute_all(period)` returns every registered KPI's Result for a period and a snapshot date.
"""

from . import (  # noqa: F401 - each registers its KPIs
    caseload,
    disagreement,
    placing,
    population,
    reviews,
    timeliness,
)
from .base import KPIS, Period, Result, compute_all

__all__ = ["KPIS", "Period", "Result", "compute_all"]
