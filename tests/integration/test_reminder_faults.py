"""The daily scan on a real worker survives a mail server that is down and a worker killed mid-run.

Both tests run a real Celery worker (solo pool, Redis broker) against the test database, with
EMAIL_URL pointing at a tiny SMTP server run in this process on 127.0.0.1, and check that each
caseworker with something due gets exactly one digest, and that every ReminderLog row ends sent.

1. The mail server is down when the task runs: sending raises ConnectionRefusedError (an
   OSError), the row records the attempt and the task retries with backoff (1 s, 2 s, ... with
   full jitter); once the server is up, the next retry sends every digest.
2. The worker is killed (SIGKILL) while the mail server holds the first message before its
   "250": the claim stays on the row and the task stays unacknowledged in Redis. A new worker
   gets the task again once the visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT=5), takes
   the row again once the claim is older than the lease (REMINDER_CLAIM_LEASE_SECONDS=3) and
   sends everything, once.
"""

import os
import select
import signal
import socket
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection

from bench.deadline_scan import Sink, SinkHandler
from cases.models import ReminderLog
from cases.services.reminders import DIGEST
from send_portal.tasks import HEARTBEAT_KEY

from ..cases.test_alerts import make_deadline
from ..factories import ChildFactory
from .test_reminders_worker import (  # noqa: F401 (caseworkers_with_alerts is a fixture)
    DAY,
    caseworkers_with_alerts,
    database_url,
)
from .test_worker import start_worker, stop_worker

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60
LEASE_SECONDS = 3
VISIBILITY_SECONDS = 5


class CollectingHandler(SinkHandler):
    """The bench sink's SMTP, keeping each message's recipients.

    After the data of a message the server waits ``server.delay`` seconds before its "250"; the
    message numbered ``server.hold_at`` is held until ``server.release`` is set
    (``server.holding`` says it is there). A message whose client has gone by the time of the
    "250" is not accepted, as a real server would not deliver it: it is counted in
    ``server.dropped``.
    """

    def handle(self):
        server: CollectingSink = self.server
        self.reply("220 sink ESMTP")
        rcpt: list[str] = []
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"EHLO":
                self.reply("250-sink\r\n250 8BITMIME")
            elif command == b"MAIL":
                rcpt = []
                self.reply("250 ok")
            elif command == b"RCPT":
                rcpt.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 ok")
            elif command == b"DATA":
                self.reply("354 go ahead")
                while (data := self.rfile.readline()) and data != b".\r\n":
                    pass
                with server.lock:
                    server.data_count += 1
                    number = server.data_count
                if number == server.hold_at:
                    server.holding.set()
                    server.release.wait(WAIT_SECONDS)
                time.sleep(server.delay)
                if peer_gone(self.connection):
                    with server.lock:
                        server.dropped += 1
                    return
                with server.lock:
                    server.messages.append(rcpt)
                self.reply("250 accepted")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class CollectingSink(Sink):
    def __init__(
        self, port: int, *, delay: float = 0.0, hold_first: bool = False, hold_at: int = 0
    ):
        self.messages: list[list[str]] = []
        self.dropped = 0
        self.delay = delay
        # Which message's data to hold before the "250" (1 = the first of all; 0 = none).
        self.hold_at = 1 if hold_first else hold_at
        self.data_count = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), CollectingHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def recipients(self) -> list[str]:
        with self.lock:
            return sorted(address for message in self.messages for address in message)

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


def peer_gone(sock: socket.socket) -> bool:
    """Whether the client has closed the connection (it sends nothing while awaiting a reply)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def until(predicate, timeout: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def digest_rows() -> list[ReminderLog]:
    return list(ReminderLog.objects.filter(kind=DIGEST, for_date=DAY).order_by("recipient_id"))


def enqueue_scan(queue: str) -> None:
    from send_portal.celery import app

    app.send_task("cases.daily_deadline_scan", kwargs={"for_date": DAY.isoformat()}, queue=queue)


def finish(queue: str) -> None:
    """Wait until the worker on ``queue`` has got past everything enqueued before (solo pool)."""
    from send_portal.celery import app

    token = uuid.uuid4().hex
    app.send_task("send_portal.heartbeat", kwargs={"token": token}, queue=queue)
    assert until(lambda: cache.get(f"{HEARTBEAT_KEY}:{token}")), "the worker did not finish"


@pytest.fixture
def three_caseworkers(caseworkers_with_alerts):  # noqa: F811 (the fixture imported above)
    """The worker test's caseworkers, the third given an overdue deadline too: three digests."""
    people = caseworkers_with_alerts
    make_deadline(
        ChildFactory(team=people[0].teams.get(), lead_caseworker=people[2]),
        people[2],
        due_on=DAY - timedelta(days=2),
    )
    return people


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database: PostgreSQL, not SQLite")


