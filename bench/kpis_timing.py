"""The measuring and printing of bench/kpis.py: every KPI through the ORM against its hand
SQL (bench/kpis_sql.py), and the dashboard page through the test Client. Needs Django set up.
"""

import statistics
import time
from datetime import date
from decimal import Decimal

import kpis_sql
from django.conf import settings
from django.db import connection

from placements.years import financial_year_label, financial_year_of
from reporting.kpis import Period, compute_all
from reporting.kpis.base import ordered, sharing
from reporting.kpis.population import census_year
from reporting.kpis.reviews import term_start


def normalise(value):
    """Results compared as numbers: Decimal and float alike, to a cent."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, (Decimal, float)):
        return round(float(value), 2)
    return value


def run_sql(sql: str, params: dict):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - started) * 1000, result


def time_kpis(year: int, runs: int, only: set[str]) -> bool:
    period = Period.calendar_year(year)
    fy = financial_year_of(period.start)
    census = census_year(period.snapshot)
    params = {
        "start": period.start,
        "end": period.end,
        "snapshot": period.snapshot,
        "term_start": term_start(period.snapshot),
        "fy": fy,
        "census_year": census,
        "school_start": date(census - 1, 8, 31),
        "council": settings.COUNCIL_NAME,
        "la_code": settings.LA_CODE,
    }
    hand = kpis_sql.queries(financial_year_label(fy), census)
    indicators = [i for i in ordered() if not only or i.code in only]

    # The warm-up is compute_all itself; then every KPI's figures against the hand SQL's.
    warm_up = timed(compute_all, period)[0] if not only else None
    mismatches = []
    for indicator in indicators:
        if indicator.code not in hand:
            continue
        sql, shape = hand[indicator.code]
        orm = normalise(indicator.compute(period).as_dict())
        by_hand = normalise(shape(run_sql(sql, params)).as_dict())
        if orm != by_hand:
            mismatches.append((indicator.code, orm, by_hand))

    # Each run is compute_all's own loop (every registered KPI in order), each KPI timed, and
    # beside it that KPI's hand SQL: alternating keeps the two fair under a shared machine's
    # changing load. A run's total is compute_all's time: as in compute_all, a figure several
    # KPIs share (plans in force on the snapshot ...) is computed once per run, by the first.
    totals, orm_ms, sql_ms = [], {}, {}
    for _ in range(runs):
        total = 0.0
        with sharing():
            for indicator in indicators:
                took = timed(indicator.compute, period)[0]
                total += took
                orm_ms.setdefault(indicator.code, []).append(took)
                if indicator.code in hand:
                    sql, _shape = hand[indicator.code]
                    sql_ms.setdefault(indicator.code, []).append(timed(run_sql, sql, params)[0])
        totals.append(total)

    print(
        f"\nKPIs for {period.start:%Y} (snapshot {period.snapshot:%d/%m/%Y}, financial year "
        f"{financial_year_label(fy)}): median of {runs} runs after a warm-up\n"
    )
    print(f"{'KPI':<12}{'ORM ms':>10}{'SQL ms':>10}{'ratio':>8}")
    sql_total = 0.0
    for indicator in indicators:
        orm = statistics.median(orm_ms[indicator.code])
        if indicator.code in sql_ms:
            by_hand = statistics.median(sql_ms[indicator.code])
            sql_total += by_hand
            print(f"{indicator.code:<12}{orm:>10.1f}{by_hand:>10.1f}{orm / by_hand:>8.2f}")
        else:
            print(f"{indicator.code:<12}{orm:>10.1f}{'-':>10}{'-':>8}   (no hand SQL)")
    whole = statistics.median(totals)
    ratio = whole / sql_total
    print(f"{'total':<12}{whole:>10.1f}{sql_total:>10.1f}{ratio:>8.2f}")
    if warm_up is not None:
        print(f"(the warm-up compute_all call: {warm_up:.1f} ms)")
    print(
        f"\nall KPIs {whole / 1000:.2f}s: {'under' if whole < 5000 else 'OVER'} 5 s; "
        f"{ratio:.2f}x the hand SQL: {'within' if ratio <= 2 else 'NOT within'} 2x"
    )
    if mismatches:
        print(f"\n!!! {len(mismatches)} KPI(s) differ from the hand-written SQL !!!")
        for code, orm, by_hand in mismatches:
            print(f"!!! {code}\n    ORM: {orm}\n    SQL: {by_hand}")
    else:
        print("every KPI's figures match the hand-written SQL")
    return not mismatches


def time_dashboard(requests: int, year: int) -> None:
    from caseload import measure  # bench/caseload.py: warm-up, timed requests, query count
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from accounts.roles import HEAD_OF_SERVICE
    from tests.accounts.otp_helpers import VerifyingClient

    setup_test_environment()  # lets the test Client's "testserver" host through
    head = User.objects.filter(groups__name=HEAD_OF_SERVICE, is_active=True).first()
    client = VerifyingClient()  # force_login completes the head of service's two-factor step
    client.force_login(head)
    print(f"\ndashboard as {head.username} (head of service); {requests} requests after a warm-up")
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'KB':>8}")
    # The page's own default (this year so far) and the last full year, which the data fills.
    for label, params in (("dashboard", {}), (f"dashboard ?year={year}", {"year": year})):
        result = measure(client, reverse("dashboard"), params, requests)
        print(
            f"{label:<28}{result['median']:>10.1f}{result['p95']:>10.1f}"
            f"{result['queries']:>9}{result['bytes'] / 1000:>8.0f}"
        )
