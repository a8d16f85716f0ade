import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import ROLE_PERMISSIONS, ROLES, sync_roles

pytestmark = pytest.mark.django_db


def _perms(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_every_role_with_exactly_its_permissions():
    for role in ROLES:
        assert _perms(Group.objects.get(name=role)) == set(ROLE_PERMISSIONS[role])


def test_sync_roles_removes_permissions_added_by_hand():
    group = Group.objects.get(name="Caseworker")
    extra = Group.objects.get(name="Administrator").permissions.first()
    group.permissions.add(extra)
    sync_roles()
    assert _perms(group) == set(ROLE_PERMISSIONS["Caseworker"])


def test_an_unknown_permission_in_the_table_is_an_error(monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, "Caseworker", ["cases.fly_child"])
    with pytest.raises(LookupError, match="fly_child"):
        sync_roles()


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("caseworker", ["Caseload", "Alerts", "Children", "Schools and settings"]),
        (
            "team_manager",
            ["Caseload", "Alerts", "Children", "Schools and settings", "Dashboard", "Reports"],
        ),
        (
            "head_of_service",
            ["Caseload", "Alerts", "Children", "Schools and settings", "Dashboard", "Reports"],
        ),
        ("administrator", ["Schools and settings", "Letters", "Admin"]),
        ("data_protection_officer", ["Records"]),
    ],
)
def test_navigation_shows_what_the_role_allows(client, request, user_fixture, expected):
    from send_portal.context_processors import PRIMARY_NAVIGATION

    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("password_change"))  # any page in the portal layout
    shown = [item["label"] for item in response.context["primary_navigation"]]
    assert shown == expected
    body = response.content.decode()
    for label, _, _ in PRIMARY_NAVIGATION:
        assert (label in expected) == (f">{label}</a>" in body), label


def test_subject_access_and_retention_belong_to_the_data_protection_officer_alone(
    caseworker, team_manager, head_of_service, administrator, data_protection_officer, child
):
    """Issue 17: neither administration nor running the service carries data subject rights."""
    for perm in ("portal.export_subject_access", "portal.review_retention"):
        assert data_protection_officer.has_perm(perm)
        for user in (caseworker, team_manager, head_of_service, administrator):
            assert not user.has_perm(perm), (user, perm)
    # ...and the role opens no child's file by itself.
    assert not data_protection_officer.has_perm("cases.view_child_record", child)
    assert not data_protection_officer.has_perm("portal.view_children")


def test_an_administrator_holds_no_permission_that_reads_children(administrator):
    for perm in (
        "portal.submit_sen2",
        "portal.view_sen2_checks",
        "portal.produce_annex_a",
        "portal.view_children",
        "portal.view_caseload",
        "portal.view_reports",
        "portal.export_subject_access",
        "portal.review_retention",
    ):
        assert not administrator.has_perm(perm), perm
