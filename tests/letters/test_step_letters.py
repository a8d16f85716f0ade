"""Letters from a plan's steps (issue 20): each step offers the letter that tells the family of
it, filled in from the plan, the review or the cessation and the rules' dates; the step's page
shows the letters written for it and the day each went."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.codes import ReviewOutcome
from cases.statutory import reviews as review_rules
from cases.statutory.ceasing import tribunal_appeal_deadline
from core.formatting import day
from core.public_ids import encode
from letters import drafting
from letters.models import Letter
from letters.steps import letters_for_plan, letters_for_review
from letters.values import TO_WRITE
from plans.services import cessation, lifecycle, reviews, schedule
from tests.factories import ChildFactory, ContactFactory
from tests.plans.conftest import (  # noqa: F401 (fixtures)
    drafted_plan,
    drafting_request,
    issued_plan,
    july_2024,
)

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 1)  # july_2024


@pytest.fixture
def parent(child):
    return ContactFactory(child=child, name="Grace Bello", address="1 Mill Lane\nAnytown\nAN1 2BC")


@pytest.fixture
def decided_review(issued_plan, caseworker, july_2024):  # noqa: F811
    review = reviews.schedule_review(plan=issued_plan, after=issued_plan.issued_on, by=caseworker)
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2024, 6, 10))
    return reviews.record_decision(
        review=review,
        by=caseworker,
        decision=ReviewOutcome.MAINTAIN,
        decision_on=date(2024, 6, 24),
    )


def _notify_ceasing(proposal, by):
    """Consult on the proposal of 3 June 2024, then notify the decision to cease on 1 September."""
    cessation.record_consultation(
        cessation=proposal,
        by=by,
        family_consulted_on=date(2024, 6, 10),
        institution_consulted_on=date(2024, 6, 10),
    )
    cessation.notify_decision(
        cessation=proposal,
        by=by,
        decided_on=date(2024, 6, 17),
        notice_on=date(2024, 6, 17),
        intended_on=date(2024, 9, 1),
        outcomes_achieved="achieved",
    )


def _draft(kind, plan, contact, by, review=None):
    return drafting.draft_letter(
        kind=kind, child=plan.child, by=by, contact=contact, plan=plan, review=review
    )


def test_each_plan_step_offers_its_letter(drafted_plan, caseworker):  # noqa: F811
    assert letters_for_plan(drafted_plan) == ["draft_plan"]
    lifecycle.issue_plan(plan=drafted_plan, by=caseworker, issued_on=date(2024, 5, 20))
    drafted_plan.refresh_from_db()
    assert letters_for_plan(drafted_plan) == ["final_plan"]
    proposal = cessation.propose_cessation(
        plan=drafted_plan, by=caseworker, proposed_on=date(2024, 6, 3), reason="2"
    )
    drafted_plan.refresh_from_db()
    assert letters_for_plan(drafted_plan) == ["final_plan", "intention_to_cease"]
    _notify_ceasing(proposal, caseworker)
    drafted_plan.refresh_from_db()
    assert letters_for_plan(drafted_plan)[-1] == "cessation_notice"


def test_each_review_step_offers_its_letter(issued_plan, caseworker, july_2024):  # noqa: F811
    review = reviews.schedule_review(plan=issued_plan, after=issued_plan.issued_on, by=caseworker)
    assert letters_for_review(review) == ["review_invitation"]
    review = reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2024, 6, 10))
    assert letters_for_review(review) == []
    review = reviews.record_decision(
        review=review,
        by=caseworker,
        decision=ReviewOutcome.AMEND,
        decision_on=date(2024, 6, 24),
        proposals_sent_on=date(2024, 6, 24),
    )
    # The letter keeping the plan as it is would be wrong here: the amendments go instead.
    assert letters_for_review(review) == ["proposed_amendments"]
    review.decision = ReviewOutcome.MAINTAIN
    assert letters_for_review(review) == ["review_decision"]
    review.decision, review.amended_issued_on = ReviewOutcome.AMEND, date(2024, 8, 19)
    assert letters_for_review(review) == ["proposed_amendments", "final_plan"]


def test_the_final_plan_letter_is_filled_in_from_the_plan(issued_plan, parent, caseworker):  # noqa: F811
    letter = _draft("final_plan", issued_plan, parent, caseworker)
    assert letter.plan == issued_plan and letter.review is None
    first_review = schedule.review_due(issued_plan, issued_plan.issued_on)
    assert day(issued_plan.issued_on) in letter.body  # 20 May 2024
    assert day(first_review) in letter.body
    assert day(tribunal_appeal_deadline(letter.dated)) in letter.body
    assert f"{TO_WRITE}the day the plan" not in letter.body
    assert f"{TO_WRITE}the day the next review" not in letter.body


def test_the_review_decision_letter_counts_the_next_review_from_the_decision(
    decided_review, parent, caseworker
):
    plan = decided_review.plan
    letter = _draft("review_decision", plan, parent, caseworker, review=decided_review)
    assert letter.review == decided_review and letter.plan == plan
    assert "10 June 2024" in letter.body  # the meeting
    next_due = schedule.review_due(plan, decided_review.decision_on)
    assert day(next_due) in letter.body
    # What the record does not hold (the reasons) is left for the caseworker to write.
    assert f"{TO_WRITE}the reasons for the decision" in letter.body


def test_a_review_invitation_gives_the_report_date_once_the_meeting_is_known(
    issued_plan,  # noqa: F811
    parent,
    caseworker,
    july_2024,  # noqa: F811
):
    review = reviews.schedule_review(plan=issued_plan, after=issued_plan.issued_on, by=caseworker)
    letter = _draft("review_invitation", issued_plan, parent, caseworker, review=review)
    assert f"{TO_WRITE}the day of the review meeting" in letter.body
    review.meeting_on = date(2025, 4, 7)
    review.save()
    letter = drafting.redraft(letter=letter, by=caseworker, version=letter.version)
    assert "7 April 2025" in letter.body
    assert day(review_rules.review_report_due(date(2025, 4, 7))) in letter.body  # 21 April 2025


def test_a_transferred_plan_letter_gives_the_reg_15_review_date(child, parent, caseworker):
    plan = lifecycle.record_transfer_in(
        child=child,
        by=caseworker,
        kind="ehc_plan",
        transferred_from_la="209",
        issued_on=date(2023, 3, 1),
        responsible_from=date(2024, 4, 1),
        last_review_on=date(2023, 5, 10),
    )
    assert letters_for_plan(plan) == ["transfer_in_notice"]
    letter = _draft("transfer_in_notice", plan, parent, caseworker)
    # reg 15(5): the later of 12 months from 10 May 2023 and 3 months from 1 April 2024.
    assert "1 April 2024" in letter.body
    assert day(review_rules.transfer_in_review_due(date(2024, 4, 1), date(2023, 5, 10))) in (
        letter.body
    )
    assert "30 June 2024" in letter.body
    # The council it came from is not held by name: the caseworker writes it.
    assert f"{TO_WRITE}the council the plan came from" in letter.body


def test_the_cessation_notice_gives_the_reason_and_the_day(issued_plan, parent, caseworker):  # noqa: F811
    proposal = cessation.propose_cessation(
        plan=issued_plan, by=caseworker, proposed_on=date(2024, 6, 3), reason="2"
    )
    _notify_ceasing(proposal, caseworker)
    issued_plan.refresh_from_db()
    letter = _draft("cessation_notice", issued_plan, parent, caseworker)
    assert "3 June 2024" in letter.body and "1 September 2024" in letter.body
    assert proposal.get_reason_display().lower() in letter.body.lower()


def test_another_childs_plan_or_a_review_of_another_plan_is_refused(
    issued_plan,  # noqa: F811
    parent,
    caseworker,
):
    other = ChildFactory(team=caseworker.teams.first())
    with pytest.raises(ValidationError):
        drafting.draft_letter(
            kind="final_plan", child=other, by=caseworker, contact=None, plan=issued_plan
        )
    elsewhere = lifecycle.record_transfer_in(
        child=other,
        by=caseworker,
        kind="ehc_plan",
        transferred_from_la="209",
        issued_on=date(2023, 3, 1),
        responsible_from=date(2024, 4, 1),
    )
    review = reviews.schedule_review(plan=elsewhere, after=date(2024, 4, 1), by=caseworker)
    with pytest.raises(ValidationError):
        _draft("review_decision", issued_plan, parent, caseworker, review=review)
    with pytest.raises(ValidationError):
        drafting.draft_letter(
            kind="review_decision",
            child=issued_plan.child,
            by=caseworker,
            contact=parent,
            review=review,
        )


def test_the_plan_page_offers_the_letter_and_then_shows_when_it_went(
    issued_plan,  # noqa: F811
    parent,
    caseworker,
    client,
):
    client.force_login(caseworker)
    child = issued_plan.child
    page = client.get(issued_plan.get_absolute_url())
    offer = f"{reverse('letters:letter_new', args=[child.pk])}?kind=final_plan&amp;plan="
    assert offer + encode(issued_plan.pk) in page.content.decode()
    start = client.get(
        reverse("letters:letter_new", args=[child.pk]),
        {"kind": "final_plan", "plan": encode(issued_plan.pk)},
    )
    assert start.context["form"].initial["plan"] == issued_plan.pk
    assert "request" not in start.context["form"].initial
    # A token that is no plan is ignored, never an error.
    assert (
        client.get(reverse("letters:letter_new", args=[child.pk]), {"plan": "nonsense"}).status_code
        == 200
    )
    client.post(
        reverse("letters:letter_new", args=[child.pk]),
        {"kind": "final_plan", "contact": parent.pk, "plan": issued_plan.pk},
    )
    letter = Letter.objects.get(plan=issued_plan)
    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.SENT, sent_at="2024-07-01T10:00:00+01:00"
    )
    page = client.get(issued_plan.get_absolute_url()).content.decode()
    assert "family told 1 July 2024" in page
    assert "?kind=final_plan" not in page  # written: no longer offered


def test_who_may_only_read_the_case_is_offered_no_letter(issued_plan, client, head_of_service):  # noqa: F811
    client.force_login(head_of_service)
    response = client.get(issued_plan.get_absolute_url())
    assert response.status_code == 200
    assert "Write the letter" not in response.content.decode()


def test_the_draft_plan_gives_15_days_from_when_the_post_serves_it(
    drafted_plan,  # noqa: F811
    parent,
    caseworker,
    time_machine,
    settings,
    fake_notify,
):
    """Reg 13(1): 15 days beginning with the day the draft is served. Dated Friday 4 December
    2026 and posted that day, it is served on Monday 7 December (Interpretation Act 1978 s7,
    read as CPR 6.26): the family may reply until 21 December. Through GOV.UK Notify it is
    posted on Monday 7th, served on Wednesday 9th: until 23 December."""
    time_machine.move_to(datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Europe/London")), tick=False)
    letter = _draft("draft_plan", drafted_plan, parent, caseworker)
    assert "please reply by 23 December 2026" in letter.subject
    settings.NOTIFY_API_KEY = ""
    letter = drafting.redraft(letter=letter, by=caseworker, version=letter.version)
    assert "please reply by 21 December 2026" in letter.subject
    assert "Please reply by 21 December 2026" in letter.body
