"""The build task: claimed once, progress saved per KPI, ready or failed with a short error;
enqueued on commit; and a real worker on the real broker building a report."""

import time
import uuid

import pytest
from django.db import connection

from reporting.board import services
from reporting.kpis.base import ordered
from reporting.models import BoardReport
from reporting.tasks import build_board_report

from .conftest import new_report

pytestmark = pytest.mark.django_db
Status = BoardReport.Status


@pytest.fixture
def queued(stockport, plans, reference, team_manager):
    report = new_report(requested_by=team_manager)
    report.save()
    return report


def test_the_task_builds_the_report_eagerly(queued):
    result = build_board_report.apply(args=[queued.pk])
    assert result.successful() and result.result == Status.READY
    queued.refresh_from_db()
    assert queued.status == Status.READY
    assert queued.progress == queued.steps == len(ordered()) + 2
    assert queued.percent_done == 100
    assert queued.finished_at is not None and queued.error == ""
    assert queued.content["kpis"][0]["code"] == "T20X"
    assert queued.content["appendix"]["rows"][0]["name"] == "Stockport"


def test_progress_is_saved_as_each_kpi_is_computed(queued, monkeypatch):
    seen = []
    build = services.build_report_content

    def watching(report, progress):
        def saving(done, total):
            progress(done, total)
            row = BoardReport.objects.get(pk=report.pk)
            seen.append((row.status, row.progress, row.steps))

        return build(report, progress=saving)

    monkeypatch.setattr(services, "build_report_content", watching)
    assert build_board_report(queued.pk) == Status.READY
    total = len(ordered()) + 2
    assert seen[0] == (Status.RUNNING, 0, total)
    assert [progress for _, progress, _ in seen] == list(range(total + 1))
    assert all(status == Status.RUNNING for status, _, _ in seen)


def test_progress_does_not_overwrite_words_edited_meanwhile(queued, monkeypatch):
    build = services.build_report_content

    def editing(report, progress):
        BoardReport.objects.filter(pk=report.pk).update(recommendations="Edited meanwhile.")
        return build(report, progress=progress)

    monkeypatch.setattr(services, "build_report_content", editing)
    build_board_report(queued.pk)
    queued.refresh_from_db()
    assert queued.recommendations == "Edited meanwhile." and queued.status == Status.READY


def test_a_failure_keeps_a_short_error_without_personal_data(queued, monkeypatch, caplog):
    def broken(report, progress):
        progress(0, 3)
        raise ValueError("Amelia Stone, born 3 March 2015, has a bad record")

    monkeypatch.setattr(services, "build_report_content", broken)
    assert build_board_report(queued.pk) == Status.FAILED
    queued.refresh_from_db()
    assert queued.status == Status.FAILED
    assert "ValueError" in queued.error and "Try again" in queued.error
    assert "Amelia" not in queued.error and "Traceback" not in queued.error
    assert len(queued.error) <= 300
    assert queued.content == {} and queued.finished_at is not None
    assert "Board report" in caplog.text  # the details go to the log


def test_a_report_is_built_once(queued, monkeypatch):
    assert build_board_report(queued.pk) == Status.READY
    monkeypatch.setattr(services, "build_report_content", pytest.fail)
    assert build_board_report(queued.pk) == "skipped"  # delivered twice
    BoardReport.objects.filter(pk=queued.pk).update(status=Status.RUNNING)
    assert build_board_report(queued.pk) == "skipped"  # another worker has it
    assert build_board_report(queued.pk + 1000) == "skipped"  # deleted


def test_enqueued_only_once_the_transaction_commits(
    queued, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(build_board_report, "delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.enqueue(queued)
        assert sent == []
    assert len(callbacks) == 1 and sent == [queued.pk]


def test_a_queue_that_is_down_fails_the_report_at_once(
    queued, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(pk):
        raise ConnectionRefusedError("redis is away")

    monkeypatch.setattr(build_board_report, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue(queued)
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and "queue" in queued.error


def test_requeue_starts_again(queued, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(build_board_report, "delay", lambda pk: sent.append(pk))
    BoardReport.objects.filter(pk=queued.pk).update(
        status=Status.FAILED, error="x", progress=4, steps=9
    )
    queued.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue(queued)
    queued.refresh_from_db()
    assert (queued.status, queued.progress, queued.error) == (Status.QUEUED, 0, "")
    assert sent == [queued.pk]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report(stockport, plans, reference, team_manager):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database: PostgreSQL, not SQLite")
    from send_portal.celery import app
    from tests.integration.test_reminders_worker import database_url
    from tests.integration.test_worker import WAIT_SECONDS, start_worker, stop_worker

    report = new_report(requested_by=team_manager)
    report.save()
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(
        queue,
        DATABASE_URL=database_url(),
        COUNCIL_NAME=stockport.COUNCIL_NAME,
        LA_CODE=stockport.LA_CODE,
    )
    seen_progress = set()
    try:
        app.send_task("reporting.build_board_report", args=[report.pk], queue=queue)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            report.refresh_from_db()
            seen_progress.add(report.progress)
            if report.status in (Status.READY, Status.FAILED):
                break
            time.sleep(0.1)
    finally:
        output = stop_worker(worker)
    assert report.status == Status.READY, output
    assert report.progress == report.steps == len(ordered()) + 2
    assert report.content["council"] == stockport.COUNCIL_NAME
    t20 = next(row for row in report.content["kpis"] if row["code"] == "T20X")
    assert (t20["this"], t20["last"], t20["rag"]) == (50.0, 100.0, "red")
