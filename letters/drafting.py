"""Letters drafted from the case: offered at the step they belong to, filled in from the
record and the rules' dates, edited while a draft (issue 20). One function per write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import AdviceRequest, AssessmentRequest, Child, Consultation, Contact
from cases.models.assessment import Decision
from core.audit import audit
from core.formatting import day
from core.locking import refuse_if_stale
from plans.models import AnnualReview, Plan

from . import services, templating
from .about import About
from .models import Letter, LetterTemplateVersion
from .values import TO_WRITE, Recipient, letter_values

if TYPE_CHECKING:
    from accounts.models import User

# Who a family letter may go to: those who hold the rights (the parent, or the young person).
FAMILY = (
    Contact.Relationship.PARENT,
    Contact.Relationship.CARER,
    Contact.Relationship.YOUNG_PERSON,
)


# Which decision each letter tells the family of (cases.services.notices), the inverse of
# letters_for_request.
TELLS_OF = {
    "decision_to_assess": "assess_decision",
    "decision_not_to_assess": "assess_decision",
    "decision_not_to_issue": "issue_decision",
}


def letters_for_request(assessment: AssessmentRequest) -> list[str]:
    """The letters the steps recorded on this request call for, in the order they happen."""
    kinds = []
    if assessment.assess_decision == Decision.YES:
        kinds.append("decision_to_assess")
    elif assessment.assess_decision == Decision.NO:
        kinds.append("decision_not_to_assess")
    if assessment.issue_decision == Decision.NO:
        kinds.append("decision_not_to_issue")
    return kinds


# The address under the name in the envelope's window (Notify: 3 to 7 lines with the name;
# the layout fits six of 10 point in the block).
ADDRESS_LINES_FEWEST, ADDRESS_LINES_MOST = 2, 5


def family_contacts(child: Child) -> list[Contact]:
    return list(child.contacts.filter(relationship__in=FAMILY))


@dataclass(frozen=True)
class Filled:
    wording: LetterTemplateVersion
    recipient: Recipient
    subject: str
    body: str

    def apply(self, letter: Letter, on: date) -> None:
        letter.wording, letter.dated = self.wording, on
        letter.subject, letter.body = self.subject, self.body
        letter.recipient_name = self.recipient.name
        letter.recipient_address = self.recipient.address
        letter.recipient_email = self.recipient.email
        letter.large_print = self.recipient.large_print
        letter.language = self.recipient.language


def _fill(
    *,
    kind: str,
    child: Child,
    contact: Contact | None,
    about: About,
    on: date,
    typed: Recipient | None = None,
) -> Filled:
    """`typed`: the name and address a caseworker wrote for a professional or a school."""
    wording = services.wording(kind)
    recipient = typed or about.recipient(child, contact, on)
    values = letter_values(
        child=child,
        recipient=recipient,
        dated=on,
        reference=child.reference,
        request=about.request,
        extra=about.values(child, on),
        optional=templating.tested(wording.subject) | templating.tested(wording.body),
    )
    return Filled(
        wording=wording,
        recipient=recipient,
        subject=" ".join(templating.render_text(wording.subject, values).split()),
        body=templating.render_text(wording.body, values),
    )


@transaction.atomic
def draft_letter(
    *,
    kind: str,
    child: Child,
    by: User,
    contact: Contact | None,
    request: AssessmentRequest | None = None,
    plan: Plan | None = None,
    review: AnnualReview | None = None,
    advice: AdviceRequest | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """A new draft of this kind to this contact (none for a letter to a professional asked for
    advice, or to a school consulted), dated today and filled in from the case and the records
    it is about."""
    about = About(
        request=request, plan=plan, review=review, advice=advice, consultation=consultation
    ).check(child)
    if contact is not None and contact.child_id != child.pk:
        raise ValidationError({"contact": "Choose one of this child's contacts"})
    if contact is None and not about.to_professional:
        raise ValidationError({"contact": "Choose who the letter is to"})
    today = timezone.localdate()
    filled = _fill(kind=kind, child=child, contact=contact, about=about, on=today)
    letter = Letter(child=child, kind=kind, recipient=contact, drafted_by=by)
    about.apply(letter)
    filled.apply(letter, today)
    letter.channel = Letter.Channel.EMAIL if letter.recipient_email else Letter.Channel.POST
    audit(letter, by=by, reason="Drafted")
    letter.save()
    return letter


AGAIN_OPENINGS = {
    "resend": "We are sending this letter again: our letter dated {dated} did not reach you.",
    "correction": "This letter corrects our letter dated {dated}, which it replaces.",
}


@transaction.atomic
def has_gone(letter: Letter) -> bool:
    """Sent, to print, delivered or not delivered: a letter that can be corrected or sent again."""
    return not letter.is_draft and letter.status != Letter.Status.SENDING


def draft_again(*, letter: Letter, by: User, why: str) -> Letter:
    """A new draft that corrects a sent letter, or sends again one that did not arrive: filled
    in from the case as it stands, dated today, saying which letter it replaces. The first
    letter stays as it was sent."""
    if not has_gone(letter):
        raise ValidationError("Only a letter that has gone can be corrected or sent again")
    again = draft_letter(
        kind=letter.kind,
        child=letter.child,
        by=by,
        contact=letter.recipient,
        request=letter.request,
        plan=letter.plan,
        review=letter.review,
        advice=letter.advice,
        consultation=letter.consultation,
    )
    opening = AGAIN_OPENINGS[why].format(dated=day(letter.dated))
    salutation, _, rest = again.body.partition("\n\n")
    again.body = f"{salutation}\n\n{opening}\n\n{rest}" if rest else f"{opening}\n\n{salutation}"
    again.corrects = letter
    if letter.status == Letter.Status.FAILED and why == "resend":
        again.channel = letter.channel
    audit(again, by=by, reason="Correction" if why == "correction" else "Sent again")
    again.save()
    return again


def _locked_draft(letter: Letter, version: int | None, by: User) -> Letter:
    current = Letter.objects.select_for_update().get(pk=letter.pk)
    refuse_if_stale(current, version=version, by=by)
    if not current.is_draft:
        raise ValidationError("This letter has been sent: write a correction instead")
    return current


@transaction.atomic
def change_draft(
    *,
    letter: Letter,
    by: User,
    subject: str,
    body: str,
    channel: str,
    version: int | None,
    typed: Recipient | None = None,
) -> Letter:
    """Save the caseworker's edits to a draft, with the name, address and email they wrote for
    a letter to someone outside the family (the family's come from their contact record)."""
    current = _locked_draft(letter, version, by)
    if typed is not None and current.recipient_id is None:
        current.recipient_name = typed.name.strip()
        current.recipient_address = typed.address.strip()
        current.recipient_email = typed.email.strip()
    if channel == Letter.Channel.EMAIL and not current.recipient_email:
        raise ValidationError({"channel": f"{current.recipient_name} has no email address"})
    current.subject, current.body, current.channel = subject.strip(), body, channel
    audit(current, by=by, reason="Draft changed")
    current.save()
    return current


@transaction.atomic
def redraft(*, letter: Letter, by: User, version: int | None) -> Letter:
    """Fill the draft in again from the case, dated today (its dates move with it); the
    caseworker's edits are replaced."""
    current = _locked_draft(letter, version, by)
    today = timezone.localdate()
    _fill(
        kind=current.kind,
        child=current.child,
        contact=current.recipient,
        about=About.of(current),
        on=today,
        typed=None
        if current.recipient_id
        else Recipient(
            name=current.recipient_name,
            address=current.recipient_address,
            email=current.recipient_email,
        ),
    ).apply(current, today)
    audit(current, by=by, reason="Filled in again from the case")
    current.save()
    return current


def send_problems(letter: Letter, today: date) -> list[str]:
    """Why this draft may not be sent yet; empty when it may."""
    problems = []
    if letter.dated != today:
        problems.append(
            "The letter's dates were worked out for the day it was drafted: fill it in again "
            "so that it is dated today"
        )
    if TO_WRITE in letter.subject or TO_WRITE in letter.body:
        problems.append("Write the parts marked \u201c[To write: ...]\u201d")
    if letter.channel == Letter.Channel.POST:
        lines = [line for line in letter.recipient_address.splitlines() if line.strip()]
        who = letter.recipient_name or "the recipient"
        if len(lines) < ADDRESS_LINES_FEWEST:
            problems.append(f"Add {who}'s full postal address, with the postcode on its own line")
        elif len(lines) > ADDRESS_LINES_MOST:
            problems.append(
                f"{who}'s address has {len(lines)} lines: the envelope's window takes "
                f"{ADDRESS_LINES_MOST} under the name, so join some"
            )
    if letter.channel == Letter.Channel.EMAIL and not letter.recipient_email:
        problems.append(f"{letter.recipient_name} has no email address: send it by post")
    if not letter.recipient_name:
        problems.append("Choose who the letter is to")
    return problems
