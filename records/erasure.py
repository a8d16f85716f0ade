"""Erasing the personal data of children past their retention date, keeping the statistics.

Nothing is deleted that a KPI, the dashboard or a past SEN2 return counts: the rows of requests,
deadlines, plans, reviews, placements, costs and budgets stay, with their dates, codes and
amounts. What identifies the child, or says something personal in words, is blanked or
replaced: names, identifiers (UPN, ULN, NHS number), postcode, the contacts' details, case
notes, free-text notes, plan sections and the issued plans' frozen text, document titles and
the uploaded files themselves, with the kept PDFs of issued plans and subject access zips.
The same is done to every historical (simple_history) row of those records, which hold the
old values.

The date of birth keeps its year and month (day set to the 1st), as the DfE's own pupil
datasets do. The prevalence KPI (PREV: age on 31 August) and every activity KPI are unchanged
by that; the age bands (AGE) and a school-age count read on a snapshot date inside the
child's birth month may place the child one band younger or older. The erased child still
counts in every total.

Each change is made with UPDATE statements, so no new history row repeats what was erased;
the Erasure row (who reviewed, who confirmed, when, which child ids) is the audit of it.
"""

import logging
import re
from datetime import date

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from cases.models import Child, Contact, Document
from cases.services.chronology import record_event
from cases.services.documents import DOCUMENT_ADDED
from core.locking import Versioned
from plans.draft_pdf import forget_drafts_on_commit
from plans.models import Plan, PlanVersion
from plans.pdf import forget_pdfs

from .exports import forget_exports
from .kinds import KINDS, history_sources
from .models import Channel, Erasure
from .retention import RETENTION_YEARS
from .selectors import children_past_retention

logger = logging.getLogger(__name__)

ERASED = "Erased"
ERASED_EVENT = "Personal data erased at the end of the retention period"
DOCUMENT_REMOVED = "Document removed: "


class ErasureRefused(Exception):
    """The erasure may not go ahead; the message says why, with ids only."""


def _erased_name(child: Child) -> str:
    return f"child {child.pk}"


def _document_event_title():
    return Case(
        When(title__startswith=DOCUMENT_ADDED, then=Value(f"{DOCUMENT_ADDED}{ERASED}")),
        When(title__startswith=DOCUMENT_REMOVED, then=Value(f"{DOCUMENT_REMOVED}{ERASED}")),
        default=F("title"),
    )


# Per kind of record (records.kinds), what each identifying field becomes: a value, a query
# expression, or a function of the child. An empty entry keeps the row as it is (only the
# name scrub below runs over its text). A test checks every kind has an entry.
ERASE: dict[str, dict] = {
    "child": {
        "first_name": ERASED,
        "last_name": _erased_name,
        "preferred_name": "",
        "upn": "",
        "uln": "",
        "nhs_number": "",
        "postcode": "",
        "date_of_birth": lambda child: TruncMonth("date_of_birth", output_field=models.DateField()),
    },
    "contacts": {"name": ERASED, "phone": "", "email": "", "address": "", "notes": ""},
    "allocations": {"reason": ""},
    "requests": {"closure_reason": ""},
    "advice": {"note": ""},
    "consultations": {},
    "exceptions": {"note": ERASED},
    "disagreements": {"outcome": ""},
    "deadlines": {},
    "alerts": {"note": ""},
    "flags": {"detail": ""},
    "notes": {"summary": ERASED, "body": ""},
    "events": {"detail": "", "title": lambda child: _document_event_title()},
    "documents": {"title": ERASED, "original_name": "erased", "file": ""},
    "plans": dict.fromkeys(Plan.TEXT_SECTIONS, ""),
    "plan_versions": {},  # the frozen content is scrubbed row by row (_erase_plan_versions)
    "outcomes": {"description": ERASED},
    "provision": {"description": ERASED, "provider": ERASED},
    "provision_checks": {"confirmed_by": ERASED, "note": ""},
    "reviews": {"note": ""},
    "outcome_progress": {"note": ""},
    "cessations": {"note": ""},
    "placements": {},
    "named_settings": {},
    "costs": {"note": ""},
    "personal_budgets": {},
    "letters": {
        "subject": ERASED,
        "body": "",
        "recipient_name": ERASED,
        "recipient_address": "",
        "recipient_email": "",
        "language": "",
    },
    "record_views": {},
    "record_lookups": {},
}


