"""bench/faults.py (c): the reminder run's pool process killed, in the compose file's layout.

A prefork worker (two pool processes) with the default claim lease (15 minutes) and visibility
timeout (1 hour): nothing is shortened. The pool process is killed (SIGKILL) three times, each in
a run of its own, while the sink holds the 1st, the 2nd and the 3rd email's data before its "250"
(so that email was never accepted). The worker hands the task back at once and its other
process reruns it: every email must be delivered exactly once, within seconds.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

from bench.load_services import Worker, wait_until

KILL_POINTS = (1, 2, 3)


def _reset(sink, hold_at: int) -> None:
    with sink.lock:
        sink.messages.clear()
        sink.dropped, sink.data_count, sink.hold_at = 0, 0, hold_at
        sink.holding.clear()
        sink.release.clear()


def _one_kill(sink, worker: Worker, hold_at: int) -> dict:
    from django.utils import timezone

    from cases.models import Alert, ReminderLog
    from cases.services.reminders import attempts
    from send_portal.celery import app

    today = timezone.localdate()
    Alert.objects.all().delete()  # the bench's own database: every run starts afresh
    ReminderLog.objects.all().delete()
    _reset(sink, hold_at)
    app.send_task("cases.daily_deadline_scan", kwargs={"for_date": today.isoformat()})
    if not sink.holding.wait(120):
        return {"point": hold_at, "passed": False, "note": "fewer emails than the kill point"}
    claimed = ReminderLog.objects.filter(for_date=today, sent_at__isnull=True).exclude(attempt="")
    attempt = claimed.values_list("attempt", flat=True).first() or ""
    pid = int(attempt.rsplit("/", 2)[1]) if attempt else 0
    if not pid or pid == worker.pid:
        return {"point": hold_at, "passed": False, "note": f"claimant not a pool process: {pid}"}
    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: attempts.is_dead(attempt), 30, every=0.05)
    sink.release.set()
    wait_until(lambda: sink.dropped == 1, 30)

    seen = {"state": None, "since": 0.0}

    def all_sent() -> bool:
        # Every row sent, and nothing new for 3 s: the rerun has finished its whole run (rows
        # appear as it goes, so "none unsent" alone can be true half way through).
        rows = ReminderLog.objects.filter(for_date=today)
        state = (rows.count(), rows.filter(sent_at__isnull=True).count(), len(sink.messages))
        if state != seen["state"]:
            seen["state"], seen["since"] = state, time.monotonic()
        return state[0] > 0 and state[1] == 0 and time.monotonic() - seen["since"] >= 3

    finished = wait_until(all_sent, 180, every=0.2)
    took = time.monotonic() - killed_at - 3
    rows = list(ReminderLog.objects.filter(for_date=today).select_related("recipient"))
    expected = Counter(row.recipient.email for row in rows if row.sent_at)
    delivered = Counter(address for message in sink.messages for address in message)
    duplicates = sum(n - 1 for n in delivered.values() if n > 1)
    missing = sum((expected - delivered).values())
    return {
        "point": hold_at,
        "emails": len(rows),
        "delivered": sum(delivered.values()),
        "missing": missing,
        "duplicates": duplicates,
        "took": took,
        "passed": finished and missing == 0 and duplicates == 0 and delivered == expected,
    }


def scenario_pool_process_killed(sink, env: dict, work: Path) -> dict:
    print(
        "\n(c) A pool process of a prefork worker (--concurrency=2, default lease and visibility"
        " timeout) killed while it sends the reminder emails, at three points"
    )
    env = {
        k: v
        for k, v in env.items()
        if k not in ("CELERY_VISIBILITY_TIMEOUT", "REMINDER_CLAIM_LEASE_SECONDS")
    }
    worker = Worker(env, work / "worker-c.log", prefork=True).start()
    runs = []
    try:
        for point in KILL_POINTS:
            run = _one_kill(sink, worker, point)
            runs.append(run)
            print(
                f"    killed with email {point} at the server: {run.get('emails', 0)} emails, "
                f"delivered {run.get('delivered', 0)}, missing {run.get('missing', '-')}, "
                f"duplicates {run.get('duplicates', '-')}, all sent {run.get('took', 0):.1f}s "
                f"after the kill {run.get('note', '')}"
            )
    finally:
        worker.stop()
    return {
        "scenario": "(c) pool process killed",
        "done": "kill -9 at the 1st, 2nd, 3rd email",
        "ok": sum(r.get("delivered", 0) for r in runs),
        "failed": sum(r.get("missing", 0) for r in runs),
        "lost": sum(r.get("missing", 0) for r in runs),
        "duplicates": sum(r.get("duplicates", 0) for r in runs),
        "passed": len(runs) == len(KILL_POINTS) and all(r["passed"] for r in runs),
    }
