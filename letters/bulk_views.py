"""Review invitations for a term, in bulk (issue 20): arrange each meeting and draft its
invitation on one page, then check the drafts and send them together. Only people who do
casework reach it, and it lists only the children whose records they may change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.access import does_casework
from core.forms import posted
from core.public_ids import encode

from . import bulk, drafting


class MeetingForm(forms.Form):
    """One review's meeting, in a row of the table: a row left empty is skipped."""

    date = forms.DateField(
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y"],
        required=False,
        error_messages={"invalid": "Enter the date like 3/3/2027"},
    )
    time = forms.TimeField(
        input_formats=["%H:%M", "%H.%M", "%I:%M%p", "%I%p", "%I.%M%p"],
        required=False,
        error_messages={"invalid": "Enter the time like 10:30 or 2pm"},
    )
    place = forms.CharField(max_length=200, required=False)

    def is_filled(self) -> bool:
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for name, message in (
            ("date", "Enter the date of the meeting"),
            ("time", "Enter the time of the meeting"),
            ("place", "Enter where the meeting will be held"),
        ):
            if not data.get(name):
                self.add_error(name, message)
        if data.get("date") and data["date"] < timezone.localdate():
            self.add_error("date", "The meeting must be today or later")
        return data

    def at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


def _require_casework(request) -> None:
    if not does_casework(request.user):
        raise PermissionDenied


@dataclass(frozen=True)
class Listing:
    """Which reviews the page lists (the term, the caseworker's own children or their teams'),
    as its query string says, and the address that lists them again."""

    term: bulk.Term
    mine: bool

    @classmethod
    def of(cls, request) -> Listing:
        term = bulk.Term.parse(request.GET.get("term", "")) or bulk.Term.of(timezone.localdate())
        return cls(term=term, mine=request.GET.get("mine", "1") == "1")

    @property
    def url(self) -> str:
        query = f"term={self.term.key}&mine={int(self.mine)}"
        return f"{reverse('letters:review_invitations')}?{query}"

    def reviews(self, user, today):
        return bulk.reviews_in_term(user, self.term, mine=self.mine, today=today)


def _rows(request, listing: Listing, data) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "review": review,
            "child": review.plan.child,
            "family": bulk.family_of(review),
            "invitation": bulk.invitation_of(review),
            "form": MeetingForm(data, prefix=encode(review.pk)),
            "short_notice": bulk.short_notice(review, today),
        }
        for review in listing.reviews(request.user, today)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def review_invitations(request):
    _require_casework(request)
    listing = Listing.of(request)
    rows = _rows(request, listing, posted(request))
    if request.method == "POST":
        invited, failed, refused = 0, False, {}
        for row in rows:
            form = row["form"]
            if row["invitation"] is not None or not form.is_filled():
                continue
            if not form.is_valid():
                failed = True
                continue
            try:
                bulk.invite(
                    review=row["review"],
                    by=request.user,
                    at=form.at(),
                    place=form.cleaned_data["place"],
                )
            except ValidationError as error:
                refused[row["review"].pk] = error
                failed = True
            else:
                invited += 1
        if invited:
            messages.success(
                request,
                f"{invited} invitation{'s' if invited != 1 else ''} drafted: check and send them",
            )
        if not failed:
            return redirect(listing.url)
        # Rows that failed keep what was typed; those invited show their draft.
        rows = _rows(request, listing, request.POST)
        for row in rows:
            form, pk = row["form"], row["review"].pk
            # is_valid() shows each filled row's own errors; a refusal is added to a valid row.
            if row["invitation"] is None and form.is_filled() and form.is_valid() and pk in refused:
                form.add_error(None, refused[pk])
    drafts = [row["invitation"] for row in rows if row["invitation"] and row["invitation"].is_draft]
    return render(
        request,
        "letters/review_invitations.html",
        {
            "term": listing.term,
            "terms": bulk.terms_from(timezone.localdate()),
            "mine": listing.mine,
            "rows": rows,
            "drafts": drafts,
            "errors": [row for row in rows if row["form"].is_bound and row["form"].errors],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_invitations_send(request):
    """Check your answers: each drafted invitation, whether it can go, then send them."""
    _require_casework(request)
    listing = Listing.of(request)
    today = timezone.localdate()
    invitations = [bulk.invitation_of(review) for review in listing.reviews(request.user, today)]
    drafts = [letter for letter in invitations if letter is not None and letter.is_draft]
    if request.method == "POST":
        result = bulk.send_invitations(letters=drafts, by=request.user)
        if result.sent:
            count = len(result.sent)
            messages.success(request, f"{count} invitation{'s' if count != 1 else ''} being sent")
        if result.held:
            messages.warning(
                request,
                f"{len(result.held)} not sent: open each to finish it (listed below)",
            )
        return redirect(listing.url)
    rows = [
        {"letter": letter, "problems": drafting.send_problems(letter, today)} for letter in drafts
    ]
    return render(
        request,
        "letters/review_invitations_send.html",
        {
            "term": listing.term,
            "rows": rows,
            "ready": sum(1 for row in rows if not row["problems"]),
            "back": listing.url,
        },
    )
