"""A board report's downloads are made once by the worker and streamed after: no download
renders, a report without its files (built before they were kept, or whose words changed) is
queued once and its download page says it is being prepared."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.board import files, render
from reporting.board.services import change_words
from reporting.models import BoardReport, BoardReportFile
from reporting.tasks import build_board_report, store_board_report_files

from .conftest import body, new_report

pytestmark = pytest.mark.django_db
Status = BoardReport.Status


@pytest.fixture
def sent(monkeypatch):
    """File renders the views and services queue, caught instead of reaching a broker."""
    calls = []
    monkeypatch.setattr(store_board_report_files, "delay", lambda pk: calls.append(pk))
    return calls


def on_disk(media: Path, stored: BoardReportFile) -> Path:
    return media / stored.file.name


def test_the_task_stores_all_four_downloads(stockport, plans, reference, team_manager, media):
    report = new_report(requested_by=team_manager)
    report.save()
    assert build_board_report(report.pk) == Status.READY
    report.refresh_from_db()
    stored = {row.extension: row for row in report.files.all()}
    assert sorted(stored) == ["csv", "html", "pdf", "xlsx"]
    assert {row.version for row in stored.values()} == {report.version}
    read = {ext: on_disk(media, row).read_bytes() for ext, row in stored.items()}
    assert read["pdf"].startswith(b"%PDF") and read["xlsx"].startswith(b"PK")
    assert read["csv"].decode().startswith("code,kpi")
    assert "1. Purpose of the report" in read["html"].decode()
    assert all(row.size == len(read[ext]) for ext, row in stored.items())
    assert stored["pdf"].filename.startswith("board-report-") and stored["pdf"].filename.endswith(
        ".pdf"
    )


def test_a_renderer_that_fails_fails_the_build(
    stockport, plans, reference, team_manager, monkeypatch
):
    report = new_report(requested_by=team_manager)
    report.save()
    monkeypatch.setattr(render, "paper_pdf", lambda report: 1 / 0)
    assert build_board_report(report.pk) == Status.FAILED
    report.refresh_from_db()
    assert "ZeroDivisionError" in report.error


def test_a_download_streams_the_stored_file_in_a_few_queries(
    client, team_manager, stored_report, no_rendering, django_assert_num_queries
):
    client.force_login(team_manager)
    url = reverse("board:download", args=[stored_report.pk, "pdf"])
    client.get(url)  # the session and user are now as warm as on any page
    # The session, the user, their second factor, their groups, and the stored file: never the
    # report's figures, however large the paper.
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200 and response.streaming
    stored = stored_report.files.get(extension="pdf")
    assert body(response) == stored.file.open("rb").read()
    assert response["Content-Length"] == str(stored.size)


def test_a_report_without_its_files_is_queued_once_and_says_so(
    client, team_manager, built_report, sent, no_rendering, django_capture_on_commit_callbacks
):
    client.force_login(team_manager)
    url = reverse("board:download", args=[built_report.pk, "pdf"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)
        again = client.get(url)  # six managers at once queue one render
    assert first.status_code == again.status_code == 202
    assert first["Refresh"] == "5"
    page = first.content.decode()
    assert "is being prepared" in page and "0 of 4 downloads made" in page
    assert sent == [built_report.pk]
    detail = client.get(reverse("board:detail", args=[built_report.pk])).content.decode()
    assert detail.count("Being prepared") == 4


def test_once_the_worker_has_run_the_same_link_downloads(
    client, team_manager, built_report, sent, django_capture_on_commit_callbacks
):
    client.force_login(team_manager)
    url = reverse("board:download", args=[built_report.pk, "csv"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(url).status_code == 202
    assert store_board_report_files(sent[0]) == "stored"
    response = client.get(url)
    assert response.status_code == 200 and body(response).startswith(b"code,kpi")


def test_changed_words_make_the_files_again(
    client, team_manager, stored_report, sent, media, django_capture_on_commit_callbacks
):
    old = stored_report.files.get(extension="xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        change_words(report=stored_report, version=stored_report.version, title="Renamed")
    assert sent == [stored_report.pk]
    client.force_login(team_manager)
    url = reverse("board:download", args=[stored_report.pk, "xlsx"])
    assert client.get(url).status_code == 202  # the old file shows the old words
    assert sent == [stored_report.pk]  # already queued by the edit
    assert store_board_report_files(stored_report.pk) == "stored"
    response = client.get(url)
    sheet = load_workbook(io.BytesIO(body(response)))
    assert response.status_code == 200 and "renamed" in response["Content-Disposition"]
    assert sheet.sheetnames and not on_disk(media, old).exists()
    assert stored_report.files.count() == 4


def test_words_changed_while_rendering_are_not_overwritten(stored_report, monkeypatch):
    change_words(report=stored_report, version=stored_report.version, purpose="First edit")
    real_html = render.paper_html

    def edit_meanwhile(report, **kwargs):
        html = real_html(report, **kwargs)
        BoardReport.objects.get(pk=report.pk).save()  # another manager's edit lands
        return html

    monkeypatch.setattr(render, "paper_html", edit_meanwhile)
    assert files.store_files(stored_report.pk) == "stale"
    stored_report.refresh_from_db()
    assert files.files_made(stored_report) == set()


def test_a_file_lost_from_the_disk_is_made_again(
    client, team_manager, stored_report, sent, media, django_capture_on_commit_callbacks
):
    on_disk(media, stored_report.files.get(extension="pdf")).unlink()
    client.force_login(team_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("board:download", args=[stored_report.pk, "pdf"]))
    assert response.status_code == 202 and sent == [stored_report.pk]
    assert sorted(files.files_made(stored_report)) == ["csv", "html", "xlsx"]


def test_deleting_the_report_deletes_its_files(client, team_manager, stored_report, media):
    paths = [on_disk(media, row) for row in stored_report.files.all()]
    assert len(paths) == 4 and all(path.exists() for path in paths)
    client.force_login(team_manager)
    client.post(reverse("board:delete", args=[stored_report.pk]))
    assert not any(path.exists() for path in paths)


def test_caseworkers_may_not_download_a_stored_file(client, caseworker, stored_report):
    client.force_login(caseworker)
    response = client.get(reverse("board:download", args=[stored_report.pk, "pdf"]))
    assert response.status_code == 403


def test_the_progress_says_when_the_downloads_are_being_made(client, team_manager, built_report):
    BoardReport.objects.filter(pk=built_report.pk).update(status=Status.RUNNING)
    client.force_login(team_manager)
    state = client.get(reverse("board:status", args=[built_report.pk])).json()
    assert state["label"] == "Making the PDF, HTML, CSV and XLSX downloads"
    assert state["done"] is False


def test_the_reports_page_shows_the_charts_the_worker_drew(
    client, team_manager, stored_report, monkeypatch
):
    assert len(stored_report.chart_svgs) == len(stored_report.content["charts"]) > 0

    def refuse(chart):
        raise AssertionError("the page drew a chart")

    monkeypatch.setattr(render, "chart_svg", refuse)
    client.force_login(team_manager)
    page = client.get(reverse("board:detail", args=[stored_report.pk])).content.decode()
    assert page.count("<svg") >= len(stored_report.chart_svgs)
    assert "Being prepared" not in page


def test_a_report_built_before_charts_were_kept_is_queued_from_its_page(
    client, team_manager, built_report, sent, django_capture_on_commit_callbacks
):
    client.force_login(team_manager)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("board:detail", args=[built_report.pk])).content.decode()
    assert "<svg" in page and sent == [built_report.pk]  # drawn here this once
    assert files.store_files(built_report.pk) == "stored"
    built_report.refresh_from_db()
    assert len(built_report.chart_svgs) == len(built_report.content["charts"])


def test_charts_kept_from_before_they_were_drawn_larger_are_drawn_again(
    client, team_manager, stored_report, sent, django_capture_on_commit_callbacks
):
    """Issue 19.12: charts were once drawn 7in wide with 8pt text; a report keeping such
    drawings shows and prints today's, and the worker keeps those instead."""
    old = '<svg xmlns="http://www.w3.org/2000/svg" width="504pt" height="230.4pt"></svg>'
    BoardReport.objects.filter(pk=stored_report.pk).update(
        chart_svgs=[old] * len(stored_report.content["charts"])
    )
    client.force_login(team_manager)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("board:detail", args=[stored_report.pk])).content.decode()
    assert 'width="504pt"' not in page and 'width="244.8pt"' in page
    assert sent == [stored_report.pk]  # the worker is asked to draw and keep them
    files.store_files(stored_report.pk)
    stored_report.refresh_from_db()
    assert all('width="244.8pt"' in svg for svg in stored_report.chart_svgs)


def test_building_again_forgets_the_charts(stored_report, sent):
    from reporting.board.services import requeue

    BoardReport.objects.filter(pk=stored_report.pk).update(status=Status.FAILED)
    stored_report.refresh_from_db()
    requeue(stored_report)
    stored_report.refresh_from_db()
    assert stored_report.chart_svgs == [] and files.files_made(stored_report) == set()
