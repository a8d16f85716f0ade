"""The Contacts tab: list, add, change, remove with confirmation; one main contact; audit."""

import pytest
from django.urls import reverse

from cases.forms.contacts import ContactForm
from cases.models import CaseEvent, Contact
from cases.services import children as services
from tests.factories import CaseAllocationFactory, ChildFactory

pytestmark = pytest.mark.django_db


def contact_data(**overrides) -> dict:
    data = {
        "name": "Grace Stone",
        "relationship": Contact.Relationship.PARENT,
        "parental_responsibility": "on",
        "phone": "07700 900982",
        "email": "grace@example.com",
        "address": "1 High Street\nTown",
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def contact(child, caseworker):
    return services.add_contact(
        child=child,
        by=caseworker,
        name="Grace Stone",
        relationship=Contact.Relationship.PARENT,
        parental_responsibility=True,
        is_main_contact=True,
    )


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["01632 960 001", "07700 900982", "+44 808 157 0192", "(020) 7946 0000", "+33 1 2345 6789"],
)
def test_phone_numbers_accepted(phone):
    assert ContactForm(contact_data(phone=phone)).is_valid()


@pytest.mark.parametrize("phone", ["12345", "call me", "077009009", "07700 900982 ext 4"])
def test_phone_numbers_refused(phone):
    form = ContactForm(contact_data(phone=phone))
    assert not form.is_valid()
    assert form.errors["phone"][0].startswith("Enter a phone number")


def test_email_must_be_an_email():
    form = ContactForm(contact_data(email="grace.example.com"))
    assert form.errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]


def test_relationship_and_name_are_required():
    form = ContactForm(contact_data(name=" ", relationship=""))
    assert form.errors["name"] == ["Enter the contact's full name"]
    assert form.errors["relationship"] == ["Choose the contact's relationship to the child"]


def test_relationship_choices_are_the_models():
    choices = [value for value, _ in ContactForm().fields["relationship"].choices if value]
    assert choices == list(Contact.Relationship.values)


# --- the tab ------------------------------------------------------------------------------------


def test_contacts_tab_lists_contacts_and_allocation_history(client, caseworker, child, contact):
    CaseAllocationFactory(
        child=child,
        team=child.team,
        lead_caseworker=caseworker,
        started_at="2024-01-01T09:00Z",
        reason="Registered",
    )
    client.force_login(caseworker)
    url = reverse("cases:contacts", args=[child.pk])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Grace Stone" in body
    assert "Main contact" in body
    assert f'href="{url}" aria-current="page"' in body  # shows as a tab of the record
    assert reverse("cases:contact_edit", args=[child.pk, contact.pk]) in body
    overview = client.get(reverse("cases:child", args=[child.pk])).content.decode()
    assert 'data-testid="allocations"' in overview  # who held the case is on the overview
    assert "Current" in overview


def test_head_of_service_reads_contacts_without_edit_links(client, head_of_service, child, contact):
    client.force_login(head_of_service)
    body = client.get(reverse("cases:contacts", args=[child.pk])).content.decode()
    assert "Grace Stone" in body
    assert reverse("cases:contact_edit", args=[child.pk, contact.pk]) not in body
    assert reverse("cases:contact_new", args=[child.pk]) not in body


def test_add_contact(client, caseworker, child):
    client.force_login(caseworker)
    response = client.post(reverse("cases:contact_new", args=[child.pk]), contact_data())
    assert response.status_code == 302
    assert response.url == reverse("cases:contacts", args=[child.pk])
    contact = child.contacts.get()
    assert (contact.name, contact.parental_responsibility) == ("Grace Stone", True)
    history = contact.history.get()
    assert (history.history_user, history.history_type) == (caseworker, "+")
    assert CaseEvent.objects.filter(child=child, title="Contact added").exists()


