"""Walk every placements URL as each kind of visitor, and check the answer.

The URLs come from placements.urls itself, so a page added later is walked too: a new pattern
whose arguments this test cannot fill, or whose name it does not know, fails it on purpose.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.models import CostLine, PersonalBudget
from placements.urls import urlpatterns
from tests.factories import CostLineFactory, PersonalBudgetFactory

pytestmark = pytest.mark.django_db

CHILD_READ_ONLY = {"placements", "placement", "costs"}
CHILD_CHANGES = {
    *("placement_new", "placement_edit", "placement_end", "placement_delete"),
    *("cost_new", "cost_edit", "cost_delete", "budget_new", "budget_edit", "budget_delete"),
}
DIRECTORY_READ = {"settings", "setting"}
DIRECTORY_CHANGES = {"setting_new", "setting_edit", "settings_import", "settings_template"}
VISITORS = [
    "caseworker",
    "team_manager",
    "outsider",
    "head_of_service",
    "administrator",
    "anonymous",
]


@pytest.fixture
def urls(child, placement, plan):
    line = CostLineFactory(
        placement=placement,
        financial_year=2024,
        kind="top_up",
        funding_source="education",
        amount=Decimal("1000"),
    )
    budget = PersonalBudgetFactory(
        plan=plan, kind="E", annual_amount=Decimal("500"), start_on=date(2024, 4, 1)
    )
    args = {
        "pk": child.pk,
        "placement_pk": placement.pk,
        "cost_pk": line.pk,
        "budget_pk": budget.pk,
        "setting_pk": placement.setting_id,
    }
    found = {}
    for pattern in urlpatterns:
        names = list(pattern.pattern.converters)
        assert set(names) <= set(args), f"teach this test the arguments of {pattern.name}"
        assert pattern.name in CHILD_READ_ONLY | CHILD_CHANGES | DIRECTORY_READ | (
            DIRECTORY_CHANGES
        ), f"teach this test who may open {pattern.name}"
        found[pattern.name] = reverse(
            f"placements:{pattern.name}", kwargs={n: args[n] for n in names}
        )
    return found


def expected_status(visitor: str, name: str) -> int:
    if visitor == "anonymous":
        return 302
    if name in DIRECTORY_READ:
        return 200
    if name in DIRECTORY_CHANGES:
        return 200 if visitor in ("team_manager", "head_of_service", "administrator") else 403
    if visitor in ("caseworker", "team_manager"):
        return 200
    if visitor == "head_of_service" and name in CHILD_READ_ONLY:
        return 200
    return 403


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_placements_url_answers_as_the_role_allows(client, request, urls, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    for name, url in urls.items():
        status = client.get(url).status_code
        expected = expected_status(visitor, name)
        assert status == expected, f"{visitor} on {name} ({url}): {status}, not {expected}"


@pytest.mark.parametrize("visitor", ["outsider", "head_of_service", "caseworker", "administrator"])
def test_no_one_may_post_where_they_may_not_change(client, request, urls, visitor):
    client.force_login(request.getfixturevalue(visitor))
    for name, url in urls.items():
        if name in CHILD_READ_ONLY | DIRECTORY_READ or name == "settings_template":
            allowed = (405,)  # pages that only show something never take a POST
        elif expected_status(visitor, name) == 200:
            continue
        else:
            allowed = (403,)
        status = client.post(url, {}).status_code
        assert status in allowed, f"{visitor} POST {name}: {status}"
    # Nothing was removed on the way.
    assert CostLine.objects.count() == 1
    assert PersonalBudget.objects.count() == 1


def test_anonymous_posts_go_to_sign_in(client, urls):
    for name, url in urls.items():
        response = client.post(url, {})
        assert response.status_code in (302, 405), name
