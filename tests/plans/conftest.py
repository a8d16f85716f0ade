"""A plan as the services make it: from a request for assessment to an issued EHC plan."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.services import assessment
from plans.services import editing, lifecycle

RECEIVED = date(2024, 1, 8)  # 20 weeks end on 27 May 2024
DRAFT_SENT = date(2024, 4, 22)
ISSUED = date(2024, 5, 20)


@pytest.fixture
def july_2024(time_machine):
    time_machine.move_to(datetime(2024, 7, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def drafting_request(child, caseworker):
    # Year 7 in 2023, Year 12 in 2028: no phase transfer near the reviews these tests hold.
    child.date_of_birth = date(2012, 1, 1)
    child.save()
    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=date(2024, 2, 12)
    )
    assessment.record_issue_decision(
        request=request, by=caseworker, decision="yes", decided_on=date(2024, 4, 1)
    )
    return assessment.record_draft_sent(request=request, by=caseworker, sent_on=DRAFT_SENT)


@pytest.fixture
def drafted_plan(drafting_request, caseworker):
    plan = lifecycle.start_plan_from_request(request=drafting_request, by=caseworker)
    editing.update_sections(
        plan=plan,
        by=caseworker,
        section_b="Autism; anxiety at transitions.",
        section_i="A mainstream secondary school.",
        section_k="Advice from the educational psychologist and the school.",
    )
    outcome = editing.add_outcome(
        plan=plan, by=caseworker, area="education", description="Reads aloud to the class"
    )
    editing.add_provision(
        plan=plan,
        by=caseworker,
        description="Speech and language therapy",
        provider="NHS SALT service",
        frequency="Weekly, 30 minutes",
        funded_by="health",
        outcome=outcome,
    )
    return plan


@pytest.fixture
def issued_plan(drafted_plan, caseworker):
    lifecycle.issue_plan(plan=drafted_plan, by=caseworker, issued_on=ISSUED)
    drafted_plan.refresh_from_db()
    return drafted_plan
