"""Real Celery workers run the daily scan against the test database: one email per caseworker.

The task is enqueued twice on one worker, then once on each of two workers at once; the
ReminderLog claim must keep the count of emails at exactly one per caseworker and day. Each
worker is followed on its queue by a heartbeat task: workers run with the solo pool, one task
at a time in order, so the heartbeat's token appearing means the scans before it have finished.
"""

import re
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection

from send_portal.tasks import HEARTBEAT_KEY

from ..cases.test_alerts import make_deadline
from ..factories import ChildFactory, TeamFactory, UserFactory
from .test_worker import WAIT_SECONDS, start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

DAY = date(2024, 6, 14)
SEPARATOR = "\n" + "-" * 79 + "\n"  # the file backend ends every message with this line


def database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def emails(folder: Path) -> list[str]:
    text = "".join(path.read_text() for path in sorted(folder.glob("*.log")))
    return [message for message in text.split(SEPARATOR) if message.strip()]


def recipients(folder: Path) -> list[str]:
    return sorted(re.search(r"^To: (.+)$", m, re.M).group(1) for m in emails(folder))


def run_scans(queues: list[str], for_date: date) -> None:
    """Enqueue the scan on each queue, then wait until each worker has got past it."""
    from send_portal.celery import app

    tokens = [uuid.uuid4().hex for _ in queues]
    for queue in queues:
        app.send_task(
            "cases.daily_deadline_scan", kwargs={"for_date": for_date.isoformat()}, queue=queue
        )
    for queue, token in zip(queues, tokens, strict=True):
        app.send_task("send_portal.heartbeat", kwargs={"token": token}, queue=queue)
    for token in tokens:
        assert wait_for(cache.get, f"{HEARTBEAT_KEY}:{token}"), (
            f"a worker did not finish within {WAIT_SECONDS}s"
        )


@pytest.fixture
def caseworkers_with_alerts(transactional_db):
    team = TeamFactory(name=f"Team {uuid.uuid4().hex[:6]}")
    people = [UserFactory(username=f"worker-test-{n}", teams=[team]) for n in range(3)]
    for person in people[:2]:
        child = ChildFactory(team=team, lead_caseworker=person)
        make_deadline(child, person, due_on=DAY - timedelta(days=1))
        make_deadline(child, person, due_on=DAY + timedelta(days=20))
    # The third has only a deadline weeks away on the first day: no email for them then.
    make_deadline(
        ChildFactory(team=team, lead_caseworker=people[2]), people[2], DAY + timedelta(40)
    )
    return people


def test_workers_send_exactly_one_digest_per_caseworker(caseworkers_with_alerts, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database: PostgreSQL, not SQLite")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {"DATABASE_URL": database_url(), "EMAIL_URL": f"filemail://{mail_dir}"}
    expected = sorted(person.email for person in caseworkers_with_alerts[:2])

    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(queue, **env)
    try:
        run_scans([queue], DAY)
        run_scans([queue], DAY)  # the second run sends nothing new
    finally:
        output = stop_worker(worker)
    assert recipients(mail_dir) == expected, output

    # The next day, from two workers at once.
    queues = [f"test-{uuid.uuid4().hex}" for _ in range(2)]
    workers = [start_worker(name, **env) for name in queues]
    try:
        run_scans(queues, DAY + timedelta(days=1))
    finally:
        outputs = [stop_worker(w) for w in workers]
    assert recipients(mail_dir) == sorted(expected * 2), outputs
    assert all("Subject: SEND Portal: 1 overdue" in m for m in emails(mail_dir))
