"""Drafting a board report's content: every KPI for this period and the one before, read
against targets, comparators and quartiles; the key messages; the charts' data; and the
appendix comparison table of councils over years (Stockport's Appendix 2).

`build_report_content(report, progress=...)` returns plain JSON-ready data; the HTML, PDF, CSV
and XLSX are all rendered from it (reporting.board.render), so they show the same figures
however long after the report was built, and editing the paper's words never recomputes.

Targets, comparators and populations are read here with a few small queries of their own.
"""

from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cases.codes import Need
from placements.codes import KpiCategory
from reporting.kpis import KPIS
from reporting.kpis.base import KPI, Period, Result, ordered
from reporting.models import Area, Comparator, PopulationCount, Target

from .. import rag
from . import periods

CONTENT_VERSION = 1
# KPIs whose value only totals a breakdown shown as a chart (NEED and AGE total N again).
BREAKDOWN_ONLY = {"NEED", "AGE"}
MESSAGES_MIN, MESSAGES_MAX = 5, 8
HISTORY_YEARS = 5
APPENDIX_YEARS = 6
# T20X is DfE's headline (excluding exceptions): the one compared with England and neighbours.
HISTORY_KPIS = ("T20X", "N", "NEW")


def report_period(report) -> Period:
    return Period(report.period_start, report.period_end, report.snapshot)


def _number(value):
    return None if value is None else float(value)


# Reference data ------------------------------------------------------------------------------


def own_council_q() -> Q:
    return Q(la_name=settings.COUNCIL_NAME) | Q(la_code=settings.LA_CODE)


def targets_for(year: int) -> dict[str, dict]:
    """Each KPI's target for `year`, and its baseline: the year's own, or else the latest
    earlier target's (a baseline is set once and carried)."""
    found: dict[str, dict] = {}
    for row in Target.objects.filter(year__lte=year).order_by("kpi", "year"):
        entry = found.setdefault(row.kpi, {"target": None, "tolerance": None, "baseline": None})
        if row.baseline is not None:
            entry["baseline"], entry["baseline_year"] = _number(row.baseline), row.baseline_year
        if row.year == year:
            entry["target"], entry["tolerance"] = _number(row.value), _number(row.tolerance)
    return found


def comparators_for(year: int) -> dict[str, dict]:
    """Per KPI: the statistical-neighbour average, England, and each named council's value."""
    found: dict[str, dict] = {}
    for row in Comparator.objects.filter(year=year):
        entry = found.setdefault(row.kpi, {"neighbours": None, "england": None, "councils": {}})
        if row.area == Area.STATISTICAL_NEIGHBOURS:
            entry["neighbours"] = _number(row.value)
        elif row.area == Area.ENGLAND:
            entry["england"] = _number(row.value)
        elif row.area == Area.COUNCIL and row.area_name != settings.COUNCIL_NAME:
            entry["councils"][row.area_name] = _number(row.value)
    return found


def comparator_names() -> list[str]:
    """Every council a report may be compared with: those with comparator values or published
    populations, the council itself left out."""
    names = set(
        Comparator.objects.filter(area=Area.COUNCIL)
        .exclude(area_name="")
        .values_list("area_name", flat=True)
    ) | set(PopulationCount.objects.exclude(own_council_q()).values_list("la_name", flat=True))
    names.discard(settings.COUNCIL_NAME)
    return sorted(names)


# The KPI table -------------------------------------------------------------------------------


