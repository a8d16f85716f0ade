"""Two people with the same rights on the same record, each in their own browser."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.roles import CASEWORKER
from cases.services import assessment, children
from plans.services import editing, lifecycle
from reporting.reference import services as reference
from tests.accounts.otp_helpers import VerifyingClient
from tests.factories import (
    CostLineFactory,
    PersonalBudgetFactory,
    PlacementFactory,
    SettingFactory,
    UserFactory,
)

RECEIVED = date(2024, 1, 8)


@pytest.fixture
def colleague(team):
    """A second caseworker in the same team: may edit the same cases."""
    return UserFactory(
        username="robin", first_name="Robin", last_name="Ash", role=CASEWORKER, teams=[team]
    )


def signed_in(user) -> VerifyingClient:
    """A browser of one's own, signed in (with two-factor sign-in done for those who need it),
    as the shared `client` fixture is."""
    browser = VerifyingClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def contact(child, caseworker):
    return children.add_contact(
        child=child, by=caseworker, name="Grace Stone", relationship="parent"
    )


@pytest.fixture
def assessing_request(child, caseworker):
    child.date_of_birth = date(2012, 1, 1)
    child.save()
    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )
    return assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=date(2024, 2, 12)
    )


@pytest.fixture
def new_request(child, caseworker):
    child.date_of_birth = date(2012, 1, 1)
    child.save()
    return assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=RECEIVED
    )


@pytest.fixture
def advice(assessing_request, caseworker):
    return assessment.request_advice(
        request=assessing_request, by=caseworker, body="ep", requested_on=date(2024, 2, 13)
    )


@pytest.fixture
def consultation(assessing_request, caseworker):
    return assessment.record_consultation(
        request=assessing_request,
        by=caseworker,
        setting_name="Riverside Primary School",
        setting_urn="100001",
        sent_on=date(2024, 3, 1),
    )


@pytest.fixture
def draft_plan(assessing_request, caseworker):
    assessment.record_issue_decision(
        request=assessing_request, by=caseworker, decision="yes", decided_on=date(2024, 4, 1)
    )
    assessment.record_draft_sent(
        request=assessing_request, by=caseworker, sent_on=date(2024, 4, 22)
    )
    plan = lifecycle.start_plan_from_request(request=assessing_request, by=caseworker)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def outcome(draft_plan, caseworker):
    return editing.add_outcome(
        plan=draft_plan, by=caseworker, area="education", description="Reads aloud to the class"
    )


@pytest.fixture
def provision(draft_plan, caseworker):
    return editing.add_provision(
        plan=draft_plan,
        by=caseworker,
        description="Speech and language therapy",
        provider="NHS SALT service",
        frequency="Weekly, 30 minutes",
        funded_by="health",
    )


@pytest.fixture
def school(db):
    return SettingFactory(
        name="Riverside Primary School",
        urn="100001",
        setting_type="mainstream_maintained",
        la_code="999",
        in_area=True,
    )


@pytest.fixture
def placement(child, school, draft_plan):
    return PlacementFactory(
        child=child, setting=school, plan=draft_plan, entry_on=date(2024, 9, 2), rank=1
    )


@pytest.fixture
def cost_line(placement):
    return CostLineFactory(
        placement=placement,
        financial_year=2024,
        kind="top_up",
        funding_source="education",
        amount=Decimal("12000.00"),
    )


@pytest.fixture
def budget(draft_plan):
    return PersonalBudgetFactory(
        plan=draft_plan, kind="E", annual_amount=Decimal("3000"), start_on=date(2024, 9, 1)
    )


@pytest.fixture
def target(administrator):
    return reference.save_target(
        by=administrator,
        fields={"kpi": "T20", "year": 2025, "value": Decimal("60"), "tolerance": Decimal("5")},
    )
