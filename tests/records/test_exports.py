"""A subject access export asked for on a page and built by the worker: the row and its queueing,
the progress, the stored zip and its audited download, who may reach them, a queue that is down,
a build that fails or runs twice, and the zip's deletion when it expires or the child is erased."""

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from records import exports
from records.erasure import confirm_erasure, review_erasure
from records.kinds import KINDS
from records.models import SubjectAccessDownload, SubjectAccessExport
from records.tasks import build_subject_access_export, expire_subject_access_exports
from send_portal.celery import app

from .conftest import FIRST_NAME, LAST_NAME, UPN, build_export, fill_record, make_child

pytestmark = pytest.mark.django_db
Status = SubjectAccessExport.Status
CONFIRM = {"confirm": "on"}


@pytest.fixture
def filled_child(team, caseworker, media):
    child = make_child(team, caseworker)
    fill_record(child, caseworker, 2)
    return child


@pytest.fixture
def sent(monkeypatch):
    """Builds the views queue, caught instead of reaching a broker."""
    calls = []
    monkeypatch.setattr(build_subject_access_export, "delay", lambda pk: calls.append(pk))
    return calls


@pytest.fixture
def ready(filled_child, data_protection_officer):
    return build_export(filled_child, data_protection_officer)


def urls(export) -> list[tuple[str, str, dict]]:
    return [
        ("post", reverse("records:subject_access", args=[export.child_id]), CONFIRM),
        ("get", reverse("records:subject_access_export", args=[export.pk]), {}),
        ("get", reverse("records:subject_access_download", args=[export.pk]), {}),
    ]


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def stored_zips(media) -> list:
    folder = media / "subject-access"
    return sorted(folder.rglob("*.zip")) if folder.exists() else []


# --- asking, queueing and building ----------------------------------------------------------


