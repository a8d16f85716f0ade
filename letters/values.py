"""What each placeholder holds for one letter, read from the case, the statutory rules and the
council's settings (issue 20). Every placeholder has a value (empty when the case has none), so
any shipped or edited wording can be filled in for any letter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings

from cases.statutory import assessment as assessment_rules
from cases.statutory.ceasing import tribunal_appeal_deadline
from cases.statutory.counting import business_days_after
from cases.statutory.phases import is_young_person
from core.formatting import day

from .placeholders import PLACEHOLDERS

# What the case does not record but the letter must say: the caseworker writes it into the
# draft, which cannot be sent while a marker is left (letters.drafting.send_problems).
TO_WRITE = "[To write: "

if TYPE_CHECKING:
    from cases.models import AssessmentRequest, Child, Contact


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str = ""
    email: str = ""
    is_young_person: bool = False
    large_print: bool = False
    language: str = ""

    @property
    def salutation(self) -> str:
        return f"Dear {self.name}" if self.name else "Dear Sir or Madam"


def recipient_for(child: Child, contact: Contact | None, on: date) -> Recipient:
    """To whom the letter goes: the contact chosen, addressed as a young person when they are
    the young person and over compulsory school age (CFA 2014 s83(2))."""
    if contact is None:
        return Recipient(name="", is_young_person=is_young_person(child.date_of_birth, on))
    to_them = contact.relationship == contact.Relationship.YOUNG_PERSON
    return Recipient(
        name=contact.name,
        address=contact.address,
        email=contact.email,
        is_young_person=to_them and is_young_person(child.date_of_birth, on),
        large_print=contact.large_print,
        language="" if contact.language.strip().lower() == "english" else contact.language.strip(),
    )


def _council() -> dict[str, str]:
    return {
        "name": settings.COUNCIL_NAME,
        "service_name": settings.LETTERS_SERVICE_NAME,
        "address": settings.LETTERS_ADDRESS,
        "phone": settings.LETTERS_PHONE,
        "email": settings.LETTERS_EMAIL,
        "local_offer_url": settings.LETTERS_LOCAL_OFFER_URL,
        "information_service": settings.LETTERS_INFORMATION_SERVICE,
        "mediation_service": settings.LETTERS_MEDIATION_SERVICE,
        "disagreement_service": settings.LETTERS_DISAGREEMENT_SERVICE,
    }


def _request(request: AssessmentRequest | None) -> dict[str, str]:
    if request is None:
        return {}
    limits = assessment_rules.assessment_deadlines(request.regime, request.received_on)
    final = limits.get("final_plan") or limits.get("final_statement")
    return {
        "received_on": day(request.received_on),
        "decision_on": day(request.assess_decision_on),
        "final_plan_by": day(final),
    }


def _served(dated: date) -> date:
    """When a letter dated `dated` is served, for the periods that run from service (reg 13(1)):
    taken as posted, whatever way it goes, so that a family told by email is given more time,
    never less. GOV.UK Notify prints and posts a letter the next working day."""
    posted = business_days_after(dated, 1) if settings.NOTIFY_API_KEY else dated
    return assessment_rules.served_by_post(posted)


def letter_values(
    *,
    child: Child,
    recipient: Recipient,
    dated: date,
    reference: str,
    request: AssessmentRequest | None = None,
    extra: dict[str, dict[str, Any]] | None = None,
    optional: frozenset[str] | set[str] = frozenset(),
) -> dict[str, dict[str, Any]]:
    """The values for every placeholder of a letter dated `dated`. The rules' dates (the
    appeal deadline, the 15 days for comments, the 6 weeks for advice) run from that date."""
    values: dict[str, dict[str, Any]] = {}
    for placeholder in PLACEHOLDERS:
        group, _, name = placeholder.name.partition(".")
        values.setdefault(group, {})[name] = ""
    caseworker = child.lead_caseworker
    known: dict[str, dict[str, Any]] = {
        "letter": {"date": day(dated), "reference": reference},
        "recipient": {
            "name": recipient.name,
            "salutation": recipient.salutation,
            "address": recipient.address,
            "is_young_person": recipient.is_young_person,
        },
        "child": {
            "first_name": child.preferred_name or child.first_name,
            "full_name": f"{child.first_name} {child.last_name}",
            "date_of_birth": day(child.date_of_birth),
        },
        "caseworker": {
            "name": caseworker.get_full_name() if caseworker else settings.LETTERS_SERVICE_NAME,
            "email": caseworker.email if caseworker else "",
        },
        "council": _council(),
        "request": _request(request),
        "plan": {"comments_by": day(assessment_rules.draft_comments_due(_served(dated)))},
        "advice": {"due_on": day(assessment_rules.advice_due(dated))},
        "consultation": {"respond_by": day(assessment_rules.consultation_response_due(dated))},
        "appeal": {"by": day(tribunal_appeal_deadline(dated))},
    }
    for source in (known, extra or {}):
        for group, fields in source.items():
            values[group].update(fields)
    # A value the case does not hold is marked for the caseworker to write, never left blank,
    # unless the wording tests it with {% if %} (it is written to do without it).
    for placeholder in PLACEHOLDERS:
        group, _, field = placeholder.name.partition(".")
        if values[group][field] == "" and placeholder.name not in optional:
            meaning = placeholder.meaning
            values[group][field] = f"{TO_WRITE}{meaning[0].lower()}{meaning[1:]}]"
    return values
