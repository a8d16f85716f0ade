"""Issue 6's journey in a real Chromium, with a real Celery worker on Redis: a head of service
opens the dashboard, clicks from the 20-week figure to the plans behind it, drafts the board
report for the last calendar year, waits for the worker, and downloads the PDF."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.roles import CASEWORKER, HEAD_OF_SERVICE
from tests.factories import ComparatorFactory, TargetFactory, TeamFactory, UserFactory
from tests.integration.test_reminders_worker import database_url
from tests.integration.test_worker import start_worker, stop_worker
from tests.reporting.test_kpis import issued_after

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_queue(settings):
    """A worker of its own on a queue of its own, to which board reports are routed, so no
    other worker on the machine can take the task. It keeps the downloads where the live
    server streams them from."""
    from send_portal.celery import app

    queue = f"test-{uuid.uuid4().hex}"
    routes = app.conf.task_routes
    app.conf.task_routes = {
        "reporting.build_board_report": {"queue": queue},
        "reporting.store_board_report_files": {"queue": queue},
    }
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # kombu's cached_property: built again from the routes
    worker = start_worker(queue, DATABASE_URL=database_url(), MEDIA_ROOT=str(settings.MEDIA_ROOT))
    yield queue
    output = stop_worker(worker)
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    assert "Traceback" not in output, output


def test_head_of_service_drills_down_and_takes_the_board_report_as_pdf(
    live_server, page, worker_queue
):
    from pypdf import PdfReader

    team = TeamFactory(name="North team")
    casey = UserFactory(
        username="casey", first_name="Casey", last_name="Walker", role=CASEWORKER, teams=[team]
    )
    UserFactory(username="harper", first_name="Harper", last_name="Lee", role=HEAD_OF_SERVICE)
    last_year = timezone.localdate().year - 1
    received = date(last_year, 1, 8)
    on_time = issued_after(130, by=casey, team=team, received=received)
    late = issued_after(170, by=casey, team=team, received=received + timedelta(days=7))
    # A surname no other name on the paper contains (a random "Lee" would match Harper Lee).
    late.child.last_name = "Quillfeather"
    late.child.save(update_fields=["last_name"])
    TargetFactory(kpi="T20", year=last_year, value=60, tolerance=10)
    ComparatorFactory(kpi="T20", year=last_year, area="england", value="46.4")

    sign_in(page, live_server, "harper")  # with the code from harper's authenticator app

    # A head of service lands on the dashboard. Last year's 20-week figure, then the plans
    # issued late behind it.
    assert page.locator("h1").inner_text() == "Dashboard"
    page.get_by_label("Year").select_option(str(last_year))
    page.get_by_role("button", name="Show").click()
    tile = page.get_by_test_id("tile-T20")
    assert "50.0%" in tile.inner_text()
    assert axe_violations(page) == []
    tile.get_by_role("link", name="1 issued after 20 weeks").click()
    assert page.get_by_test_id("behind-count").inner_text() == "1 plan issued after 20 weeks"
    assert axe_violations(page) == []
    assert page.get_by_role("link", name=late.child.full_name).is_visible()
    assert page.get_by_role("link", name=on_time.child.full_name).count() == 0
    page.get_by_role("link", name=late.child.full_name).click()
    assert page.url.endswith(late.child.get_absolute_url())

    # The board report for last calendar year, built by the worker while the page waits.
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Open board reports").click()
    page.get_by_role("button", name="Draft a new report").click()
    page.get_by_label("Report to").fill("Children and Young People Scrutiny Committee")
    page.get_by_role("button", name="Draft the report").click()
    page.get_by_test_id("download-pdf").wait_for(timeout=90_000)
    body = page.locator("main").inner_text()
    assert "Children and Young People Scrutiny Committee" in body
    assert "Recommendation" in body and "Key messages" in body
    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    text = "".join(sheet.extract_text() for sheet in PdfReader(pdf.path()).pages)
    assert "Children and Young People Scrutiny Committee" in text
    assert "Recommendation" in text and "20 weeks" in text
    assert late.child.last_name not in text  # a committee paper carries figures, not names
