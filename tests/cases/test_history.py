"""The History tab: who changed what (before and after), and who viewed the record."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.codes import Need
from cases.history import HISTORY_PAGE_SIZE, audit_page
from cases.models import AdviceRequest, AssessmentRequest, Contact, RecordView
from tests.factories import ChildFactory, RecordViewFactory

pytestmark = pytest.mark.django_db


def save_as(obj, user, **changes):
    """Change a record the way a service does: the user travels with the save."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def entries(child, page=1):
    return audit_page(child=child, page=page).object_list


def test_a_change_shows_who_made_it_and_before_and_after(child, caseworker, team_manager):
    save_as(child, team_manager, primary_need=Need.SLCN, lead_caseworker=team_manager)
    latest = entries(child)[0]
    assert (latest.action, latest.what, latest.who) == ("Changed", "Child", team_manager)
    changes = {c.label: (c.before, c.after) for c in latest.changes}
    assert changes == {
        "Primary need": (Need.ASD.label, Need.SLCN.label),
        "Lead caseworker": (str(caseworker), str(team_manager)),
    }


def test_history_page_shows_changes_and_user(client, caseworker, team_manager, child):
    save_as(child, team_manager, looked_after=True)
    client.force_login(caseworker)
    body = client.get(reverse("cases:history", args=[child.pk])).content.decode()
    assert "Changed: Child" in body
    assert escape(f"by {team_manager}") in body
    assert "Looked after" in body
    assert '<td class="govuk-table__cell">No</td>' in body
    assert '<td class="govuk-table__cell">Yes</td>' in body


def test_a_change_made_through_a_page_is_attributed_by_the_middleware(client, caseworker, child):
    client.force_login(caseworker)
    yesterday = timezone.localdate() - timedelta(days=1)
    client.post(
        reverse("cases:note_new", args=[child.pk]),
        {
            "kind": "email",
            "happened_on_0": yesterday.day,
            "happened_on_1": yesterday.month,
            "happened_on_2": yesterday.year,
            "summary": "Emailed the school",
        },
    )
    created = entries(child)[0]
    assert (created.action, created.what, created.thing, created.who) == (
        "Created",
        "Case note",
        "Emailed the school",
        caseworker,
    )
    assert {"Kind": ("", "Email"), "Summary": ("", "Emailed the school")}.items() <= {
        c.label: (c.before, c.after) for c in created.changes
    }.items()


def test_everything_attached_to_the_child_is_in_its_trail(child, caseworker):
    contact = save_as(Contact(child=child, name="Sam Stone", relationship="parent"), caseworker)
    request = save_as(
        AssessmentRequest(child=child, source="parent", received_on=date(2025, 1, 6)), caseworker
    )
    advice = save_as(
        AdviceRequest(request=request, body="ep", requested_on=date(2025, 2, 3)), caseworker
    )
    save_as(advice, caseworker, received_on=date(2025, 3, 10))
    save_as(contact, caseworker, phone="01632 960001")
    contact._history_user = caseworker
    contact.delete()

    trail = entries(child)
    assert [(e.action, e.what) for e in trail[:5]] == [
        ("Deleted", "Contact"),
        ("Changed", "Contact"),
        ("Changed", "Advice request"),
        ("Created", "Advice request"),
        ("Created", "Assessment request"),
    ]
    assert [(c.label, c.before, c.after) for c in trail[2].changes] == [
        ("Received on", "", "10 March 2025")
    ]
    assert [(c.label, c.before, c.after) for c in trail[1].changes] == [
        ("Phone", "", "01632 960001")
    ]


def test_another_childs_changes_never_appear(child, caseworker):
    other = ChildFactory(team=child.team, first_name="Zed")
    other_request = save_as(
        AssessmentRequest(child=other, source="parent", received_on=date(2025, 1, 6)), caseworker
    )
    save_as(
        AdviceRequest(request=other_request, body="ep", requested_on=date(2025, 2, 3)), caseworker
    )
    save_as(other, caseworker, first_name="Zara")
    assert all(e.what == "Child" and e.thing == child.full_name for e in entries(child))


def test_trail_is_paginated(child, caseworker):
    for n in range(HISTORY_PAGE_SIZE + 5):
        save_as(child, caseworker, postcode=f"AB{n} 1CD")
    first = audit_page(child=child)
    assert first.paginator.count == HISTORY_PAGE_SIZE + 6  # and the creation
    assert len(first.object_list) == HISTORY_PAGE_SIZE
    assert len(audit_page(child=child, page=2).object_list) == 6
    assert first.object_list[0].changes[0].after == f"AB{HISTORY_PAGE_SIZE + 4} 1CD"


@pytest.mark.parametrize("changes", [2, 60])
def test_the_page_takes_a_bounded_number_of_queries(
    client, caseworker, child, changes, django_assert_max_num_queries
):
    request = save_as(
        AssessmentRequest(child=child, source="parent", received_on=date(2025, 1, 6)), caseworker
    )
    for n in range(changes):
        save_as(Contact(child=child, name=f"Contact {n}", relationship="carer"), caseworker)
        save_as(request, caseworker, closure_reason=f"reason {n}")
    client.force_login(caseworker)
    # Two per kind of record on the page, at most nine kinds, plus names for foreign keys:
    # bounded by the kinds, never by how many changes there are.
    with django_assert_max_num_queries(35):
        response = client.get(reverse("cases:history", args=[child.pk]))
    assert response.status_code == 200


def test_who_viewed_the_record(client, caseworker, head_of_service, child):
    client.force_login(head_of_service)
    client.get(reverse("cases:child", args=[child.pk]))
    client.force_login(caseworker)
    response = client.get(reverse("cases:history", args=[child.pk]))
    views = response.context["views"]
    assert [v.user for v in views] == [caseworker, head_of_service]
    body = response.content.decode()
    assert "Who viewed this record" in body
    assert escape(head_of_service) in body
    # Opening the History tab is itself a logged view.
    assert RecordView.objects.filter(
        user=caseworker, path=reverse("cases:history", args=[child.pk])
    ).exists()


def test_who_viewed_lists_the_most_recent_fifty(client, caseworker, child):
    RecordViewFactory.create_batch(60, child=child, user=caseworker, path="/old/")
    client.force_login(caseworker)
    response = client.get(reverse("cases:history", args=[child.pk]))
    assert len(response.context["views"]) == 50


@pytest.mark.parametrize(
    ("visitor", "status"),
    [
        ("caseworker", 200),
        ("team_manager", 200),
        ("head_of_service", 200),
        ("outsider", 403),
        ("administrator", 403),
        ("anonymous", 302),
    ],
)
def test_history_answers_each_visitor_as_their_role_allows(client, request, child, visitor, status):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    response = client.get(reverse("cases:history", args=[child.pk]))
    assert response.status_code == status
    if status == 403:
        assert escape(child.last_name) not in response.content.decode()
