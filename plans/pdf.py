"""A plan version's PDF, rendered once and kept: a version is frozen when issued, so its PDF
never changes unless the page it is drawn from does (the print template or stylesheet after an
upgrade, or the council's name). The key is a hash of that page, so a stale PDF is never served
and an unchanged one is never rendered twice.

Rendered by the worker as soon as a version is issued (plans.tasks.render_plan_pdf). A version
the worker has not reached, issued before PDFs were kept, or whose page changed, is queued by
its first download, whose page says the PDF is being prepared; only if the queue cannot be
reached does a download render it (and keep it, so that happens once)."""

import hashlib
import logging
from datetime import timedelta
from functools import cache
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .document import PRINT_CSS, document_context
from .models import Plan, PlanVersion

logger = logging.getLogger(__name__)
# A claim older than this has lost its worker (or its message): the next download queues again.
CLAIM_FOR = timedelta(minutes=10)


@cache
def _stylesheet() -> bytes:
    path = finders.find(PRINT_CSS)
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"{PRINT_CSS} is not among the static files")
    return Path(path).read_bytes()


def pdf_source(plan: Plan, version: PlanVersion) -> tuple[str, str]:
    """The page the PDF is drawn from, and the hash that names it (page and stylesheet)."""
    html = render_to_string(
        "plans/version_print.html",
        {"for_pdf": True, "COUNCIL_NAME": settings.COUNCIL_NAME, **document_context(plan, version)},
    )
    digest = hashlib.sha256(html.encode() + b"\0" + _stylesheet()).hexdigest()
    return html, digest


def stored_pdf(plan: Plan, version: PlanVersion):
    """The kept PDF, open for reading, if it was drawn from the page as it is now; else None."""
    _html, digest = pdf_source(plan, version)
    if not version.pdf or version.pdf_source != digest:
        return None
    try:
        return version.pdf.open("rb")
    except FileNotFoundError:
        return None


def make_pdf(plan: Plan, version: PlanVersion) -> bool:
    """Render the version's PDF and keep it, unless the kept one is current. Returns whether it
    rendered."""
    html, digest = pdf_source(plan, version)
    if version.pdf and version.pdf_source == digest and default_storage.exists(version.pdf.name):
        return False
    # Imported here: WeasyPrint loads Pango, and a server without it should still serve every
    # other page.
    import weasyprint

    # The stylesheet is read from disk and the page links to nothing, so WeasyPrint never
    # fetches a URL while it renders a child's plan.
    pdf = weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=finders.find(PRINT_CSS))]
    )
    # Never the child's name on disk: the path names the plan and the version only.
    name = default_storage.save(
        f"plan-versions/{plan.pk}/v{version.number}-{digest[:12]}.pdf", ContentFile(pdf)
    )
    old = version.pdf.name
    PlanVersion.objects.filter(pk=version.pk).update(
        pdf=name, pdf_source=digest, pdf_queued_at=None
    )
    version.pdf.name, version.pdf_source = name, digest
    if old and old != name:
        transaction.on_commit(lambda: default_storage.delete(old))
    return True


def forget_pdfs(versions) -> None:
    """Delete the kept PDFs of these versions, from the disk once the transaction commits. For
    whatever rewrites a version's content (erasure): its PDF holds what was there before."""
    versions = list(versions)
    names = [version.pdf.name for version in versions if version.pdf]
    PlanVersion.objects.filter(pk__in=[version.pk for version in versions]).update(
        pdf="", pdf_source="", pdf_queued_at=None
    )

    def delete_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


def remove_file(sender, instance: PlanVersion, **kwargs) -> None:
    # A version deleted (its plan or child deleted) takes its PDF, which names the child, along.
    if instance.pdf:
        name = instance.pdf.name
        transaction.on_commit(lambda: default_storage.delete(name))


def queue_pdf(version: PlanVersion) -> None:
    """Render the version's PDF in the worker once the issuing transaction commits. A queue that
    is down costs nothing but a wait at the first download: issuing the plan never fails for it."""
    version_id = version.pk

    def send():
        try:
            _send(version_id)
        except Exception:  # the broker is down: kombu raises many kinds
            logger.warning("Could not queue the PDF of plan version %s", version_id)

    transaction.on_commit(send)


def _send(version_id: int) -> None:
    render_plan_pdf.delay(version_id)


def prepare_pdf(plan: Plan, version: PlanVersion) -> bool:
    """For a download that found no current PDF: queue its render, once however many ask in the
    next few minutes. Returns whether the PDF is there now (a worker running tasks in-process
    made it, or the queue could not be reached and it was rendered here); if not, the page says
    it is being prepared."""
    now = timezone.now()
    claimed = (
        PlanVersion.objects.filter(pk=version.pk)
        .exclude(pdf_queued_at__gte=now - CLAIM_FOR)
        .update(pdf_queued_at=now)
    )
    if not claimed:
        return False
    try:
        _send(version.pk)
    except Exception:  # the broker is down: the PDF is still the council's to send
        logger.warning("Could not queue the PDF of plan version %s; rendering it", version.pk)
        make_pdf(plan, version)
        return True
    version.refresh_from_db(fields=["pdf", "pdf_source"])
    return bool(version.pdf) and version.pdf_source == pdf_source(plan, version)[1]


@shared_task(name="plans.render_plan_pdf", ignore_result=True)
def render_plan_pdf(version_id: int) -> str:
    """Render an issued version's PDF so that its downloads stream a kept file."""
    version = PlanVersion.objects.select_related("plan").filter(pk=version_id).first()
    if version is None:
        return "skipped"
    return "rendered" if make_pdf(version.plan, version) else "current"
