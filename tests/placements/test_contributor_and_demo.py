"""What an issued plan freezes as sections I and J, and the demo data."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from placements.codes import KPI_CATEGORY
from placements.contributor import plan_sections_i_and_j
from placements.demo import seed_placements, seed_settings
from placements.models import CostLine, Placement, Setting
from plans.content import SNAPSHOT_CONTRIBUTORS, snapshot
from tests.factories import ChildFactory, PersonalBudgetFactory, PlacementFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_the_contributor_is_registered():
    assert plan_sections_i_and_j in SNAPSHOT_CONTRIBUTORS


def test_sections_i_and_j(child, plan, school, special):
    PlacementFactory(
        child=child,
        setting=school,
        plan=plan,
        named_in_section_i=True,
        entry_on=date(2020, 9, 1),
        leaving_on=date(2023, 7, 1),
    )  # left: not named any more
    PlacementFactory(
        child=child, setting=special, plan=plan, named_in_section_i=True, entry_on=date(2023, 9, 4)
    )
    # A second placement: not named.
    PlacementFactory(child=child, setting=school, plan=plan, rank=2, entry_on=date(2023, 9, 4))
    today = timezone.localdate()
    PersonalBudgetFactory(
        plan=plan,
        kind="H",
        direct_payment=True,
        annual_amount=Decimal("3000"),
        start_on=today - timedelta(days=30),
    )
    PersonalBudgetFactory(
        plan=plan,
        kind="E",
        annual_amount=Decimal("500"),
        start_on=date(2020, 1, 1),
        end_on=date(2021, 1, 1),
    )  # ended
    assert plan_sections_i_and_j(plan) == {
        "named_settings": [
            {
                "name": "Oakfield Special School",
                "urn": "100002",
                "type_label": "Maintained special school",
                "from": "2023-09-04",
            }
        ],
        "personal_budgets": [{"kind_label": "Health", "amount": "3000.00", "direct_payment": True}],
    }
    data = snapshot(plan)
    assert data["named_settings"][0]["name"] == "Oakfield Special School"
    assert data["personal_budgets"][0]["amount"] == "3000.00"


def test_seed_settings_is_a_plausible_directory_and_idempotent(settings):
    settings.LA_CODE = "999"
    first = seed_settings(rng=random.Random(1))
    assert 55 <= len(first) <= 70
    assert len(seed_settings(rng=random.Random(2))) == len(first)
    assert Setting.objects.count() == len(first)
    urns = [s.urn for s in first if s.urn]
    assert all(len(u) == 6 and u.isdigit() and int(u) >= 100000 for u in urns)
    categories = {KPI_CATEGORY[s.setting_type] for s in first}
    assert categories == {"mainstream", "resourced", "special", "independent", "post16", "other"}
    for setting in first:
        assert setting.in_area == (setting.la_code == "999")
    independents = [s for s in first if s.setting_type == "independent_special"]
    assert independents and all(not s.in_area for s in independents)
    assert all(45_000 <= s.annual_fee <= 95_000 for s in independents)


def test_seed_placements(team, caseworker):
    today = timezone.localdate()
    rng = random.Random(7)
    plans = []
    for n in range(60):
        child = ChildFactory(
            team=team, date_of_birth=today - timedelta(days=365 * (4 + n % 17) + 40)
        )
        ceased = n % 10 == 0
        plans.append(
            PlanFactory(
                child=child,
                status="ceased" if ceased else "final",
                issued_on=today - timedelta(days=300 + 20 * n),
                ceased_on=today - timedelta(days=60) if ceased else None,
            )
        )
    plans.append(PlanFactory(child=ChildFactory(team=team), status="draft"))  # not placed
    created = seed_placements(rng=rng, today=today, by=caseworker, plans=plans)
    assert created == Placement.objects.count() >= 60
    assert Placement.objects.filter(plan=plans[-1]).count() == 0
    for plan in plans[:-1]:
        placements = list(Placement.objects.filter(child=plan.child))
        for placement in placements:
            placement.full_clean()  # every rule the services apply holds
        current = [p for p in placements if p.plan_id == plan.pk]
        assert len(current) == 1
        if plan.status == "ceased":
            assert current[0].leaving_on == plan.ceased_on
    assert CostLine.objects.count() > 60
    for line in CostLine.objects.select_related("placement"):
        line.full_clean()
    assert Placement.objects.filter(named_in_section_i=True).exists()
    # Run again: nothing more.
    assert seed_placements(rng=rng, today=today, by=caseworker, plans=plans) == 0
    assert Placement.objects.count() == created
