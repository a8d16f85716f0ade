"""What the services accept for a case recorded from another system's return (SEN2), which
lacks dates the pages ask for: each still refuses what no return could make right."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.models import Deadline
from cases.models.assessment import Decision, Regime, Source
from cases.services import assessment
from plans.models import Plan
from plans.services.cessation import record_ceased_elsewhere
from plans.services.lifecycle import issue_plan, record_existing_plan, start_plan_from_request
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _decided(by):
    child = ChildFactory(date_of_birth=date(2012, 3, 3))
    request = assessment.record_request(
        child=child, by=by, regime=Regime.EHCP, source=Source.PARENT, received_on=date(2023, 1, 9)
    )
    request = assessment.record_assess_decision(
        request=request, by=by, decision=Decision.YES, decided_on=date(2023, 2, 1)
    )
    return assessment.record_issue_decision(
        request=request, by=by, decision=Decision.YES, decided_on=date(2023, 4, 1)
    )


def test_a_plan_without_a_draft_date_is_issued_only_with_the_flag_and_after_the_decision(
    administrator,
):
    request = _decided(administrator)
    plan = start_plan_from_request(request=request, by=administrator)
    with pytest.raises(ValidationError, match="draft"):
        issue_plan(plan=plan, by=administrator, issued_on=date(2023, 5, 1), content_held=False)
    with pytest.raises(ValidationError, match="decision to issue"):
        issue_plan(
            plan=plan,
            by=administrator,
            issued_on=date(2023, 3, 1),
            draft_date_unknown=True,
            content_held=False,
        )
    issue_plan(
        plan=plan,
        by=administrator,
        issued_on=date(2023, 5, 1),
        draft_date_unknown=True,
        content_held=False,
    )
    final = Deadline.objects.get(request=request, kind=Deadline.Kind.FINAL_PLAN)
    assert final.completed_on == date(2023, 5, 1) and final.due_on == date(2023, 5, 29)
    assert plan.reviews.get().due_on == date(2024, 4, 30)


def test_an_exception_without_a_reason_only_when_the_reason_is_unknown(administrator):
    request = _decided(administrator)
    kwargs = {
        "request": request,
        "by": administrator,
        "step": "final_plan",
        "reason": "",
        "starts_on": date(2023, 4, 1),
        "ends_on": None,
        "note": "From a return",
    }
    with pytest.raises(ValidationError):
        assessment.record_exception(**kwargs)
    assessment.record_exception(**kwargs, reason_unknown=True)
    assert Deadline.objects.get(request=request, kind=Deadline.Kind.FINAL_PLAN).exempt


def test_an_existing_plan_without_its_issue_date_is_reviewed_from_its_last_review(administrator):
    child = ChildFactory(date_of_birth=date(2012, 3, 3))
    plan = record_existing_plan(
        child=child,
        by=administrator,
        kind=Plan.Kind.EHC_PLAN,
        issued_on=None,
        last_review_on=date(2023, 6, 1),
        transferred_from_la="888",
    )
    assert plan.origin == Plan.Origin.TRANSFERRED_IN and not plan.versions.exists()
    assert plan.reviews.get().due_on == date(2024, 5, 31)


def test_a_plan_ceased_elsewhere_ceases_as_the_pages_cease_it(administrator):
    child = ChildFactory(date_of_birth=date(2002, 1, 1))
    plan = record_existing_plan(
        child=child, by=administrator, kind=Plan.Kind.EHC_PLAN, issued_on=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="issued"):
        record_ceased_elsewhere(
            plan=plan, by=administrator, ceases_on=date(2019, 1, 1), reason="4", note=""
        )
    record_ceased_elsewhere(
        plan=plan, by=administrator, ceases_on=date(2023, 7, 1), reason="4", note="From a return"
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.CEASED and plan.cessation.stage == "ceased"
    # the review not yet held is dropped with its deadlines, as record_ceased does
    assert not plan.reviews.exists()
    assert not Deadline.objects.filter(child=child, completed_on__isnull=True).exists()
