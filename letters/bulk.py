"""Review invitations in bulk (issue 20): the reviews due in a school term, each meeting
arranged and its invitation drafted in one step, then the drafts checked and sent together.

Each review is invited on its own (its meeting arranged and its letter drafted together, or
neither), so one review the caseworker must finish by hand never holds back the others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cases.access import change_filter
from cases.models import Contact
from cases.statutory.reviews import review_invitation_by
from core.formatting import day
from plans.models import AnnualReview, Plan
from plans.services import reviews as review_services

from . import drafting, sending
from .models import Letter

if TYPE_CHECKING:
    from accounts.models import User

INVITATION = "review_invitation"


@dataclass(frozen=True)
class Term:
    """A school term as councils plan reviews by it: autumn from 1 September to 31 December,
    spring to 31 March, summer to 31 August (the holidays fall inside; Easter moves)."""

    season: str
    year: int

    SEASONS = ("spring", "summer", "autumn")
    SPANS = {"spring": ((1, 1), (3, 31)), "summer": ((4, 1), (8, 31)), "autumn": ((9, 1), (12, 31))}

    @property
    def first_day(self) -> date:
        month, day_ = self.SPANS[self.season][0]
        return date(self.year, month, day_)

    @property
    def last_day(self) -> date:
        month, day_ = self.SPANS[self.season][1]
        return date(self.year, month, day_)

    @property
    def key(self) -> str:
        return f"{self.season}-{self.year}"

    @property
    def label(self) -> str:
        return f"{self.season.capitalize()} term {self.year}"

    @property
    def span(self) -> str:
        return f"{day(self.first_day)} to {day(self.last_day)}"

    def next(self) -> Term:
        index = self.SEASONS.index(self.season)
        if index == len(self.SEASONS) - 1:
            return Term(self.SEASONS[0], self.year + 1)
        return Term(self.SEASONS[index + 1], self.year)

    @classmethod
    def of(cls, on: date) -> Term:
        season = next(s for s in cls.SEASONS if on <= Term(s, on.year).last_day)
        return cls(season, on.year)

    @classmethod
    def parse(cls, key: str) -> Term | None:
        season, _, year = key.partition("-")
        if season not in cls.SEASONS or not (year.isascii() and year.isdigit()):
            return None
        number = int(year)
        return cls(season, number) if 2000 <= number <= 2100 else None


def terms_from(on: date, count: int = 3) -> list[Term]:
    """This term and the next ones, for the caseworker to choose from."""
    terms = [Term.of(on)]
    while len(terms) < count:
        terms.append(terms[-1].next())
    return terms


def reviews_in_term(user: User, term: Term, *, mine: bool, today: date) -> QuerySet[AnnualReview]:
    """The reviews due in the term that are not yet held, of plans in force, of the children
    whose records the user may change (only those they lead, when `mine`), soonest first. In
    the term under way, those overdue from earlier terms come first: they are still owed."""
    first = date.min if term.first_day <= today else term.first_day
    reviews = AnnualReview.objects.filter(
        change_filter(user, via="plan__child__"),
        due_on__range=(first, term.last_day),
        meeting_on__isnull=True,
        plan__status=Plan.Status.FINAL,
    )
    if mine:
        reviews = reviews.filter(plan__child__lead_caseworker=user)
    invitations = Letter.objects.filter(kind=INVITATION).order_by("-drafted_at")
    return (
        reviews.select_related("plan__child")
        .prefetch_related(
            Prefetch("letters", queryset=invitations, to_attr="invitations"),
            Prefetch(
                "plan__child__contacts",
                queryset=Contact.objects.filter(relationship__in=drafting.FAMILY),
                to_attr="family",
            ),
        )
        .order_by("due_on", "pk")
    )


def invitation_of(review: AnnualReview) -> Letter | None:
    """The review's latest invitation, as reviews_in_term fetched it."""
    invitations = getattr(review, "invitations", [])
    return invitations[0] if invitations else None


def short_notice(review: AnnualReview, today: date) -> bool:
    """The meeting as arranged leaves the family less than the 2 weeks' notice of it
    (SI 2014/1530 regs 20(3), 21(3)) if the invitation goes today."""
    planned = review.meeting_planned_at
    return planned is not None and review_invitation_by(timezone.localdate(planned)) < today


def family_of(review: AnnualReview) -> list[Contact]:
    """Whom the invitation goes to: the family's first contact, as reviews_in_term fetched."""
    return getattr(review.plan.child, "family", [])[:1]


@transaction.atomic
def invite(*, review: AnnualReview, by: User, at: datetime, place: str) -> Letter:
    """Arrange the review's meeting and draft its invitation to the family's first contact,
    both or neither."""
    child = review.plan.child
    family = drafting.family_contacts(child)
    if not family:
        raise ValidationError(f"Add {child.known_as}'s family to their contacts first")
    review = review_services.arrange_meeting(review=review, by=by, at=at, place=place)
    return drafting.draft_letter(
        kind=INVITATION, child=child, by=by, contact=family[0], plan=review.plan, review=review
    )


@dataclass(frozen=True)
class Sent:
    sent: list[Letter]
    held: list[tuple[Letter, list[str]]]  # not sent, with why


def send_invitations(*, letters: list[Letter], by: User) -> Sent:
    """Approve each checked draft; one that cannot go yet (approve_letter says why) is left a
    draft."""
    sent, held = [], []
    for letter in letters:
        try:
            sent.append(sending.approve_letter(letter=letter, by=by, version=letter.version))
        except ValidationError as error:
            held.append((letter, error.messages))
    return Sent(sent=sent, held=held)
