"""A plan version's PDF is rendered once and kept: the worker renders it when the version is
issued, a later download streams the kept file, and a change to the page it is drawn from (the
council's name, the template) renders it again once."""

from datetime import date

import pytest
from django.urls import reverse

from plans import pdf
from plans.models import Plan, PlanVersion
from plans.services.versions import freeze_version
from plans.tasks import render_plan_pdf

from .test_versions import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(child):
    return Plan.objects.create(
        child=child,
        kind="ehc_plan",
        status="final",
        origin="assessment",
        issued_on=date(2024, 5, 20),
        section_a="Amelia likes trains and wants to be a driver.",
        section_b="Autism; severe anxiety at transitions.",
    )


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


def download(client, plan, number=1):
    response = client.get(reverse("plans:version_pdf", args=[plan.child_id, plan.pk, number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_the_second_download_does_not_render_again(client, caseworker, plan, renders):
    issue(plan, 1)  # a version issued before PDFs were kept: none yet
    client.force_login(caseworker)
    first = download(client, plan)
    assert first.startswith(b"%PDF") and len(renders) == 1
    assert download(client, plan) == first and len(renders) == 1
    version = PlanVersion.objects.get(plan=plan, number=1)
    assert version.pdf.name.startswith(f"plan-versions/{plan.pk}/v1-")
    assert plan.child.last_name not in version.pdf.name


def test_a_kept_pdf_is_streamed_without_rendering(
    client, caseworker, plan, renders, monkeypatch, django_assert_num_queries
):
    version = issue(plan, 1)
    assert render_plan_pdf(version.pk) == "rendered" and len(renders) == 1
    assert render_plan_pdf(version.pk) == "current" and len(renders) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("a download rendered the plan")

    monkeypatch.setattr(pdf, "make_pdf", refuse)
    client.force_login(caseworker)
    download(client, plan)  # warm the session
    # Session, user, the child and the access check (roles and teams, asked one way since
    # issue 18: was 3 with a second groups query), the read logged, the plan and the version:
    # the same as any page of the version, whatever the plan's length.
    with django_assert_num_queries(8):
        assert download(client, plan).startswith(b"%PDF")


def test_a_changed_page_renders_once_more(client, caseworker, plan, renders, settings):
    version = issue(plan, 1)
    render_plan_pdf(version.pk)
    old = PlanVersion.objects.get(pk=version.pk).pdf.name
    settings.COUNCIL_NAME = "Exampleshire County Council"  # the running header changes
    client.force_login(caseworker)
    download(client, plan)
    download(client, plan)
    assert len(renders) == 2
    assert PlanVersion.objects.get(pk=version.pk).pdf.name != old


def test_a_download_before_the_worker_queues_it_once_and_says_so(
    client, caseworker, plan, renders, monkeypatch
):
    issue(plan, 1)
    sent = []
    monkeypatch.setattr(render_plan_pdf, "delay", lambda pk: sent.append(pk))
    client.force_login(caseworker)
    url = reverse("plans:version_pdf", args=[plan.child_id, plan.pk, 1])
    first, again = client.get(url), client.get(url)  # many clicks, one render queued
    assert first.status_code == again.status_code == 202 and first["Refresh"] == "3"
    assert "The PDF of version 1 is being prepared" in first.content.decode()
    assert len(sent) == 1 and renders == []
    render_plan_pdf(sent[0])  # the worker
    assert download(client, plan).startswith(b"%PDF") and len(renders) == 1


def test_a_queue_that_is_down_renders_on_the_download(
    client, caseworker, plan, renders, monkeypatch
):
    issue(plan, 1)

    def refuse(pk):
        raise ConnectionRefusedError("redis is away")

    monkeypatch.setattr(render_plan_pdf, "delay", refuse)
    client.force_login(caseworker)
    assert download(client, plan).startswith(b"%PDF") and len(renders) == 1
    assert download(client, plan).startswith(b"%PDF") and len(renders) == 1


def test_issuing_a_version_queues_its_pdf(
    plan, caseworker, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(render_plan_pdf, "delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        version = freeze_version(
            plan=plan, by=caseworker, issued_on=date(2024, 5, 20), reason="issued"
        )
        assert sent == []  # the worker must find the row
    assert sent == [version.pk]


def test_a_queue_that_is_down_does_not_stop_the_issue(
    plan, caseworker, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(pk):
        raise ConnectionRefusedError("redis is away")

    monkeypatch.setattr(render_plan_pdf, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        freeze_version(plan=plan, by=caseworker, issued_on=date(2024, 5, 20), reason="issued")
    assert plan.versions.count() == 1


def test_deleting_a_plan_deletes_its_pdfs(plan, settings, django_capture_on_commit_callbacks):
    version = issue(plan, 1)
    render_plan_pdf(version.pk)
    path = settings.MEDIA_ROOT / PlanVersion.objects.get(pk=version.pk).pdf.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        plan.delete()
    assert not path.exists()


def test_forgotten_pdfs_are_gone_and_made_again_from_the_content(
    client, caseworker, plan, settings, renders, django_capture_on_commit_callbacks
):
    version = issue(plan, 1)
    render_plan_pdf(version.pk)
    path = settings.MEDIA_ROOT / PlanVersion.objects.get(pk=version.pk).pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        pdf.forget_pdfs(PlanVersion.objects.filter(plan=plan))
    assert not path.exists()
    assert PlanVersion.objects.get(pk=version.pk).pdf_source == ""
    client.force_login(caseworker)
    assert download(client, plan).startswith(b"%PDF") and len(renders) == 2


def test_a_rewritten_version_is_never_served_its_old_pdf(client, caseworker, plan, renders):
    """Erasure rewrites a version's content without a signal: the kept PDF, drawn from the
    old words, no longer matches the page and is drawn again."""
    version = issue(plan, 1)
    render_plan_pdf(version.pk)
    content = {**version.content, "sections": {"a": "[erased]"}}
    PlanVersion.objects.filter(pk=version.pk).update(content=content)
    client.force_login(caseworker)
    download(client, plan)
    assert len(renders) == 2