# --- The two steps: review, then confirm ----------------------------------------------------


def review_erasure(*, child_ids: list[int], by, today: date | None = None) -> Erasure:
    """The reviewer's selection, recorded and awaiting confirmation. Refused if any child is
    not past its retention date, or already erased."""
    today = today or timezone.localdate()
    wanted = sorted(set(child_ids))
    if not wanted:
        raise ErasureRefused("Select at least one record to erase")
    eligible = set(
        children_past_retention(today).filter(pk__in=wanted).values_list("pk", flat=True)
    )
    refused = [pk for pk in wanted if pk not in eligible]
    if refused:
        raise ErasureRefused(_not_eligible(refused))
    with transaction.atomic():
        erasure = Erasure.objects.create(child_count=len(wanted), reviewed_by=by)
        erasure.children.set(wanted)
    logger.info("erasure %s of %s records reviewed by user %s", erasure.pk, len(wanted), by.pk)
    return erasure


def confirm_erasure(
    *, erasure: Erasure, by, today: date | None = None, channel=Channel.PAGE
) -> Erasure:
    """Erase the reviewed records' personal data, all or nothing, and record who confirmed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        erasure = Erasure.objects.select_for_update().get(pk=erasure.pk)
        if erasure.is_confirmed:
            raise ErasureRefused(f"Erasure {erasure.pk} was already confirmed")
        wanted = list(erasure.children.values_list("pk", flat=True))
        # Checked again: a date of birth may have been corrected, or another erasure run.
        children = list(children_past_retention(today).filter(pk__in=wanted))
        refused = sorted(set(wanted) - {child.pk for child in children})
        if refused:
            raise ErasureRefused(_not_eligible(refused))
        for child in children:
            erase_child(child, by=by, today=today)
        erasure.confirmed_by = by
        erasure.confirmed_at = timezone.now()
        erasure.channel = channel
        erasure.save(update_fields=["confirmed_by", "confirmed_at", "channel"])
    logger.info("erasure %s of %s records confirmed by user %s", erasure.pk, len(wanted), by.pk)
    return erasure


def _not_eligible(ids: list[int]) -> str:
    listed = ", ".join(str(pk) for pk in ids[:20]) + (" and more" if len(ids) > 20 else "")
    return (
        f"Not past the retention date ({RETENTION_YEARS} years from birth) or already "
        f"erased: child {listed}"
    )


# --- Erasing one child ------------------------------------------------------------------------


def erase_child(child: Child, *, by=None, today: date | None = None) -> None:
    """Blank or replace everything identifying in the child's records and their history.
    Call inside a transaction (confirm_erasure does); the files go once it commits."""
    tokens = identifying_tokens(child)
    files = _document_files(child)
    history = history_sources(child)
    for kind in KINDS:
        values = {
            name: value(child) if callable(value) else value
            for name, value in ERASE[kind.key].items()
        }
        live = kind.model._base_manager.filter(**{kind.to_child: child.pk})
        past = history.get(kind.key)
        if values and past is not None:
            past.update(**values)
        if issubclass(kind.model, Versioned):
            # An edit form opened before the erasure must not save the old values back over
            # it: moving the version on makes core.locking refuse it as stale.
            values["version"] = F("version") + 1
        if values:
            live.update(**values)
        _scrub_text(live, kind.model, tokens, skip=values)
        if past is not None:
            past.update(history_change_reason=None)
            _scrub_text(past, past.model, tokens, skip=values)
    # History another app registered under a key of its own, with no kind here: its text.
    for key, past in history.items():
        if key not in ERASE:
            past.update(history_change_reason=None)
            _scrub_text(past, past.model, tokens, skip={})
    _erase_plan_versions(child, tokens)
    # A subject access zip is a copy of everything just erased.
    forget_exports(child)
    _erase_admin_log(child)
    record_event(child=child, title=ERASED_EVENT, happened_on=today or timezone.localdate(), by=by)
    transaction.on_commit(lambda: _delete_files(files))
    logger.info("personal data of child %s erased", child.pk)


def identifying_tokens(child: Child) -> list[str]:
    """Everything that names the child or a contact, as it is now and as history held it:
    the strings no kept text may still contain."""
    names: set[str] = set()
    identifiers: set[str] = set()
    fields = ["first_name", "last_name", "preferred_name", "upn", "uln", "nhs_number", "postcode"]
    for queryset in (Child.objects.filter(pk=child.pk), Child.history.filter(id=child.pk)):
        for first, last, preferred, upn, uln, nhs_number, postcode in queryset.values_list(*fields):
            names.update({first, last, preferred})
            identifiers.update({upn, uln, nhs_number, postcode, postcode.replace(" ", "")})
    for queryset in (
        Contact.objects.filter(child=child),
        Contact.history.filter(child_id=child.pk),
    ):
        for name, phone, email in queryset.values_list("name", "phone", "email"):
            names.add(name)
            identifiers.update({phone, email})
    tokens = {value.strip() for value in names | identifiers if len(value.strip()) >= 2}
    for name in names:
        # Each part of a double-barrelled or multi-word name on its own, too.
        tokens.update(part for part in re.split(r"[\s\-'\u2019]+", name) if len(part) >= 3)
    return sorted(tokens, key=len, reverse=True)


def _token_pattern(tokens: list[str]) -> re.Pattern | None:
    if not tokens:
        return None
    alternatives = "|".join(re.escape(token) for token in tokens)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _free_text_fields(model, skip) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in skip
        and f.name != "history_change_reason"
    ]


def _scrub_text(queryset, model, tokens: list[str], *, skip) -> None:
    """Replace any of the child's names or identifiers still inside the kept text (a name typed
    into a title, say) with "[erased]"."""
    pattern = _token_pattern(tokens)
    fields = _free_text_fields(model, skip)
    if pattern is None or not fields:
        return
    pk_name = model._meta.pk.attname
    for row in queryset.values_list(pk_name, *fields):
        changed = {
            field: pattern.sub("[erased]", text)
            for field, text in zip(fields, row[1:], strict=True)
            if text and pattern.search(text)
        }
        if changed:
            model._base_manager.filter(**{pk_name: row[0]}).update(**changed)


def _erase_plan_versions(child: Child, tokens: list[str]) -> None:
    pattern = _token_pattern(tokens)
    versions = list(PlanVersion.objects.filter(plan__child=child))
    for version in versions:
        version.content = erased_content(version.content, child, pattern)
    PlanVersion.objects.bulk_update(versions, ["content"])
    # Each version's kept PDF, and any draft's, was drawn from the words just erased.
    forget_pdfs(versions)
    forget_drafts_on_commit(Plan.objects.filter(child=child))


def erased_content(content: dict, child: Child, pattern: re.Pattern | None) -> dict:
    """A frozen plan with its words erased and its structure (areas, funders, settings,
    budgets, dates) kept."""
    content = dict(content)
    born = content.get("child", {}).get("date_of_birth") or ""
    content["child"] = {
        "name": f"{ERASED} {_erased_name(child)}",
        "date_of_birth": born[:8] + "01" if len(born) == 10 else "",
        "upn": "",
        "nhs_number": "",
    }
    content["sections"] = dict.fromkeys(content.get("sections", {}), "")
    content["outcomes"] = [
        {**outcome, "description": ERASED} for outcome in content.get("outcomes", [])
    ]
    content["provision"] = [
        {**item, "description": ERASED, "provider": ERASED} for item in content.get("provision", [])
    ]
    return _scrub_json(content, pattern)


def _scrub_json(value, pattern: re.Pattern | None):
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub("[erased]", value)
    if isinstance(value, list):
        return [_scrub_json(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_json(item, pattern) for key, item in value.items()}
    return value


def _document_files(child: Child) -> set[str]:
    names = set(Document.objects.filter(child=child).values_list("file", flat=True))
    names |= set(Document.history.filter(child_id=child.pk).values_list("file", flat=True))
    return {name for name in names if name}


def _delete_files(names: set[str]) -> None:
    storage = Document._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _erase_admin_log(child: Child) -> None:
    """The admin site's log keeps each object's name as it was when changed there: for the
    child's records, keep only what they are."""
    for kind in KINDS:
        ids = (
            kind.model._base_manager.filter(**{kind.to_child: child.pk})
            .annotate(text_id=Cast("pk", output_field=models.CharField()))
            .values("text_id")
        )
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(kind.model), object_id__in=ids
        ).update(object_repr=f"{kind.singular} (erased)")
