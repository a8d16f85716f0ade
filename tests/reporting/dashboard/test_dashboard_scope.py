"""A team manager's dashboard names only their own teams and their own teams' staff: another
team's caseworker, by id in the query string or as the lead on one of the manager's children,
is neither named nor counted apart."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from reporting.dashboard.selectors import OTHER_TEAMS, OTHER_TEAMS_NAME, Scope, breakdown
from reporting.kpis.base import Period
from tests.factories import UserFactory
from tests.reporting.test_kpis import issued_after

pytestmark = pytest.mark.django_db

BEHIND = reverse("dashboard:behind", args=["N"])


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def stranger(other_team):
    return UserFactory(first_name="Quentin", last_name="Faraway", teams=[other_team])


@pytest.fixture
def plans(caseworker, team, other_team, stranger):
    """Two plans in the manager's team (one led from the other team), one in the other team."""
    return {
        "ours": issued_after(140, by=caseworker, team=team, received=date(2024, 1, 8)),
        "led_from_afar": issued_after(140, by=stranger, team=team, received=date(2024, 1, 8)),
        "theirs": issued_after(120, by=stranger, team=other_team, received=date(2024, 3, 4)),
    }


def behind(client, **query):
    return client.get(BEHIND, {"year": 2024, **query})


def test_another_teams_caseworker_by_id_is_refused(client, team_manager, stranger, plans):
    client.force_login(team_manager)
    response = behind(client, caseworker=stranger.pk)
    assert response.status_code == 404
    assert "Faraway" not in response.content.decode()
    # ... the same answer as an id nobody has.
    assert behind(client, caseworker=999_999).status_code == 404


def test_another_team_by_id_is_refused(client, team_manager, other_team, plans):
    client.force_login(team_manager)
    response = behind(client, team=other_team.pk)
    assert response.status_code == 404
    assert escape(str(other_team)) not in response.content.decode()


def test_the_managers_own_staff_and_team_still_filter(
    client, team_manager, caseworker, team, plans
):
    client.force_login(team_manager)
    mine = behind(client, caseworker=caseworker.pk)
    assert mine.status_code == 200 and mine.context["page"].paginator.count == 1
    assert escape(str(caseworker)) in mine.content.decode()
    assert behind(client, team=team.pk).context["page"].paginator.count == 2


def test_the_breakdown_names_no_other_teams_staff(client, team_manager, stranger, team, plans):
    client.force_login(team_manager)
    page = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    assert "Faraway" not in page
    assert f"caseworker={stranger.pk}" not in page
    assert OTHER_TEAMS_NAME in page
    rows = {
        row["key"]: row
        for row in breakdown(
            Period.calendar_year(2024), Scope(frozenset([team.pk])), by="caseworker"
        )
    }
    assert stranger.pk not in rows
    assert rows[OTHER_TEAMS]["figures"]["N"]["rows"] == 1  # the one child led from afar


def test_the_other_teams_row_opens_its_children(client, team_manager, plans):
    client.force_login(team_manager)
    response = behind(client, caseworker=OTHER_TEAMS)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert OTHER_TEAMS_NAME in response.content.decode()


def test_the_head_of_service_sees_everyone_by_name(client, head_of_service, stranger, plans):
    client.force_login(head_of_service)
    response = behind(client, caseworker=stranger.pk)
    assert response.status_code == 200 and response.context["page"].paginator.count == 2
    assert "Faraway" in client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    assert behind(client, caseworker=OTHER_TEAMS).status_code == 404