def kpi_row(
    indicator: KPI,
    this: Result,
    last: Result,
    *,
    target: dict,
    comparison: dict,
    names: list[str],
    last_label: str = "",
) -> dict:
    """One row of the KPI table, with its RAG, quartile, trend and sentence."""
    value, previous = _number(this.value), _number(last.value)
    councils = comparison.get("councils", {})
    status = rag.rag(value, target.get("target"), target.get("tolerance"), indicator.better)
    row = {
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "better": indicator.better,
        "baseline": target.get("baseline"),
        "baseline_year": target.get("baseline_year"),
        "target": target.get("target"),
        "tolerance": target.get("tolerance"),
        "this": value,
        "numerator": this.numerator,
        "denominator": this.denominator,
        "last": previous,
        "trend": rag.trend(value, previous, indicator.better).as_dict(),
        "neighbours": comparison.get("neighbours"),
        "england": comparison.get("england"),
        "named": {name: councils.get(name) for name in names},
        "quartile": rag.quartile(value, list(councils.values()), indicator.better),
        "rag": status,
        "rag_label": rag.RAG_LABELS[status],
        "breakdown": this.as_dict().get("breakdown", {}),
    }
    row["sentence"] = rag.change_sentence(
        indicator,
        value,
        previous,
        target=row["target"],
        england=row["england"],
        neighbours=row["neighbours"],
        last_label=last_label,
    )
    return row


def key_messages(rows: list[dict]) -> list[dict]:
    """The most notable changes first: 5 to 8 sentences (fewer only if fewer KPIs have a
    figure). Breakdown-only KPIs are left to their charts."""
    candidates = [
        row
        for row in rows
        if row["code"] not in BREAKDOWN_ONLY
        and (row["this"] is not None or row["last"] is not None)
    ]
    scored = sorted(
        candidates,
        key=lambda row: -rag.notability(
            _Indicator(row), row["this"], row["last"], rag_status=row["rag"]
        ),
    )
    notable = [
        row
        for row in scored
        if rag.notability(_Indicator(row), row["this"], row["last"], rag_status=row["rag"]) > 0
    ][:MESSAGES_MAX]
    for row in candidates:  # fill up to the minimum in the registry's order
        if len(notable) >= MESSAGES_MIN:
            break
        if row not in notable and row["this"] is not None:
            notable.append(row)
    return [{"code": row["code"], "text": row["sentence"], "rag": row["rag"]} for row in notable]


class _Indicator:
    """A KPI table row seen as the KPI it describes (code, title, unit, better)."""

    def __init__(self, row: dict):
        self.code, self.title = row["code"], row["title"]
        self.unit, self.better = row["unit"], row["better"]


# Charts --------------------------------------------------------------------------------------


def _line(key, title, unit, series: dict[str, list]) -> dict:
    labels = []
    for points in series.values():
        labels += [label for label, _ in points if label not in labels]
    values = {name: dict(points) for name, points in series.items()}
    return {
        "key": key,
        "kind": "line",
        "title": title,
        "unit": unit,
        "series": {name: [list(point) for point in points] for name, points in series.items()},
        "table": {
            "columns": [{"label": "Period", "unit": "text"}]
            + [{"label": name, "unit": unit} for name in series],
            "rows": [[label, *(values[name].get(label) for name in series)] for label in labels],
        },
    }


def _bars(key, title, unit, bars, *, label="", highlight=None, counts=None) -> dict:
    columns = [{"label": label, "unit": "text"}]
    if counts is not None:
        columns.append({"label": "Number", "unit": "count"})
    columns.append({"label": "Per cent" if unit == "%" else "Value", "unit": unit})
    rows = [[name, *([counts[name]] if counts is not None else []), value] for name, value in bars]
    return {
        "key": key,
        "kind": "bar",
        "title": title,
        "unit": unit,
        "bars": [[name, value] for name, value in bars],
        "highlight": highlight,
        "table": {"columns": columns, "rows": rows},
    }


def history_charts(history: dict[str, list[tuple[str, float | None]]], t20x_comparators) -> list:
    council = settings.COUNCIL_NAME
    charts = []
    series = {council: history["T20X"]}
    for name, points in t20x_comparators.items():
        if any(value is not None for _, value in points):
            series[name] = points
    charts.append(
        _line(
            "t20x",
            "New EHC plans issued within 20 weeks, excluding exceptions (DfE's headline)",
            "%",
            series,
        )
    )
    charts.append(
        _line("n", "Children and young people with a plan", "count", {council: history["N"]})
    )
    new = _bars("new", "New plans issued", "count", history["NEW"], label="Period")
    charts.append(new)
    return charts


