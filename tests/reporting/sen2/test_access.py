"""Who reads the SEN2 checks and who produces the file; what the check page says about rules."""

import pytest
from django.urls import reverse

from cases.codes import Need
from reporting.sen2 import rules
from tests.factories import AssessmentRequestFactory, ChildFactory

pytestmark = pytest.mark.django_db
DAY = {"date": "2024-01-18"}
BAD_UPN = "X123456789875"  # fails its check letter (rule SP01)
REFUSAL = b"Only a head of service can produce the SEN2 return"


@pytest.fixture
def two_teams(council, other_team):
    """A child with an error in each team: the council's (North) and South."""
    north = council["new"]
    north.upn = BAD_UPN
    north.save()
    south = ChildFactory(team=other_team, first_name="Sam", last_name="South", upn=BAD_UPN)
    AssessmentRequestFactory(child=south, received_on=council["request"].received_on)
    return north, south


def test_a_team_manager_reads_only_their_own_teams_checks(client, team_manager, two_teams):
    north, south = two_teams
    client.force_login(team_manager)
    page = client.get(reverse("sen2:check"), DAY)
    assert page.status_code == 200
    assert {p.child_id for p in page.context["errors"]} == {north.pk}
    # The duplicate UPN is found across the council, but shown only for their own child.
    assert {p.rule for p in page.context["errors"]} == {"SP01", "SP15"}
    assert page.context["counts"] == {"persons": 5, "requests": 3, "plans": 3}
    assert north.get_absolute_url().encode() in page.content
    assert south.get_absolute_url().encode() not in page.content
    assert b"South" not in page.content
    assert REFUSAL in page.content
    assert b"Download the SEN2 file" not in page.content
    assert reverse("sen2:download").encode() not in page.content


def test_a_team_manager_may_not_download_and_is_told_who_can(client, team_manager, council):
    client.force_login(team_manager)
    for params in (DAY, {**DAY, "anyway": "1"}):
        response = client.get(reverse("sen2:download"), params)
        assert response.status_code == 403
        assert REFUSAL in response.content
        assert "Content-Disposition" not in response


def test_a_head_of_service_reads_every_teams_checks(client, head_of_service, two_teams):
    north, south = two_teams
    client.force_login(head_of_service)
    page = client.get(reverse("sen2:check"), DAY)
    assert {p.child_id for p in page.context["errors"]} == {north.pk, south.pk}
    assert page.context["counts"]["persons"] == 6
    assert REFUSAL not in page.content
    assert b"Download the SEN2 file" in page.content


def test_the_page_says_how_many_rules_are_checked_and_lists_them(client, head_of_service, council):
    client.force_login(head_of_service)
    page = client.get(reverse("sen2:check"), DAY)
    coverage = rules.coverage()
    assert 0 < coverage["implemented"] < coverage["listed"] == len(rules.RULES)
    text = page.content.decode()
    assert (
        f"{coverage['implemented']} of the {coverage['listed']} rules in our register are "
        "checked here"
    ) in text
    assert "the rule ids shown (SP…) are ours, not DfE's" in text
    for rule in rules.RULES:
        assert f'<td class="govuk-table__cell">{rule.id}</td>' in text
    assert text.count("Not yet") == coverage["listed"] - coverage["implemented"]


def test_each_problem_is_listed_with_its_rule(client, head_of_service, council):
    child = council["new"]
    child.primary_need = Need.DS
    child.save()
    client.force_login(head_of_service)
    page = client.get(reverse("sen2:check"), DAY)
    text = page.content.decode()
    assert '<td class="govuk-table__cell" data-rule="SP27">SP27</td>' in text
    assert "Need type DS (Down syndrome) is not in the SEN2 2024 code list" in text
    assert page.context["schema_valid"] is False
    refused = client.get(reverse("sen2:download"), {**DAY, "anyway": "1"})
    assert refused.status_code == 302


def test_a_dfe_number_is_shown_where_one_is_confirmed(monkeypatch):
    numbered = rules.Rule("SP99", "Example", dfe="1510")
    assert numbered.label == "DfE 1510"
    assert rules.Rule("SP98", "Ours").label == "SP98"
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, numbered))
    assert rules.coverage()["dfe_numbered"] == 1
    assert rules.coverage()["dfe_implemented"] == 1


def test_an_unsupported_year_is_an_error_on_the_page(client, head_of_service, council):
    client.force_login(head_of_service)
    page = client.get(reverse("sen2:check"), {"date": "2027-01-21"})
    assert "SEN2 2027 is not supported" in page.context["date_error"]
    assert page.context["schema_valid"] is False
    refused = client.get(reverse("sen2:download"), {"date": "2027-01-21"})
    assert refused.status_code == 302


def test_an_administrator_reads_no_checks_and_downloads_nothing(client, administrator, two_teams):
    """Issue 17: the checks name every child; an administrator manages accounts only."""
    client.force_login(administrator)
    checks = client.get(reverse("sen2:check"), DAY)
    assert checks.status_code == 403
    assert b"Only a team manager or a head of service can read the SEN2 checks" in checks.content
    assert b"Ava" not in checks.content and b"South" not in checks.content
    for name in ("sen2:download", "sen2:import"):
        response = client.get(reverse(name), {**DAY, "anyway": "1"})
        assert response.status_code == 403, name
        assert REFUSAL in response.content
        assert "Content-Disposition" not in response
