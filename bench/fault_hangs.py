"""bench/faults.py (d) and (e): a service that stops answering without going away.

SIGSTOP leaves the process's ports open: the kernel completes connections and acknowledges
data, but nothing replies, as when a server is wedged or its machine is swapping. While the
caseworkers go on working, probes time what a user meets:

(d) Redis hung for `--hang` seconds: /healthz, a manager asking for a board report (the queue),
    a fresh sign-in and a child's page must each answer within `HUNG_BUDGET` seconds (the
    timeouts in settings.REDIS_TIMEOUTS), the report must say it could not be queued, and after
    SIGCONT the worker runs a task again.
(e) PostgreSQL hung for `--hang` seconds (every process of the cluster stopped): nothing can be
    read or saved, so the question is what the users see and what is lost. A new connection
    gives up after `connect_timeout` (5 s) with the clean 503 page; a request already waiting
    on a connection waits until the server resumes. No note confirmed to a user may be lost,
    no page may be a traceback, and work goes on once it resumes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import requests

from bench.load_signin import PlainClient, sign_in

HUNG_BUDGET = 5.0  # seconds a page may take while Redis hangs


def _timed(call) -> tuple[float, str]:
    started = time.monotonic()
    try:
        answer = call()
        outcome = str(getattr(answer, "status_code", answer))
    except requests.RequestException as error:
        outcome = type(error).__name__
    except Exception as error:  # a probe must report, never stop the bench
        outcome = f"{type(error).__name__}: {error}"[:80]
    return time.monotonic() - started, outcome


def scenario_redis_hung(redis, staff, manager, args, *, tally_class, under_load, helpers):
    print(f"\n(d) Redis hung (SIGSTOP) for {args.hang:.0f}s while the web serves pages")
    tally = tally_class()
    probes: dict[str, tuple[float, str]] = {}
    board: dict = {}

    def ask() -> int:
        board["answer"] = helpers.ask_for_board_report(manager)
        return board["answer"][0]

    def hang() -> None:
        tally.fault_at = time.monotonic()
        os.kill(redis.process.pid, signal.SIGSTOP)
        try:
            probes["/healthz"] = _timed(lambda: manager.get("/healthz"))
            probes["board report"] = _timed(ask)
            fresh = PlainClient(manager.base_url, timeout=30)
            probes["sign-in"] = _timed(
                lambda: sign_in(fresh, args.caseworker_name, args.password) or "signed in"
            )
            child = staff[0].children[0]
            probes["child's page"] = _timed(lambda: manager.get(f"/children/{child}/"))
            time.sleep(max(0.0, args.hang - sum(took for took, _ in probes.values())))
        finally:
            os.kill(redis.process.pid, signal.SIGCONT)
        tally.window_ends = time.monotonic() + args.grace

    under_load(staff, tally, "faults-d", hang, 2, args.grace)
    status, report_id = board.get("answer", (0, None))
    refused = helpers.report_status(report_id) == "failed"
    worker_ok = helpers.worker_runs_a_task()
    for name, (took, outcome) in probes.items():
        print(f"    {name:<14} answered in {took:5.2f}s: {outcome}")
    print("    the caseworkers' answers while Redis hung and after:")
    tally.show()
    print(f"    the board report said it could not be queued: {'yes' if refused else 'NO'}")
    print(f"    the worker ran a task after Redis resumed: {'yes' if worker_ok else 'NO'}")
    slowest = max(took for took, _ in probes.values())
    return {
        "scenario": "(d) Redis hung",
        "done": f"SIGSTOP {args.hang:.0f}s; slowest probe {slowest:.1f}s",
        "ok": tally.ok(),
        "failed": tally.failed(),
        "lost": 0,
        "duplicates": 0,
        "passed": slowest <= HUNG_BUDGET
        and tally.failed() == 0
        and status == 200
        and refused
        and worker_ok,
    }


def cluster_pids(cluster) -> list[int]:
    """The postmaster and every process it started."""
    data = Path(f"/var/lib/postgresql/{cluster.version}/{cluster.name}/postmaster.pid")
    postmaster = int(data.read_text().split()[0])
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True)
    return [postmaster, *(int(pid) for pid in children.stdout.split())]


def scenario_postgres_hung(cluster, staff, manager, args, *, tally_class, under_load, helpers):
    print(f"\n(e) PostgreSQL hung (every process SIGSTOP) for {args.hang:.0f}s under load")
    tally = tally_class()
    probes: dict[str, tuple[float, str]] = {}

    def probe(name: str, call) -> None:
        probes[name] = _timed(call)

    def hang() -> None:
        pids = cluster_pids(cluster)
        tally.fault_at = time.monotonic()
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        # The probes wait in threads of their own: the server resumes after `--hang` seconds
        # whatever they meet, and each probe times how long its user waited.
        fresh = PlainClient(manager.base_url, timeout=60)
        threads = [
            threading.Thread(target=probe, args=(name, call), daemon=True)
            for name, call in (
                ("new visitor: sign-in page", lambda: fresh.get("/sign-in/")),
                ("/healthz", lambda: manager.get("/healthz")),
            )
        ]
        for thread in threads:
            thread.start()
        try:
            time.sleep(args.hang)
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)
        tally.window_ends = time.monotonic() + args.grace
        for thread in threads:
            thread.join(90)

    under_load(staff, tally, "faults-e", hang, 2, args.grace)
    found = helpers.notes_found(tally.saved)
    worker_ok = helpers.worker_runs_a_task()
    for name, (took, outcome) in probes.items():
        print(f"    {name:<26} answered in {took:5.2f}s: {outcome}")
    print("    the caseworkers' answers while PostgreSQL hung and after:")
    tally.show()
    print(f"    notes confirmed to the user: {len(tally.saved)}, in the database: {found}")
    print(f"    failures more than {args.grace:.0f}s after it resumed: {tally.late}")
    print(f"    the worker ran a task after PostgreSQL resumed: {'yes' if worker_ok else 'NO'}")
    return {
        "scenario": "(e) PostgreSQL hung",
        "done": f"SIGSTOP {args.hang:.0f}s under {len(staff)} users",
        "ok": tally.ok(),
        "failed": tally.failed(),
        "lost": len(tally.saved) - found,
        "duplicates": 0,
        "passed": found == len(tally.saved) and not tally.unclean and tally.late == 0 and worker_ok,
    }
