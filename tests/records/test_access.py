"""Who may reach the data subject rights pages: the data protection officer only (issue 17:
administrators manage accounts and read no child's file; heads of service run the service)."""

from datetime import date

import pytest
from django.urls import reverse

from core import public_ids
from records.erasure import review_erasure
from records.models import Erasure, SubjectAccessExport

from .conftest import make_child

pytestmark = pytest.mark.django_db

ROLES = [
    "caseworker",
    "team_manager",
    "head_of_service",
    "administrator",
    "data_protection_officer",
]
ALLOWED = {"data_protection_officer"}


@pytest.fixture
def old_child(team, caseworker):
    return make_child(team, caseworker, date_of_birth=date(1980, 1, 1))


@pytest.fixture
def pending(old_child, head_of_service):
    return review_erasure(child_ids=[old_child.pk], by=head_of_service)


def _pages(child, erasure):
    return [
        ("get", reverse("records:subject_access", args=[child.pk]), {}),
        ("get", reverse("records:retention"), {}),
        ("get", reverse("records:erasure_confirm", args=[erasure.pk]), {}),
        ("post", reverse("records:erasure_review"), {"child": [child.pk]}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_page_by_role(request, client, role, old_child, pending):
    client.force_login(request.getfixturevalue(role))
    for method, url, data in _pages(old_child, pending):
        response = getattr(client, method)(url, data)
        if role in ALLOWED:
            assert response.status_code in (200, 302), (role, url)
            assert response.status_code == 200 or "sign-in" not in response.url
        else:
            assert response.status_code == 403, (role, url)


def test_anonymous_is_sent_to_sign_in(client, old_child, pending):
    for method, url, data in _pages(old_child, pending):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert Erasure.objects.count() == 1


@pytest.mark.parametrize("role", ["caseworker", "team_manager", "head_of_service", "administrator"])
def test_no_export_and_no_erasure_without_the_permission(request, client, role, old_child, pending):
    client.force_login(request.getfixturevalue(role))
    client.post(reverse("records:subject_access", args=[old_child.pk]), {"confirm": "on"})
    client.post(reverse("records:erasure_confirm", args=[pending.pk]), {"confirm": "on"})
    assert not SubjectAccessExport.objects.exists()
    assert not Erasure.objects.confirmed().exists()


def test_the_childs_page_links_to_the_export_for_no_one_without_the_permission(
    client, old_child, head_of_service, caseworker
):
    url = reverse("cases:child", args=[old_child.pk])
    link = reverse("records:subject_access", args=[old_child.pk])
    for user in (head_of_service, caseworker):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert link not in page.content.decode()


def test_a_refusal_names_the_role_that_may(client, old_child, administrator):
    client.force_login(administrator)
    response = client.get(reverse("records:subject_access", args=[old_child.pk]))
    assert response.status_code == 403
    assert (
        b"Only a data protection officer can export everything held about a child"
        in response.content
    )


def test_the_export_page_states_its_purpose_and_asks_for_a_check(
    client, old_child, data_protection_officer, media
):
    client.force_login(data_protection_officer)
    url = reverse("records:subject_access", args=[old_child.pk])
    page = client.get(url).content.decode()
    assert "subject access request" in page
    assert "UK GDPR article 15" in page
    refused = client.post(url, {})
    assert refused.status_code == 200
    assert "Confirm you have checked who is asking" in refused.content.decode()
    assert not SubjectAccessExport.objects.exists()

    response = client.post(url, {"confirm": "on"})
    audit = SubjectAccessExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("records:subject_access_export", args=[audit.pk])
    assert (audit.child_id, audit.requested_by, audit.status) == (
        old_child.pk,
        data_protection_officer,
        SubjectAccessExport.Status.QUEUED,
    )


def test_the_data_protection_officer_reaches_an_export_by_record_reference(
    client, old_child, data_protection_officer, head_of_service, administrator
):
    """The reference is the public id in the child's pages' address (issue 17: no record is
    reached by a number in sequence); the whole address pasted works too."""
    find = reverse("records:subject_access_find")
    export_page = reverse("records:subject_access", args=[old_child.pk])
    client.force_login(data_protection_officer)
    assert find in client.get(reverse("records:retention")).content.decode()
    assert client.get(find, {"child": old_child.reference}).url == export_page
    address = "https://send.example.gov.uk" + reverse("cases:child", args=[old_child.pk])
    assert client.get(find, {"child": f"  {address}  "}).url == export_page
    for walked in (str(old_child.pk), "Amelia", "a" * 26, public_ids.encode(old_child.pk + 1000)):
        answer = client.get(find, {"child": walked})
        assert answer.status_code == 200, walked
        body = answer.content.decode()
        assert "Enter the child&#x27;s record reference" in body or "has that reference" in body
    for user in (head_of_service, administrator):
        client.force_login(user)
        assert client.get(find, {"child": old_child.reference}).status_code == 403


def test_the_data_protection_officer_lands_on_the_records_page(client, data_protection_officer):
    client.force_login(data_protection_officer)
    assert client.get(reverse("home")).url == reverse("records:retention")