def test_invalid_contact_keeps_what_was_typed(client, caseworker, child):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:contact_new", args=[child.pk]), contact_data(phone="nope", name="Ada Lee")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert 'value="Ada Lee"' in body
    assert not Contact.objects.exists()


def test_change_contact(client, caseworker, child, contact):
    client.force_login(caseworker)
    url = reverse("cases:contact_edit", args=[child.pk, contact.pk])
    assert 'value="Grace Stone"' in client.get(url).content.decode()
    response = client.post(
        url, contact_data(phone="01632 960001", is_main_contact="on", version=contact.version)
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "01632 960001"
    latest = contact.history.first()
    assert (latest.history_user, latest.history_type) == (caseworker, "~")
    assert CaseEvent.objects.filter(child=child, title="Contact updated").exists()


def test_one_main_contact_at_a_time(caseworker, child, contact):
    carer = services.add_contact(
        child=child,
        by=caseworker,
        name="Pat Doe",
        relationship=Contact.Relationship.CARER,
        is_main_contact=True,
    )
    contact.refresh_from_db()
    assert carer.is_main_contact
    assert not contact.is_main_contact
    assert contact.history.first().history_user == caseworker
    services.update_contact(contact=contact, by=caseworker, is_main_contact=True)
    carer.refresh_from_db()
    assert [c.name for c in child.contacts.filter(is_main_contact=True)] == ["Grace Stone"]


def test_main_contact_of_another_child_is_untouched(caseworker, child, contact, team):
    sibling = ChildFactory(team=team)
    services.add_contact(
        child=sibling, by=caseworker, name="X", relationship="parent", is_main_contact=True
    )
    contact.refresh_from_db()
    assert contact.is_main_contact


def test_remove_asks_first_and_only_post_removes(client, caseworker, child, contact):
    client.force_login(caseworker)
    url = reverse("cases:contact_delete", args=[child.pk, contact.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, remove this contact" in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    removed = Contact.history.filter(id=contact.pk, history_type="-").get()
    assert removed.history_user == caseworker
    assert CaseEvent.objects.filter(child=child, title="Contact removed").exists()


def test_contact_of_another_child_is_not_found(client, caseworker, child, contact, team):
    sibling = ChildFactory(team=team)
    client.force_login(caseworker)
    url = reverse("cases:contact_edit", args=[sibling.pk, contact.pk])
    assert client.get(url).status_code == 404


# --- who may do what ----------------------------------------------------------------------------

OK, DENY, SIGN_IN = 200, 403, 302
EXPECTED = {
    # visitor: (contacts, contact_new, contact_edit, contact_delete)
    "caseworker": (OK, OK, OK, OK),
    "outsider": (DENY, DENY, DENY, DENY),
    "team_manager": (OK, OK, OK, OK),
    "head_of_service": (OK, DENY, DENY, DENY),
    "administrator": (DENY, DENY, DENY, DENY),
    "anonymous": (SIGN_IN, SIGN_IN, SIGN_IN, SIGN_IN),
}


@pytest.mark.parametrize("visitor", list(EXPECTED))
def test_permissions_on_every_contacts_url(client, request, child, contact, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    urls = [
        reverse("cases:contacts", args=[child.pk]),
        reverse("cases:contact_new", args=[child.pk]),
        reverse("cases:contact_edit", args=[child.pk, contact.pk]),
        reverse("cases:contact_delete", args=[child.pk, contact.pk]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[visitor]


@pytest.mark.parametrize("visitor", ["outsider", "head_of_service", "anonymous"])
def test_refused_visitors_cannot_write(client, request, child, contact, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    posts = [
        (reverse("cases:contact_new", args=[child.pk]), contact_data(name="Intruder")),
        (reverse("cases:contact_edit", args=[child.pk, contact.pk]), contact_data(name="Bad")),
        (reverse("cases:contact_delete", args=[child.pk, contact.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (DENY, SIGN_IN)
    assert list(child.contacts.values_list("name", flat=True)) == ["Grace Stone"]