def test_asking_records_the_export_and_queues_its_build_once_committed(
    client, data_protection_officer, filled_child, sent, django_capture_on_commit_callbacks
):
    client.force_login(data_protection_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:subject_access", args=[filled_child.pk]), CONFIRM)
        assert sent == []  # not before the row is committed: a worker must find it
    export = SubjectAccessExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("records:subject_access_export", args=[export.pk])
    assert sent == [export.pk]
    assert (export.child_id, export.requested_by, export.status, export.file.name) == (
        filled_child.pk,
        data_protection_officer,
        Status.QUEUED,
        "",
    )
    page = client.get(response.url)
    assert page.status_code == 200 and page["Refresh"] == "5"
    assert "Waiting for a worker to start the export" in page.content.decode()


def test_the_worker_builds_the_zip_and_its_page_offers_the_download(
    client, data_protection_officer, filled_child, worker, media
):
    client.force_login(data_protection_officer)
    with worker(execute=True):
        response = client.post(reverse("records:subject_access", args=[filled_child.pk]), CONFIRM)
    export = SubjectAccessExport.objects.get()
    assert export.status == Status.READY and export.finished_at is not None
    assert stored_zips(media) == [media / export.file.name]
    page = client.get(response.url)
    assert "Refresh" not in page
    download = reverse("records:subject_access_download", args=[export.pk])
    assert download in page.content.decode()
    # The child's page of exports lists it too.
    listing = client.get(reverse("records:subject_access", args=[filled_child.pk]))
    assert download in listing.content.decode()


def test_the_download_streams_the_stored_zip_and_is_audited(
    client, data_protection_officer, ready, media
):
    client.force_login(data_protection_officer)
    response = client.get(reverse("records:subject_access_download", args=[ready.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="subject-access-child-{ready.child_id}.zip"'
    )
    assert streamed(response) == (media / ready.file.name).read_bytes()
    audit = SubjectAccessDownload.objects.get()
    assert (audit.export, audit.downloaded_by) == (ready, data_protection_officer)
    client.get(reverse("records:subject_access_download", args=[ready.pk]))
    assert SubjectAccessDownload.objects.count() == 2


def test_a_zip_lost_from_the_disk_is_not_a_server_error(
    client, data_protection_officer, ready, media
):
    (media / ready.file.name).unlink()
    client.force_login(data_protection_officer)
    response = client.get(reverse("records:subject_access_download", args=[ready.pk]), follow=True)
    assert response.status_code == 200
    assert "ask for the export again" in response.content.decode()
    assert not SubjectAccessDownload.objects.exists()


def test_progress_is_kept_on_the_row_part_by_part(
    filled_child, data_protection_officer, monkeypatch
):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 0)
    seen = []
    save = exports._Progress.__call__

    def watch(progress, done, total):
        save(progress, done, total)
        row = SubjectAccessExport.objects.get(pk=progress.export_id)
        seen.append((row.status, row.parts_done, row.parts_total))

    monkeypatch.setattr(exports._Progress, "__call__", watch)
    export = build_export(filled_child, data_protection_officer)
    # The PDF, a CSV per kind, the history CSVs, and the two documents.
    total = seen[0][2]
    assert total > 1 + len(KINDS) + 2
    assert seen == [(Status.BUILDING, done, total) for done in range(total + 1)]
    assert (export.parts_done, export.parts_total, export.percent_done) == (total, total, 100)


def test_the_page_of_an_export_being_built_shows_how_far_it_is(
    client, data_protection_officer, filled_child
):
    export = SubjectAccessExport.objects.create(
        child=filled_child,
        requested_by=data_protection_officer,
        channel="page",
        status=Status.BUILDING,
        parts_done=12,
        parts_total=40,
        started_at=timezone.now(),
    )
    client.force_login(data_protection_officer)
    page = client.get(reverse("records:subject_access_export", args=[export.pk]))
    assert page["Refresh"] == "5"
    text = page.content.decode()
    assert "12 of 40 parts written" in text and 'value="12"' in text
    assert reverse("records:subject_access_download", args=[export.pk]) not in text
    # Not ready: the download goes back to the page, writing no audit row.
    response = client.get(reverse("records:subject_access_download", args=[export.pk]))
    assert response.url == reverse("records:subject_access_export", args=[export.pk])
    assert not SubjectAccessDownload.objects.exists()


def test_a_rerun_of_a_ready_export_does_nothing(ready, media, monkeypatch):
    before = SubjectAccessExport.objects.values().get(pk=ready.pk)
    zip_bytes = (media / ready.file.name).read_bytes()
    monkeypatch.setattr(exports, "write_zip", lambda *a, **k: pytest.fail("built again"))
    assert build_subject_access_export(ready.pk) == "skipped"
    assert SubjectAccessExport.objects.values().get(pk=ready.pk) == before
    assert stored_zips(media) == [media / ready.file.name]
    assert (media / ready.file.name).read_bytes() == zip_bytes


def test_a_build_that_lost_its_worker_is_built_by_the_redelivered_task(
    filled_child, data_protection_officer, media
):
    export = SubjectAccessExport.objects.create(
        child=filled_child, requested_by=data_protection_officer, channel="page"
    )
    SubjectAccessExport.objects.filter(pk=export.pk).update(
        status=Status.BUILDING, started_at=timezone.now() - timedelta(minutes=5)
    )
    assert build_subject_access_export(export.pk) == "skipped"  # its worker may still be at it
    SubjectAccessExport.objects.filter(pk=export.pk).update(
        started_at=timezone.now() - exports.BUILD_LOST_AFTER - timedelta(minutes=1)
    )
    assert build_subject_access_export(export.pk) == Status.READY
    assert build_subject_access_export(export.pk + 1000) == "skipped"  # no such export


def test_a_failed_build_keeps_a_safe_error_and_no_half_written_zip(
    filled_child, data_protection_officer, media, monkeypatch, caplog
):
    def half_then_fail(gathered, out, **kwargs):
        out.write(b"PK half a zip")
        raise ValueError(f"{FIRST_NAME} {LAST_NAME} {UPN}")

    monkeypatch.setattr(exports, "write_zip", half_then_fail)
    caplog.set_level(logging.DEBUG)
    export = exports.request_export(child=filled_child, by=data_protection_officer)
    assert build_subject_access_export(export.pk) == Status.FAILED
    export.refresh_from_db()
    assert export.status == Status.FAILED and export.finished_at is not None
    assert "ValueError" in export.error and FIRST_NAME not in export.error
    assert export.file.name == "" and stored_zips(media) == []
    logged = " ".join(caplog.handler.format(record) for record in caplog.records)
    assert "ValueError" in logged
    for secret in (FIRST_NAME, LAST_NAME, UPN):
        assert secret not in logged


def test_a_save_that_fails_part_way_leaves_no_file(
    filled_child, data_protection_officer, media, monkeypatch
):
    def full_disk(storage, name, content):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    export = exports.request_export(child=filled_child, by=data_protection_officer)
    assert build_subject_access_export(export.pk) == Status.FAILED
    export.refresh_from_db()
    assert "OSError" in export.error and export.file.name == ""
    assert stored_zips(media) == []


def test_the_page_of_a_failed_export_says_so(client, data_protection_officer, filled_child):
    export = SubjectAccessExport.objects.create(
        child=filled_child,
        requested_by=data_protection_officer,
        channel="page",
        status=Status.FAILED,
        error=exports.failure_message(OSError("disk full")),
    )
    client.force_login(data_protection_officer)
    page = client.get(reverse("records:subject_access_export", args=[export.pk]))
    assert "Refresh" not in page
    assert "The export could not be built (OSError)" in page.content.decode()


# --- a queue that is down ---------------------------------------------------------------------


def test_a_queue_that_is_down_is_said_on_the_page_not_a_server_error(
    client, data_protection_officer, filled_child, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(pk):
        raise ConnectionRefusedError("redis is away")

    monkeypatch.setattr(build_subject_access_export, "delay", refuse)
    client.force_login(data_protection_officer)
    # The test's transaction stands in for the request's own commit (autocommit in production).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:subject_access", args=[filled_child.pk]), CONFIRM)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "could not be queued" in page.content.decode()
    export = SubjectAccessExport.objects.get()
    assert export.status == Status.FAILED and "queue" in export.error


def test_a_real_broker_that_cannot_be_reached_is_said_on_the_page(
    client, data_protection_officer, filled_child, monkeypatch, django_capture_on_commit_callbacks
):
    def through_a_dead_broker(pk):
        # Nothing listens on port 9: kombu's own error, as production would meet it.
        with app.connection_for_write("redis://127.0.0.1:9/0", connect_timeout=1) as dead:
            return build_subject_access_export.apply_async((pk,), connection=dead)

    monkeypatch.setattr(build_subject_access_export, "delay", through_a_dead_broker)
    client.force_login(data_protection_officer)
    # The test's transaction stands in for the request's own commit (autocommit in production).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:subject_access", args=[filled_child.pk]), CONFIRM)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "could not be queued" in page.content.decode()


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "team_manager", "head_of_service", "administrator"])
def test_only_the_data_protection_officer_reaches_an_export(request, client, role, ready, sent):
    client.force_login(request.getfixturevalue(role))
    for method, url, data in urls(ready):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (role, url)
        assert not response.streaming and response["Content-Type"] != "application/zip"
    assert SubjectAccessExport.objects.count() == 1 and sent == []
    assert not SubjectAccessDownload.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, ready, sent):
    for method, url, data in urls(ready):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert SubjectAccessExport.objects.count() == 1 and sent == []


