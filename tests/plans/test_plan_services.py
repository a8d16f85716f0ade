"""Plans through their life: drafted from the assessment, issued, reviewed, amended, ceased;
every statutory step written as the child's Deadline rows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.codes import SenStatus
from cases.models import CaseEvent, CaseFlag, Deadline
from plans.models import AnnualReview, OutcomeProgress, Plan, PlanVersion
from plans.services import cessation, editing, lifecycle, provision, reviews

from .ceasing import cease_through_the_steps
from .conftest import ISSUED
from .content import fill_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


def review_deadlines(review) -> dict[str, tuple]:
    return {
        d.kind: (d.due_on, d.completed_on)
        for d in Deadline.objects.filter(source=f"review:{review.pk}")
    }


def test_issuing_the_plan_completes_the_requests_20_weeks_and_schedules_the_review(
    issued_plan, drafting_request, child
):
    final = Deadline.objects.get(request=drafting_request, kind="final_plan")
    assert (final.due_on, final.completed_on) == (date(2024, 5, 27), ISSUED)
    assert issued_plan.status == Plan.Status.FINAL
    version = issued_plan.versions.get()
    assert (version.number, version.reason, version.issued_on) == (1, "issued", ISSUED)
    assert version.content["sections"]["b"] == "Autism; anxiety at transitions."
    assert [o["description"] for o in version.content["outcomes"]] == ["Reads aloud to the class"]
    review = issued_plan.reviews.get()
    # s44(1): "the period of 12 months starting with" 20 May 2024 ends on 19 May 2025.
    assert review_deadlines(review) == {"review_complete": (date(2025, 5, 19), None)}
    child.refresh_from_db()
    assert child.sen_status == SenStatus.EHC_PLAN


def test_the_plan_cannot_be_issued_within_the_15_days_for_comments(drafted_plan, caseworker):
    with pytest.raises(ValidationError) as error:
        lifecycle.issue_plan(plan=drafted_plan, by=caseworker, issued_on=date(2024, 5, 6))
    assert "15 days" in str(error.value.message_dict["issued_on"])
    drafted_plan.refresh_from_db()
    assert drafted_plan.status == Plan.Status.DRAFT
    assert not PlanVersion.objects.exists()
    assert not AnnualReview.objects.exists()


def test_a_plan_needs_a_decision_to_issue(child, caseworker):
    from cases.services import assessment

    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=date(2024, 1, 8)
    )
    with pytest.raises(ValidationError, match="decided to issue"):
        lifecycle.start_plan_from_request(request=request, by=caseworker)


def test_one_plan_per_request(drafted_plan, drafting_request, caseworker):
    with pytest.raises(ValidationError, match="already has its plan"):
        lifecycle.start_plan_from_request(request=drafting_request, by=caseworker)


def test_an_issued_plan_changes_only_through_an_amendment(issued_plan, caseworker):
    with pytest.raises(ValidationError, match="amendment"):
        editing.update_sections(plan=issued_plan, by=caseworker, section_a="New views")
    with pytest.raises(ValidationError, match="amendment"):
        editing.add_outcome(plan=issued_plan, by=caseworker, area="health", description="x")


def hold_review(plan, by, meeting=date(2025, 5, 12)):
    review = plan.reviews.get(meeting_on__isnull=True)
    outcome = plan.outcomes.get()
    return reviews.record_meeting(
        review=review, by=by, meeting_on=meeting, progress={outcome.pk: ("on_track", "Good")}
    )


def test_the_review_meeting_sets_the_report_and_decision_deadlines(
    issued_plan, caseworker, time_machine
):
    time_machine.move_to(date(2025, 6, 1))
    review = hold_review(issued_plan, caseworker)
    # The meeting does not complete the review: the decision sent after it does (reg 20(10)).
    assert review_deadlines(review) == {
        "review_complete": (date(2025, 5, 19), None),
        "review_report": (date(2025, 5, 26), None),  # 2 weeks
        "review_decision": (date(2025, 6, 9), None),  # 4 weeks
    }
    assert OutcomeProgress.objects.get(review=review).progress == "on_track"
    assert not issued_plan.reviews.filter(meeting_on__isnull=True).exists()
    with pytest.raises(ValidationError):
        reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2025, 5, 13))


@pytest.mark.parametrize(
    ("decided", "status", "next_due"),
    [
        # Due by 19 May 2025. Sent that day: in time, the next due by 18 May 2026.
        (date(2025, 5, 19), "met", date(2026, 5, 18)),
        (date(2025, 5, 18), "met", date(2026, 5, 17)),
        # The day after: late, and the next review runs from the day it was sent.
        (date(2025, 5, 20), "met_late", date(2026, 5, 19)),
    ],
)
def test_the_review_is_complete_when_the_decision_is_sent_and_the_next_counts_from_it(
    issued_plan, caseworker, time_machine, decided, status, next_due
):
    time_machine.move_to(date(2025, 6, 1))
    review = hold_review(issued_plan, caseworker, meeting=date(2025, 5, 2))
    reviews.record_decision(review=review, by=caseworker, decision="M", decision_on=decided)
    row = Deadline.objects.get(source=f"review:{review.pk}", kind="review_complete")
    assert (row.due_on, row.completed_on, row.status(date(2025, 6, 1))) == (
        date(2025, 5, 19),
        decided,
        status,
    )
    following = issued_plan.reviews.get(meeting_on__isnull=True)
    assert following.due_on == next_due
    review.refresh_from_db()
    assert review.completed_on_time is (status == "met")


def test_an_amendment_from_review_to_amended_plan(issued_plan, caseworker, time_machine):
    time_machine.move_to(date(2025, 6, 3))
    review = hold_review(issued_plan, caseworker)
    reviews.record_report(review=review, by=caseworker, report_on=date(2025, 5, 20))
    reviews.record_decision(
        review=review,
        by=caseworker,
        decision="A",
        decision_on=date(2025, 6, 2),
        proposals_sent_on=date(2025, 6, 2),
    )
    assert review_deadlines(review)["amended_plan"] == (date(2025, 7, 28), None)  # 8 weeks
    editing.add_outcome(
        plan=issued_plan, by=caseworker, area="adulthood", description="Travels to college alone"
    )
    time_machine.move_to(date(2025, 7, 1))
    with pytest.raises(ValidationError, match="15 days"):
        reviews.issue_amended_plan(review=review, by=caseworker, issued_on=date(2025, 6, 10))
    version = reviews.issue_amended_plan(review=review, by=caseworker, issued_on=date(2025, 6, 30))
    assert (version.number, version.reason, version.review) == (2, "amended", review)
    assert len(version.content["outcomes"]) == 2
    assert len(issued_plan.versions.get(number=1).content["outcomes"]) == 1
    assert review_deadlines(review)["amended_plan"] == (date(2025, 7, 28), date(2025, 6, 30))
    assert not review.amendment_past_practice_limit()
    issued_plan.refresh_from_db()
    assert not issued_plan.is_editable()


def test_an_amendment_more_than_12_weeks_after_the_meeting_is_flagged(
    issued_plan, caseworker, time_machine
):
    time_machine.move_to(date(2025, 9, 1))
    review = hold_review(issued_plan, caseworker)  # meeting 12 May 2025
    reviews.record_decision(
        review=review,
        by=caseworker,
        decision="A",
        decision_on=date(2025, 6, 9),
        proposals_sent_on=date(2025, 7, 1),
    )
    # 12 weeks after the meeting: 4 August 2025. In time under reg 22 (1 Jul + 8 weeks = 26 Aug).
    reviews.issue_amended_plan(review=review, by=caseworker, issued_on=date(2025, 8, 5))
    review.refresh_from_db()
    assert review.amendment_past_practice_limit()
    assert (
        "More than 12 weeks" in CaseEvent.objects.filter(title__startswith="Amended").get().detail
    )


def test_a_decision_to_amend_needs_the_proposals(issued_plan, caseworker, time_machine):
    time_machine.move_to(date(2025, 6, 1))
    review = hold_review(issued_plan, caseworker)
    with pytest.raises(ValidationError) as error:
        reviews.record_decision(
            review=review, by=caseworker, decision="A", decision_on=date(2025, 5, 30)
        )
    assert "proposals_sent_on" in error.value.message_dict


def test_phase_transfer_review_for_a_child_moving_to_secondary(child, caseworker, time_machine):
    # Born 10 October 2015: Year 7 in September 2027, so the plan must be reviewed and amended
    # before 15 Feb 2027: by 14 Feb. Transferred in on 1 June 2026, last reviewed 1 March 2026:
    # the first review is due by the later of 28 Feb 2027 (12 months beginning with 1 March) and
    # 31 Aug 2026 (3 months beginning with 1 June), reg 15(5); it carries the transfer.
    child.date_of_birth = date(2015, 10, 10)
    child.save()
    time_machine.move_to(date(2026, 7, 1))
    plan = lifecycle.record_transfer_in(
        child=child,
        by=caseworker,
        kind="ehc_plan",
        transferred_from_la="330",
        issued_on=date(2025, 3, 1),
        responsible_from=date(2026, 6, 1),
        last_review_on=date(2026, 3, 1),
    )
    review = plan.reviews.get()
    assert (review.due_on, review.transfer_to_year) == (date(2027, 2, 28), 7)
    assert review_deadlines(review) == {
        "review_complete": (date(2027, 2, 28), None),
        "phase_transfer": (date(2027, 2, 14), None),
    }
    assert Deadline.objects.get(kind="phase_transfer").label == (
        "Review and amend the plan by 14 February (primary to secondary school, into Year 7)"
    )
    assert plan.versions.get().reason == "transferred_in"


def test_a_child_taught_a_year_behind_moves_a_year_later(child, caseworker, time_machine):
    child.date_of_birth = date(2015, 10, 10)
    child.save()
    time_machine.move_to(date(2026, 7, 1))
    plan = lifecycle.record_transfer_in(
        child=child,
        by=caseworker,
        kind="ehc_plan",
        transferred_from_la="330",
        issued_on=date(2025, 3, 1),
        responsible_from=date(2026, 6, 1),
        last_review_on=date(2026, 3, 1),
    )
    lifecycle.update_review_settings(plan=plan, by=caseworker, year_group_offset=-1)
    review = plan.reviews.get()
    # Year 7 in September 2028: the window opens 1 September 2027, after this review is due.
    assert review.phase_transfer_due is None
    assert "phase_transfer" not in review_deadlines(review)


def test_a_shorter_interval_needs_a_reason_kept_in_the_history(issued_plan, caseworker):
    with pytest.raises(ValidationError) as error:
        lifecycle.update_review_settings(plan=issued_plan, by=caseworker, review_interval_months=6)
    assert "reason" in error.value.message_dict
    lifecycle.update_review_settings(
        plan=issued_plan,
        by=caseworker,
        review_interval_months=6,
        reason="Placement at risk: review termly",
    )
    # Six months starting with 20 May 2024: by 19 November 2024.
    assert issued_plan.reviews.get().due_on == date(2024, 11, 19)
    issued_plan.refresh_from_db()
    assert issued_plan.history.first().history_change_reason == (
        "Review settings changed: Placement at risk: review termly"
    )
    with pytest.raises(ValidationError):
        lifecycle.update_review_settings(
            plan=issued_plan, by=caseworker, review_interval_months=13, reason="x"
        )


def test_provision_not_delivered_raises_the_childs_flag_until_delivered(
    issued_plan, caseworker, child
):
    item = issued_plan.provision.get()
    with pytest.raises(ValidationError) as error:
        provision.record_check(
            item=item,
            by=caseworker,
            delivery="not_delivered",
            period_from=date(2024, 6, 1),
            period_to=date(2024, 6, 28),
            confirmed_by="SENCo",
        )
    assert "note" in error.value.message_dict
    provision.record_check(
        item=item,
        by=caseworker,
        delivery="not_delivered",
        period_from=date(2024, 6, 1),
        period_to=date(2024, 6, 28),
        confirmed_by="SENCo",
        note="Therapist on leave; sessions to be made up",
    )
    assert CaseFlag.objects.filter(child=child, kind="provision_gap").exists()
    assert [i.pk for i in provision.gap_items(issued_plan)] == [item.pk]
    provision.record_check(
        item=item,
        by=caseworker,
        delivery="delivered",
        period_from=date(2024, 6, 29),
        period_to=date(2024, 7, 1),
        confirmed_by="SENCo",
    )
    assert not CaseFlag.objects.exists()


def test_ceasing_drops_the_reviews_not_held_and_records_the_appeal_window(
    issued_plan, caseworker, child, time_machine
):
    time_machine.move_to(date(2024, 8, 13))
    ceased = cease_through_the_steps(
        plan=issued_plan,
        by=caseworker,
        reason="5",
        decided_on=date(2024, 6, 10),
        notice_on=date(2024, 6, 12),
        ceases_on=date(2024, 8, 13),
    )
    issued_plan.refresh_from_db()
    assert (issued_plan.status, issued_plan.ceased_on) == ("ceased", date(2024, 8, 13))
    assert ceased.appeal_by == date(2024, 8, 12)  # 2 months from the notice
    assert not AnnualReview.objects.exists()
    assert not Deadline.objects.filter(source__startswith="review:").exists()
    assert issued_plan.versions.count() == 1  # still readable
    child.refresh_from_db()
    assert child.sen_status == SenStatus.SEN_SUPPORT
    with pytest.raises(ValidationError, match="in force"):
        cessation.propose_cessation(
            plan=issued_plan, by=caseworker, proposed_on=date(2024, 8, 13), reason="5"
        )


def test_a_statement_transferred_to_an_ehc_plan(child, caseworker, time_machine):
    child.date_of_birth = date(2006, 2, 1)  # of school age, past every phase transfer here
    child.save()
    time_machine.move_to(date(2016, 1, 1))
    statement = lifecycle.record_transfer_in(
        child=child,
        by=caseworker,
        kind="statement",
        transferred_from_la="330",
        issued_on=date(2012, 3, 1),
        responsible_from=date(2015, 9, 1),
    )
    time_machine.move_to(date(2016, 6, 1))
    plan = lifecycle.start_conversion(statement=statement, by=caseworker)
    assert plan.replaces == statement
    fill_plan(plan, caseworker)  # a statement transferred in holds no content here
    lifecycle.issue_plan(plan=plan, by=caseworker, issued_on=date(2016, 5, 3))
    statement.refresh_from_db()
    assert (statement.status, statement.ceased_on) == ("ceased", date(2016, 5, 3))
    assert statement.replaced_by == plan
    assert not Deadline.objects.filter(
        source__in=[f"review:{r.pk}" for r in statement.reviews.all()], completed_on=None
    ).exists()
    # 12 months starting with 3 May 2016: by 2 May 2017.
    assert plan.reviews.get().due_on == date(2017, 5, 2)


def test_the_review_after_a_phase_transfer_review_does_not_carry_the_transfer_again(
    child, caseworker, time_machine
):
    child.date_of_birth = date(2015, 10, 10)  # Year 7 in September 2027: amend by 14 Feb 2027
    child.save()
    time_machine.move_to(date(2026, 12, 1))
    plan = lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2026, 6, 1)
    )
    review = plan.reviews.get()
    assert review.phase_transfer_due == date(2027, 2, 14)
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2026, 11, 20))
    reviews.record_decision(
        review=review, by=caseworker, decision="M", decision_on=date(2026, 11, 30)
    )
    following = plan.reviews.get(meeting_on__isnull=True)
    assert following.due_on == date(2027, 11, 29)
    assert following.phase_transfer_due is None
    phase = Deadline.objects.get(kind="phase_transfer")
    # reg 18 "review and amend, where necessary": a decision to maintain meets it.
    assert (phase.due_on, phase.completed_on) == (date(2027, 2, 14), date(2026, 11, 30))
