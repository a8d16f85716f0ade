"""scripts/backup.sh and scripts/restore.sh against the real PostgreSQL: a demo council is
backed up, restored into a fresh database, and the copy compared table by table."""

import io
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts/backup.sh"
RESTORE = ROOT / "scripts/restore.sh"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="backup and restore use pg_dump/pg_restore: they need DATABASE_URL=postgres://... "
    "and the PostgreSQL client tools (the SQLite default is one file to copy)",
)


def run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        ["bash", str(script), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def database_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    user = quote(db["USER"] or "", safe="")
    return f"postgres://{user}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def connect(name: str):
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=name,
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
    )


def table_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def sample(cursor, table: str, columns: str) -> list[tuple]:
    cursor.execute(f'SELECT {columns} FROM "{table}" ORDER BY 1')  # names from SAMPLES
    return cursor.fetchall()


# The records a council most needs back, by model, with the columns compared row by row.
SAMPLES = {
    "cases.Child": "id, first_name, last_name, date_of_birth, upn",
    "cases.AssessmentRequest": "id, child_id, received_on",
    "cases.Deadline": "id, due_on",
    "plans.Plan": "id, child_id, status, issued_on",
    "placements.Placement": "id, child_id, setting_id, entry_on",
    "cases.HistoricalChild": "history_id, id, history_type, last_name",
}


def on_server(sql: str, params=()) -> list[tuple]:
    """Run one statement outside any transaction (CREATE/DROP DATABASE need that)."""
    admin = connect("postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        admin.close()


def snapshot(name: str) -> tuple[dict[str, int], dict[str, list[tuple]]]:
    """Every table's row count and the sampled records of database `name`."""
    database = connect(name)
    try:
        with database.cursor() as cursor:
            counts = table_counts(cursor)
            records = {
                label: sample(cursor, apps.get_model(label)._meta.db_table, columns)
                for label, columns in SAMPLES.items()
            }
        return counts, records
    finally:
        database.close()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_row(tmp_path):
    call_command("seed_demo", children=30, stdout=io.StringIO())
    source = connection.settings_dict["NAME"]
    url = database_url(source)
    # An archive older than the retention period, to be pruned after the new backup.
    stale = tmp_path / f"{source}-20200101T000000Z.dump"
    stale.write_bytes(b"old")
    old = time.time() - 40 * 86400
    os.utime(stale, (old, old))

    backup = run(BACKUP, DATABASE_URL=url, BACKUP_DIR=str(tmp_path), BACKUP_KEEP_DAYS="30")
    assert backup.returncode == 0, backup.stderr
    archives = sorted(tmp_path.glob(f"{source}-*.dump"))
    assert len(archives) == 1 and not stale.exists()
    archive = archives[0]
    assert re.fullmatch(rf"{source}-\d{{8}}T\d{{6}}Z\.dump", archive.name)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's alone
    assert backup.stdout.startswith("backed up ") and f" to {archive} (" in backup.stdout
    assert f"deleted old backup {stale}" in backup.stdout
    assert not list(tmp_path.glob("*.partial"))

    counts, records = snapshot(source)
    for label in SAMPLES:
        table = apps.get_model(label)._meta.db_table
        assert counts[table] > 0, f"the demo council has no {label} rows to compare"
    target = f"{source}_restored_{uuid.uuid4().hex[:8]}"
    try:
        restore = run(RESTORE, str(archive), target, DATABASE_URL=url)
        assert restore.returncode == 0, restore.stderr
        assert "created database" in restore.stdout and f"restored {archive}" in restore.stdout
        restored_counts, restored_records = snapshot(target)
        assert restored_counts == counts
        for label in SAMPLES:
            assert restored_records[label] == records[label], label

        # Into the now full database: refused without --force, and nothing changes.
        again = run(RESTORE, str(archive), target, DATABASE_URL=url)
        assert again.returncode == 3
        assert "not empty" in again.stderr and "--force" in again.stderr
        forced = run(RESTORE, "--force", str(archive), target, DATABASE_URL=url)
        assert forced.returncode == 0, forced.stderr
        assert snapshot(target)[0] == counts

        # A damaged archive (its table of contents whole, its last bytes of data lost) fails
        # in one transaction: the forced target keeps every row, a new target is dropped again.
        damaged = tmp_path / "damaged.dump"
        damaged.write_bytes(archive.read_bytes()[:-64])
        failed = run(RESTORE, "--force", str(damaged), target, DATABASE_URL=url)
        assert failed.returncode == 1 and "unchanged" in failed.stderr
        assert snapshot(target)[0] == counts
        fresh = f"{target}_new"
        failed = run(RESTORE, str(damaged), fresh, DATABASE_URL=url)
        assert failed.returncode == 1 and "dropped again" in failed.stderr
        assert on_server("SELECT 1 FROM pg_database WHERE datname = %s", [fresh]) == []
    finally:
        on_server(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    assert on_server("SELECT 1 FROM pg_database WHERE datname = %s", [target]) == []


def test_the_scripts_refuse_to_run_without_a_postgresql_url(tmp_path):
    missing = run(BACKUP, BACKUP_DIR=str(tmp_path))
    assert missing.returncode == 2 and "set DATABASE_URL" in missing.stderr
    sqlite = run(BACKUP, DATABASE_URL="sqlite:///var/db.sqlite3", BACKUP_DIR=str(tmp_path))
    assert sqlite.returncode == 2 and "not a PostgreSQL URL" in sqlite.stderr
    usage = run(RESTORE, "only-one-argument", DATABASE_URL="postgres://u@h/db")
    assert usage.returncode == 2 and "usage:" in usage.stderr
    name = run(RESTORE, str(BACKUP), "x; DROP TABLE y", DATABASE_URL="postgres://u@h/db")
    assert name.returncode == 2 and "letters, digits" in name.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_password_reaches_libpq_through_a_private_passfile_only():
    """DATABASE_URL is split into PG* variables; the password (percent-decoded, with : and \\
    escaped as the passfile wants) goes into a file only its owner can read, never into a
    variable or a command line, and the file is gone afterwards."""
    script = (
        'source scripts/pg-env.sh; pg_env_load; echo "$PGHOST|$PGPORT|$PGUSER|$PGDATABASE|'
        '$PGSSLMODE|${PGPASSWORD:-}"; stat -c %a "$PGPASSFILE"; cat "$PGPASSFILE"; '
        'passfile=$PGPASSFILE; pg_env_cleanup; test ! -e "$passfile" && echo removed'
    )
    result = subprocess.run(
        ["bash", "-c", script],
        env={
            "PATH": os.environ["PATH"],
            "DATABASE_URL": "postgres://send%40portal:p%3Ass%40w%2Frd%5C@db.example:6543/send"
            "?sslmode=require",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "db.example|6543|send@portal|send|require|",
        "600",
        r"*:*:*:*:p\:ss@w/rd\\",
        "removed",
    ]
