"""Time the daily deadline scan and the sending of digests against a large synthetic council.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE send_bench_scan"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_bench_scan DEBUG=true
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/deadline_scan.py --deadlines 500000 --digests 5000

Builds N open deadlines with ``bulk_create`` (children, assessment requests and users are
minimal rows made the same way; a second run reuses what is there), then times
``scan_deadlines`` twice (the second run must raise nothing) and prints wall time and peak
resident memory (``ru_maxrss``). Then it times ``send_digests`` to a local SMTP sink started in
this process on 127.0.0.1 (aiosmtpd if installed, otherwise a minimal socketserver sink that
accepts and discards every message), with EMAIL_URL pointing at it, and prints messages per
second. It deletes the alerts and reminder logs it made: never point it at a council's database.
"""

import argparse
import os
import resource
import socketserver
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")


class SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every command is accepted, every message thrown away."""

    disable_nagle_algorithm = True  # else each multi-line reply waits for a delayed ACK (40 ms)

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"EHLO":
                self.reply("250-sink\r\n250 8BITMIME")
            elif command == b"DATA":
                self.reply("354 go ahead")
                while (data := self.rfile.readline()) and data != b".\r\n":
                    pass
                self.server.messages += 1
                self.reply("250 accepted")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    messages = 0


def start_sink() -> Sink:
    sink = Sink(("127.0.0.1", 0), SinkHandler)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    return sink


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadlines", type=int, default=500_000)
    parser.add_argument("--digests", type=int, default=5_000, help="caseworkers (one digest each)")
    parser.add_argument("--today", default="2024-06-14")
    args = parser.parse_args()

    try:
        import aiosmtpd  # noqa: F401

        print("aiosmtpd is installed, but the built-in sink is used for like-for-like figures")
    except ImportError:
        pass
    sink = start_sink()
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.server_address[1]}"

    import django

    django.setup()
    from django.db import connection

    from cases.models import Alert, ReminderLog
    from cases.services.alerts import scan_deadlines
    from cases.services.reminders import send_digests

    today = date.fromisoformat(args.today)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    build(args.deadlines, args.digests, today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ReminderLog.objects.all().delete()
    Alert.objects.all().delete()

    before = peak_mb()
    started = time.monotonic()
    first = scan_deadlines(today=today)
    took = time.monotonic() - started
    print(
        f"scan 1: {took:.1f}s, {first.scanned:,} deadlines read, {first.total:,} alerts raised "
        f"{dict(first.raised)}; peak RSS {peak_mb():.0f} MB (before the scan {before:.0f} MB)"
    )
    started = time.monotonic()
    second = scan_deadlines(today=today)
    took = time.monotonic() - started
    print(f"scan 2: {took:.1f}s, {second.scanned:,} read, {second.total} raised (must be 0)")

    started = time.monotonic()
    result = send_digests(today=today)
    took = time.monotonic() - started
    print(
        f"digests: {result.sent:,} sent to the SMTP sink in {took:.1f}s "
        f"({result.sent / took:.0f} messages/s; the sink received {sink.messages:,}); "
        f"peak RSS {peak_mb():.0f} MB"
    )
    sink.shutdown()


def build(deadlines: int, caseworkers: int, today: date) -> None:
    from django.contrib.auth.models import Group

    from accounts.models import Team, User
    from accounts.roles import CASEWORKER
    from cases.models import AssessmentRequest, Child, Deadline
    from cases.models.assessment import Regime, Source, Stage

    have = Deadline.objects.filter(source__startswith="bench:").count()
    if have >= deadlines:
        print(f"reusing {have:,} bench deadlines")
        return
    started = time.monotonic()
    team, _ = Team.objects.get_or_create(name="Bench team")
    User.objects.bulk_create(
        [
            User(username=f"bench{i}", email=f"bench{i}@example.invalid", first_name=f"B{i}")
            for i in range(caseworkers)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    users = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
    group = Group.objects.get(name=CASEWORKER)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=pk, group_id=group.pk) for pk in users],
        ignore_conflicts=True,
    )
    # One child per 10 deadlines, each with one EHC request whose final plan is one deadline.
    children_needed = max(deadlines // 10, 1)
    start = Child.objects.filter(last_name="Bench").count()
    for lo in range(start, children_needed, 5000):
        hi = min(lo + 5000, children_needed)
        kids = Child.objects.bulk_create(
            [
                Child(
                    first_name=f"C{i}",
                    last_name="Bench",
                    date_of_birth=date(2015, 1, 1),
                    team=team,
                    lead_caseworker_id=users[i % len(users)],
                )
                for i in range(lo, hi)
            ]
        )
        AssessmentRequest.objects.bulk_create(
            [
                AssessmentRequest(
                    child=kid,
                    regime=Regime.EHCP,
                    source=Source.choices[0][0],
                    received_on=today - timedelta(days=(i * 7) % 180),
                    stage=Stage.ASSESSING,
                )
                for i, kid in zip(range(lo, hi), kids, strict=True)
            ]
        )
    children = list(
        AssessmentRequest.objects.filter(child__last_name="Bench")
        .order_by("child_id")
        .values_list("child_id", "pk", "child__lead_caseworker_id", "received_on")
    )
    n = have
    batch = []
    while n < deadlines:
        child_id, request_id, owner_id, received = children[(n // 10) % len(children)]
        final = n % 10 == 0
        batch.append(
            Deadline(
                child_id=child_id,
                request_id=request_id,
                source=f"bench:{n}",
                kind=Deadline.Kind.FINAL_PLAN if final else Deadline.Kind.ADVICE,
                label="Issue the final EHC plan" if final else "Advice returned",
                # Spread over a year from 60 days ago: about a fifth fall in the scan's window.
                due_on=received + timedelta(weeks=20) if final else today + timedelta(n % 425 - 60),
                owner_id=owner_id,
            )
        )
        n += 1
        if len(batch) == 10_000:
            Deadline.objects.bulk_create(batch)
            batch = []
    Deadline.objects.bulk_create(batch)
    took = time.monotonic() - started
    print(f"built {deadlines - have:,} deadlines ({len(children):,} children) in {took:.1f}s")


if __name__ == "__main__":
    main()
