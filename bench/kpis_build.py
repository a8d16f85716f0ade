"""Builds bench/kpis.py's synthetic data set (bench/load.py builds its council with it too):
the teams and caseworkers through accounts.demo, then the steps of bench/kpis_build_requests.py
and bench/kpis_build_plans.py in one transaction, the foreign keys checked once each, then
VACUUM ANALYZE. Needs Django set up and PostgreSQL.
"""

import time

from django.db import connection, transaction
from kpis_build_plans import plan_steps
from kpis_build_requests import request_steps, scale
from psycopg2 import sql

from accounts.demo import ensure_caseworkers, ensure_demo_users
from plans.models import Plan

# Tables the build fills, emptied by --rebuild (CASCADE reaches deadlines, alerts, history ...).
BUILT_TABLES = ("cases_child", "placements_setting", "reporting_populationcount")
COUNTED = (
    "cases_child",
    "cases_assessmentrequest",
    "cases_advicerequest",
    "cases_timelimitexception",
    "cases_deadline",
    "cases_disagreement",
    "plans_plan",
    "plans_cessation",
    "plans_annualreview",
    "plans_provisionitem",
    "plans_provisioncheck",
    "placements_setting",
    "placements_placement",
    "placements_costline",
    "placements_personalbudget",
    "reporting_populationcount",
)


def build_steps(plans: int, year: int, leads: list[int], teams: list[int]) -> list:
    """(label, SQL) in order. `year` is the last full year; the data stops on its snapshot."""
    s = scale(plans, year, leads, teams)
    return request_steps(s) + plan_steps(s)


def blank_defaults(cursor) -> list[tuple[str, str]]:
    """The model field's default (else a blank), for the build only (DDL is transactional), on
    every NOT NULL text, boolean or integer column without a database default: a field added to
    a model after this script was written (Django keeps defaults in Python) then does not break
    the INSERTs, which name the columns they set."""
    from django.apps import apps

    model_defaults = {
        (model._meta.db_table, field.column): field.get_default()
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.has_default() and not callable(field.default)
    }
    cursor.execute(
        """
        SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ANY(%s)
          AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'
          AND data_type IN ('character varying', 'text', 'boolean', 'integer', 'smallint')
        """,
        [list(COUNTED)],
    )
    found = cursor.fetchall()
    blanks = {"boolean": False, "integer": 0, "smallint": 0}
    for table, column, data_type in found:
        value = model_defaults.get((table, column), blanks.get(data_type, ""))
        cursor.execute(
            sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                sql.Identifier(table), sql.Identifier(column), sql.Literal(value)
            )
        )
    return [(table, column) for table, column, _ in found]


def check_foreign_keys(cursor) -> None:
    """Every single-column foreign key of the built tables points at a row (an anti-join per
    key, instead of a trigger per row); raises, rolling the build back, if one does not."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
          AND c.conrelid::regclass::text = ANY(%s)
        """,
        [list(COUNTED)],
    )
    for table, column, target, key in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {target} r WHERE r.{key} = t.{column})"
        )
        dangling = cursor.fetchone()[0]
        if dangling:
            raise AssertionError(f"{dangling} rows of {table}.{column} point at no {target}")


def build(plans: int, year: int, rebuild: bool) -> None:
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(BUILT_TABLES)} RESTART IDENTITY CASCADE")
    elif Plan.objects.exists():
        found = Plan.objects.count()
        print(f"data set found ({found:,} plans): not rebuilt (--rebuild)")
        if abs(found - plans) > plans / 10:
            print(f"!!! it was built for about {found:,} plans, not {plans:,}: --rebuild --plans")
        return
    started = time.monotonic()
    ensure_demo_users()  # teams, the head of service ("harper") and the other demo roles
    by_team = ensure_caseworkers(plans)
    per_team = min(len([u for u in staff if u.username != "casey"]) for staff in by_team.values())
    leads = [
        user.pk
        for staff in by_team.values()
        for user in [u for u in staff if u.username != "casey"][:per_team]
    ]
    print(f"teams and {len(leads):,} caseworkers: {time.monotonic() - started:.1f}s")
    with transaction.atomic(), connection.cursor() as cursor:
        # No per-row foreign key triggers (they are half the build's time): the rows are made
        # from each other by joins, and check_foreign_keys checks every key in one pass each.
        cursor.execute("SET LOCAL session_replication_role = replica")
        # Memoize would cache a LATERAL (VALUES ...) by its outer columns, and random() with it.
        cursor.execute("SET LOCAL enable_memoize = off")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        defaults = blank_defaults(cursor)
        for label, sql in build_steps(plans, year, leads, list(by_team)):
            step = time.monotonic()
            cursor.execute(sql)
            print(f"  {label:<28}{time.monotonic() - step:>7.1f}s")
        for table, column in defaults:
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
        step = time.monotonic()
        check_foreign_keys(cursor)
        print(f"  {'foreign keys checked':<28}{time.monotonic() - step:>7.1f}s")
    step = time.monotonic()
    with connection.cursor() as cursor:
        # Fresh bulk loads have no planner statistics and no visibility map: a council's
        # database that has run a while has both (autovacuum), and index-only scans need them.
        cursor.execute("VACUUM ANALYZE")
    print(f"  {'VACUUM ANALYZE':<28}{time.monotonic() - step:>7.1f}s")
    print(f"built in {time.monotonic() - started:.1f}s")


def row_counts() -> None:
    with connection.cursor() as cursor:
        counts = []
        for table in COUNTED:
            cursor.execute(f"SELECT count(*) FROM {table}")  # the fixed names above
            counts.append((table, cursor.fetchone()[0]))
    print("\n".join(f"  {table:<28}{n:>12,}" for table, n in counts))
