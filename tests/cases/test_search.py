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
        ChildFactory(
            team=team,
            first_name="Maya",
            last_name="Patel",
            date_of_birth="2018-07-17",
            nhs_number="9434765919",
            uln="1000000034",
        ),
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
        # Issue 19: what people type, as the site shows it (dates "17 Jul 2018").
        ("17 Jul 2018", {"Maya"}),
        ("17 July 2018", {"Maya"}),
        ("17 jul 2018", {"Maya"}),
        ("17/7/2018", {"Maya"}),
        ("17 7 2018", {"Maya"}),
        ("Maya 17 July 2018", {"Maya"}),
        ("Maya 27 March 2014", set()),
        ("oliver 27 Mar 2014", {"Oliver"}),
        ("9434765919", {"Maya"}),  # NHS number
        ("943 476 5919", {"Maya"}),  # as printed on NHS letters
        ("1000000034", {"Maya"}),  # ULN
        ("31 February 2018", set()),  # no such day: a name search, which finds nobody
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


@pytest.mark.parametrize(
    "text", ["Amelia Stone 17 Jul 2018", "amelia stone 17/07/2018", "Amelia Stone 17 July 2018"]
)
def test_the_precise_search_for_another_teams_child_reads_dates_as_shown(text):
    from datetime import date

    from cases.services.lookups import precise_search

    search = precise_search(text)
    assert search is not None
    # Names are matched whatever their case (find_likely_duplicates uses iexact).
    assert (search.first_name.lower(), search.last_name.lower(), search.date_of_birth) == (
        "amelia",
        "stone",
        date(2018, 7, 17),
    )
