import re

import pytest
from django.urls import reverse

from cases.models import Child
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
CHILD_LINK = re.compile(r'href="/children/[a-z2-7]{26}/"')


@pytest.fixture
def children(team):
    return [
        ChildFactory(team=team, first_name="Amelia", last_name="Stone", upn="B801200005001"),
        ChildFactory(team=team, first_name="Zain", last_name="Stoner"),
        ChildFactory(team=team, first_name="Oliver", last_name="Ahmed", date_of_birth="2014-03-27"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stone", {"Amelia", "Zain"}),
        ("amelia stone", {"Amelia"}),
        ("b801200005001", {"Amelia"}),
        ("27/03/2014", {"Oliver"}),
        ("2014-03-27", {"Oliver"}),
        ("Nobody", set()),
    ],
)
def test_search_by_name_upn_or_date_of_birth(children, text, expected):
    assert {c.first_name for c in Child.objects.search(text)} == expected


def test_header_search_lists_matches_and_keeps_the_query(client, caseworker, children):
    client.force_login(caseworker)
    response = client.get(reverse("cases:children"), {"q": "stone"})
    body = response.content.decode()
    assert "2 children found" in body
    assert 'value="stone"' in body


def test_caseload_pages_in_fifties_with_a_bounded_number_of_queries(
    client, caseworker, team, django_assert_max_num_queries
):
    ChildFactory.create_batch(120, team=team, lead_caseworker=caseworker)
    client.force_login(caseworker)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("cases:caseload"))
    assert len(CHILD_LINK.findall(first.content.decode())) == 50
    last = client.get(reverse("cases:caseload"), {"page": 3})
    assert len(CHILD_LINK.findall(last.content.decode())) == 20


def test_empty_caseload_says_so(client, caseworker):
    client.force_login(caseworker)
    body = client.get(reverse("cases:caseload")).content.decode()
    assert "You are not the lead caseworker for any child yet" in body
