"""Check your answers before issuing: the plan's content, what is missing (linked to where it is
written, with no button to issue), and what issuing sets in motion, worked by hand from the
regulations."""

from datetime import date

import pytest
from django.urls import reverse

from plans.models import Plan
from plans.services import lifecycle

from .conftest import ISSUED
from .content import fill_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


def _date(prefix: str, value: date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


@pytest.fixture
def empty_plan(drafting_request, caseworker):
    return lifecycle.start_plan_from_request(request=drafting_request, by=caseworker)


def test_an_empty_plan_shows_its_gaps_and_cannot_be_issued(client, caseworker, empty_plan):
    client.force_login(caseworker)
    url = reverse("plans:plan_issue", args=[empty_plan.child_id, empty_plan.pk])
    response = client.post(url, _date("issued_on", ISSUED))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The plan cannot be issued until it is complete" in page
    sections = reverse("plans:sections", args=[empty_plan.child_id, empty_plan.pk])
    for link, text in [
        (f"{sections}#id_section_b", "Section B: describe the special educational needs"),
        (f"{empty_plan.get_absolute_url()}#outcomes", "Section E: add at least one outcome"),
        (f"{empty_plan.get_absolute_url()}#provision", "Section F: specify the special"),
        (f"{sections}#id_section_i", "Section I: name the school"),
        (f"{sections}#id_section_k", "Section K: list the advice"),
    ]:
        assert f'<a href="{link}">{text}' in page
    assert 'name="confirmed"' not in page and ">Issue the final plan</button>" not in page
    # Even a forged confirmation is refused by the service.
    forged = client.post(url, {**_date("issued_on", ISSUED), "confirmed": "yes"})
    assert forged.status_code == 200
    assert "The plan cannot be issued until it is complete" in forged.content.decode()
    empty_plan.refresh_from_db()
    assert empty_plan.status == Plan.Status.DRAFT and not empty_plan.versions.exists()


def test_a_complete_plan_is_checked_then_issued(client, caseworker, drafted_plan):
    client.force_login(caseworker)
    url = reverse("plans:plan_issue", args=[drafted_plan.child_id, drafted_plan.pk])
    response = client.post(url, _date("issued_on", ISSUED))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check your answers before you issue the final plan" in page
    assert "20 May 2024" in page and "Autism; anxiety at transitions." in page
    assert "1 outcome" in page and "1 item of provision" in page
    # Notice of the final plan 20 May 2024: the 2 months for an appeal end on 20 July 2024;
    # the first review falls within "12 months starting with" the day it was made (s44(1)):
    # by 19 May 2025.
    assert "from 20 May 2024 until 20 July 2024" in page
    assert "The first annual review is scheduled, due by 19 May 2025." in page
    assert 'name="confirmed" value="yes"' in page and 'name="issued_on_0" value="20"' in page
    drafted_plan.refresh_from_db()
    assert drafted_plan.status == Plan.Status.DRAFT  # nothing written before the confirmation
    done = client.post(url, {**_date("issued_on", ISSUED), "confirmed": "yes"})
    assert done.status_code == 302
    drafted_plan.refresh_from_db()
    assert drafted_plan.status == Plan.Status.FINAL
    assert drafted_plan.reviews.get().due_on == date(2025, 5, 19)


def test_a_date_the_service_refuses_stays_on_the_form(client, caseworker, drafted_plan):
    client.force_login(caseworker)
    url = reverse("plans:plan_issue", args=[drafted_plan.child_id, drafted_plan.pk])
    response = client.post(url, _date("issued_on", date(2024, 5, 1)))
    page = response.content.decode()
    assert "15 days" in page and "Check your answers" not in page


def test_an_amended_plan_is_checked_and_its_gaps_refused(
    client, caseworker, issued_plan, time_machine
):
    from plans.services import editing, reviews

    time_machine.move_to(date(2025, 7, 1))
    client.force_login(caseworker)
    review = issued_plan.reviews.get()
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2025, 5, 1))
    reviews.record_decision(
        review=review,
        by=caseworker,
        decision="A",
        decision_on=date(2025, 5, 20),
        proposals_sent_on=date(2025, 5, 20),
    )
    url = reverse(
        "plans:review_step",
        args=[issued_plan.child_id, issued_plan.pk, review.pk, "amended-issued"],
    )
    page = client.post(url, _date("issued_on", date(2025, 6, 20))).content.decode()
    # Proposals 20 May 2025: the amended plan is due within 8 weeks, by 15 July 2025 (reg 22(3));
    # issued 20 June 2025, the family may appeal until 20 August 2025.
    assert "from 20 June 2025 until 20 August 2025" in page
    assert "The amended plan (8 weeks from the proposals) is issued in time" in page
    assert "kept as version 2" in page and "stays due by 19 May 2026" in page
    # An amendment that empties section K is not issued.
    editing.update_sections(plan=issued_plan, by=caseworker, section_k="")
    page = client.post(url, _date("issued_on", date(2025, 6, 20))).content.decode()
    assert "Section K: list the advice and information obtained" in page
    assert 'name="confirmed"' not in page
    assert issued_plan.versions.count() == 1


@pytest.mark.parametrize(("visitor", "expected"), [("outsider", 403), ("anonymous", 302)])
def test_another_team_cannot_check_or_issue(client, request, drafted_plan, visitor, expected):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    url = reverse("plans:plan_issue", args=[drafted_plan.child_id, drafted_plan.pk])
    assert client.post(url, _date("issued_on", ISSUED)).status_code == expected
    confirmed = client.post(url, {**_date("issued_on", ISSUED), "confirmed": "yes"})
    assert confirmed.status_code == expected
    drafted_plan.refresh_from_db()
    assert drafted_plan.status == Plan.Status.DRAFT


def test_the_draft_plan_page_lists_what_is_missing(client, caseworker, empty_plan):
    client.force_login(caseworker)
    page = client.get(empty_plan.get_absolute_url()).content.decode()
    assert "Before it can be issued, the plan needs:" in page
    assert "Section K: list the advice and information obtained" in page
    fill_plan(empty_plan, caseworker)
    complete = client.get(empty_plan.get_absolute_url()).content.decode()
    assert "Before it can be issued" not in complete
