"""Registering and editing a child: validation, the duplicate warning, audit, permissions."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import CASEWORKER, TEAM_MANAGER
from cases import identifiers as ids
from cases.codes import Ethnicity, Need, SenStatus, Sex
from cases.forms.child import ChildForm, RegisterChildForm
from cases.models import CaseAllocation, CaseEvent, Child
from cases.services import children as services
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = "2025-06-15 12:00 +0000"


def form_data(team=None, lead=None, **overrides) -> dict:
    """A complete, valid registration as the browser posts it."""
    data = {
        "first_name": "Noah",
        "last_name": "Fielding",
        "preferred_name": "",
        "date_of_birth_0": "10",
        "date_of_birth_1": "10",
        "date_of_birth_2": "2015",
        "sex": Sex.MALE,
        "ethnicity": Ethnicity.WBRI,
        "upn": "B801200005001",
        "uln": "",
        "nhs_number": "943 476 5919",
        "postcode": "sw1a1aa",
        "home_la": "999",
        "sen_status": SenStatus.SEN_SUPPORT,
        "primary_need": Need.SLCN,
        "secondary_need": "",
        "team": team.pk if team else "",
        "lead_caseworker": lead.pk if lead else "",
    }
    data.update(overrides)
    return data


def register_form(user, **overrides) -> RegisterChildForm:
    team = user.teams.first()
    return RegisterChildForm(form_data(team=team, lead=user, **overrides), user=user)


def errors_for(user, field: str, **overrides) -> list[str]:
    form = register_form(user, **overrides)
    assert not form.is_valid()
    return form.errors[field]


# --- identifiers: each failed check says which --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("B80120000500", ids.UPN_WRONG_LENGTH),
        ("I801200005001", ids.UPN_BAD_FIRST),
        ("B8012000050X1", ids.UPN_BAD_MIDDLE),
        ("B80120000500I", ids.UPN_BAD_LAST),
        ("A801200005001", ids.UPN_CHECK_MISMATCH),
    ],
)
def test_upn_errors_name_the_failed_check(caseworker, value, message):
    assert errors_for(caseworker, "upn", upn=value) == [message]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10000000A3", ids.ULN_NOT_DIGITS),
        ("100000004", ids.ULN_WRONG_LENGTH),
        ("1000000060", ids.ULN_NO_CHECK_DIGIT),
        ("1000000044", ids.ULN_CHECK_MISMATCH),
    ],
)
def test_uln_errors_name_the_failed_check(caseworker, value, message):
    assert errors_for(caseworker, "uln", uln=value) == [message]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("943-476-5919", ids.NHS_NOT_DIGITS),
        ("943 476 591", ids.NHS_WRONG_LENGTH),
        ("100 000 0010", ids.NHS_NO_CHECK_DIGIT),
        ("943 476 5918", ids.NHS_CHECK_MISMATCH),
    ],
)
def test_nhs_number_errors_name_the_failed_check(caseworker, value, message):
    assert errors_for(caseworker, "nhs_number", nhs_number=value) == [message]


def test_identifiers_are_normalised_as_stored(caseworker):
    form = register_form(
        caseworker, upn=" b801200005001 ", nhs_number="943 476 5919", uln="1000000043"
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["upn"] == "B801200005001"
    assert form.cleaned_data["nhs_number"] == "9434765919"
    assert form.cleaned_data["uln"] == "1000000043"


def test_identifiers_are_optional(caseworker):
    form = register_form(caseworker, upn="", uln="", nhs_number="", postcode="", home_la="")
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("sw1a1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE"), (" b33  8th ", "B33 8TH"), ("", "")],
)
def test_postcode_is_uppercased_and_spaced(caseworker, typed, stored):
    form = register_form(caseworker, postcode=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postcode"] == stored


@pytest.mark.parametrize("typed", ["SW1A", "12345", "SW1A 1AAA", "QA1 1AA"])
def test_postcode_must_be_a_uk_postcode(caseworker, typed):
    assert errors_for(caseworker, "postcode", postcode=typed) == [
        "Enter a full UK postcode, like SW1A 1AA"
    ]


def test_home_la_is_three_digits(caseworker):
    assert errors_for(caseworker, "home_la", home_la="99") == [
        "A local authority code must be 3 digits"
    ]


# --- date of birth ------------------------------------------------------------------------------


def dob(day, month, year) -> dict:
    return {"date_of_birth_0": str(day), "date_of_birth_1": str(month), "date_of_birth_2": year}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (dob(16, 6, "2025"), "Date of birth must be today or in the past"),
        (dob(14, 6, "1999"), "The service supports children and young people aged 0 to 25"),
        (dob(31, 2, "2015"), "Date of birth must be a real date"),
        (dob(1, 13, "2015"), "Date of birth must be a real date"),
        (dob(1, 1, "15"), "Year must include 4 numbers"),
        (dob("", "", ""), "Enter the date of birth"),
    ],
)
def test_date_of_birth_rules(caseworker, parts, message):
    assert message in errors_for(caseworker, "date_of_birth", **parts)


@time_machine.travel(TODAY, tick=False)
def test_date_of_birth_names_the_missing_part(caseworker):
    form = register_form(caseworker, **dob(10, "", "2015"))
    assert not form.is_valid()
    assert "Date of birth must include a month" in form.errors["date_of_birth"]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("parts", [dob(15, 6, "2025"), dob(15, 6, "2000"), dob(16, 6, "1999")])
def test_date_of_birth_boundaries_accepted(caseworker, parts):
    """Born today (age 0) and up to the day before the 26th birthday (age 25) are fine."""
    form = register_form(caseworker, **parts)
    assert form.is_valid(), form.errors


# --- other rules --------------------------------------------------------------------------------


def test_secondary_need_must_differ_from_primary(caseworker):
    assert errors_for(caseworker, "secondary_need", secondary_need=Need.SLCN) == [
        "Secondary need must be different from primary need"
    ]


def test_secondary_need_needs_a_primary_need(caseworker):
    assert errors_for(caseworker, "secondary_need", primary_need="", secondary_need=Need.ASD)


def test_team_choices_are_the_users_teams_only(caseworker, team, other_team):
    form = RegisterChildForm(user=caseworker)
    assert list(form.fields["team"].queryset) == [team]
    assert caseworker in form.fields["lead_caseworker"].queryset


def test_team_of_another_team_is_refused(caseworker, other_team):
    form = RegisterChildForm(form_data(team=other_team), user=caseworker)
    assert not form.is_valid()
    assert "team" in form.errors


def test_lead_caseworker_must_be_in_the_team(team, other_team):
    manager = UserFactory(role=TEAM_MANAGER, teams=[team, other_team])
    north_only = UserFactory(role=CASEWORKER, teams=[team])
    form = RegisterChildForm(form_data(team=other_team, lead=north_only), user=manager)
    assert not form.is_valid()
    assert form.errors["lead_caseworker"] == [
        f"{north_only} is not a member of South team: choose someone in that team"
    ]
    form = RegisterChildForm(form_data(team=team, lead=north_only), user=manager)
    assert form.is_valid(), form.errors


def test_head_of_service_may_choose_any_team(head_of_service, team, other_team):
    form = RegisterChildForm(user=head_of_service)
    assert set(form.fields["team"].queryset) == {team, other_team}


# --- registering --------------------------------------------------------------------------------


def test_register_creates_the_child_with_allocation_event_and_history(client, caseworker, team):
    client.force_login(caseworker)
    response = client.post(reverse("cases:child_new"), form_data(team=team, lead=caseworker))
    child = Child.objects.get(last_name="Fielding")
    assert response.status_code == 302
    assert response.url == child.get_absolute_url()
    assert (child.upn, child.nhs_number, child.postcode) == (
        "B801200005001",
        "9434765919",
        "SW1A 1AA",
    )
    assert child.date_of_birth == date(2015, 10, 10)
    allocation = CaseAllocation.objects.get(child=child)
    assert (allocation.team, allocation.lead_caseworker, allocation.ended_at) == (
        team,
        caseworker,
        None,
    )
    assert allocation.changed_by == caseworker
    assert CaseEvent.objects.filter(child=child, title="Registered with the SEN service").exists()
    history = child.history.get()
    assert (history.history_user, history.history_type) == (caseworker, "+")
    assert history.history_change_reason == "Registered"


def test_register_page_renders_every_field_group(client, caseworker):
    client.force_login(caseworker)
    body = client.get(reverse("cases:child_new")).content.decode()
    for legend in ["Name", "About them", "Identifiers", "Circumstances", "Who holds the case"]:
        assert legend in body
    assert 'name="date_of_birth_2"' in body
    assert "govuk-date-input" in body


def test_invalid_register_keeps_what_was_typed_and_writes_nothing(client, caseworker, team):
    client.force_login(caseworker)
    before = (Child.objects.count(), CaseEvent.objects.count(), Child.history.count())
    response = client.post(
        reverse("cases:child_new"),
        form_data(team=team, upn="A801200005001", first_name="Zebedee"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert ids.UPN_CHECK_MISMATCH in body
    assert 'value="Zebedee"' in body
    assert 'value="A801200005001"' in body
    assert "<title>Error:" in body
    assert (Child.objects.count(), CaseEvent.objects.count(), Child.history.count()) == before


def test_service_writes_nothing_when_a_step_fails(caseworker, team, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("chronology unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.register_child(
            by=caseworker,
            first_name="Half",
            last_name="Saved",
            date_of_birth=date(2015, 1, 1),
            team=team,
            lead_caseworker=caseworker,
        )
    assert not Child.objects.filter(last_name="Saved").exists()
    assert not CaseAllocation.objects.exists()
    assert not Child.history.filter(last_name="Saved").exists()


def test_service_refuses_a_lead_outside_the_team(caseworker, other_team):
    with pytest.raises(ValidationError):
        services.register_child(
            by=caseworker,
            first_name="A",
            last_name="B",
            date_of_birth=date(2015, 1, 1),
            team=other_team,
            lead_caseworker=caseworker,
        )
    assert not Child.objects.exists()


def test_service_refuses_unknown_fields(caseworker):
    with pytest.raises(TypeError):
        services.register_child(by=caseworker, first_name="A", favourite_colour="blue")


# --- duplicates ---------------------------------------------------------------------------------


def test_find_likely_duplicates_by_upn_or_name_and_birth_date(team, other_team):
    by_upn = ChildFactory(upn="B801200005001", team=other_team)
    by_name = ChildFactory(
        first_name="NOAH", last_name="fielding", date_of_birth=date(2015, 10, 10), upn=""
    )
    ChildFactory(first_name="Noah", last_name="Fielding", date_of_birth=date(2015, 10, 11))
    found = services.find_likely_duplicates(
        upn="B801200005001",
        first_name="Noah",
        last_name="Fielding",
        date_of_birth=date(2015, 10, 10),
    )
    assert set(found) == {by_upn, by_name}
    no_upn = services.find_likely_duplicates(
        upn="", first_name="Noah", last_name="Fielding", date_of_birth=date(2015, 10, 10)
    )
    assert list(no_upn) == [by_name]


def test_duplicate_warning_then_confirmation(client, caseworker, team, other_team):
    elsewhere_lead = UserFactory(
        role=CASEWORKER, teams=[other_team], first_name="Sam", last_name="Other"
    )
    existing = ChildFactory(
        first_name="Noah",
        last_name="Fielding",
        date_of_birth=date(2015, 10, 10),
        upn="",
        team=other_team,
        lead_caseworker=elsewhere_lead,
        postcode="ZZ9 9ZZ",
        nhs_number="9990000018",
    )
    client.force_login(caseworker)
    data = form_data(team=team, lead=caseworker, upn="")

    warned = client.post(reverse("cases:child_new"), data)
    body = warned.content.decode()
    assert warned.status_code == 200
    assert "This is a different child: register anyway" in body
    assert "South team" in body
    assert "Sam Other" in body
    assert "10 October 2015" in body
    # Need to know: nothing more about the other child, and no way into their record.
    assert "ZZ9 9ZZ" not in body
    assert "9990000018" not in body
    assert existing.get_absolute_url() not in body
    assert Child.objects.count() == 1
    # What was typed travels in hidden inputs.
    assert 'name="nhs_number" value="943 476 5919"' in body
    assert f'name="seen_duplicates" value="{existing.pk}"' in body

    confirmed = client.post(
        reverse("cases:child_new"),
        {**data, "confirm_different": "1", "seen_duplicates": str(existing.pk)},
    )
    assert confirmed.status_code == 302
    assert Child.objects.filter(last_name="Fielding").count() == 2


def test_duplicate_warning_by_upn(client, caseworker, team):
    ChildFactory(upn="B801200005001", team=team)
    client.force_login(caseworker)
    response = client.post(reverse("cases:child_new"), form_data(team=team))
    assert "This is a different child: register anyway" in response.content.decode()
    assert Child.objects.count() == 1


def test_a_duplicate_not_seen_before_confirming_warns_again(client, caseworker, team):
    first = ChildFactory(upn="B801200005001", team=team)
    ChildFactory(first_name="Noah", last_name="Fielding", date_of_birth=date(2015, 10, 10))
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:child_new"),
        {**form_data(team=team), "confirm_different": "1", "seen_duplicates": str(first.pk)},
    )
    assert "This is a different child: register anyway" in response.content.decode()
    assert Child.objects.count() == 2


def test_going_back_from_the_warning_keeps_the_details(client, caseworker, team):
    ChildFactory(upn="B801200005001", team=team)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:child_new"),
        {**form_data(team=team, first_name="Keziah"), "change_details": "1"},
    )
    body = response.content.decode()
    assert "Register a child or young person" in body
    assert 'value="Keziah"' in body
    assert Child.objects.count() == 1


def test_confirmation_still_validates(client, caseworker, team):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:child_new"),
        {**form_data(team=team, upn="A801200005001"), "confirm_different": "1"},
    )
    assert response.status_code == 200
    assert ids.UPN_CHECK_MISMATCH in response.content.decode()
    assert not Child.objects.exists()


# --- editing ------------------------------------------------------------------------------------


def edit_data(child, **overrides) -> dict:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "preferred_name": child.preferred_name,
        **dob(child.date_of_birth.day, child.date_of_birth.month, str(child.date_of_birth.year)),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "upn": child.upn,
        "uln": child.uln,
        "nhs_number": child.nhs_number,
        "postcode": child.postcode,
        "home_la": child.home_la,
        "sen_status": child.sen_status,
        "primary_need": child.primary_need,
        "secondary_need": child.secondary_need,
        "version": child.version,  # the hidden field the edit form carries (core.locking)
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not False}


def test_edit_shows_the_current_details(client, caseworker, child):
    client.force_login(caseworker)
    response = client.get(reverse("cases:child_edit", args=[child.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{child.upn}"' in body
    assert f'value="{child.date_of_birth.year}"' in body
    assert 'data-testid="identity-bar"' in body
    assert "reassign the case" in body


def test_edit_saves_changes_with_history_and_chronology(client, caseworker, child):
    client.force_login(caseworker)
    before = child.history.count()
    response = client.post(
        reverse("cases:child_edit", args=[child.pk]),
        edit_data(child, preferred_name="Mia", postcode="m11ae", looked_after="on"),
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.preferred_name, child.postcode, child.looked_after) == ("Mia", "M1 1AE", True)
    assert child.history.count() == before + 1
    latest = child.history.first()
    assert latest.history_user == caseworker
    assert "preferred name" in latest.history_change_reason
    event = CaseEvent.objects.get(child=child, title="Details updated")
    assert "postcode" in event.detail
    assert "Mia" not in event.detail


def test_edit_with_no_change_writes_nothing(client, caseworker, child):
    client.force_login(caseworker)
    before = child.history.count()
    client.post(reverse("cases:child_edit", args=[child.pk]), edit_data(child))
    assert child.history.count() == before
    assert not CaseEvent.objects.filter(child=child).exists()


def test_invalid_edit_changes_nothing(client, caseworker, child):
    client.force_login(caseworker)
    before = child.history.count()
    response = client.post(
        reverse("cases:child_edit", args=[child.pk]),
        edit_data(child, first_name="Changed", nhs_number="123"),
    )
    assert response.status_code == 200
    assert ids.NHS_WRONG_LENGTH in response.content.decode()
    child.refresh_from_db()
    assert child.first_name == "Amelia"
    assert child.history.count() == before


def test_update_service_does_not_change_the_case_holder(caseworker, child, other_team):
    with pytest.raises(TypeError):
        services.update_child(child=child, by=caseworker, team=other_team)


def test_edit_form_has_no_team_fields(caseworker):
    assert "team" not in ChildForm(user=caseworker).fields


# --- who may do what ----------------------------------------------------------------------------

OK, DENY, SIGN_IN = 200, 403, 302
EXPECTED = {
    # visitor: (child_new, child_edit)
    "caseworker": (OK, OK),
    "outsider": (OK, DENY),
    "team_manager": (OK, OK),
    "head_of_service": (DENY, DENY),
    "administrator": (DENY, DENY),
    "anonymous": (SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize("visitor", list(EXPECTED))
def test_permissions_on_register_and_edit(client, request, child, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    urls = [reverse("cases:child_new"), reverse("cases:child_edit", args=[child.pk])]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[visitor]


@pytest.mark.parametrize("visitor", ["outsider", "head_of_service", "anonymous"])
def test_refused_visitors_cannot_post_an_edit(client, request, child, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    response = client.post(
        reverse("cases:child_edit", args=[child.pk]), edit_data(child, first_name="Hacked")
    )
    assert response.status_code in (DENY, SIGN_IN)
    child.refresh_from_db()
    assert child.first_name == "Amelia"


def test_head_of_service_cannot_post_a_registration(client, head_of_service, team):
    client.force_login(head_of_service)
    response = client.post(reverse("cases:child_new"), form_data(team=team))
    assert response.status_code == DENY
    assert not Child.objects.exists()
