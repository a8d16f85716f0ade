"""The draft plan's PDF, marked DRAFT on every page: what the council sends the family with the
draft, for their 15 days of comments (reg 13(1)), or with proposed amendments (reg 22(2)).

It is drawn from the plan's current content with the issued versions' page (plans/
version_print.html) and stylesheet, so the family sees the layout the final plan will have.
Rendering is heavy (WeasyPrint), so it is done once per draft and kept, the same way as an
issued version's PDF (plans.pdf): the file is named by the hash of the page it was drawn from,
so an unchanged draft is streamed from the kept file and any change to the plan (a section, an
outcome, a provision item, a named setting) makes a new one. The plan's version counter is not
enough for that key: outcomes and provision are rows of their own and do not move it.

The worker renders it; a download that finds no current file queues the render (claimed in the
cache, so many clicks queue it once) and says it is being prepared; if the queue cannot be
reached the download renders it."""

import hashlib
import logging

from celery import shared_task
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string

from .content import snapshot
from .document import PRINT_CSS, draft_context
from .models import Plan
from .pdf import CLAIM_FOR, _stylesheet

logger = logging.getLogger(__name__)


def _folder(plan: Plan) -> str:
    # Never the child's name on disk: the path names the plan and the page's hash only.
    return f"plan-drafts/{plan.pk}"


def draft_source(plan: Plan) -> tuple[str, str]:
    """The page the draft PDF is drawn from, and the hash that names it."""
    html = render_to_string(
        "plans/version_print.html",
        {
            "for_pdf": True,
            "COUNCIL_NAME": settings.COUNCIL_NAME,
            **draft_context(plan, snapshot(plan)),
        },
    )
    digest = hashlib.sha256(html.encode() + b"\0" + _stylesheet()).hexdigest()
    return html, digest


def _name(plan: Plan, digest: str) -> str:
    return f"{_folder(plan)}/{digest[:24]}.pdf"


def stored_draft(plan: Plan):
    """The kept PDF of the draft as it is now, open for reading; None if not made yet."""
    _html, digest = draft_source(plan)
    name = _name(plan, digest)
    if not default_storage.exists(name):
        return None
    return default_storage.open(name, "rb")


def make_draft_pdf(plan: Plan) -> bool:
    """Render the draft's PDF and keep it, unless the kept one is current; drafts of earlier
    content are deleted (they hold what the plan no longer says). Returns whether it rendered."""
    html, digest = draft_source(plan)
    name = _name(plan, digest)
    if default_storage.exists(name):
        return False
    import weasyprint  # as in plans.pdf: a server without Pango still serves every other page

    body = weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=finders.find(PRINT_CSS))]
    )
    default_storage.save(name, ContentFile(body))
    forget_drafts(plan, keep=name)
    return True


def forget_drafts(plan: Plan, keep: str = "") -> None:
    """Delete the plan's kept draft PDFs (but `keep`): on a new draft, and once it is issued."""
    try:
        _dirs, files = default_storage.listdir(_folder(plan))
    except FileNotFoundError:
        return
    for file in files:
        path = f"{_folder(plan)}/{file}"
        if path != keep:
            default_storage.delete(path)


def forget_drafts_on_commit(plans) -> None:
    """Delete the kept draft PDFs of these plans once the transaction commits: when a plan is
    issued (its draft is no longer what it says), deleted, or its child's words erased."""
    plans = list(plans)

    def delete_files() -> None:
        for plan in plans:
            forget_drafts(plan)

    transaction.on_commit(delete_files)


def remove_drafts(sender, instance: Plan, **kwargs) -> None:
    # A plan deleted (or its child) takes its draft PDFs, which name the child, along.
    forget_drafts_on_commit([instance])


def prepare_draft(plan: Plan) -> bool:
    """For a download that found no current PDF: queue its render, once for this content however
    many ask in the next few minutes. Returns whether the PDF is there now."""
    _html, digest = draft_source(plan)
    if not cache.add(f"plans:draft-pdf:{plan.pk}:{digest}", 1, CLAIM_FOR.total_seconds()):
        return False
    try:
        render_draft_pdf.delay(plan.pk)
    except Exception:  # the broker is down: kombu raises many kinds
        logger.warning("Could not queue the draft PDF of plan %s; rendering it", plan.pk)
        make_draft_pdf(plan)
        return True
    return default_storage.exists(_name(plan, digest))


@shared_task(name="plans.render_draft_pdf", ignore_result=True)
def render_draft_pdf(plan_id: int) -> str:
    """Render the draft plan's PDF as it is now, so that its downloads stream a kept file."""
    plan = Plan.objects.select_related("child").filter(pk=plan_id).first()
    if plan is None:
        return "skipped"
    return "rendered" if make_draft_pdf(plan) else "current"
