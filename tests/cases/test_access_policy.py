"""The access policy (cases.access), role by relation by action: one table, read as the law.

Relations: the user leads the child ("own case"), the child is in the user's team ("own team"),
in a team the user manages ("managed team"), or in another team ("other team"). Actions: see
the child (may_view, and the child in visible_children), change its record (may_change), see
a record of the child (its assessment request). Each cell is checked through the policy's
functions and through django-rules' has_perm, which must agree."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import (
    ADMINISTRATOR,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    HEAD_OF_SERVICE,
    TEAM_MANAGER,
)
from cases import access
from cases.models import AssessmentRequest
from tests.factories import ChildFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

OWN_CASE, OWN_TEAM, MANAGED_TEAM, OTHER_TEAM = "own case", "own team", "managed team", "other"
SEE, CHANGE = "see", "change"
Y, N = True, False

# role: {relation: (see, change)}
TABLE = {
    CASEWORKER: {OWN_CASE: (Y, Y), OWN_TEAM: (Y, Y), MANAGED_TEAM: (N, N), OTHER_TEAM: (N, N)},
    TEAM_MANAGER: {OWN_CASE: (Y, Y), OWN_TEAM: (Y, Y), MANAGED_TEAM: (Y, Y), OTHER_TEAM: (N, N)},
    HEAD_OF_SERVICE: {OWN_CASE: (Y, N), OWN_TEAM: (Y, N), MANAGED_TEAM: (Y, N), OTHER_TEAM: (Y, N)},
    ADMINISTRATOR: {OWN_CASE: (N, N), OWN_TEAM: (N, N), MANAGED_TEAM: (N, N), OTHER_TEAM: (N, N)},
    DATA_PROTECTION_OFFICER: {
        OWN_CASE: (N, N),
        OWN_TEAM: (N, N),
        MANAGED_TEAM: (N, N),
        OTHER_TEAM: (N, N),
    },
}
CELLS = [
    (role, relation, action)
    for role, row in TABLE.items()
    for relation in row
    for action in (SEE, CHANGE)
]


@pytest.fixture
def world():
    home, managed, other = (TeamFactory(name=n) for n in ("Home", "Managed", "Elsewhere"))
    users = {}
    for role in TABLE:
        teams = [home, managed] if role == TEAM_MANAGER else [home]
        if role in (ADMINISTRATOR, DATA_PROTECTION_OFFICER, HEAD_OF_SERVICE):
            teams = [home]  # even in a team, these roles are not caseworkers
        users[role] = UserFactory(username=role.split()[0].lower(), role=role, teams=teams)
    children = {
        OTHER_TEAM: ChildFactory(team=other),
        MANAGED_TEAM: ChildFactory(team=managed),
        OWN_TEAM: ChildFactory(team=home),
    }
    return users, children, home


def _child_for(world, role, relation):
    users, children, home = world
    user = users[role]
    if relation == OWN_CASE:
        return user, ChildFactory(team=home, lead_caseworker=user)
    if relation == MANAGED_TEAM and role != TEAM_MANAGER:
        # Only a team manager manages a second team; for others it is just another team.
        return user, children[MANAGED_TEAM]
    return user, children[relation]


@pytest.mark.parametrize(("role", "relation", "action"), CELLS)
def test_each_role_relation_and_action(world, role, relation, action):
    user, child = _child_for(world, role, relation)
    see, change = TABLE[role][relation]
    expected = see if action == SEE else change
    record = AssessmentRequest.objects.create(child=child, received_on=date(2026, 1, 5))
    if action == SEE:
        assert access.may_view(user, child) is expected
        assert access.may_view(user, record) is expected  # a child's record goes with the child
        assert access.visible_children(user).filter(pk=child.pk).exists() is expected
        assert user.has_perm("cases.view_child_record", child) is expected
    else:
        assert access.may_change(user, child) is expected
        assert access.may_change(user, record) is expected
        assert user.has_perm("cases.change_child_record", child) is expected


def test_a_child_without_a_team_is_seen_only_by_the_head_of_service(world):
    users, _, _ = world
    orphan = ChildFactory(team=None)
    seen = {role for role, user in users.items() if access.may_view(user, orphan)}
    assert seen == {HEAD_OF_SERVICE}
    assert not any(access.may_change(user, orphan) for user in users.values())


def test_nobody_signed_in_sees_nothing(world):
    _, children, _ = world
    anonymous = AnonymousUser()
    assert not access.may_view(anonymous, children[OWN_TEAM])
    assert not access.may_change(anonymous, children[OWN_TEAM])
    assert not access.visible_children(anonymous).exists()


def test_filters_over_related_records_match_the_children(world):
    users, children, _ = world
    for child in children.values():
        AssessmentRequest.objects.create(child=child, received_on=date(2026, 1, 5))
    for user in users.values():
        via_requests = set(
            AssessmentRequest.objects.filter(
                access.visible_filter(user, via="child__")
            ).values_list("child_id", flat=True)
        )
        visible = set(access.visible_children(user).values_list("pk", flat=True))
        assert via_requests == visible & {c.pk for c in children.values()}
