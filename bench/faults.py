"""Faults under load: PostgreSQL restarted, Redis stopped and started, the worker killed mid-send.

    .venv/bin/python bench/faults.py          # as root, on a machine with PostgreSQL 15 and Redis

Runs on a PostgreSQL cluster and a Redis of its own, never the machine's: it creates the cluster
`faults` (`pg_createcluster 15 faults --port 5439`, trust on 127.0.0.1 only) on the first run
and stops it at the end, and starts redis-server on `--redis-port`. It migrates a database there,
seeds a small council (`seed_demo`), then starts gunicorn (DEBUG off) and a Celery worker, and:

(a) PostgreSQL restart: `--streams` caseworkers, each signed in through the sign-in page, open
    a child's page and add a case note with a unique summary, again and again; after
    `--before` seconds the cluster is restarted, and the streams go on for `--after` seconds.
    Every answer is counted: 2xx/3xx, 5xx (a clean error page, or a traceback), no answer.
    Then every note whose POST was answered with the redirect to the chronology must be in the
    database, and the worker must still run a task.
(b) Redis stopped for `--redis-down` seconds while the streams go on and a manager asks for a
    board report (the queue is down: the report must say so, not fail the page), then started:
    the worker must reconnect and run a task, and a new board report must be built.
(c) A prefork worker (the compose file's layout, default lease and visibility timeout) has its
    pool process killed (SIGKILL) while it sends the reminder emails to an SMTP server run in
    this process, at the 1st, 2nd and 3rd email: every email delivered exactly once
    (bench/fault_worker.py).
(d), (e) Redis, then PostgreSQL, hung (SIGSTOP: ports open, nothing answers) under load
    (bench/fault_hangs.py).

Prints each scenario's figures, then a summary table. Exits 1 if any check fails.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.fault_hangs import scenario_postgres_hung, scenario_redis_hung  # noqa: E402
from bench.fault_worker import scenario_pool_process_killed  # noqa: E402
from bench.load_services import (  # noqa: E402
    Gunicorn,
    Redis,
    Worker,
    collectstatic,
    free_port,
    wait_until,
    web_environment,
)
from bench.load_signin import PlainClient, csrf_token, sign_in  # noqa: E402

DATABASE = "sp_faults"
CLEAN_PAGES = ("Sorry, the service is unavailable", "Sorry, there is a problem with the service")
# Short on purpose for (a), (b), (d), (e); (c) runs with the defaults, as production does.
VISIBILITY_SECONDS = 5
LEASE_SECONDS = 3


class Cluster:
    """A PostgreSQL cluster of the bench's own (Debian's pg_createcluster / pg_ctlcluster)."""

    def __init__(self, version: str, name: str, port: int):
        self.version, self.name, self.port = version, name, port
        self.url = f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"

    def ctl(self, action: str, *extra: str) -> None:
        subprocess.run(["pg_ctlcluster", *extra, self.version, self.name, action], check=True)

    def ensure(self, fresh: bool) -> None:
        listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
        mine = [line.split() for line in listed.stdout.splitlines()]
        if not any(row[:2] == [self.version, self.name] for row in mine):
            if any(row[2] == str(self.port) for row in mine):
                sys.exit(f"port {self.port} belongs to another cluster: --pg-port")
            subprocess.run(
                ["pg_createcluster", self.version, self.name, "--port", str(self.port)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        hba = Path(f"/etc/postgresql/{self.version}/{self.name}/pg_hba.conf")
        trust = "host all postgres 127.0.0.1/32 trust  # bench/faults.py\n"
        if trust not in hba.read_text():
            hba.write_text(trust + hba.read_text())  # the first matching line wins
        if not self.running():
            self.ctl("start")
        if fresh:
            self.psql(f"DROP DATABASE IF EXISTS {DATABASE}")
        if not self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
            self.psql(f"CREATE DATABASE {DATABASE}")

    def running(self) -> bool:
        done = subprocess.run(
            ["pg_ctlcluster", self.version, self.name, "status"], capture_output=True
        )
        return done.returncode == 0

    def psql(self, sql: str) -> str:
        done = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-Atc", sql],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()


@dataclass
class Tally:
    """What the streams saw, by kind, and the notes each outcome covers."""

    answers: Counter = field(default_factory=Counter)
    saved: list[str] = field(default_factory=list)  # POST answered with the chronology redirect
    unsure: list[str] = field(default_factory=list)  # POST failed: saved or not, the user knows
    unclean: list[str] = field(default_factory=list)
    late: int = 0  # failures after the fault's window (the fault's end plus --grace)
    window_ends: float = float("inf")
    fault_at: float = 0.0  # when the fault began: failures are timed from it
    failed_at: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self) -> int:
        return self.answers["2xx/3xx"]

    def failed(self) -> int:
        return sum(n for kind, n in self.answers.items() if kind != "2xx/3xx")

    def record(self, kind: str, text: str = "") -> None:
        with self.lock:
            self.answers[kind] += 1
            if kind != "2xx/3xx":
                self.failed_at.append(time.monotonic() - self.fault_at)
                self.late += time.monotonic() > self.window_ends
            if kind.endswith("unclean"):
                self.unclean.append(text[:200])

    def show(self) -> None:
        for kind, n in sorted(self.answers.items()):
            print(f"    {kind:<32}{n:>7}")
        if self.failed_at:
            print(
                f"    failures from {min(self.failed_at):+.1f}s to {max(self.failed_at):+.1f}s "
                "after the fault began"
            )
        for text in self.unclean[:3]:
            print(f"    !!! not a clean error page: {text!r}")


def classify(response) -> str:
    if response.status_code >= 500:
        clean = any(text in response.text for text in CLEAN_PAGES)
        return f"5xx {response.status_code} {'clean' if clean else 'unclean'}"
    if response.status_code >= 400:
        return f"4xx {response.status_code}"
    if "/sign-in/" in response.url or "/sign-in/" in response.headers.get("Location", ""):
        return "signed out"
    return "2xx/3xx"


class Caseworker:
    """A signed-in caseworker working through their children: a child's page, then a new note
    on the same child (the form, then the POST, not following its redirect)."""

    def __init__(self, base: str, username: str, password: str, children: list[str]):
        self.client = PlainClient(base, timeout=30)
        sign_in(self.client, username, password)
        self.children = children
        self.n = 0

    def step(self, tally: Tally, tag: str) -> None:
        self.n += 1
        child = self.children[self.n % len(self.children)]
        summary = f"{tag} {uuid.uuid4().hex}"
        try:
            page = self.client.get(f"/children/{child}/")
            tally.record(classify(page), page.text)
            url = f"/children/{child}/chronology/notes/new/"
            form = self.client.get(url)
            tally.record(classify(form), form.text)
            if form.status_code != 200:
                return
        except requests.Timeout:
            return tally.record("no answer (timeout)")
        except requests.ConnectionError:
            return tally.record("no answer (connection)")
        today = date.today()
        data = {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "kind": "phone",
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "summary": summary,
        }
        try:
            saved = self.client.post(url, data=data, allow_redirects=False)
        except requests.RequestException as error:
            tally.record(f"no answer ({type(error).__name__})")
            with tally.lock:
                tally.unsure.append(summary)
            return
        tally.record(classify(saved), saved.text)
        with tally.lock:
            if saved.status_code == 302 and "/chronology/" in saved.headers.get("Location", ""):
                tally.saved.append(summary)
            else:
                tally.unsure.append(summary)


def under_load(staff: list[Caseworker], tally: Tally, tag: str, fault, before: float, after):
    """Every caseworker works in a thread of their own; `fault()` runs after `before` seconds,
    and the work goes on for `after` seconds more. Returns what `fault` returned."""
    stopping = threading.Event()

    def work(person: Caseworker) -> None:
        while not stopping.is_set():
            person.step(tally, tag)
            time.sleep(0.2)

    threads = [threading.Thread(target=work, args=(person,), daemon=True) for person in staff]
    for thread in threads:
        thread.start()
    time.sleep(before)
    result = fault()
    time.sleep(after)
    stopping.set()
    for thread in threads:
        thread.join(60)
    return result


def notes_found(summaries: list[str]) -> int:
    from django.db import connection

    from cases.models import CaseNote

    connection.close()  # a connection from before a restart is gone
    return CaseNote.objects.filter(summary__in=summaries).count()


def worker_runs_a_task(timeout: float = 90) -> bool:
    """A heartbeat task, sent through the broker, is run by the worker (it writes the cache)."""
    from django.core.cache import cache

    from send_portal.celery import app
    from send_portal.tasks import HEARTBEAT_KEY

    token = uuid.uuid4().hex
    sent = False

    def ran() -> bool:
        nonlocal sent
        try:
            if not sent:
                app.send_task("send_portal.heartbeat", kwargs={"token": token})
                sent = True
            return bool(cache.get(f"{HEARTBEAT_KEY}:{token}"))
        except Exception:  # Redis not back yet: try again
            return False

    return wait_until(ran, timeout, every=0.5)


def scenario_restart(cluster: Cluster, staff: list[Caseworker], args) -> dict:
    print(f"\n(a) PostgreSQL restarted while {len(staff)} caseworkers open pages and add notes")
    tally = Tally()

    def restart() -> float:
        began = tally.fault_at = time.monotonic()
        cluster.ctl("restart", "-m", "fast")
        tally.window_ends = time.monotonic() + args.grace
        return time.monotonic() - began

    took = under_load(staff, tally, "faults-a", restart, args.before, args.after)
    found = notes_found(tally.saved)
    unsure_found = notes_found(tally.unsure)
    worker_ok = worker_runs_a_task()
    print(f"    pg_ctlcluster restart took {took:.1f}s; the answers:")
    tally.show()
    print(
        f"    notes confirmed to the user: {len(tally.saved)}, in the database: {found}; "
        f"POSTs that failed: {len(tally.unsure)} (of them saved all the same: {unsure_found})"
    )
    print(f"    failures more than {args.grace:.0f}s after the restart: {tally.late}")
    print(f"    the worker ran a task after the restart: {'yes' if worker_ok else 'NO'}")
    return {
        "scenario": "(a) PostgreSQL restart",
        "done": f"restarted ({took:.1f}s) under {len(staff)} users",
        "ok": tally.ok(),
        "failed": tally.failed(),
        "lost": len(tally.saved) - found,
        "duplicates": 0,
        "passed": found == len(tally.saved) > 0
        and not tally.unclean
        and tally.late == 0
        and worker_ok,
    }


def ask_for_board_report(client: PlainClient) -> tuple[int, int | None]:
    """A manager asks for a board report; returns the answer's status and the report's id."""
    form = client.get("/reports/board/new/")
    form.raise_for_status()
    data = {
        "csrfmiddlewaretoken": csrf_token(form.text),
        "period_kind": "calendar",
        "year": date.today().year - 1,
        "title": "SEND performance (faults bench)",
        "report_to": "Scrutiny Committee",
        "reporting_officer": "Faults bench",
    }
    answer = client.post("/reports/board/new/", data=data)
    from core.public_ids import decode

    found = re.search(r"/reports/board/([a-z2-7]{26})/", answer.url)
    return answer.status_code, decode(found.group(1)) if found else None


def report_status(pk: int | None) -> str:
    from reporting.models import BoardReport

    return BoardReport.objects.get(pk=pk).status if pk else "none"


def scenario_redis(redis: Redis, staff: list[Caseworker], manager: PlainClient, args) -> dict:
    print(f"\n(b) Redis stopped for {args.redis_down:.0f}s while the web serves pages")
    tally = Tally()
    seen: dict = {}

    def outage() -> None:
        tally.fault_at = time.monotonic()
        redis.stop()
        # The broker's own status is a detail: asked for with the monitor's token.
        token = os.environ.get("HEALTHZ_TOKEN", "")
        health = manager.get("/healthz", headers={"Authorization": f"Bearer {token}"})
        seen["health"] = f"{health.status_code} {health.text[:110]}"
        seen["report"] = ask_for_board_report(manager)
        fresh = PlainClient(manager.base_url)
        try:
            sign_in(fresh, args.caseworker_name, args.password)
            seen["sign-in"] = "signed in"
        except Exception as error:
            seen["sign-in"] = f"FAILED: {error!r}"[:120]
        time.sleep(max(0.0, args.redis_down - 3))
        redis.start()
        tally.window_ends = time.monotonic() + args.grace

    under_load(staff, tally, "faults-b", outage, 2, args.grace)
    status, report = seen["report"]
    while_down = report_status(report)
    worker_ok = worker_runs_a_task()
    status_after, report_after = ask_for_board_report(manager)
    built = wait_until(lambda: report_status(report_after) == "ready", 180, every=1)
    found = notes_found(tally.saved)
    print(f"    /healthz with Redis down: {seen['health']}")
    print(f"    a caseworker signing in with Redis down: {seen['sign-in']}")
    print(f"    board report asked for with Redis down: HTTP {status}, report {while_down}")
    print("    the answers while Redis was down and after:")
    tally.show()
    print(f"    notes confirmed to the user: {len(tally.saved)}, in the database: {found}")
    print(f"    the worker ran a task after Redis came back: {'yes' if worker_ok else 'NO'}")
    print(
        f"    board report asked for afterwards: HTTP {status_after}, "
        f"{'built by the worker' if built else 'NOT built: ' + report_status(report_after)}"
    )
    return {
        "scenario": "(b) Redis stopped",
        "done": f"down {args.redis_down:.0f}s, then started",
        "ok": tally.ok(),
        "failed": tally.failed(),
        "lost": len(tally.saved) - found,
        "duplicates": 0,
        "passed": tally.failed() == 0
        and found == len(tally.saved)
        and status == 200
        and while_down == "failed"
        and seen["sign-in"] == "signed in"
        and worker_ok
        and built,
    }


def seed(env: dict, children: int) -> None:
    for command in (["migrate", "-v", "0"], ["seed_demo", "--children", str(children)]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def people(streams: int) -> tuple[list[tuple[str, list[str]]], str]:
    """Caseworkers leading cases, with their children; and the manager's TOTP key (if any)."""
    from django.conf import settings

    from accounts.models import User
    from cases.models import Child
    from core.public_ids import encode

    leads = (
        Child.objects.filter(lead_caseworker__isnull=False)
        .values_list("lead_caseworker__username", flat=True)
        .distinct()
        .order_by("lead_caseworker__username")[:streams]
    )
    children = Child.objects.order_by("pk").values_list("pk", flat=True)
    staff = [
        (name, [encode(pk) for pk in children.filter(lead_caseworker__username=name)[:20]])
        for name in leads
    ]
    key = ""
    if "django_otp.plugins.otp_totp" in settings.INSTALLED_APPS:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        harper = User.objects.get(username="harper")
        device = TOTPDevice.objects.filter(user=harper, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=harper, name="faults", confirmed=True)
        key = device.key
    return staff, key


