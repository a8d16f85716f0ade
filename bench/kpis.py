"""Time the whole KPI set at national scale, against the same aggregates written by hand in SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_bench_national DEBUG=true \\
        .venv/bin/python bench/kpis.py --plans 650000

Builds a synthetic data set with set-based SQL (INSERT ... SELECT over generate_series, in one
transaction): `--plans` plans (EHC plans and some statements, some transferred in, some ceased),
requests for assessment over the last three full years (150,000 a year per 650,000 plans) with
their Deadline rows, advice, exceptions, annual reviews and their deadlines, section F provision
and its delivery checks, about 1,200 settings of every type, placements, cost lines for three
financial years, personal budgets, mediations and tribunal appeals. A second run finds the data
there and starts at once (`--rebuild` to start again). Then VACUUM ANALYZE.

Then `compute_all(Period.calendar_year(Y))` for the last full year, and each KPI alone, against
the hand-written SQL of bench/kpis_sql.py: a warm-up, then `--runs` timed runs, median. Every
KPI's figures are compared with the SQL's; a mismatch is printed loudly.

`--dashboard` times the dashboard page instead (signed in as the head of service), on a
council-scale database (`--plans 30000`). Never point it at a real council's database.

This file is the entry point (its options); the data set is built by bench/kpis_build.py from
the steps of bench/kpis_build_requests.py and bench/kpis_build_plans.py, and measured and
printed by bench/kpis_timing.py.
"""

import argparse
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from kpis_build import build, row_counts  # noqa: E402 - bench/ is on sys.path
from kpis_build_requests import NATIONAL_PLANS  # noqa: E402
from kpis_timing import time_dashboard, time_kpis  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, help="650,000 (national); 30,000 with --dashboard")
    parser.add_argument("--year", type=int, default=date.today().year - 1, help="last full year")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the warm-up")
    parser.add_argument("--rebuild", action="store_true", help="empty the tables and build again")
    parser.add_argument("--dashboard", action="store_true", help="time the dashboard page")
    parser.add_argument("--requests", type=int, default=30, help="dashboard requests to time")
    parser.add_argument("--only", default="", help="time only these KPIs (T20,PROV,...)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/kpis.py builds its data with PostgreSQL SQL: set DATABASE_URL")
    plans = args.plans or (30_000 if args.dashboard else NATIONAL_PLANS)

    build(plans, args.year, args.rebuild)
    row_counts()
    server = connection.cursor().connection.server_version
    print(f"PostgreSQL {server // 10000}.{server % 10000}, {os.cpu_count()} CPUs")
    if args.dashboard:
        time_dashboard(args.requests, args.year)
    elif not time_kpis(args.year, args.runs, set(filter(None, args.only.split(",")))):
        sys.exit(1)


if __name__ == "__main__":
    main()