def test_mail_server_down_then_back_every_digest_sent_once(three_caseworkers):
    expected = sorted(person.email for person in three_caseworkers)
    port = free_port()  # nothing listens here yet
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(queue, DATABASE_URL=database_url(), EMAIL_URL=f"smtp://127.0.0.1:{port}")
    sink = None
    try:
        enqueue_scan(queue)
        # The first digest fails and the task retries: the row records each attempt, unsent.
        # Two attempts show that the retry ran (the first delays are 0-1 s, then 0-2 s).
        assert until(lambda: any(row.attempts >= 2 for row in digest_rows())), digest_rows()
        rows = digest_rows()
        assert all(row.sent_at is None for row in rows)
        assert "ConnectionRefusedError" in rows[0].last_error

        sink = CollectingSink(port)
        assert until(
            lambda: len(rows := digest_rows()) == 3 and all(row.sent_at for row in rows)
        ), digest_rows()
        finish(queue)
    finally:
        output = stop_worker(worker)
        if sink is not None:
            sink.stop()
    assert sink.recipients() == expected, output
    rows = digest_rows()
    assert [row.recipient_id for row in rows] == sorted(p.pk for p in three_caseworkers)
    assert all(row.sent_at and row.claimed_at and not row.last_error for row in rows)
    # The first recipient's row took every failed attempt and the one that sent; the others
    # were reached only by the run that sent them.
    assert rows[0].attempts >= 3
    assert [row.attempts for row in rows[1:]] == [1, 1]


def test_worker_killed_mid_send_new_worker_sends_the_rest_once(three_caseworkers):
    expected = sorted(person.email for person in three_caseworkers)
    sink = CollectingSink(free_port(), delay=0.5, hold_first=True)
    env = {
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.server_address[1]}",
        "REMINDER_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
    }
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(queue, **env)
    second = None
    try:
        enqueue_scan(queue)
        # The first digest's data is with the server, which has not said "250": kill the worker
        # now, so the message is not accepted and cannot be sent twice. (Killed just after the
        # "250" and before sent_at is saved, the row would look unsent and that one digest
        # would go again: the resend window in cases/services/reminders.py. Holding the reply
        # keeps this test out of it, so it asserts no duplicate at all.)
        assert sink.holding.wait(WAIT_SECONDS), "the first digest never reached the server"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(WAIT_SECONDS)
        killed_at = time.monotonic()
        sink.release.set()
        assert until(lambda: sink.dropped == 1), "the held message's client did not go away"
        assert sink.recipients() == []
        (row,) = digest_rows()
        assert row.sent_at is None and row.claimed_at is not None and row.attempts == 1

        # Redis gives the unacknowledged task to a worker that starts once it is older than the
        # visibility timeout (the restore runs as the worker starts, then only every ~100 s).
        time.sleep(max(0.0, killed_at + VISIBILITY_SECONDS + 1 - time.monotonic()))
        second = start_worker(queue, **env)
        assert until(
            lambda: len(rows := digest_rows()) == 3 and all(row.sent_at for row in rows)
        ), digest_rows()
        finish(queue)
    finally:
        output = stop_worker(second) if second is not None else ""
        if worker.poll() is None:
            output += stop_worker(worker)
        sink.stop()
    assert sink.recipients() == expected, output
    rows = digest_rows()
    assert all(row.sent_at and not row.last_error for row in rows)
    # The killed claim was taken again after the lease; the others were claimed once.
    assert [row.attempts for row in rows] == [2, 1, 1]
