"""The draft plan as a PDF marked DRAFT on every page, drawn from what the plan says now with the
issued versions' page; rendered once per draft content and kept, like an issued version's PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.draft_pdf import render_draft_pdf
from plans.services import editing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


@pytest.fixture
def renders(monkeypatch):
    """Each PDF WeasyPrint renders, counted."""
    import weasyprint

    made = []
    real = weasyprint.HTML.write_pdf

    def write_pdf(self, *args, **kwargs):
        made.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
    return made


@pytest.fixture
def queue_down(monkeypatch):
    def refuse(pk):
        raise ConnectionRefusedError("redis is away")

    monkeypatch.setattr(render_draft_pdf, "delay", refuse)


def url(plan) -> str:
    return reverse("plans:draft_pdf", args=[plan.child_id, plan.pk])


def download(client, plan) -> bytes:
    response = client.get(url(plan))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"plan-{plan.pk}-draft.pdf" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_the_draft_pdf_is_marked_draft_on_every_page(
    client, caseworker, drafted_plan, renders, queue_down
):
    client.force_login(caseworker)
    assert url(drafted_plan) in client.get(drafted_plan.get_absolute_url()).content.decode()
    reader = PdfReader(io.BytesIO(download(client, drafted_plan)))
    pages = [page.extract_text() for page in reader.pages]
    assert all("DRAFT" in text for text in pages)
    text = "\n".join(pages)
    assert "Autism; anxiety at transitions." in text and "Speech and language therapy" in text
    assert "Version 1" not in text


def test_an_unchanged_draft_is_streamed_and_a_changed_one_rendered_again(
    client, caseworker, drafted_plan, renders, queue_down
):
    client.force_login(caseworker)
    first = download(client, drafted_plan)
    assert download(client, drafted_plan) == first and len(renders) == 1
    editing.add_outcome(
        plan=drafted_plan, by=caseworker, area="health", description="Sleeps through the night"
    )
    changed = download(client, drafted_plan)
    assert len(renders) == 2 and changed != first
    assert "Sleeps through the night" in PdfReader(io.BytesIO(changed)).pages[0].extract_text()


def test_the_worker_renders_it_queued_once(client, caseworker, drafted_plan, renders, monkeypatch):
    sent = []
    monkeypatch.setattr(render_draft_pdf, "delay", lambda pk: sent.append(pk))
    client.force_login(caseworker)
    first, again = client.get(url(drafted_plan)), client.get(url(drafted_plan))
    assert first.status_code == again.status_code == 202 and first["Refresh"] == "3"
    assert "The draft PDF is being prepared" in first.content.decode()
    assert sent == [drafted_plan.pk] and renders == []
    assert render_draft_pdf(drafted_plan.pk) == "rendered"
    assert render_draft_pdf(drafted_plan.pk) == "current"
    assert download(client, drafted_plan).startswith(b"%PDF") and len(renders) == 1


def test_an_issued_plan_has_no_draft(client, caseworker, issued_plan):
    client.force_login(caseworker)
    assert client.get(url(issued_plan)).status_code == 404
    assert url(issued_plan) not in client.get(issued_plan.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("visitor", "expected"), [("outsider", 403), ("anonymous", 302)])
def test_another_team_cannot_download_the_draft(client, request, drafted_plan, visitor, expected):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    assert client.get(url(drafted_plan)).status_code == expected


@pytest.fixture(autouse=True)
def _own_cache(settings):
    # The render is claimed in the cache: each test starts with none claimed.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "draft"}
    }
    from django.core.cache import cache

    cache.clear()


def test_issuing_the_plan_deletes_its_draft_pdfs(
    client, caseworker, drafted_plan, renders, queue_down, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from plans.services import lifecycle

    from .conftest import ISSUED

    client.force_login(caseworker)
    download(client, drafted_plan)
    folder = f"plan-drafts/{drafted_plan.pk}"
    assert len(default_storage.listdir(folder)[1]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.issue_plan(plan=drafted_plan, by=caseworker, issued_on=ISSUED)
    assert default_storage.listdir(folder)[1] == []