def breakdown_charts(this: dict[str, Result]) -> list:
    charts = []
    mix = this.get("MIX")
    if mix is not None and mix.denominator:
        labels = dict(KpiCategory.choices)
        shares = {k: v for k, v in mix.breakdown.items() if k in labels}
        bars = [(labels[k], shares[k]["percent"]) for k in labels if k in shares]
        counts = {labels[k]: shares[k]["count"] for k in labels if k in shares}
        charts.append(
            _bars(
                "mix",
                "Where children with plans are educated",
                "%",
                bars,
                label="Setting",
                counts=counts,
            )
        )
    need = this.get("NEED")
    if need is not None and need.value:
        labels = {**dict(Need.choices), "none": "Not recorded"}
        rows = [
            (labels.get(code, code), figures["count"], figures["percent"])
            for code, figures in need.breakdown.items()
            if figures["count"]
        ]
        rows.sort(key=lambda row: -row[1])
        charts.append(
            _bars(
                "need",
                "Primary need of children with a plan",
                "%",
                [(name, percent) for name, _count, percent in rows],
                label="Primary need",
                counts={name: count for name, count, _ in rows},
            )
        )
    return charts


def appendix_chart(appendix: dict) -> dict | None:
    if not appendix["rows"] or not appendix["years"]:
        return None
    year = appendix["years"][-1]
    bars = [
        (row["name"], row["values"].get(str(year)))
        for row in appendix["rows"]
        if row["values"].get(str(year)) is not None
    ]
    bars.sort(key=lambda bar: -bar[1])
    own = next((row["name"] for row in appendix["rows"] if row["own"]), None)
    return _bars(
        "prevalence",
        f"Pupils with a statement or EHC plan, January {year}",
        "%",
        bars,
        label="Council",
        highlight=own,
    )


# The appendix --------------------------------------------------------------------------------


def appendix_table(*, names: list[str], up_to: int) -> dict:
    """The percentage of pupils with a statement or plan, per council per January census year
    (the latest APPENDIX_YEARS years with data up to `up_to`), the council itself first, and the
    change in percentage points from the first year to the last (from the unrounded shares, as
    Stockport's "overall" column). Counts come from PopulationCount rows for all phases that
    publish `with_plan`; with no councils chosen, every council with data is shown. A council
    is listed if it has a figure in the span; a missing year is None (a dash in the paper), and
    so is the change when the first or the last year is missing."""
    counts = PopulationCount.objects.filter(
        phase=PopulationCount.Phase.ALL, with_plan__isnull=False, pupils__gt=0, year__lte=up_to
    )
    if names:
        counts = counts.filter(Q(la_name__in=names) | own_council_q())
    rows = list(counts.values("la_name", "la_code", "year", "pupils", "with_plan"))
    years = sorted({row["year"] for row in rows})[-APPENDIX_YEARS:]
    councils: dict[str, dict] = {}
    for row in rows:
        if row["year"] not in years:
            continue
        own = row["la_name"] == settings.COUNCIL_NAME or row["la_code"] == settings.LA_CODE
        council = councils.setdefault(
            row["la_name"], {"name": row["la_name"], "own": own, "shares": {}, "counts": {}}
        )
        council["own"] = council["own"] or own
        council["shares"][row["year"]] = 100 * (row["with_plan"] or 0) / row["pupils"]
        council["counts"][str(row["year"])] = [row["with_plan"], row["pupils"]]
    table = []
    for council in sorted(councils.values(), key=lambda c: (not c["own"], c["name"])):
        shares = council.pop("shares")
        first, last = (shares.get(years[0]), shares.get(years[-1])) if years else (None, None)
        council["values"] = {str(year): round(share, 1) for year, share in shares.items()}
        council["change"] = (
            round(last - first, 1) if first is not None and last is not None else None
        )
        table.append(council)
    return {"years": years, "rows": table}


