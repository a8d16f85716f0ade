"""Exactly once in the compose file's layout: a prefork worker (two pool processes) with the
default claim lease (15 minutes) and visibility timeout (1 hour), its pool process killed
mid-run.

When a pool process dies, the worker (acks_late, reject_on_worker_lost) hands its task straight
back to the broker and a sibling process runs it again at once, long before any lease or
visibility timeout. The rerun must take over the dead process's claim (the claim names its
process) instead of skipping it as "claimed" for the next 15 minutes, or for good.

The pool process is killed at three points of a three-digest run, each while the sink holds a
message's data before its "250" (so that message was never accepted): the first digest, the
second, the third (two already delivered). Each time, the sink must end with every digest
exactly once.
"""

import os
import signal
import uuid

import pytest
from django.db import connection

from cases.models import ReminderLog
from cases.services.reminders import attempts

from .test_reminder_faults import (  # noqa: F401 (three_caseworkers, caseworkers_with_alerts: fixtures)
    WAIT_SECONDS,
    CollectingSink,
    caseworkers_with_alerts,
    digest_rows,
    enqueue_scan,
    finish,
    free_port,
    three_caseworkers,
    until,
)
from .test_reminders_worker import database_url
from .test_worker import start_worker, stop_worker

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

COMPOSE_POOL = ("--concurrency=2",)  # docker-compose.yml's worker: prefork, two processes


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database: PostgreSQL, not SQLite")


def claimant() -> str:
    """The attempt (process) holding the one claimed, unsent digest row."""
    rows = [row for row in digest_rows() if row.claimed_at and not row.sent_at]
    assert len(rows) == 1, rows
    return rows[0].attempt


@pytest.mark.parametrize("killed_at", [1, 2, 3])
def test_pool_process_killed_mid_run_every_digest_delivered_once(
    three_caseworkers,  # noqa: F811 (the fixture imported above)
    killed_at,
):
    expected = sorted(person.email for person in three_caseworkers)
    sink = CollectingSink(free_port(), hold_at=killed_at)
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(
        queue,
        pool=COMPOSE_POOL,
        DATABASE_URL=database_url(),
        EMAIL_URL=f"smtp://127.0.0.1:{sink.server_address[1]}",
    )
    try:
        enqueue_scan(queue)
        assert sink.holding.wait(WAIT_SECONDS), "the held digest never reached the server"
        attempt = claimant()
        pid = int(attempt.rsplit("/", 2)[1])
        assert pid != worker.pid  # a pool process, not the worker's main process
        os.kill(pid, signal.SIGKILL)
        # Its socket closes as it dies: only then may the server answer, to nobody.
        assert until(lambda: attempts.is_dead(attempt)), "the pool process did not die"
        sink.release.set()
        assert until(lambda: sink.dropped == 1), "the held message's client did not go away"
        # No restart, no waiting out a lease: the same worker's other process finishes the run.
        assert until(
            lambda: len(rows := digest_rows()) == 3 and all(row.sent_at for row in rows)
        ), digest_rows()
        finish(queue)
    finally:
        output = stop_worker(worker)
        sink.stop()
    assert sink.recipients() == expected, output
    rows = digest_rows()
    killed = rows[killed_at - 1]
    # Taken over by the other process at once: two attempts, the second not the killed pid.
    assert killed.attempts == 2 and int(killed.attempt.rsplit("/", 2)[1]) != pid
    assert [row.attempts for row in rows if row.pk != killed.pk] == [1, 1]
    assert ReminderLog.objects.filter(sent_at__isnull=True).count() == 0
