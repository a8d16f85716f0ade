"""The date, order and age checks: each at its edge (the reference day itself, 25 and 26)."""

from datetime import date

import pytest

from cases.codes import CeaseReason, Need
from cases.models.assessment import Decision
from cases.statutory import age_on
from placements.models import Placement
from plans.models import Cessation, Plan
from reporting.sen2.checks import run_checks
from reporting.sen2.export import export_return
from reporting.sen2.rules import BY_ID
from tests.factories import (
    AnnualReviewFactory,
    AssessmentRequestFactory,
    CessationFactory,
    ChildFactory,
    PlacementFactory,
    PlanFactory,
)

from .conftest import REFERENCE

pytestmark = pytest.mark.django_db


def found(rule_id):
    sen2, xml = export_return(REFERENCE, "999")
    return [p for p in run_checks(sen2, xml) if p.rule == rule_id]


def planned_child(team, school, born, **fields):
    """A child with an EHC plan issued in the year and a placement: clean unless told."""
    child = ChildFactory(team=team, date_of_birth=born, primary_need=Need.MLD, **fields)
    request = AssessmentRequestFactory(
        child=child,
        received_on=date(2023, 2, 1),
        assess_decision=Decision.YES,
        assess_decision_on=date(2023, 3, 1),
        issue_decision=Decision.YES,
        issue_decision_on=date(2023, 5, 1),
        final_issued_on=date(2023, 6, 1),
    )
    plan = PlanFactory(child=child, issued_on=date(2023, 6, 1), request=request)
    PlacementFactory(
        child=child, setting=school, plan=plan, entry_on=date(2023, 9, 1), named_in_section_i=True
    )
    return child, request, plan


def test_every_problem_names_a_rule_in_the_registry(council, team, school):
    planned_child(team, school, date(1990, 1, 1))
    sen2, xml = export_return(REFERENCE, "999")
    problems = run_checks(sen2, xml)
    assert problems
    assert all(p.rule in BY_ID for p in problems)


def test_a_birth_date_on_the_reference_day_is_fine_the_day_after_is_not(team):
    on_the_day = ChildFactory(team=team, last_name="OnTheDay", date_of_birth=REFERENCE)
    AssessmentRequestFactory(child=on_the_day, received_on=date(2024, 1, 18))
    assert found("SP20") == []
    after = ChildFactory(team=team, last_name="After", date_of_birth=date(2024, 1, 19))
    AssessmentRequestFactory(child=after, received_on=date(2024, 1, 10))
    [problem] = found("SP20")
    assert problem.child_id == after.pk and problem.is_error
    assert problem.message == ("Date of birth 19/01/2024 is after the reference date 18/01/2024")
    assert problem.url == after.get_absolute_url()


def test_the_decision_to_assess_before_the_request(team):
    child = ChildFactory(team=team)
    request = AssessmentRequestFactory(
        child=child,
        received_on=date(2023, 5, 1),
        assess_decision=Decision.YES,
        assess_decision_on=date(2023, 5, 1),
    )
    assert found("SP21") == []
    request.assess_decision_on = date(2023, 4, 30)
    request.save()
    [problem] = found("SP21")
    assert "(30/04/2023) is dated before the request was received (01/05/2023)" in (problem.message)
    assert problem.child_id == child.pk and problem.url == request.get_absolute_url()


def test_the_assessment_outcome_before_the_request_or_the_decision(team, school):
    _, request, _ = planned_child(team, school, date(2010, 1, 1))
    assert found("SP22") == []
    request.issue_decision_on = date(2023, 2, 28)  # after the request, before the decision
    request.save()
    [problem] = found("SP22")
    assert "before the decision to assess (01/03/2023)" in problem.message
    request.issue_decision_on = date(2023, 1, 31)
    request.save()
    [problem] = found("SP22")
    assert "before the request was received (01/02/2023)" in problem.message


def test_a_plan_issued_before_its_request(team, school):
    _, _, plan = planned_child(team, school, date(2010, 1, 1))
    assert found("SP06") == []
    plan.issued_on = date(2023, 1, 31)
    plan.save()
    assert [p.message for p in found("SP06")] == [
        "The plan's issue date is before the request was received"
    ]


def test_a_review_before_the_plan_started(team, school):
    _, _, plan = planned_child(team, school, date(2010, 1, 1))
    review = AnnualReviewFactory(plan=plan, due_on=date(2024, 6, 1), meeting_on=date(2023, 6, 1))
    assert found("SP23") == []
    review.meeting_on = date(2023, 5, 31)
    review.save()
    [problem] = found("SP23")
    assert "annual review meeting (31/05/2023) is dated before the plan started" in (
        problem.message
    )


def test_a_placement_leaving_before_its_entry(team, school):
    child, _, _ = planned_child(team, school, date(2010, 1, 1))
    placement = Placement.objects.get(child=child)
    placement.leaving_on = date(2023, 9, 1)
    placement.save()
    assert found("SP24") == []
    placement.leaving_on = date(2023, 8, 31)
    placement.save()
    [problem] = found("SP24")
    assert problem.child_id == child.pk
    assert "leaving date 31/08/2023 is before its entry date 01/09/2023" in problem.message


def test_a_plan_ceased_before_it_started(team, school):
    _, _, plan = planned_child(team, school, date(2010, 1, 1))
    plan.status = Plan.Status.CEASED
    plan.ceased_on = date(2023, 5, 31)
    plan.save()
    CessationFactory(
        plan=plan,
        stage=Cessation.Stage.CEASED,
        reason=CeaseReason.NEEDS_MET,
        decided_on=date(2023, 5, 1),
        notice_on=date(2023, 5, 2),
        ceases_on=date(2023, 5, 31),
    )
    [problem] = found("SP25")
    assert "cease date (31/05/2023) is before it started (01/06/2023)" in problem.message


def test_age_on_counts_whole_years():
    assert age_on(date(1999, 1, 18), REFERENCE) == 25
    assert age_on(date(1998, 1, 19), REFERENCE) == 25
    assert age_on(date(1998, 1, 18), REFERENCE) == 26
    assert age_on(date(2000, 2, 29), date(2024, 2, 28)) == 23


def test_25_on_the_reference_date_is_fine_26_is_an_error(team, school):
    planned_child(team, school, date(1998, 1, 19), last_name="TwentyFive")
    assert found("SP26") == []
    older, _, _ = planned_child(team, school, date(1998, 1, 18), last_name="TwentySix")
    [problem] = found("SP26")
    assert problem.child_id == older.pk and problem.is_error
    assert problem.message.startswith("Aged 26 on the reference date 18/01/2024")


def test_26_with_everything_closed_in_the_year_is_a_warning(team, school):
    _, _, plan = planned_child(team, school, date(1997, 6, 1))
    plan.status = Plan.Status.CEASED
    plan.ceased_on = date(2023, 7, 31)
    plan.save()
    CessationFactory(
        plan=plan,
        stage=Cessation.Stage.CEASED,
        reason=CeaseReason.MAXIMUM_AGE,
        decided_on=date(2023, 6, 1),
        notice_on=date(2023, 6, 2),
        ceases_on=date(2023, 7, 31),
    )
    [problem] = found("SP26")
    assert problem.level == "warning" and "check the date of birth" in problem.message


def test_the_secondary_need_differs_from_the_primary(council):
    child = council["old"]
    assert found("SP31") == []
    child.secondary_need = child.primary_need
    child.save()
    [problem] = found("SP31")
    assert problem.child_id == child.pk
    assert problem.message.startswith("The secondary need is the primary need (SLCN)")
