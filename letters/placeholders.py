"""The fixed list of placeholders a letter's wording may use (issue 20).

Administrators edit the wording, never the code behind it: a template may name only these, as
``{{ child.first_name }}``, and may test one with ``{% if plan.setting %}...{% endif %}``. Each
value is filled in from the record, the rules' computed dates (``cases.statutory``) and the
council's settings when a letter is drafted; docs/letters.md lists them for administrators.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    example: str


PLACEHOLDERS: tuple[Placeholder, ...] = (
    # The letter itself
    Placeholder("letter.date", "The date on the letter (the day it is sent)", "4 December 2026"),
    Placeholder("letter.reference", "The case reference to quote in a reply", "SEN-4821"),
    # Who it is to
    Placeholder("recipient.name", "The person the letter is to, in full", "Amara Okafor"),
    Placeholder("recipient.salutation", "How the letter greets them", "Dear Ms Okafor"),
    Placeholder(
        "recipient.address", "Their postal address, one line each", "12 High Street\nAnytown"
    ),
    Placeholder(
        "recipient.is_young_person",
        "Yes when the letter is to the young person themselves (over compulsory school age)",
        "",
    ),
    # The child or young person
    Placeholder("child.first_name", "The child's first name (preferred name if recorded)", "Ayo"),
    Placeholder("child.full_name", "The child's legal first and last names", "Ayo Bello"),
    Placeholder("child.date_of_birth", "The child's date of birth", "17 July 2018"),
    Placeholder("child.school", "The school or college the child attends now, if any", ""),
    # Who is writing
    Placeholder("caseworker.name", "The lead caseworker", "Jo Patel"),
    Placeholder("caseworker.email", "The lead caseworker's email address", ""),
    Placeholder("caseworker.phone", "The lead caseworker's phone number", ""),
    Placeholder("council.name", "The council's name", "Anytown Council"),
    Placeholder("council.service_name", "The SEND team's name", "SEND Team"),
    Placeholder("council.address", "The SEND team's postal address", ""),
    Placeholder("council.phone", "The SEND team's phone number", ""),
    Placeholder("council.email", "The SEND team's email address", ""),
    Placeholder("council.local_offer_url", "The council's Local Offer web address", ""),
    Placeholder(
        "council.information_service",
        "The SEND information, advice and support service (SENDIASS): name and contact",
        "",
    ),
    Placeholder("council.mediation_service", "The mediation service: name and contact", ""),
    Placeholder(
        "council.disagreement_service", "The disagreement resolution service: name and contact", ""
    ),
    # The request and the assessment
    Placeholder("request.received_on", "The day the request for assessment was received", ""),
    Placeholder("request.decision_on", "The day the council decided whether to assess", ""),
    Placeholder("request.decision_reason", "The reasons for the decision, as recorded", ""),
    Placeholder(
        "request.final_plan_by", "The last day for the final plan (20 weeks from the request)", ""
    ),
    Placeholder("assessment.decision_reason", "Why a plan is not needed, as recorded", ""),
    Placeholder(
        "assessment.support_instead",
        "The support the school or setting and the council will give instead of a plan",
        "",
    ),
    # Advice and consultation
    Placeholder("advice.giver", "The person or service asked for advice", ""),
    Placeholder("advice.kind", "The kind of advice asked (educational, medical...)", ""),
    Placeholder("advice.due_on", "The last day for the advice (6 weeks)", ""),
    Placeholder("consultation.setting", "The school or college consulted", ""),
    Placeholder("consultation.respond_by", "The day the school or college should answer by", ""),
    # The plan
    Placeholder("plan.kind", "EHC plan, or statement of special educational needs", "EHC plan"),
    Placeholder("plan.issued_on", "The day the plan (or this version) was issued", ""),
    Placeholder("plan.setting", "The school, college or type of setting named in section I", ""),
    Placeholder("plan.comments_by", "The last day for comments on a draft (15 days)", ""),
    Placeholder("plan.amendments", "The proposed amendments, as recorded", ""),
    # Reviews
    Placeholder("review.meeting_on", "The day of the review meeting", ""),
    Placeholder("review.meeting_place", "Where (or how) the review meeting is held", ""),
    Placeholder("review.report_by", "The day the review report is due (2 weeks after)", ""),
    Placeholder("review.decision", "maintain, amend or cease", ""),
    Placeholder("review.next_due", "The day the next review is due", ""),
    Placeholder(
        "review.decision_reason",
        "The reasons for the decision after a review (or for not amending), as recorded",
        "",
    ),
    # Ceasing
    Placeholder("cease.reason", "The reason for ceasing the plan, in words", ""),
    Placeholder("cease.proposed_on", "The day the council told the family it means to cease", ""),
    Placeholder("cease.ceases_on", "The day the plan ceases to be maintained", ""),
    Placeholder("cease.reply_by", "The day the family should reply to the proposal by", ""),
    # Transfer in (reg 15)
    Placeholder("transfer.from_council", "The council the plan came from", ""),
    Placeholder("transfer.transferred_on", "The day the plan transferred", ""),
    Placeholder("transfer.will_assess", "Yes when the council proposes a new assessment", ""),
    Placeholder("transfer.review_by", "The day this council will review the plan by", ""),
    # Rights
    Placeholder(
        "appeal.by",
        "The last day to appeal to the Tribunal (2 months from this letter, or 1 month from a"
        " mediation certificate if later)",
        "",
    ),
)

NAMES = frozenset(p.name for p in PLACEHOLDERS)
