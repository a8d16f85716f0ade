"""When reviews fall due and which one carries a phase transfer, through the services: a plan
transferred in (reg 15), the review due 1 February of the transfer year (reg 18), transfers
worked out from the child's setting or set by hand (reg 2), the under-5s (Code 9.178), and a
decision not to amend (reg 22(4))."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.models import Deadline
from placements.services import placements as placement_services
from plans.services import lifecycle, reviews
from tests.factories import SettingFactory

from .content import fill_plan

pytestmark = pytest.mark.django_db


def rows(plan) -> dict[str, tuple]:
    return {
        (d.source.split(":")[0], d.kind): (d.due_on, d.completed_on)
        for d in Deadline.objects.filter(child=plan.child).exclude(source__startswith="request")
    }


def transfer_in(child, by, responsible_from, last_review_on, issued_on=date(2023, 5, 1)):
    return lifecycle.record_transfer_in(
        child=child,
        by=by,
        kind="ehc_plan",
        transferred_from_la="330",
        issued_on=issued_on,
        responsible_from=responsible_from,
        last_review_on=last_review_on,
    )


# --- reg 15: a plan transferred in ----------------------------------------------------------------


def test_a_plan_transferred_in_gets_the_6_week_notice_and_the_later_review_date(
    child, caseworker, time_machine
):
    child.date_of_birth = date(2010, 1, 5)  # Year 11 in 2025/26: no transfer near these dates
    child.save()
    time_machine.move_to(date(2026, 4, 20))
    plan = transfer_in(child, caseworker, date(2026, 4, 1), date(2025, 5, 10))
    # reg 15(5): 12 months from 10 May 2025 end 9 May 2026, 3 months from 1 April end 30 June.
    review = plan.reviews.get()
    assert review.due_on == date(2026, 6, 30)
    assert plan.last_reviewed_before_transfer == date(2025, 5, 10)
    # reg 15(4): within 6 weeks of 1 April 2026, by 13 May 2026.
    assert rows(plan)[("transfer-in", "transfer_in_notice")] == (date(2026, 5, 13), None)
    lifecycle.record_transfer_notice(
        plan=plan, by=caseworker, sent_on=date(2026, 4, 20), proposes_to_assess=False
    )
    assert rows(plan)[("transfer-in", "transfer_in_notice")] == (
        date(2026, 5, 13),
        date(2026, 4, 20),
    )
    with pytest.raises(ValidationError):
        lifecycle.record_transfer_notice(
            plan=plan, by=caseworker, sent_on=date(2026, 4, 20), proposes_to_assess=True
        )


def test_a_transfer_just_before_the_12_month_point_is_not_overdue_on_arrival(
    child, caseworker, time_machine
):
    child.date_of_birth = date(2010, 1, 5)
    child.save()
    time_machine.move_to(date(2026, 5, 12))
    # Last reviewed 10 May 2025: its 12 months end 9 May 2026; transferred 8 May 2026, the
    # first review is due by 7 August 2026 (3 months beginning with the transfer).
    plan = transfer_in(child, caseworker, date(2026, 5, 8), date(2025, 5, 10))
    assert plan.reviews.get().due_on == date(2026, 8, 7)
    assert Deadline.objects.get(kind="review_complete").status(date(2026, 5, 12)) == "on_track"


def test_only_a_plan_transferred_in_has_the_notice(child, caseworker, time_machine):
    time_machine.move_to(date(2026, 4, 20))
    plan = lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2026, 1, 5)
    )
    assert not Deadline.objects.filter(kind="transfer_in_notice").exists()
    with pytest.raises(ValidationError):
        lifecycle.record_transfer_notice(
            plan=plan, by=caseworker, sent_on=date(2026, 4, 20), proposes_to_assess=False
        )


# --- reg 18: which review carries the phase transfer ----------------------------------------------


def test_a_review_due_on_1_february_of_the_transfer_year_carries_it(
    child, caseworker, time_machine
):
    # Born 10 October 2015: Year 7 in September 2027, so reviewed and amended by 14 Feb 2027.
    child.date_of_birth = date(2015, 10, 10)
    child.save()
    time_machine.move_to(date(2026, 3, 1))
    plan = lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2026, 2, 2)
    )
    review = plan.reviews.get()
    assert (review.due_on, review.phase_transfer_due) == (date(2027, 2, 1), date(2027, 2, 14))
    assert rows(plan)[("review", "phase_transfer")] == (date(2027, 2, 14), None)
    # Reviewed and amended on 15 February: one day late.
    time_machine.move_to(date(2027, 5, 1))
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2027, 1, 10))
    reviews.record_decision(
        review=review,
        by=caseworker,
        decision="A",
        decision_on=date(2027, 1, 25),
        proposals_sent_on=date(2027, 1, 25),
    )
    fill_plan(plan, caseworker)  # recorded without its content: the amendment writes it
    reviews.issue_amended_plan(review=review, by=caseworker, issued_on=date(2027, 2, 15))
    phase = Deadline.objects.get(kind="phase_transfer")
    assert (phase.completed_on, phase.status(date(2027, 5, 1))) == (date(2027, 2, 15), "met_late")
    # The next review (from the decision on 25 January 2027) does not carry it again.
    following = plan.reviews.get(meeting_on__isnull=True)
    assert (following.due_on, following.phase_transfer_due) == (date(2028, 1, 24), None)


def place(child, by, setting, entry_on):
    return placement_services.add_placement(
        child=child, by=by, setting=setting, entry_on=entry_on, plan=None
    )


def school(name, low, high, phase="primary"):
    return SettingFactory(
        name=name,
        setting_type="mainstream_maintained",
        phase=phase,
        low_age=low,
        high_age=high,
        la_code="201",
    )


def test_an_infant_school_gives_the_move_into_year_3(child, caseworker, time_machine):
    # Born 1 December 2019: Year 2 in 2026/27 at a 4-7 infant school; Year 3 in September 2027.
    child.date_of_birth = date(2019, 12, 1)
    child.save()
    time_machine.move_to(date(2026, 9, 10))
    plan = lifecycle.record_existing_plan(
        child=child,
        by=caseworker,
        kind="ehc_plan",
        issued_on=date(2026, 3, 2),
        last_review_on=None,
    )
    review = plan.reviews.get()
    # 12 months from 2 March 2026 (the child is of school age): by 1 March 2027. No setting
    # known, so only Reception (past) and Year 7 are looked for: no transfer on this review.
    assert (review.due_on, review.phase_transfer_due) == (date(2027, 3, 1), None)
    place(child, caseworker, school("Oak Infant School", 4, 7), date(2024, 9, 2))
    review.refresh_from_db()
    assert (review.transfer_kind, review.transfer_to_year) == ("infant_junior", 3)
    assert review.phase_transfer_due == date(2027, 2, 14)
    label = Deadline.objects.get(kind="phase_transfer").label
    assert (
        label == "Review and amend the plan by 14 February (infant to junior school, into Year 3)"
    )


def test_a_middle_school_child_moves_into_year_9(child, caseworker, time_machine):
    # Born 1 December 2016: Year 5 in 2026/27 at a 9-13 middle school; Year 9 in September 2030.
    child.date_of_birth = date(2016, 12, 1)
    child.save()
    time_machine.move_to(date(2029, 3, 1))
    place(child, caseworker, school("Elm Middle School", 9, 13, "secondary"), date(2026, 9, 1))
    plan = lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2029, 2, 20)
    )
    review = plan.reviews.get()
    assert review.due_on == date(2030, 2, 19)
    assert (review.transfer_kind, review.transfer_to_year) == ("middle_secondary", 9)
    assert review.phase_transfer_due == date(2030, 2, 14)


def test_a_transfer_set_by_hand_needs_a_reason_and_replaces_the_worked_out_one(
    child, caseworker, time_machine
):
    child.date_of_birth = date(2015, 10, 10)
    child.save()
    time_machine.move_to(date(2026, 3, 1))
    plan = lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2026, 2, 2)
    )
    with pytest.raises(ValidationError) as error:
        lifecycle.update_review_settings(
            plan=plan, by=caseworker, transfer_year=2028, transfer_kind="primary_secondary"
        )
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        lifecycle.update_review_settings(plan=plan, by=caseworker, transfer_year=2028, reason="x")
    lifecycle.update_review_settings(
        plan=plan,
        by=caseworker,
        transfer_year=2028,
        transfer_kind="primary_secondary",
        reason="Staying in Year 6 another year (agreed with the family)",
    )
    review = plan.reviews.get()
    # Moving in September 2028: the window opens 1 September 2027, after this review is due.
    assert review.phase_transfer_due is None
    plan.refresh_from_db()
    assert "Staying in Year 6" in plan.history.first().history_change_reason


# --- The under-5s ---------------------------------------------------------------------------------


def test_an_under_five_is_reviewed_every_six_months_and_prompted_at_five(
    child, caseworker, time_machine
):
    child.date_of_birth = date(2021, 10, 10)  # 5 on 10 Oct 2026; school age from 31 Dec 2026
    child.save()
    time_machine.move_to(date(2026, 3, 1))
    plan = lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2026, 1, 10)
    )
    # Six months starting with 10 January 2026: by 9 July 2026.
    assert plan.reviews.get().due_on == date(2026, 7, 9)
    assert rows(plan)[("school-age", "school_age_interval")] == (date(2026, 10, 10), None)
    review = plan.reviews.get()
    time_machine.move_to(date(2027, 1, 10))
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2026, 12, 1))
    # Decided on 30 Dec 2026, still under school age: 6 months again, by 29 June 2027.
    reviews.record_decision(
        review=review, by=caseworker, decision="M", decision_on=date(2026, 12, 30)
    )
    assert plan.reviews.get(meeting_on__isnull=True).due_on == date(2027, 6, 29)
    # The caseworker checks the settings after the fifth birthday: the prompt is done, and the
    # review is counted again with 12 months, the child now being of school age... only from a
    # decision on or after 31 December 2026; this one was on the 30th, so it stays.
    lifecycle.update_review_settings(plan=plan, by=caseworker, year_group_offset=0)
    assert rows(plan)[("school-age", "school_age_interval")] == (
        date(2026, 10, 10),
        date(2027, 1, 10),
    )
    assert plan.reviews.get(meeting_on__isnull=True).due_on == date(2027, 6, 29)


# --- reg 22(4): deciding not to amend after all ---------------------------------------------------


def test_deciding_not_to_amend_ends_the_8_weeks(issued_plan, caseworker, time_machine):
    time_machine.move_to(date(2025, 8, 1))
    review = issued_plan.reviews.get()
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2025, 5, 1))
    reviews.record_decision(
        review=review,
        by=caseworker,
        decision="A",
        decision_on=date(2025, 5, 20),
        proposals_sent_on=date(2025, 5, 20),
    )
    with pytest.raises(ValidationError):
        reviews.record_not_amended(review=review, by=caseworker, notified_on=date(2025, 5, 19))
    # 8 weeks from 20 May 2025: by 15 July 2025.
    reviews.record_not_amended(review=review, by=caseworker, notified_on=date(2025, 7, 15))
    row = Deadline.objects.get(source=f"review:{review.pk}", kind="amended_plan")
    assert (row.due_on, row.completed_on, row.status(date(2025, 8, 1))) == (
        date(2025, 7, 15),
        date(2025, 7, 15),
        "met",
    )
    review.refresh_from_db()
    assert not review.is_open
    issued_plan.refresh_from_db()
    assert not issued_plan.is_editable()
    with pytest.raises(ValidationError):
        reviews.issue_amended_plan(review=review, by=caseworker, issued_on=date(2025, 7, 20))
