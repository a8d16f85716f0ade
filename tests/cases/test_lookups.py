"""Another team's child: found only by a precise search, logged and limited, never by its id."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import ChildLookup
from cases.services import lookups

from ..factories import ChildFactory, ChildLookupFactory

pytestmark = pytest.mark.django_db


def search(client, text: str):
    return client.get(reverse("cases:children"), {"q": text})


def card(client, child):
    return client.get(reverse("cases:child", args=[child.pk]))


def test_walking_ids_finds_nothing(client, outsider, child):
    client.force_login(outsider)
    assert card(client, child).status_code == 404
    assert not child.views.exists()


@pytest.mark.parametrize(
    "how",
    ["upn", "names and date of birth", "lower case, date first"],
)
def test_a_precise_search_finds_the_holder_and_opens_the_card(client, outsider, child, how):
    text = {
        "upn": child.upn,
        "names and date of birth": f"Amelia Stone {child.date_of_birth:%d/%m/%Y}",
        "lower case, date first": f"{child.date_of_birth:%Y-%m-%d} amelia stone",
    }[how]
    client.force_login(outsider)
    page = search(client, text)
    body = page.content.decode()
    assert 'data-testid="held-elsewhere"' in body and child.get_absolute_url() in body
    assert ChildLookup.objects.filter(user=outsider, child=child).count() == 1
    answer = card(client, child)
    assert answer.status_code == 200 and "held by another team" in answer.content.decode()


@pytest.mark.parametrize("text", ["Stone", "Amelia Stone", "Am St", "{dob}", "Stone {dob}"])
def test_a_loose_search_shows_no_other_teams_child(client, outsider, child, text):
    client.force_login(outsider)
    body = search(client, text.format(dob=f"{child.date_of_birth:%d/%m/%Y}")).content.decode()
    assert "held-elsewhere" not in body and child.get_absolute_url() not in body
    assert not ChildLookup.objects.exists()
    assert card(client, child).status_code == 404


def test_the_card_closes_after_the_working_day(client, outsider, child):
    client.force_login(outsider)
    search(client, child.upn)
    ChildLookup.objects.update(looked_up_at=timezone.now() - lookups.CARD_OPEN_FOR - timedelta(1))
    assert card(client, child).status_code == 404


def test_lookups_are_limited_per_hour(client, outsider, team, child):
    others = [ChildFactory(team=team) for _ in range(3)]
    for n in range(lookups.LOOKUPS_PER_HOUR):
        ChildLookupFactory(user=outsider, child=others[n % 3])
    client.force_login(outsider)
    body = search(client, child.upn).content.decode()
    assert 'data-testid="lookups-refused"' in body and child.get_absolute_url() not in body
    assert not ChildLookup.objects.filter(child=child).exists()
    assert card(client, child).status_code == 404
    # An hour on, the limit has room again.
    ChildLookup.objects.update(looked_up_at=timezone.now() - timedelta(hours=1, minutes=1))
    assert child.get_absolute_url() in search(client, child.upn).content.decode()


def test_ones_own_teams_child_is_not_a_lookup(client, caseworker, child):
    client.force_login(caseworker)
    body = search(client, child.upn).content.decode()
    assert "held-elsewhere" not in body
    assert not ChildLookup.objects.exists()
