"""The records a letter is about (issue 20): the request, the plan or one review of it, the
advice asked of a professional, the school or college consulted. They decide what the letter's
placeholders hold and, for a letter to a professional or a school, whom it is addressed to."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.core.exceptions import ValidationError

from cases.models import AdviceRequest, AssessmentRequest, Child, Consultation, Contact
from core.formatting import day
from plans.models import AnnualReview, Plan

from .models import Letter
from .step_values import Values, step_values
from .values import Recipient, recipient_for

# What each body's advice is called in the letter (SI 2014/1530 reg 6(1)(b) to (g)).
ADVICE_KINDS: dict[str, str] = {
    AdviceRequest.Body.EDUCATIONAL_PSYCHOLOGY: "psychological advice and information",
    AdviceRequest.Body.HEALTH: "medical advice and information",
    AdviceRequest.Body.SOCIAL_CARE: "social care advice and information",
    AdviceRequest.Body.EDUCATION: "educational advice and information",
}


@dataclass(frozen=True)
class About:
    request: AssessmentRequest | None = None
    plan: Plan | None = None
    review: AnnualReview | None = None
    advice: AdviceRequest | None = None
    consultation: Consultation | None = None

    @classmethod
    def of(cls, letter: Letter) -> About:
        return cls(
            request=letter.request,
            plan=letter.plan,
            review=letter.review,
            advice=letter.advice,
            consultation=letter.consultation,
        )

    @property
    def to_professional(self) -> bool:
        """A letter to the person asked for advice or the school consulted, not the family."""
        return self.advice is not None or self.consultation is not None

    def check(self, child: Child) -> About:
        """Refuse another child's records. A review is about its own plan; advice and a
        consultation belong to their request."""
        about = self
        for asked in (self.advice, self.consultation):
            if asked is None:
                continue
            if self.request is not None and asked.request_id != self.request.pk:
                raise ValidationError({"request": "Choose the request the advice belongs to"})
            about = replace(about, request=asked.request)
        if about.request is not None and about.request.child_id != child.pk:
            raise ValidationError({"request": "Choose one of this child's requests"})
        plan = self.review.plan if self.review is not None else self.plan
        if plan is not None and plan.child_id != child.pk:
            raise ValidationError({"plan": "Choose one of this child's plans"})
        if self.plan is not None and self.plan != plan:
            raise ValidationError({"review": "Choose a review of the plan the letter is about"})
        return replace(about, plan=plan)

    def apply(self, letter: Letter) -> None:
        letter.request, letter.plan, letter.review = self.request, self.plan, self.review
        letter.advice, letter.consultation = self.advice, self.consultation

    def recipient(self, child: Child, contact: Contact | None, on: date) -> Recipient:
        """The contact chosen; for a professional or a school, whom the record names (the
        caseworker adds their address to the draft)."""
        if contact is None and self.consultation is not None:
            return Recipient(
                name=f"The head teacher or principal, {self.consultation.setting_name}"
            )
        if contact is None and self.advice is not None:
            return Recipient(name=self.advice.note or self.advice.get_body_display())
        return recipient_for(child, contact, on)

    def values(self, child: Child, on: date) -> Values:
        values = step_values(child=child, on=on, plan=self.plan, review=self.review)
        if self.advice is not None:
            values["advice"] = {
                "giver": self.advice.note or self.advice.get_body_display(),
                "kind": ADVICE_KINDS.get(self.advice.body, "advice and information"),
                "due_on": day(self.advice.due_on),
            }
        if self.consultation is not None:
            values["consultation"] = {
                "setting": self.consultation.setting_name,
                "respond_by": day(self.consultation.response_due),
            }
        return values
