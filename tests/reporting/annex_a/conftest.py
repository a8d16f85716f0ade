"""A small council for Annex A List 1: plans in force, and children who must not be listed."""

from datetime import date

import pytest

from cases.codes import CeaseReason, Ethnicity, Need, SenStatus, Sex
from placements.codes import Phase, Rank, SettingType
from plans.models import Cessation, Plan, PlanVersion
from tests.factories import (
    AnnualReviewFactory,
    CessationFactory,
    ChildFactory,
    PlacementFactory,
    PlanFactory,
    PlanVersionFactory,
    SettingFactory,
)

DAY = date(2025, 3, 3)
UPN_LISTED = "A999400100001"
UPN_HOME = "A999400100002"


@pytest.fixture
def school(db):
    return SettingFactory(
        name="Hill Primary",
        urn="100001",
        setting_type=SettingType.ACADEMY,
        phase=Phase.PRIMARY,
        la_code="999",
    )


@pytest.fixture
def unit(db):
    return SettingFactory(
        name="Brook Pupil Referral Unit",
        urn="100002",
        setting_type=SettingType.ALTERNATIVE_PROVISION,
        phase=Phase.SECONDARY,
        la_code="999",
    )


@pytest.fixture
def home(db):
    return SettingFactory(
        name="Educated at home", setting_type=SettingType.ELECTIVE_HOME, la_code="999", urn=""
    )


@pytest.fixture
def listed(team, school, unit):
    """Ava: an EHC plan issued 10/05/2022, reviewed 02/04/2024 and amended 20/05/2024; at Hill
    Primary with a dual place at the PRU."""
    child = ChildFactory(
        team=team,
        first_name="Ava",
        last_name="Listed",
        upn=UPN_LISTED,
        uln="1000000000",
        date_of_birth=date(2014, 6, 9),
        sex=Sex.FEMALE,
        ethnicity=Ethnicity.WBRI,
        primary_need=Need.SLCN,
        looked_after=True,
    )
    plan = PlanFactory(child=child, issued_on=date(2022, 5, 10))
    review = AnnualReviewFactory(
        plan=plan,
        due_on=date(2024, 5, 10),
        meeting_on=date(2024, 4, 2),
        decision="A",
        amended_issued_on=date(2024, 5, 20),
    )
    PlanVersionFactory(
        plan=plan, number=1, reason=PlanVersion.Reason.ISSUED, issued_on=plan.issued_on, content={}
    )
    PlanVersionFactory(
        plan=plan,
        number=2,
        reason=PlanVersion.Reason.AMENDED,
        issued_on=date(2024, 5, 20),
        review=review,
        content={},
    )
    PlacementFactory(child=child, setting=school, plan=plan, entry_on=date(2022, 9, 1))
    PlacementFactory(
        child=child, setting=unit, plan=plan, entry_on=date(2024, 1, 8), rank=Rank.DUAL
    )
    return child


@pytest.fixture
def home_educated(team, home):
    child = ChildFactory(
        team=team, first_name="Ben", last_name="Home", upn=UPN_HOME, sex=Sex.MALE, uln=""
    )
    plan = PlanFactory(child=child, issued_on=date(2023, 1, 16))
    PlacementFactory(child=child, setting=home, plan=plan, entry_on=date(2023, 2, 1))
    return child


@pytest.fixture
def not_listed(team):
    """Children who are not on List 1: no plan, a plan ceased, a draft, a statement, a plan
    issued after the day."""
    support = ChildFactory(team=team, last_name="Support", sen_status=SenStatus.SEN_SUPPORT)
    ceased = ChildFactory(team=team, last_name="Ceased")
    ceased_plan = PlanFactory(
        child=ceased,
        issued_on=date(2020, 3, 2),
        status=Plan.Status.CEASED,
        ceased_on=date(2024, 7, 31),
    )
    CessationFactory(plan=ceased_plan, stage=Cessation.Stage.CEASED, reason=CeaseReason.NEEDS_MET)
    draft = ChildFactory(team=team, last_name="Draft")
    PlanFactory(child=draft, status=Plan.Status.DRAFT, origin=Plan.Origin.ASSESSMENT)
    statement = ChildFactory(team=team, last_name="Statement")
    PlanFactory(child=statement, issued_on=date(2012, 1, 5), kind=Plan.Kind.STATEMENT)
    later = ChildFactory(team=team, last_name="Later")
    PlanFactory(child=later, issued_on=date(2025, 6, 1))
    return [support, ceased, draft, statement, later]


@pytest.fixture
def council(listed, home_educated, not_listed):
    return {"listed": listed, "home_educated": home_educated, "not_listed": not_listed}
