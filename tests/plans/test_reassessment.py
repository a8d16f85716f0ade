"""Issuing the EHC plan after a re-assessment (SI 2014/1530 reg 27): the plan's next version,
the re-assessment's 14 weeks completed, and the action offered on the plan page only then."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Deadline
from cases.models.assessment import Stage
from cases.services import assessment, reassessment
from plans.models import Plan, PlanVersion
from plans.services import editing
from plans.services.reassessment import issue_reassessed_plan
from plans.services.versions import freeze_version
from tests.factories import PlanFactory

from .content import complete_content

pytestmark = pytest.mark.django_db

RECEIVED = date(2024, 9, 2)  # decision due 17 September 2024
NOTIFIED = date(2024, 9, 16)  # plan due 23 December 2024
DRAFT_SENT = date(2024, 11, 1)  # comments until 15 November; issue from 16 November


@pytest.fixture(autouse=True)
def january_2025(time_machine):
    time_machine.move_to(datetime(2025, 1, 6, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def as_date(field: str, day: date) -> dict:
    return {f"{field}_0": day.day, f"{field}_1": day.month, f"{field}_2": day.year}


@pytest.fixture
def issued_plan(child, caseworker):
    """The child's EHC plan in force, issued 20 May 2024, as version 1. Made here rather than
    through lifecycle.issue_plan so that these tests do not depend on review scheduling."""
    plan = PlanFactory(
        child=child,
        kind=Plan.Kind.EHC_PLAN,
        status=Plan.Status.FINAL,
        origin=Plan.Origin.EXISTING,
        issued_on=date(2024, 5, 20),
        section_b="Autism; anxiety at transitions.",
    )
    complete_content(plan)
    freeze_version(
        plan=plan, by=caseworker, issued_on=plan.issued_on, reason=PlanVersion.Reason.ISSUED
    )
    return plan


@pytest.fixture
def reassessing(issued_plan, caseworker):
    request = reassessment.record_reassessment_request(
        child=issued_plan.child, by=caseworker, source="young_person", received_on=RECEIVED
    )
    return assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=NOTIFIED
    )


@pytest.fixture
def drafted(reassessing, caseworker):
    return assessment.record_draft_sent(request=reassessing, by=caseworker, sent_on=DRAFT_SENT)


def test_the_plan_opens_for_editing_once_the_council_decides_to_reassess(issued_plan, caseworker):
    assert not issued_plan.is_editable()
    request = reassessment.record_reassessment_request(
        child=issued_plan.child, by=caseworker, source="parent", received_on=RECEIVED
    )
    assert not issued_plan.is_editable()  # not before the decision
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=NOTIFIED
    )
    assert issued_plan.open_reassessment() == request
    assert issued_plan.is_editable()


def test_issuing_after_reassessment_is_the_plans_next_version(drafted, issued_plan, caseworker):
    editing.update_sections(
        plan=issued_plan, by=caseworker, section_b="Autism; anxiety; now dyslexia too."
    )
    version = issue_reassessed_plan(plan=issued_plan, by=caseworker, issued_on=date(2024, 12, 23))
    assert version.number == 2 and version.reason == PlanVersion.Reason.REASSESSED
    assert version.get_reason_display() == "Amended or replaced after re-assessment"
    assert "now dyslexia too" in str(version.content)
    drafted.refresh_from_db()
    assert drafted.final_issued_on == date(2024, 12, 23) and drafted.stage == Stage.ISSUED
    row = Deadline.objects.get(request=drafted, kind=Deadline.Kind.REASSESSED_PLAN)
    assert (row.due_on, row.completed_on) == (date(2024, 12, 23), date(2024, 12, 23))
    assert row.status(date(2025, 1, 6)) == "met"
    issued_plan.refresh_from_db()
    assert issued_plan.open_reassessment() is None and not issued_plan.is_editable()


def test_a_day_late_is_met_late(drafted, issued_plan, caseworker):
    issue_reassessed_plan(plan=issued_plan, by=caseworker, issued_on=date(2024, 12, 24))
    row = Deadline.objects.get(request=drafted, kind=Deadline.Kind.REASSESSED_PLAN)
    assert row.status(date(2025, 1, 6)) == "met_late"


def test_the_15_days_on_the_draft_are_kept(drafted, issued_plan, caseworker):
    with pytest.raises(ValidationError, match="from 16 November 2024"):
        issue_reassessed_plan(plan=issued_plan, by=caseworker, issued_on=date(2024, 11, 15))
    assert issued_plan.versions.count() == 1


def test_no_reassessment_no_issue(issued_plan, caseworker):
    with pytest.raises(ValidationError, match="re-assessment the council decided on"):
        issue_reassessed_plan(plan=issued_plan, by=caseworker, issued_on=date(2024, 12, 2))
    assert issued_plan.versions.count() == 1


def test_the_plan_page_offers_the_issue_only_during_a_reassessment(
    client, caseworker, issued_plan, reassessing
):
    client.force_login(caseworker)
    issue_url = reverse("plans:plan_reassessed_issue", args=[issued_plan.child_id, issued_plan.pk])
    page = client.get(issued_plan.get_absolute_url()).content.decode()
    assert issue_url in page and "A <a" in page and "re-assessment</a> is under way" in page
    assessment.record_draft_sent(request=reassessing, by=caseworker, sent_on=DRAFT_SENT)
    check = client.post(issue_url, as_date("issued_on", date(2024, 12, 2)))
    assert check.status_code == 200 and issued_plan.versions.count() == 1
    page = check.content.decode()
    # Issued 2 December 2024: the family may appeal until 2 February 2025; the 14 weeks from
    # the decision to re-assess (16 September 2024) end on 23 December 2024.
    assert "from 2 December 2024 until 2 February 2025" in page
    assert "The plan (14 weeks from the decision to re-assess) is issued in time" in page
    assert "kept as version 2" in page
    response = client.post(
        issue_url, {**as_date("issued_on", date(2024, 12, 2)), "confirmed": "yes"}
    )
    assert response.status_code == 302 and response.url == issued_plan.get_absolute_url()
    page = client.get(issued_plan.get_absolute_url()).content.decode()
    assert issue_url not in page
    assert "amended or replaced after re-assessment" in page


def test_the_issue_form_says_what_is_wrong(client, caseworker, issued_plan, reassessing):
    client.force_login(caseworker)
    issue_url = reverse("plans:plan_reassessed_issue", args=[issued_plan.child_id, issued_plan.pk])
    response = client.post(issue_url, as_date("issued_on", date(2024, 12, 2)))
    assert response.status_code == 200
    assert "Record when the draft EHC plan was sent first" in response.content.decode()
    assert issued_plan.versions.count() == 1


@pytest.mark.parametrize(("visitor", "expected"), [("outsider", 403), ("anonymous", 302)])
def test_another_team_cannot_issue(client, request, issued_plan, drafted, visitor, expected):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    issue_url = reverse("plans:plan_reassessed_issue", args=[issued_plan.child_id, issued_plan.pk])
    assert client.get(issue_url).status_code == expected
    response = client.post(issue_url, as_date("issued_on", date(2024, 12, 2)))
    assert response.status_code == expected
    assert issued_plan.versions.count() == 1
