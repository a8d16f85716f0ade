"""A child's letters: the list, drafting one, editing the draft, checking it and sending it
(issue 20). Every page asks the access policy for the child first."""

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import access_child, may_change
from cases.pages import child_context
from core import public_ids
from core.forms import add_service_errors, posted
from core.ids import parse_id
from core.locking import carry_version, sent_version

from . import drafting, sending
from .case_forms import LetterDraftForm, LetterStartForm
from .shipped import shipped, title_of
from .values import Recipient


def _typed(data: dict) -> Recipient | None:
    """Whom a letter outside the family is to, as the caseworker wrote it."""
    if "recipient_name" not in data:
        return None
    return Recipient(
        name=data["recipient_name"],
        address=data.get("recipient_address", ""),
        email=data.get("recipient_email", ""),
    )


def _suggested(child) -> list[str]:
    latest = child.requests.first()
    return drafting.letters_for_request(latest) if latest else []


@require_safe
@login_required
def letters(request, pk: int):
    child = access_child(request, pk)
    rows = child.letters.select_related("drafted_by", "document").order_by("-drafted_at")
    titles = {kind: text.title for kind, text in shipped().items()}
    return render(
        request,
        "letters/child_letters.html",
        child_context(
            request,
            child,
            letters=[{"letter": letter, "title": titles.get(letter.kind, "")} for letter in rows],
            can_edit=may_change(request.user, child),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def letter_new(request, pk: int):
    child = access_child(request, pk, edit=True)
    initial = {"kind": request.GET.get("kind", "")}
    contacts = drafting.family_contacts(child)
    if contacts:
        initial["contact"] = contacts[0].pk
    about: dict[str, int | None] = dict.fromkeys(("plan", "review", "advice", "consultation"))
    for name in about:
        with suppress(ValueError):  # a link's record, written as URLs write ids; else none
            about[name] = public_ids.decode(request.GET.get(name, ""))
    if about["advice"] or about["consultation"]:
        initial.pop("contact", None)
    latest = child.requests.first()
    if latest is not None and not any(about.values()):
        initial["request"] = latest.pk
    initial.update({name: key for name, key in about.items() if key is not None})
    form = LetterStartForm(
        posted(request), child=child, suggested=_suggested(child), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            letter = drafting.draft_letter(
                kind=form.cleaned_data["kind"],
                child=child,
                by=request.user,
                contact=form.cleaned_data["contact"],
                request=form.cleaned_data["request"],
                plan=form.cleaned_data["plan"],
                review=form.cleaned_data["review"],
                advice=form.cleaned_data["advice"],
                consultation=form.cleaned_data["consultation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The letter is drafted from the case: check it and edit it")
            return redirect("letters:letter", pk=child.pk, letter_id=letter.pk)
    return render(
        request,
        "letters/letter_new.html",
        child_context(
            request,
            child,
            form=form,
            # A letter to a professional or a school needs nobody in the family.
            has_contacts=child.contacts.exists() or bool(about["advice"] or about["consultation"]),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def letter(request, pk: int, letter_id: int):
    child = access_child(request, pk)
    letter = get_object_or_404(
        child.letters.select_related(
            "document",
            "wording",
            "corrects",
            "request",
            "plan",
            "review__plan",
            "advice",
            "consultation",
        ),
        pk=letter_id,
    )
    may_edit = may_change(request.user, child)
    can_edit = may_edit and letter.is_draft
    form = None
    if can_edit:
        form = carry_version(
            LetterDraftForm(
                posted(request),
                to_professional=letter.recipient_id is None,
                initial={
                    "subject": letter.subject,
                    "body": letter.body,
                    "channel": letter.channel,
                    "recipient_name": letter.recipient_name,
                    "recipient_address": letter.recipient_address,
                    "recipient_email": letter.recipient_email,
                },
            ),
            letter,
        )
        if request.method == "POST" and "refill" in request.POST:
            try:
                drafting.redraft(letter=letter, by=request.user, version=letter.version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, "The letter is filled in again from the case, dated today"
                )
                return redirect("letters:letter", pk=child.pk, letter_id=letter.pk)
        elif request.method == "POST" and form.is_valid():
            try:
                drafting.change_draft(
                    letter=letter,
                    by=request.user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    channel=form.cleaned_data["channel"],
                    version=sent_version(form),
                    typed=_typed(form.cleaned_data),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if "check" in request.POST:
                    return redirect("letters:letter_check", pk=child.pk, letter_id=letter.pk)
                messages.success(request, "The draft is saved")
                return redirect("letters:letter", pk=child.pk, letter_id=letter.pk)
    return render(
        request,
        "letters/letter.html",
        child_context(
            request,
            child,
            letter=letter,
            title=title_of(letter.kind, letter.kind),
            form=form,
            problems=drafting.send_problems(letter, timezone.localdate())
            if letter.is_draft
            else [],
            # Only someone who may change the record takes the letter away to edit in Word.
            can_download_docx=may_edit,
            can_write_again=may_edit and drafting.has_gone(letter),
        ),
    )


@require_http_methods(["GET", "POST"])
@login_required
def letter_check(request, pk: int, letter_id: int):
    """Check your answers before a letter goes: to whom, how, and what follows from it."""
    child = access_child(request, pk, edit=True)
    letter = get_object_or_404(child.letters, pk=letter_id)
    if not letter.is_draft:
        return redirect("letters:letter", pk=child.pk, letter_id=letter.pk)
    problems = drafting.send_problems(letter, timezone.localdate())
    if request.method == "POST" and not problems:
        try:
            sending.approve_letter(
                # A version that is not a number is stale: the page is shown again.
                letter=letter,
                by=request.user,
                version=parse_id(request.POST.get("version")) or 0,
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, "The letter is being sent: its status is below")
            return redirect("letters:letter", pk=child.pk, letter_id=letter.pk)
    tells = drafting.TELLS_OF.get(letter.kind)
    return render(
        request,
        "letters/letter_check.html",
        child_context(
            request,
            child,
            letter=letter,
            title=title_of(letter.kind, letter.kind),
            problems=problems,
            records_notified=bool(tells and letter.request_id),
            edit_url=reverse("letters:letter", args=[child.pk, letter.pk]),
            today=timezone.localdate(),
        ),
    )


@require_http_methods(["POST"])
@login_required
def letter_again(request, pk: int, letter_id: int):
    """Draft a correction of a sent letter, or the same letter again after it did not arrive."""
    child = access_child(request, pk, edit=True)
    letter = get_object_or_404(child.letters, pk=letter_id)
    why = "resend" if request.POST.get("why") == "resend" else "correction"
    try:
        again = drafting.draft_again(letter=letter, by=request.user, why=why)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("letters:letter", pk=child.pk, letter_id=letter.pk)
    messages.success(request, "A new draft is ready: it says which letter it replaces")
    return redirect("letters:letter", pk=child.pk, letter_id=again.pk)
