"""Pages run the same number of queries however much there is to show."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import Setting
from tests.factories import (
    ChildFactory,
    CostLineFactory,
    PersonalBudgetFactory,
    PlacementFactory,
    PlanFactory,
    SettingFactory,
)

pytestmark = pytest.mark.django_db


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def _history(child, how_many: int):
    """how_many placements (one current, the rest before it), each with a cost line and a
    budget per plan, so that every table on the pages grows."""
    plan = PlanFactory(child=child)
    start = date(2000, 9, 1)
    for n in range(how_many):
        setting = SettingFactory()
        entry = start + timedelta(days=200 * n)
        last = n == how_many - 1
        placement = PlacementFactory(
            child=child,
            setting=setting,
            plan=plan,
            entry_on=entry,
            leaving_on=None if last else entry + timedelta(days=150),
            named_in_section_i=last,
        )
        CostLineFactory(
            placement=placement,
            financial_year=2000 + n % 20,
            kind="top_up" if n % 2 else "transport",
            funding_source=["education", "health", "social_care"][n % 3],
            amount=Decimal("100.50"),
        )
        PersonalBudgetFactory(plan=plan, kind="E", annual_amount=Decimal("10"), start_on=entry)
    return placement


@pytest.mark.parametrize(
    "page", ["placements", "costs", "placement", "child", "setting", "costs_year"]
)
def test_child_pages_do_not_grow_with_the_history(client, caseworker, team, page):
    counts = []
    for how_many in (2, 20):
        child = ChildFactory(team=team, lead_caseworker=caseworker)
        last = _history(child, how_many)
        if page == "placement":
            # The current placement with 2 or 20 cost lines.
            for n in range(how_many - 1):
                CostLineFactory(
                    placement=last,
                    financial_year=2020 + n % 5,
                    kind="other",
                    funding_source="education",
                    amount=Decimal("1"),
                )
            url = reverse("placements:placement", args=[child.pk, last.pk])
        elif page == "child":
            url = reverse("cases:child", args=[child.pk])
        elif page == "setting":
            # 2 or 20 children placed at one setting now.
            setting = SettingFactory()
            for _ in range(how_many):
                PlacementFactory(child=ChildFactory(team=team), setting=setting, rank=2)
            url = reverse("placements:setting", args=[setting.pk])
        elif page == "costs_year":
            url = reverse("placements:costs", args=[child.pk]) + "?year=2001"
        else:
            url = reverse(f"placements:{page}", args=[child.pk])
        client.force_login(caseworker)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], f"{page}: {counts}"


def test_the_directory_does_not_grow_with_the_settings(client, caseworker):
    counts = []
    for how_many in (5, 50):
        while Setting.objects.count() < how_many:
            SettingFactory()
        client.force_login(caseworker)
        counts.append(_queries(client, reverse("placements:settings")))
        counts.append(_queries(client, reverse("placements:settings"), q="School", type=""))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
