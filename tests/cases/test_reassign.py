"""Changing who holds cases: the service (one and many, bounded queries) and the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from accounts.roles import CASEWORKER, TEAM_MANAGER
from cases.models import CaseAllocation, CaseEvent, Child
from cases.services import children as services
from tests.factories import CaseAllocationFactory, ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(team):
    return UserFactory(
        username="cara", role=CASEWORKER, teams=[team], first_name="Cara", last_name="Lee"
    )


@pytest.fixture
def registered(caseworker, team):
    """A child registered through the service, so it has an open allocation."""
    return services.register_child(
        by=caseworker,
        first_name="Ivy",
        last_name="Marsh",
        date_of_birth="2014-05-01",
        team=team,
        lead_caseworker=caseworker,
    )


# --- the service --------------------------------------------------------------------------------


def test_reassign_one_closes_and_opens_an_allocation(registered, team, colleague, team_manager):
    moved = services.reassign_cases(
        children=[registered],
        team=team,
        lead_caseworker=colleague,
        by=team_manager,
        reason="Casey is on leave",
    )
    assert moved == 1
    registered.refresh_from_db()
    assert registered.lead_caseworker == colleague
    old, new = CaseAllocation.objects.filter(child=registered).order_by("pk")
    assert old.ended_at is not None
    assert (new.lead_caseworker, new.ended_at, new.changed_by) == (colleague, None, team_manager)
    assert new.reason == "Casey is on leave"
    latest = registered.history.first()
    assert (latest.history_type, latest.history_user) == ("~", team_manager)
    assert latest.lead_caseworker_id == colleague.pk
    assert latest.history_change_reason == "Reassigned: Casey is on leave"
    event = CaseEvent.objects.get(child=registered, title="Case reassigned")
    assert "Cara Lee" in event.detail


def test_reassign_refuses_a_lead_outside_the_team(registered, other_team, caseworker):
    with pytest.raises(ValidationError):
        services.reassign_cases(
            children=[registered],
            team=other_team,
            lead_caseworker=caseworker,
            by=caseworker,
            reason="x",
        )
    registered.refresh_from_db()
    assert registered.team.name == "North team"
    assert CaseAllocation.objects.filter(child=registered).count() == 1


def test_reassign_needs_a_reason(registered, team, colleague, caseworker):
    with pytest.raises(ValidationError):
        services.reassign_cases(
            children=[registered], team=team, lead_caseworker=colleague, by=caseworker, reason=" "
        )


def test_reassign_leaves_cases_already_held_there(registered, team, caseworker):
    before = registered.history.count()
    moved = services.reassign_cases(
        children=[registered], team=team, lead_caseworker=caseworker, by=caseworker, reason="x"
    )
    assert moved == 0
    assert registered.history.count() == before
    assert CaseAllocation.objects.filter(child=registered).count() == 1


def test_reassign_to_no_lead_caseworker(registered, other_team, team_manager):
    team_manager.teams.add(other_team)
    assert services.reassign_cases(
        children=[registered],
        team=other_team,
        lead_caseworker=None,
        by=team_manager,
        reason="Moved area",
    )
    registered.refresh_from_db()
    assert (registered.team, registered.lead_caseworker) == (other_team, None)


def test_reassign_500_children_with_bounded_queries(
    team, caseworker, colleague, team_manager, django_assert_max_num_queries
):
    children = ChildFactory.create_batch(500, team=team, lead_caseworker=caseworker)
    # Built by the factory, inserted in one statement: 500 single inserts would only be slow.
    CaseAllocation.objects.bulk_create(
        CaseAllocationFactory.build(child=child, started_at="2024-01-01T09:00Z")
        for child in children
    )
    history_before = Child.history.count()
    # No query per child. SQLite caps a statement at 999 parameters, so Django splits each bulk
    # insert into batches there (about 40 history rows per INSERT); PostgreSQL needs one each.
    with django_assert_max_num_queries(30 if connection.vendor == "sqlite" else 12):
        moved = services.reassign_cases(
            children=Child.objects.filter(team=team),
            team=team,
            lead_caseworker=colleague,
            by=team_manager,
            reason="Caseload rebalanced",
        )
    assert moved == 500
    assert Child.objects.filter(lead_caseworker=colleague).count() == 500
    assert CaseAllocation.objects.filter(ended_at__isnull=True, lead_caseworker=colleague).count()
    assert CaseAllocation.objects.filter(ended_at__isnull=True).count() == 500
    assert Child.history.count() == history_before + 500
    assert not Child.history.filter(history_type="~").exclude(history_user=team_manager).exists()
    assert CaseEvent.objects.filter(title="Case reassigned").count() == 500


# --- the pages ----------------------------------------------------------------------------------


def choose(client, children, **data):
    return client.post(
        reverse("cases:reassign"), {"child": [c.pk for c in children], "choose": "1", **data}
    )


def test_change_link_shows_the_child_and_the_form(client, caseworker, registered):
    client.force_login(caseworker)
    response = client.get(reverse("cases:reassign"), {"child": registered.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ivy Marsh" in body
    assert 'name="reason"' in body


def test_caseload_post_starts_the_flow(client, team_manager, team):
    children = ChildFactory.create_batch(3, team=team)
    client.force_login(team_manager)
    response = client.post(reverse("cases:reassign"), {"child": [c.pk for c in children]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 children chosen" in body
    assert "govuk-error-summary" not in body


def test_choose_confirm_and_apply(client, caseworker, registered, colleague, team):
    client.force_login(caseworker)
    data = {"team": team.pk, "lead_caseworker": colleague.pk, "reason": "Leave cover"}
    confirm_page = choose(client, [registered], **data)
    body = confirm_page.content.decode()
    assert "Check and confirm" in body
    assert "Cara Lee" in body
    # The confirmation re-posts the choice in hidden inputs.
    assert f'name="team" value="{team.pk}"' in body
    assert f'name="lead_caseworker" value="{colleague.pk}"' in body
    assert 'name="reason" value="Leave cover"' in body
    assert f'name="child" value="{registered.pk}"' in body
    registered.refresh_from_db()
    assert registered.lead_caseworker == caseworker  # nothing moves before confirming

    done = client.post(
        reverse("cases:reassign"), {"child": [registered.pk], "confirm": "1", **data}, follow=True
    )
    assert done.redirect_chain[-1][0] == registered.get_absolute_url()
    assert "1 case moved to North team (Cara Lee)" in done.content.decode()
    registered.refresh_from_db()
    assert registered.lead_caseworker == colleague


def test_many_children_moved_with_a_count(client, team_manager, team, other_team, colleague):
    team_manager.teams.add(other_team)
    south_lead = UserFactory(role=CASEWORKER, teams=[other_team])
    children = ChildFactory.create_batch(4, team=team, lead_caseworker=colleague)
    client.force_login(team_manager)
    response = client.post(
        reverse("cases:reassign"),
        {
            "child": [c.pk for c in children],
            "confirm": "1",
            "team": other_team.pk,
            "lead_caseworker": south_lead.pk,
            "reason": "Family moved",
        },
        follow=True,
    )
    assert "4 cases moved to South team" in response.content.decode()
    assert Child.objects.filter(team=other_team, lead_caseworker=south_lead).count() == 4


def test_missing_reason_and_outside_lead_are_errors(client, caseworker, registered, team):
    outsider_lead = UserFactory(role=CASEWORKER, first_name="Out", last_name="Side")
    client.force_login(caseworker)
    response = choose(client, [registered], team=team.pk, lead_caseworker=outsider_lead.pk)
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the reason for the change" in body
    assert "Select a valid choice" in body  # not among the team's caseworkers


def test_lead_must_be_in_the_chosen_team(client, team_manager, team, other_team, registered):
    team_manager.teams.add(other_team)
    north_only = UserFactory(role=CASEWORKER, teams=[team], first_name="Nora", last_name="Th")
    client.force_login(team_manager)
    response = choose(
        client, [registered], team=other_team.pk, lead_caseworker=north_only.pk, reason="x"
    )
    assert "Nora Th is not a member of South team" in response.content.decode()


def test_caseworker_cannot_move_a_case_to_another_team(client, team, other_team):
    both = UserFactory(role=CASEWORKER, teams=[team, other_team])
    child = ChildFactory(team=team, lead_caseworker=both)
    client.force_login(both)
    page = client.get(reverse("cases:reassign"), {"child": child.pk})
    assert list(page.context["form"].fields["team"].queryset) == [team]
    response = choose(client, [child], team=other_team.pk, reason="x")
    assert "govuk-error-summary" in response.content.decode()
    child.refresh_from_db()
    assert child.team == team


def test_caseworker_form_explains_why_another_team_is_refused(team, other_team):
    from cases.forms.child import ReassignForm

    both = UserFactory(role=CASEWORKER, teams=[team, other_team])
    north, south = ChildFactory(team=team), ChildFactory(team=other_team)
    form = ReassignForm({"team": team.pk, "reason": "x"}, user=both, children=[north, south])
    assert not form.is_valid()
    assert form.errors["team"][0].startswith("Only a team manager can move a case")


def test_team_manager_moves_between_their_teams(client, team, other_team):
    manager = UserFactory(role=TEAM_MANAGER, teams=[team, other_team])
    child = ChildFactory(team=team)
    client.force_login(manager)
    client.post(
        reverse("cases:reassign"),
        {"child": [child.pk], "confirm": "1", "team": other_team.pk, "reason": "Moved"},
    )
    child.refresh_from_db()
    assert child.team == other_team


def test_children_the_user_may_not_edit_are_left_out(client, caseworker, registered, other_team):
    theirs = ChildFactory(team=other_team, first_name="Secret", last_name="Person")
    client.force_login(caseworker)
    response = client.post(reverse("cases:reassign"), {"child": [registered.pk, theirs.pk]})
    body = response.content.decode()
    assert "1 of the children chosen is not held by your teams" in body
    assert "Secret" not in body
    assert "1 child chosen" in body

    client.post(
        reverse("cases:reassign"),
        {
            "child": [registered.pk, theirs.pk],
            "confirm": "1",
            "team": registered.team_id,
            "reason": "x",
        },
    )
    theirs.refresh_from_db()
    assert theirs.team == other_team


def test_no_child_chosen_explains_what_to_do(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:reassign"))
    assert response.status_code == 200
    assert "No child chosen" in response.content.decode()


def test_change_from_confirmation_goes_back_to_the_form(client, caseworker, registered, team):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:reassign"),
        {"child": [registered.pk], "change": "1", "team": team.pk, "reason": "Leave cover"},
    )
    body = response.content.decode()
    assert 'value="Leave cover"' in body
    assert "Check and confirm" not in body


OK, DENY, SIGN_IN = 200, 403, 302
EXPECTED = {"caseworker": OK, "outsider": DENY, "team_manager": OK}
EXPECTED |= {"head_of_service": DENY, "administrator": DENY, "anonymous": SIGN_IN}


@pytest.mark.parametrize("visitor", list(EXPECTED))
def test_permissions_on_reassign(client, request, child, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    url = reverse("cases:reassign")
    assert client.get(url, {"child": child.pk}).status_code == EXPECTED[visitor]
    posted = client.post(
        url,
        {"child": [child.pk], "confirm": "1", "team": child.team_id, "reason": "x"},
    )
    assert posted.status_code == (302 if EXPECTED[visitor] == OK else EXPECTED[visitor])
    child.refresh_from_db()
    moved = CaseEvent.objects.filter(child=child, title="Case reassigned").exists()
    assert moved == (EXPECTED[visitor] == OK)


def test_reassign_page_queries_do_not_grow_with_the_children(
    client, team_manager, team, colleague, django_assert_max_num_queries
):
    children = ChildFactory.create_batch(200, team=team)
    client.force_login(team_manager)
    data = {"child": [c.pk for c in children], "team": team.pk, "reason": "Rebalanced"}
    data["lead_caseworker"] = colleague.pk
    with django_assert_max_num_queries(25):
        page = client.post(reverse("cases:reassign"), {**data, "choose": "1"})
    assert "200 children chosen" in page.content.decode()
    with django_assert_max_num_queries(40):
        done = client.post(reverse("cases:reassign"), {**data, "confirm": "1"})
    assert done.status_code == 302
    assert CaseEvent.objects.filter(title="Case reassigned").count() == 200


def test_open_deadlines_follow_the_case_and_met_ones_stay(registered, team, colleague, caseworker):
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Deadline
    from cases.services import assessment

    registered.refresh_from_db()
    received = timezone.localdate() - timedelta(days=60)
    request = assessment.record_request(
        child=registered, by=caseworker, regime="ehcp", source="parent", received_on=received
    )
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=received + timedelta(days=30)
    )
    services.reassign_cases(
        children=[registered],
        team=team,
        lead_caseworker=colleague,
        by=caseworker,
        reason="Caseload balancing",
    )
    owners = dict(Deadline.objects.filter(child=registered).values_list("kind", "owner"))
    assert owners == {
        "decision_to_assess": caseworker.pk,  # met before the move: it stays with who met it
        "notice_not_to_issue": colleague.pk,
        "final_plan": colleague.pk,
    }
