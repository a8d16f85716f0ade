"""The board report's pages for each role: the list, asking for a report, its progress, the
paper and its downloads, changing its words, trying again and deleting it."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import BoardReport
from reporting.tasks import build_board_report

from .conftest import body, new_report

pytestmark = pytest.mark.django_db
Status = BoardReport.Status


@pytest.fixture
def sent(monkeypatch):
    """Tasks the views queue, caught instead of reaching a broker."""
    calls = []
    monkeypatch.setattr(build_board_report, "delay", lambda pk: calls.append(pk))
    return calls


@pytest.fixture
def queued(team_manager):
    report = new_report(requested_by=team_manager)
    report.save()
    return report


def urls_for(report) -> list[tuple[str, str]]:
    pk = report.pk
    return [
        ("get", reverse("board:list")),
        ("get", reverse("board:new")),
        ("post", reverse("board:new")),
        ("get", reverse("board:detail", args=[pk])),
        ("get", reverse("board:status", args=[pk])),
        ("get", reverse("board:download", args=[pk, "pdf"])),
        ("get", reverse("board:edit", args=[pk])),
        ("post", reverse("board:edit", args=[pk])),
        ("post", reverse("board:retry", args=[pk])),
        ("get", reverse("board:delete", args=[pk])),
        ("post", reverse("board:delete", args=[pk])),
    ]


def test_anonymous_users_are_sent_to_sign_in(client, queued):
    for method, url in urls_for(queued):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_caseworkers_may_not(client, caseworker, queued):
    client.force_login(caseworker)
    for method, url in urls_for(queued):
        assert getattr(client, method)(url).status_code == 403, url
    assert BoardReport.objects.filter(pk=queued.pk).exists()


@pytest.mark.parametrize("role", ["team_manager", "head_of_service"])
def test_managers_may(client, role, request, queued):
    client.force_login(request.getfixturevalue(role))
    for name in ("board:list", "board:new"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("board:detail", args=[queued.pk])).status_code == 200


def test_every_manager_sees_every_report(client, head_of_service, queued):
    # Asked for by the team manager; the head of service sees it too (council-wide figures).
    client.force_login(head_of_service)
    page = client.get(reverse("board:list")).content.decode()
    assert "SEND performance 2024" in page
    assert reverse("board:detail", args=[queued.pk]) in page


def test_the_new_report_form_is_drafted(client, head_of_service, stockport):
    head_of_service.first_name, head_of_service.last_name = "Harper", "Lee"
    head_of_service.job_title = "Head of SEND"
    head_of_service.save()
    client.force_login(head_of_service)
    form = client.get(reverse("board:new")).context["form"]
    assert form["reporting_officer"].initial == "Harper Lee, Head of SEND"
    assert form["year"].initial == 2024  # spring 2025: last year
    assert form["period_kind"].initial == "calendar"
    assert "notes the performance" in form["recommendations"].initial
    assert form["purpose"].initial.startswith("To report")
    choices = [value for value, _ in form.fields["comparators"].choices]
    assert "Bury" in choices and "Stockport" not in choices


def posted(**overrides) -> dict:
    data = {
        "title": "SEND performance 2024",
        "report_to": "Scrutiny Committee",
        "meeting_date_0": "20",
        "meeting_date_1": "3",
        "meeting_date_2": "2025",
        "reporting_officer": "Morgan",
        "period_kind": "calendar",
        "year": "2024",
        "purpose": "To report.",
        "recommendations": "That it is noted.",
    }
    return {**data, **overrides}


def test_asking_for_a_report_queues_it(
    client, team_manager, stockport, sent, django_capture_on_commit_callbacks
):
    client.force_login(team_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("board:new"), posted(comparators=["Bury", "Sefton"]))
    report = BoardReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("board:detail", args=[report.pk])
    assert sent == [report.pk]
    assert (report.period_start, report.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert report.snapshot == date(2025, 1, 16)  # the census day after the year
    assert report.meeting_date == date(2025, 3, 20)
    assert report.comparator_names == ["Bury", "Sefton"]
    assert report.requested_by == team_manager and report.status == Status.QUEUED


@pytest.mark.parametrize(
    ("fields", "start", "end", "snapshot"),
    [
        ({"period_kind": "financial", "year": "2024"}, (2024, 4, 1), (2025, 3, 31), (2025, 3, 31)),
        ({"period_kind": "academic", "year": "2023"}, (2023, 9, 1), (2024, 8, 31), (2024, 8, 31)),
        (
            {
                "period_kind": "custom",
                "year": "",
                "start_0": "1", "start_1": "4", "start_2": "2024",
                "end_0": "30", "end_1": "6", "end_2": "2024",
                "snapshot_0": "1", "snapshot_1": "7", "snapshot_2": "2024",
            },
            (2024, 4, 1), (2024, 6, 30), (2024, 7, 1),
        ),
    ],
)  # fmt: skip
def test_each_kind_of_period(client, team_manager, sent, fields, start, end, snapshot):
    client.force_login(team_manager)
    assert client.post(reverse("board:new"), posted(**fields)).status_code == 302
    report = BoardReport.objects.get()
    assert (report.period_start, report.period_end, report.snapshot) == (
        date(*start),
        date(*end),
        date(*snapshot),
    )


def test_form_errors(client, team_manager, sent):
    client.force_login(team_manager)
    response = client.post(reverse("board:new"), posted(period_kind="custom", year=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Enter the date the period starts" in errors["start"]
    assert "Enter the date the period ends" in errors["end"]
    response = client.post(reverse("board:new"), posted(year=""))
    assert "Enter the year" in response.context["form"].errors["year"][0]
    fields = {
        "period_kind": "custom",
        **{"start_0": "1", "start_1": "6", "start_2": "2024"},
        **{"end_0": "1", "end_1": "5", "end_2": "2024"},
    }
    response = client.post(reverse("board:new"), posted(**fields))
    assert "must end on or after" in response.context["form"].errors["end"][0]
    assert "Error: Draft a board report" in response.content.decode()
    assert not BoardReport.objects.exists() and sent == []


def test_progress_page_and_status(client, team_manager, queued):
    client.force_login(team_manager)
    page = client.get(reverse("board:detail", args=[queued.pk])).content.decode()
    assert "Waiting for a worker" in page and "<progress" in page
    assert reverse("board:status", args=[queued.pk]) in page
    BoardReport.objects.filter(pk=queued.pk).update(status=Status.RUNNING, progress=3, steps=32)
    page = client.get(reverse("board:detail", args=[queued.pk])).content.decode()
    assert "3 of 30 KPIs computed" in page and 'value="3"' in page and 'max="32"' in page
    state = client.get(reverse("board:status", args=[queued.pk])).json()
    assert state == {
        "status": "running",
        "progress": 3,
        "steps": 32,
        "percent": 9,
        "label": "3 of 30 KPIs computed",
        "done": False,
    }
    BoardReport.objects.filter(pk=queued.pk).update(progress=31)
    assert client.get(reverse("board:status", args=[queued.pk])).json()["label"] == (
        "Drafting the charts and the appendix"
    )
    # Not ready: no downloads.
    response = client.get(reverse("board:download", args=[queued.pk, "pdf"]))
    assert response.status_code == 302


def test_a_failed_report_says_so_and_can_be_tried_again(
    client, team_manager, queued, sent, django_capture_on_commit_callbacks
):
    BoardReport.objects.filter(pk=queued.pk).update(
        status=Status.FAILED, error="The report could not be built (ValueError)."
    )
    client.force_login(team_manager)
    page = client.get(reverse("board:detail", args=[queued.pk])).content.decode()
    assert "The report could not be built (ValueError)." in page and "Try again" in page
    assert client.get(reverse("board:status", args=[queued.pk])).json()["done"] is True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("board:retry", args=[queued.pk]))
    queued.refresh_from_db()
    assert queued.status == Status.QUEUED and sent == [queued.pk]
    # A report still being built cannot be started twice.
    client.post(reverse("board:retry", args=[queued.pk]))
    assert sent == [queued.pk]


def test_the_ready_paper_and_its_downloads(client, team_manager, stored_report, no_rendering):
    client.force_login(team_manager)
    page = client.get(reverse("board:detail", args=[stored_report.pk])).content.decode()
    for text in ("Report to", "2. Recommendations", "3. Key messages", "Appendix 1", "<svg"):
        assert text in page
    assert page.count("<h1") == 1
    for extension in ("pdf", "html", "csv", "xlsx"):
        assert reverse("board:download", args=[stored_report.pk, extension]) in page
    pdf = client.get(reverse("board:download", args=[stored_report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and body(pdf).startswith(b"%PDF")
    assert 'attachment; filename="board-report-' in pdf["Content-Disposition"]
    html = client.get(reverse("board:download", args=[stored_report.pk, "html"]))
    assert "1. Purpose of the report" in body(html).decode()
    rows = list(
        csv.reader(
            io.StringIO(
                body(client.get(reverse("board:download", args=[stored_report.pk, "csv"]))).decode()
            )
        )
    )
    assert rows[0][0] == "code" and len(rows) == len(stored_report.content["kpis"]) + 1
    xlsx = client.get(reverse("board:download", args=[stored_report.pk, "xlsx"]))
    assert "KPIs" in load_workbook(io.BytesIO(body(xlsx))).sheetnames
    assert client.get(reverse("board:download", args=[stored_report.pk, "doc"])).status_code == 302


def test_changing_the_words_keeps_the_figures(client, team_manager, built_report):
    client.force_login(team_manager)
    url = reverse("board:edit", args=[built_report.pk])
    form = client.get(url).context["form"]
    assert form.initial["report_to"] == "Children and Young People Scrutiny Committee"
    content = built_report.content
    response = client.post(
        url,
        {
            "title": "SEND: the year in figures",
            "report_to": "Cabinet",
            "meeting_date_0": "",
            "meeting_date_1": "",
            "meeting_date_2": "",
            "reporting_officer": "Morgan",
            "purpose": "A sharper purpose.",
            "recommendations": "That Cabinet notes the report.\nThat Cabinet agrees the targets.",
            "version": built_report.version,  # the hidden field the form carries
        },
    )
    assert response.status_code == 302
    built_report.refresh_from_db()
    assert built_report.content == content
    assert built_report.report_to == "Cabinet" and built_report.meeting_date is None
    page = client.get(reverse("board:detail", args=[built_report.pk])).content.decode()
    assert "<li>That Cabinet agrees the targets.</li>" in page and "A sharper purpose." in page


def test_deleting_asks_first(client, team_manager, queued):
    client.force_login(team_manager)
    url = reverse("board:delete", args=[queued.pk])
    assert "Are you sure" in client.get(url).content.decode()
    assert BoardReport.objects.filter(pk=queued.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("board:list")
    assert not BoardReport.objects.filter(pk=queued.pk).exists()
    assert client.get(reverse("board:detail", args=[queued.pk])).status_code == 404