# Putting it together -------------------------------------------------------------------------


def _period_dict(period: Period) -> dict:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "snapshot": period.snapshot.isoformat(),
        "label": periods.short_label(period),
        "long_label": periods.long_label(period),
        "year": periods.year_of(period),
    }


def build_report_content(report, progress: Callable[[int, int], None] | None = None) -> dict:
    """Compute everything the paper shows for `report` (a BoardReport, saved or not) and return
    it as JSON-ready data. `progress(done, total)` is called after each KPI (both periods), then
    after the charts' history and after the appendix: total = number of KPIs + 2."""
    report_progress = progress or (lambda done, total: None)
    period = report_period(report)
    before = periods.previous(period)
    year = periods.year_of(period)
    names = list(report.comparator_names or [])
    indicators = ordered()
    total = len(indicators) + 2
    targets, comparisons = targets_for(year), comparators_for(year)
    # "rose from 41.0% in 2023 to ...", but a span of odd dates would not read as well.
    last_label = "" if periods.kind_of(before) == periods.CUSTOM else periods.short_label(before)
    report_progress(0, total)

    results: dict[str, Result] = {}
    cache: dict[tuple[str, Period], Result] = {}
    rows = []
    for done, indicator in enumerate(indicators, start=1):
        this = cache[(indicator.code, period)] = indicator.compute(period)
        last = cache[(indicator.code, before)] = indicator.compute(before)
        results[indicator.code] = this
        if indicator.code not in BREAKDOWN_ONLY:
            rows.append(
                kpi_row(
                    indicator,
                    this,
                    last,
                    target=targets.get(indicator.code, {}),
                    comparison=comparisons.get(indicator.code, {}),
                    names=names,
                    last_label=last_label,
                )
            )
        report_progress(done, total)

    history_periods = [periods.shift_months(period, -12 * back) for back in range(HISTORY_YEARS)]
    history_periods.reverse()
    history: dict[str, list] = {code: [] for code in HISTORY_KPIS}
    for code in HISTORY_KPIS:
        history_kpi = KPIS.get(code)
        for when in history_periods:
            if history_kpi is None:
                value = None
            else:
                if (code, when) not in cache:
                    cache[(code, when)] = history_kpi.compute(when)
                value = _number(cache[(code, when)].value)
            history[code].append((periods.short_label(when), value))
    t20x_comparators = _history_comparators("T20X", history_periods)
    charts = history_charts(history, t20x_comparators) + breakdown_charts(results)
    report_progress(len(indicators) + 1, total)

    appendix = appendix_table(names=names, up_to=period.snapshot.year)
    chart = appendix_chart(appendix)
    if chart is not None:
        charts.append(chart)
    report_progress(total, total)

    return {
        "version": CONTENT_VERSION,
        "council": settings.COUNCIL_NAME,
        "la_code": settings.LA_CODE,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "period": _period_dict(period),
        "previous": _period_dict(before),
        "comparator_names": names,
        "kpis": rows,
        "messages": key_messages(rows),
        "charts": charts,
        "appendix": appendix,
    }


def _history_comparators(code: str, history_periods: list[Period]) -> dict[str, list]:
    years = {periods.year_of(when): periods.short_label(when) for when in history_periods}
    found = {
        (row.area, row.year): _number(row.value)
        for row in Comparator.objects.filter(
            kpi=code, year__in=years, area__in=[Area.STATISTICAL_NEIGHBOURS, Area.ENGLAND]
        )
    }
    return {
        label: [(years[year], found.get((area, year))) for year in years]
        for area, label in (
            (Area.STATISTICAL_NEIGHBOURS, "Statistical neighbours"),
            (Area.ENGLAND, "England"),
        )
    }
