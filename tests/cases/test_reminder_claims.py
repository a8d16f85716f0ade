"""A claimed reminder belongs to one process: a dead claimant's row is taken over at once, a
live one's is left alone until its lease lapses, and the sweep sends what any day left unsent."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases.models import ReminderLog
from cases.services.reminders import attempts, send_digests, sweep_unsent
from tests.factories import ReminderLogFactory

from .test_reminders import TODAY, cases, log_for, site_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

# The module alone, without Django: a short-lived process names its own attempt and ends.
ATTEMPT_OF_A_CHILD = f"import runpy; print(runpy.run_path({attempts.__file__!r})['current']())"


def finished_process_attempt() -> str:
    """The attempt name of a process that has run and ended, as a killed pool child has."""
    done = subprocess.run(
        [sys.executable, "-c", ATTEMPT_OF_A_CHILD],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def claim_as(user, attempt: str, *, ago=timedelta(seconds=1), day=TODAY) -> None:
    ReminderLogFactory(
        recipient=user,
        kind="caseworker_digest",
        for_date=day,
        claimed_at=timezone.now() - ago,
        attempt=attempt,
        attempts=1,
    )


def test_a_live_process_is_alive_and_an_ended_one_is_dead():
    me = attempts.current()
    assert not attempts.is_dead(me)
    ended = finished_process_attempt()
    assert ended.rsplit("/", 2)[0] == me.rsplit("/", 2)[0]  # same machine, same boot
    assert attempts.is_dead(ended)


def test_a_pid_given_to_a_new_process_is_not_the_old_claimant():
    host_boot, pid, start = attempts.current().rsplit("/", 2)
    assert attempts.is_dead(f"{host_boot}/{pid}/{int(start) - 1}")


def test_another_machines_claim_cannot_be_judged_so_it_is_alive():
    assert not attempts.is_dead("elsewhere/0123abcd/1/100")
    assert not attempts.is_dead("")
    assert not attempts.is_dead("not an attempt")


def test_a_dead_processs_claim_is_taken_over_at_once(cases, caseworker):  # noqa: F811 (the fixture imported above)
    claim_as(caseworker, finished_process_attempt())
    result = send_digests(today=TODAY)
    assert result.sent == 1 and len(mail.outbox) == 1
    log = log_for(caseworker)
    assert log.sent_at is not None and log.attempts == 2
    assert log.attempt == attempts.current()


def test_a_live_processs_claim_is_left_to_it_until_the_lease_lapses(cases, caseworker):  # noqa: F811 (the fixture imported above)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        host_boot = attempts.current().rsplit("/", 2)[0]
        start = attempts._stat(live.pid)[1]
        claim_as(caseworker, f"{host_boot}/{live.pid}/{start}")
        result = send_digests(today=TODAY)
        assert result.sent == 0 and result.skipped["already_sent_or_claimed"] == 1
        assert mail.outbox == []
    finally:
        live.kill()
        live.wait()
    # Killed (and reaped): the same claim is now a dead process's.
    assert send_digests(today=TODAY).sent == 1


def test_the_sweep_sends_what_an_earlier_day_left_unsent_once(cases, caseworker):  # noqa: F811 (the fixture imported above)
    # Yesterday's run died after claiming; today's daily run only looks at today's rows.
    yesterday = TODAY - timedelta(days=1)
    claim_as(caseworker, finished_process_attempt(), day=yesterday)
    sent = sweep_unsent(today=TODAY)
    assert sent == {"caseworker_digest": 1}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [caseworker.email]
    row = ReminderLog.objects.get(recipient=caseworker, for_date=yesterday)
    assert row.sent_at is not None
    assert sweep_unsent(today=TODAY) == {}
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_a_live_claim_and_a_future_day_alone(cases, caseworker):  # noqa: F811 (the fixture imported above)
    claim_as(caseworker, attempts.current())  # this very process, mid-send
    claim_as(cases["sam"], finished_process_attempt(), day=TODAY + timedelta(days=1))
    assert sweep_unsent(today=TODAY) == {}
    assert mail.outbox == []


def test_the_sweep_looks_back_a_fortnight_not_for_ever(cases, caseworker):  # noqa: F811
    from cases.services.reminders import SWEEP_DAYS

    claim_as(caseworker, finished_process_attempt(), day=TODAY - timedelta(days=SWEEP_DAYS))
    assert sweep_unsent(today=TODAY) == {}
    assert mail.outbox == []
