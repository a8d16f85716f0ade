"""Placement mix, out-of-area, spend, unit cost and personal budget KPIs, worked by hand."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from plans.services import lifecycle
from reporting.kpis import Period, compute_all
from tests.factories import (
    ChildFactory,
    CostLineFactory,
    PersonalBudgetFactory,
    PlacementFactory,
    SettingFactory,
)
from tests.plans.ceasing import cease_through_the_steps

pytestmark = pytest.mark.django_db

FY_2024 = Period.financial_year(2024, snapshot=date(2025, 1, 16))


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def setting(name, kind, la="999"):
    return SettingFactory(name=name, setting_type=kind, la_code=la, in_area=la == "999", urn="")


@pytest.fixture
def placed(caseworker, team):
    mainstream = setting("Hill Primary", "mainstream_maintained")
    independent = setting("Oak Lodge", "independent_special", la="330")
    special = setting("Brook Special", "maintained_special")

    def child_with_plan():
        child = ChildFactory(team=team, lead_caseworker=caseworker)
        plan = lifecycle.record_existing_plan(
            child=child, by=caseworker, kind="ehc_plan", issued_on=date(2023, 5, 1)
        )
        return child, plan

    def place(child, plan, where, entry, rank=1, leaving=None, costs=()):
        placement = PlacementFactory(
            child=child, setting=where, plan=plan, entry_on=entry, rank=rank, leaving_on=leaving
        )
        for kind, source, amount in costs:
            CostLineFactory(
                placement=placement,
                financial_year=2024,
                kind=kind,
                funding_source=source,
                amount=Decimal(amount),
            )
        return placement

    a, a_plan = child_with_plan()
    place(a, a_plan, mainstream, date(2023, 9, 1), costs=[("top_up", "education", "10000")])
    PersonalBudgetFactory(
        plan=a_plan,
        kind="H",
        direct_payment=True,
        annual_amount=Decimal(1200),
        start_on=date(2024, 9, 1),
    )
    b, b_plan = child_with_plan()
    place(
        b,
        b_plan,
        independent,
        date(2024, 6, 3),
        costs=[("place_fee", "education", "60000"), ("transport", "education", "5000")],
    )
    c, c_plan = child_with_plan()
    place(
        c,
        c_plan,
        special,
        date(2022, 9, 1),
        costs=[("place_fee", "education", "30000"), ("therapies", "health", "3000")],
    )
    place(c, c_plan, mainstream, date(2022, 9, 1), rank=2)  # a dual placement: not counted
    # A child placed without a plan, and one whose plan ceased before the snapshot: not counted.
    place(ChildFactory(team=team), None, mainstream, date(2024, 9, 1))
    e, e_plan = child_with_plan()
    place(e, e_plan, independent, date(2022, 9, 1), leaving=date(2024, 12, 19))
    cease_through_the_steps(
        plan=e_plan,
        by=caseworker,
        reason="5",
        decided_on=date(2024, 10, 1),
        notice_on=date(2024, 10, 4),  # the appeal window closes 4 December
        ceases_on=date(2024, 12, 20),
    )


def test_where_children_with_plans_are_educated(placed):
    results = compute_all(FY_2024)
    assert (results["MIX"].numerator, results["MIX"].denominator) == (1, 3)
    assert results["MIX"].breakdown["special"] == {"count": 1, "percent": 33.3}
    assert results["INMSS"].value == 33.3
    ooa = results["OOA"]
    assert (ooa.numerator, ooa.denominator) == (1, 3)
    assert ooa.breakdown == {"new": 1, "returns": 1}  # Oak Lodge from June; e left in December


def test_spend_and_unit_cost_for_the_financial_year(placed):
    results = compute_all(FY_2024)
    spend = results["SPEND"]
    assert spend.value == Decimal(108000)
    assert spend.breakdown["by_category"]["independent"] == Decimal(65000)
    assert spend.breakdown["by_funding_source"] == {
        "education": Decimal(105000),
        "health": Decimal(3000),
    }
    unit = results["UNIT"]
    assert unit.value == Decimal(36000)  # £108,000 over 3 placements
    assert unit.breakdown == {
        "mainstream": Decimal(10000),
        "independent": Decimal(65000),
        "special": Decimal(33000),
    }
    assert compute_all(Period.financial_year(2025))["SPEND"].value == 0


def test_personal_budgets_on_the_snapshot(placed):
    assert compute_all(FY_2024)["PB"].value == 1
    assert compute_all(FY_2024)["PB"].breakdown["direct_payments"] == 1
    before = Period(date(2024, 4, 1), date(2025, 3, 31), snapshot=date(2024, 8, 31))
    assert compute_all(before)["PB"].value == 0
