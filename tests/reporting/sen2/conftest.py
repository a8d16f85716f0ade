"""A small realistic council for the SEN2 return, reference date 18 January 2024."""

from datetime import date

import pytest

from cases.codes import CeaseReason, Need, ReviewOutcome
from cases.models import TimeLimitException
from cases.models.assessment import Closure, Decision, Source
from placements.codes import SettingType
from plans.models import Cessation, Plan
from tests.data import SEN2_MOCKUP
from tests.factories import (
    AnnualReviewFactory,
    AssessmentRequestFactory,
    CessationFactory,
    ChildFactory,
    DisagreementFactory,
    PersonalBudgetFactory,
    PlacementFactory,
    PlanFactory,
    SettingFactory,
    TimeLimitExceptionFactory,
)

REFERENCE = date(2024, 1, 18)
MOCKUP = str(SEN2_MOCKUP)  # the repository's copy (tests/data/README.md)


@pytest.fixture
def school(db):
    return SettingFactory(
        name="Hill Primary", urn="100001", setting_type=SettingType.ACADEMY, la_code="999"
    )


@pytest.fixture
def eotas(db):
    return SettingFactory(
        name="Home tuition", setting_type=SettingType.OTHER_ARRANGEMENTS, la_code="999", urn=""
    )


@pytest.fixture
def council(team, school, eotas):
    """Six children: a new plan, an open request, a historical plan, a plan ceased in the year,
    a withdrawn request, and a request finished before the collection year (not returned)."""
    new = ChildFactory(team=team, first_name="Ava", last_name="New", primary_need=Need.ASD)
    request = AssessmentRequestFactory(
        child=new,
        received_on=date(2023, 3, 1),
        assess_decision=Decision.YES,
        assess_decision_on=date(2023, 4, 10),
        issue_decision=Decision.YES,
        issue_decision_on=date(2023, 6, 20),
        draft_sent_on=date(2023, 6, 25),
        final_issued_on=date(2023, 7, 15),
    )
    DisagreementFactory(
        request=request, kind="mediation", about="content", started_on=date(2023, 8, 1)
    )
    TimeLimitExceptionFactory(
        request=request,
        step=TimeLimitException.Step.FINAL_PLAN,
        reason="c",
        starts_on=date(2023, 5, 1),
        note="Family abroad",
    )
    plan = PlanFactory(child=new, issued_on=date(2023, 7, 15), request=request)
    PlacementFactory(
        child=new, setting=school, plan=plan, entry_on=date(2023, 9, 1), named_in_section_i=True
    )

    waiting = ChildFactory(team=team, first_name="Ben", last_name="Waiting")
    AssessmentRequestFactory(
        child=waiting, received_on=date(2023, 10, 1), source=Source.YOUNG_PERSON
    )

    old = ChildFactory(team=team, first_name="Cal", last_name="Old", primary_need=Need.SLCN)
    old.secondary_need = Need.MLD
    old.save()
    old_request = AssessmentRequestFactory(
        child=old,
        received_on=date(2019, 1, 5),
        assess_decision=Decision.YES,
        assess_decision_on=date(2019, 2, 10),
        issue_decision=Decision.YES,
        issue_decision_on=date(2019, 4, 1),
        final_issued_on=date(2019, 5, 20),
    )
    old_plan = PlanFactory(child=old, issued_on=date(2019, 5, 20), request=old_request)
    PlacementFactory(child=old, setting=eotas, plan=old_plan, entry_on=date(2022, 9, 1))
    AnnualReviewFactory(
        plan=old_plan,
        due_on=date(2023, 5, 20),
        meeting_on=date(2023, 5, 1),
        decision=ReviewOutcome.MAINTAIN,
        decision_on=date(2023, 5, 20),
    )
    PersonalBudgetFactory(
        plan=old_plan, kind="S", direct_payment=True, annual_amount=1000, start_on=date(2022, 1, 1)
    )

    ceased = ChildFactory(team=team, first_name="Dee", last_name="Ceased", primary_need=Need.PD)
    ceased_plan = PlanFactory(
        child=ceased,
        issued_on=date(2018, 3, 1),
        status=Plan.Status.CEASED,
        ceased_on=date(2023, 6, 30),
    )
    CessationFactory(
        plan=ceased_plan,
        stage=Cessation.Stage.CEASED,
        reason=CeaseReason.NEEDS_MET,
        decided_on=date(2023, 5, 1),
        notice_on=date(2023, 5, 2),
        ceases_on=date(2023, 6, 30),
    )
    PlacementFactory(
        child=ceased,
        setting=school,
        plan=ceased_plan,
        entry_on=date(2017, 9, 1),
        leaving_on=date(2023, 7, 20),
        named_in_section_i=True,
    )

    withdrawn = ChildFactory(team=team, first_name="Eve", last_name="Withdrawn")
    AssessmentRequestFactory(
        child=withdrawn,
        received_on=date(2023, 1, 10),
        closure=Closure.WITHDRAWN,
        closed_on=date(2023, 2, 1),
    )

    gone = ChildFactory(team=team, first_name="Fay", last_name="Gone")
    AssessmentRequestFactory(
        child=gone,
        received_on=date(2021, 1, 10),
        assess_decision=Decision.NO,
        assess_decision_on=date(2021, 2, 1),
    )
    return {
        "new": new,
        "waiting": waiting,
        "old": old,
        "ceased": ceased,
        "withdrawn": withdrawn,
        "gone": gone,
        "plan": plan,
        "request": request,
    }
