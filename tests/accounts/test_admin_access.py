"""Issue 17: in the admin site an administrator cannot widen their own access, nor make anyone
a superuser; every change of roles, teams or flags is audited and told to the other
administrators."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts import access_changes
from accounts.admin import UserAdmin
from accounts.models import AccessChange
from accounts.roles import ADMINISTRATOR, CASEWORKER, HEAD_OF_SERVICE, TEAM_MANAGER
from tests.factories import AccessChangeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def _form(user, **changes):
    """The change form as the admin page posts it, with the user's values, then `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "job_title": user.job_title,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in user.groups.all()],
        "teams": [t.pk for t in user.teams.all()],
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _roles(user):
    return set(user.groups.values_list("name", flat=True))


def _group(name):
    return Group.objects.get(name=name).pk


@pytest.fixture
def second_administrator(db):
    return UserFactory(
        username="sam", role=ADMINISTRATOR, is_staff=True, email="sam@council.invalid"
    )


def test_an_administrators_own_access_fields_are_read_only(client, administrator):
    client.force_login(administrator)
    form = client.get(_url(administrator)).context["adminform"].form
    for field in ("groups", "teams", "user_permissions", "is_superuser", "is_staff"):
        assert field not in form.fields, field
    assert "first_name" in form.fields


def test_an_administrator_cannot_give_themselves_a_role_or_a_team(client, administrator, team):
    client.force_login(administrator)
    response = client.post(
        _url(administrator),
        _form(
            administrator,
            groups=[_group(ADMINISTRATOR), _group(HEAD_OF_SERVICE)],
            teams=[team.pk],
            is_superuser="on",
            first_name="Alexandra",
        ),
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.first_name == "Alexandra"  # the rest of the form is saved
    assert _roles(administrator) == {ADMINISTRATOR}
    assert not administrator.teams.exists()
    assert not administrator.is_superuser
    assert not AccessChange.objects.exists()


def test_the_save_refuses_an_own_change_even_if_the_form_lets_it_through(
    client, administrator, monkeypatch
):
    """The read-only fields are the first line; the check on the stored change is the second."""
    monkeypatch.setattr(UserAdmin, "get_readonly_fields", lambda self, request, obj=None: ())
    client.force_login(administrator)
    response = client.post(
        _url(administrator),
        _form(administrator, groups=[_group(ADMINISTRATOR), _group(HEAD_OF_SERVICE)]),
    )
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert _roles(administrator) == {ADMINISTRATOR}
    assert not AccessChange.objects.exists()


def test_only_a_superuser_may_grant_superuser(client, administrator, caseworker, monkeypatch):
    client.force_login(administrator)
    form = client.get(_url(caseworker)).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert "groups" in form.fields
    client.post(_url(caseworker), _form(caseworker, is_superuser="on"))
    caseworker.refresh_from_db()
    assert not caseworker.is_superuser

    monkeypatch.setattr(UserAdmin, "get_readonly_fields", lambda self, request, obj=None: ())
    assert client.post(_url(caseworker), _form(caseworker, is_superuser="on")).status_code == 403
    caseworker.refresh_from_db()
    assert not caseworker.is_superuser


def test_a_superuser_may_grant_superuser_and_it_is_audited(client, admin_user, caseworker):
    client.force_login(admin_user)
    assert client.post(_url(caseworker), _form(caseworker, is_superuser="on")).status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.is_superuser
    change = AccessChange.objects.get()
    assert (change.user, change.by, change.what, change.before, change.after) == (
        caseworker,
        admin_user,
        "superuser",
        "no",
        "yes",
    )


def test_a_change_of_roles_and_teams_is_audited_and_emailed_to_the_other_administrators(
    client,
    administrator,
    second_administrator,
    caseworker,
    team,
    other_team,
    django_capture_on_commit_callbacks,
):
    UserFactory(username="gone", role=ADMINISTRATOR, is_active=False, email="gone@x.invalid")
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(caseworker),
            _form(
                caseworker,
                groups=[_group(CASEWORKER), _group(TEAM_MANAGER)],
                teams=[team.pk, other_team.pk],
            ),
        )
    assert response.status_code == 302
    changes = {c.what: c for c in AccessChange.objects.all()}
    assert set(changes) == {"roles", "teams"}
    assert (changes["roles"].before, changes["roles"].after) == (
        "Caseworker",
        "Caseworker, Team manager",
    )
    assert (changes["teams"].before, changes["teams"].after) == (
        "North team",
        "North team, South team",
    )
    assert {c.by for c in changes.values()} == {administrator}

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [second_administrator.email]  # not the one who made it, nor the inactive
    assert str(caseworker) in email.subject and str(administrator) in email.subject
    assert "Roles: Caseworker → Caseworker, Team manager" in email.body
    assert "Teams: North team → North team, South team" in email.body
    html = email.alternatives[0][0]
    assert "Team manager" in html


def test_a_save_without_an_access_change_records_and_sends_nothing(
    client, administrator, second_administrator, caseworker, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(caseworker), _form(caseworker, job_title="Senior caseworker"))
    caseworker.refresh_from_db()
    assert caseworker.job_title == "Senior caseworker"
    assert not AccessChange.objects.exists()
    assert mail.outbox == []


def test_the_audit_is_readable_by_administrators_and_cannot_be_edited(
    client, administrator, caseworker
):
    change = AccessChangeFactory(user=caseworker, what="roles", before="", after="x")
    client.force_login(administrator)
    listing = client.get(reverse("admin:accounts_accesschange_changelist"))
    assert listing.status_code == 200
    assert (
        client.post(reverse("admin:accounts_accesschange_delete", args=[change.pk])).status_code
        == 403
    )


def test_check_change_refuses_by_itself(administrator, caseworker):
    before = access_changes.access_of(caseworker)
    wider = access_changes.Access(
        roles=(*before.roles, HEAD_OF_SERVICE), teams=(), superuser=True, staff=False
    )
    mine = access_changes.access_of(administrator)
    with pytest.raises(access_changes.PermissionDenied):
        access_changes.check_change(
            by=administrator,
            user=administrator,
            before=mine,
            after=access_changes.Access(
                roles=(*mine.roles, HEAD_OF_SERVICE), teams=(), superuser=False, staff=True
            ),
        )
    with pytest.raises(access_changes.PermissionDenied):
        access_changes.check_change(by=administrator, user=caseworker, before=before, after=wider)


def test_a_password_set_for_someone_else_is_audited_and_told(
    client,
    administrator,
    second_administrator,
    head_of_service,
    django_capture_on_commit_callbacks,
):
    """With their two-factor devices removed, a password set is a way into someone's account."""
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[head_of_service.pk])
    new = "a long and unusual passphrase 42"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    head_of_service.refresh_from_db()
    assert head_of_service.check_password(new)
    change = AccessChange.objects.get()
    assert (change.user, change.by, change.what) == (head_of_service, administrator, "password")
    assert [m.to for m in mail.outbox] == [[second_administrator.email]]
    assert "Password set by an administrator" in mail.outbox[0].body
    assert new not in mail.outbox[0].body


def test_an_own_password_set_in_the_admin_site_is_not_an_access_change(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    new = "a long and unusual passphrase 42"
    assert client.post(url, {"password1": new, "password2": new}).status_code == 302
    assert not AccessChange.objects.exists()