def summary(results: list[dict]) -> None:
    print(
        f"\n{'scenario':<26}{'what was done':<40}{'ok':>7}{'failed':>8}{'lost':>6}"
        f"{'dupl.':>7}  result"
    )
    for r in results:
        print(
            f"{r['scenario']:<26}{r['done']:<40}{r.get('ok', 0):>7}{r.get('failed', 0):>8}"
            f"{r.get('lost', 0):>6}{r.get('duplicates', 0):>7}  "
            f"{'pass' if r['passed'] else 'FAIL'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-version", default="15")
    parser.add_argument("--pg-cluster", default="faults", help="created if missing")
    parser.add_argument("--pg-port", type=int, default=5439)
    parser.add_argument("--redis-port", type=int, default=6389)
    parser.add_argument("--children", type=int, default=200, help="seed_demo's council")
    parser.add_argument("--streams", type=int, default=4, help="caseworkers working at once")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--before", type=float, default=5, help="seconds of work before (a)")
    parser.add_argument("--after", type=float, default=15, help="seconds of work after (a)")
    parser.add_argument("--grace", type=float, default=8, help="seconds a fault may last")
    parser.add_argument("--redis-down", type=float, default=15, help="seconds without Redis")
    parser.add_argument("--hang", type=float, default=10, help="seconds (d), (e) hang")
    parser.add_argument("--only", default="abcde", help="scenarios to run: a, b, c, d, e")
    parser.add_argument("--keep-cluster", action="store_true", help="leave it running")
    parser.add_argument("--fresh", action="store_true", help="drop the database and seed again")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/faults.py runs pg_createcluster and pg_ctlcluster: run it as root")

    cluster = Cluster(args.pg_version, args.pg_cluster, args.pg_port)
    cluster.ensure(args.fresh)
    redis = Redis(args.redis_port).start()
    work = Path(tempfile.mkdtemp(prefix="send-portal-faults-"))
    sink_port = free_port()
    base_env = {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "REDIS_URL": redis.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
        # A plain SMTP sink on this machine: production settings refuse plain SMTP unless told.
        "EMAIL_ALLOW_PLAINTEXT": "true",
        "HEALTHZ_TOKEN": "bench-faults-monitor",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
        "REMINDER_CLAIM_LEASE_SECONDS": str(LEASE_SECONDS),
        # The reminder emails' links point here; no email leaves the machine (the sink).
        "SITE_URL": "http://127.0.0.1",
        # The same URL ids in the web server (its own SECRET_KEY) and in this process.
        "PUBLIC_ID_KEY": secrets.token_urlsafe(32),
    }
    web = worker = sink = None
    results = []
    try:
        print(
            f"PostgreSQL cluster {args.pg_version}/{args.pg_cluster} on {args.pg_port}, "
            f"Redis on {args.redis_port}; logs in {work}"
        )
        seed({**base_env, "DEBUG": "true"}, args.children)
        os.environ.update({**base_env, "DEBUG": "true", "LOG_LEVEL": "WARNING"})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")
        import django

        django.setup()
        from accounts.demo import DEMO_PASSWORD
        from tests.integration.test_reminder_faults import CollectingSink

        # The mail server: each message's "250" comes 0.3 s after its data, as a real one's.
        sink = CollectingSink(sink_port, delay=0.3)

        staff_names, key = people(args.streams)
        args.password, args.caseworker_name = DEMO_PASSWORD, staff_names[0][0]
        env = web_environment(work, **base_env)
        collectstatic(env)
        web = Gunicorn(env, args.workers, work / "gunicorn.log").start()
        worker = Worker(env, work / "worker.log").start()
        staff = [Caseworker(web.url, n, DEMO_PASSWORD, kids) for n, kids in staff_names]
        manager = PlainClient(web.url)
        sign_in(manager, "harper", DEMO_PASSWORD, key or None)
        if "a" in args.only:
            results.append(scenario_restart(cluster, staff, args))
        if "b" in args.only:
            results.append(scenario_redis(redis, staff, manager, args))
        shared = {"tally_class": Tally, "under_load": under_load, "helpers": sys.modules[__name__]}
        if "d" in args.only:
            results.append(scenario_redis_hung(redis, staff, manager, args, **shared))
        if "e" in args.only:
            results.append(scenario_postgres_hung(cluster, staff, manager, args, **shared))
        worker.stop()
        if "c" in args.only:
            results.append(scenario_pool_process_killed(sink, env, work))
    finally:
        for process in (worker, web):
            if process:
                process.stop()
        if sink:
            sink.stop()
        redis.stop()
        if not args.keep_cluster:
            cluster.ctl("stop")
    summary(results)
    sys.exit(0 if results and all(r["passed"] for r in results) else 1)


if __name__ == "__main__":
    main()
