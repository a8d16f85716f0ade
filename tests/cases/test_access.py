"""Walk every URL as each kind of visitor and check the answer (need to know)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

pytestmark = pytest.mark.django_db

ALLOW, DENY, SIGN_IN, REDIRECT = 200, 403, 302, 302


def _urls(child):
    return {
        "home": reverse("home"),
        "caseload": reverse("cases:caseload"),
        "caseload_team": reverse("cases:caseload") + "?scope=team",
        "children": reverse("cases:children"),
        "child": reverse("cases:child", args=[child.pk]),
        "dashboard": reverse("dashboard"),
        "password": reverse("password_change"),
        "reports": reverse("reports"),
        "need_csv": reverse("need_csv"),
    }


EXPECTED = {
    # visitor: home, caseload, caseload_team, children, child, dashboard, password, reports, csv
    "caseworker": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, DENY, ALLOW, DENY, DENY),
    # Another team's child is not found by its id: the card needs a precise search (below).
    "outsider": (ALLOW, ALLOW, ALLOW, ALLOW, 404, DENY, ALLOW, DENY, DENY),
    "team_manager": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "head_of_service": (REDIRECT, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "administrator": (REDIRECT, DENY, DENY, DENY, DENY, DENY, ALLOW, DENY, DENY),
    "anonymous": (SIGN_IN,) * 9,
}


@pytest.mark.parametrize("visitor", list(EXPECTED))
def test_every_url_answers_each_visitor_as_their_role_allows(client, request, child, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    urls = _urls(child)
    answers = tuple(client.get(url).status_code for url in urls.values())
    assert dict(zip(urls, answers, strict=True)) == dict(zip(urls, EXPECTED[visitor], strict=True))


def test_anonymous_redirects_go_to_sign_in_with_next(client, child):
    url = reverse("cases:child", args=[child.pk])
    response = client.get(url)
    assert response.url == f"{reverse('login')}?next={url}"


def test_another_teams_child_shows_only_who_holds_it(client, outsider, child):
    child.nhs_number = "9434765919"
    child.save()
    client.force_login(outsider)
    client.get(reverse("cases:children"), {"q": child.upn})  # found by its whole UPN
    response = client.get(reverse("cases:child", args=[child.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "held by another team" in body
    assert escape(child.full_name) in body and escape(child.lead_caseworker) in body
    assert escape(child.team.name) in body
    for secret in (child.upn, child.nhs_number, child.get_primary_need_display()):
        assert secret not in body
    assert child.views.filter(user=outsider).count() == 1


def test_forbidden_page_explains_itself_in_the_portal_layout(client, administrator, child):
    client.force_login(administrator)
    response = client.get(reverse("cases:child", args=[child.pk]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot see this page" in body
    assert escape(child.last_name) not in body


def test_outsider_search_never_lists_another_teams_child(client, outsider, child):
    client.force_login(outsider)
    response = client.get(reverse("cases:children"), {"q": child.last_name})
    assert child.get_absolute_url() not in response.content.decode()
    assert "No child you can see matches" in response.content.decode()