def test_an_export_that_does_not_exist_is_404(client, data_protection_officer):
    client.force_login(data_protection_officer)
    for name in ("records:subject_access_export", "records:subject_access_download"):
        assert client.get(reverse(name, args=[999])).status_code == 404


# --- expiry and erasure -------------------------------------------------------------------------


def test_exports_expire_30_days_after_they_were_built(
    client, data_protection_officer, ready, media, django_capture_on_commit_callbacks
):
    path = media / ready.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_subject_access_exports() == 0
    assert path.exists()
    SubjectAccessExport.objects.filter(pk=ready.pk).update(
        finished_at=timezone.now() - timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_subject_access_exports() == 1
    assert not path.exists()
    ready.refresh_from_db()
    assert (ready.status, ready.file.name) == (Status.EXPIRED, "")
    client.force_login(data_protection_officer)
    response = client.get(reverse("records:subject_access_download", args=[ready.pk]))
    assert response.url == reverse("records:subject_access_export", args=[ready.pk])
    assert not SubjectAccessDownload.objects.exists()


def test_beat_runs_the_expiry_every_day():
    entry = django_settings.CELERY_BEAT_SCHEDULE["expire-subject-access-exports"]
    assert entry["task"] == expire_subject_access_exports.name


def test_erasing_the_child_deletes_its_zips(
    team, caseworker, head_of_service, data_protection_officer, media, in_2045, worker
):
    child = make_child(team, caseworker, date_of_birth=date(2001, 3, 15))
    fill_record(child, caseworker, 1)
    export = build_export(child, data_protection_officer)
    path = media / export.file.name
    assert path.exists()
    erasure = review_erasure(child_ids=[child.pk], by=head_of_service)
    with worker(execute=True):
        confirm_erasure(erasure=erasure, by=data_protection_officer)
    assert not path.exists() and stored_zips(media) == []
    export.refresh_from_db()
    # The row stays as the audit of who took the record away; it holds no personal data.
    assert (export.status, export.file.name, export.requested_by) == (
        Status.ERASED,
        "",
        data_protection_officer,
    )


def test_a_zip_built_while_the_child_was_erased_is_not_kept(
    filled_child, data_protection_officer, media, monkeypatch
):
    write_zip = exports.write_zip

    def erased_meanwhile(gathered, out, **kwargs):
        write_zip(gathered, out, **kwargs)
        exports.forget_exports(gathered.child)

    monkeypatch.setattr(exports, "write_zip", erased_meanwhile)
    export = exports.request_export(child=filled_child, by=data_protection_officer)
    assert build_subject_access_export(export.pk) == "skipped"
    export.refresh_from_db()
    assert (export.status, export.file.name) == (Status.ERASED, "")
    assert stored_zips(media) == []
