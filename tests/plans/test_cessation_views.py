"""Ceasing a plan through its pages: each step's form, the plan page and the plans list showing
where ceasing stands, the check-your-answers page, and who may do it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from plans.models import Cessation, Plan
from plans.services import lifecycle, reviews

pytestmark = pytest.mark.django_db


def _date(prefix: str, value: date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


@pytest.fixture
def plan(child, caseworker, time_machine):
    time_machine.move_to(date(2026, 3, 20), tick=False)
    child.date_of_birth = date(2011, 1, 1)  # 15 in 2026
    child.save()
    return lifecycle.record_existing_plan(
        child=child, by=caseworker, kind="ehc_plan", issued_on=date(2025, 9, 1)
    )


def step(plan, name: str) -> str:
    return reverse("plans:cessation_step", args=[plan.child_id, plan.pk, name])


def test_a_caseworker_takes_the_plan_through_every_step_to_ceased(
    client, caseworker, plan, child, time_machine
):
    client.force_login(caseworker)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert step(plan, "propose") in page
    # Under 18, "no longer wishes to engage" is refused on the reason, what was typed kept.
    response = client.post(
        step(plan, "propose"), {**_date("proposed_on", date(2026, 2, 2)), "reason": "6"}
    )
    assert response.status_code == 200
    assert "The child is 15" in response.content.decode()
    assert 'value="2026"' in response.content.decode()
    assert not Cessation.objects.exists()
    response = client.post(
        step(plan, "propose"),
        {**_date("proposed_on", date(2026, 2, 2)), "reason": "2", "note": "Needs met at school"},
    )
    assert response.status_code == 302
    response = client.post(
        step(plan, "consult"),
        {
            **_date("family_consulted_on", date(2026, 2, 16)),
            **_date("institution_consulted_on", date(2026, 2, 18)),
        },
    )
    assert response.status_code == 302
    decision = {
        **_date("decided_on", date(2026, 3, 9)),
        **_date("notice_on", date(2026, 3, 10)),
        **_date("intended_on", date(2026, 3, 31)),
        "outcomes_achieved": "",
    }
    check = client.post(step(plan, "decide"), decision)
    assert check.status_code == 200  # check your answers: nothing recorded yet
    consequences = check.content.decode()
    # Notice 10 March 2026: 2 months end on 10 May; intended 31 March, so the plan may cease
    # from the day after the window closes (s45(4)): 11 May 2026.
    assert "from 10 March 2026 until 10 May 2026" in consequences
    assert "recorded as ceased from 11 May 2026" in consequences
    assert Cessation.objects.get().stage == "proposed"
    response = client.post(step(plan, "decide"), {**decision, "confirmed": "yes"})
    assert response.status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Ceasing: appeal window until 10 May 2026" in page
    assert 'data-testid="plan-status">Final' in page
    plans_page = client.get(reverse("plans:plans", args=[child.pk])).content.decode()
    assert "Ceasing: appeal window until 10 May 2026" in plans_page
    child_page = client.get(reverse("cases:child", args=[child.pk])).content.decode()
    assert "Ceasing: appeal window until 10 May 2026" in child_page
    assert step(plan, "ceased") not in page  # not offered while the window is open

    time_machine.move_to(date(2026, 5, 11), tick=False)
    client.force_login(caseworker)  # two months on, the session has expired
    assert step(plan, "ceased") in client.get(plan.get_absolute_url()).content.decode()
    refused = client.post(step(plan, "ceased"), _date("ceases_on", date(2026, 5, 10)))
    assert refused.status_code == 200
    assert "The plan can cease from 11 May 2026" in refused.content.decode()
    check = client.post(step(plan, "ceased"), _date("ceases_on", date(2026, 5, 11)))
    assert check.status_code == 200
    page = check.content.decode()
    assert "Check your answers before ceasing the plan" in page
    assert "11 May 2026" in page and 'name="confirmed" value="yes"' in page
    plan.refresh_from_db()
    assert plan.status == Plan.Status.FINAL  # nothing written before the confirmation
    done = client.post(
        step(plan, "ceased"), {**_date("ceases_on", date(2026, 5, 11)), "confirmed": "yes"}
    )
    assert done.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.ceased_on) == ("ceased", date(2026, 5, 11))
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Ceased 11 May 2026" in page and "Ceasing: appeal window" not in page


def test_a_young_person_of_19_needs_the_outcomes_answer(client, caseworker, plan, child):
    child.date_of_birth = date(2006, 6, 5)
    child.save()
    client.force_login(caseworker)
    client.post(step(plan, "propose"), {**_date("proposed_on", date(2026, 2, 2)), "reason": "2"})
    client.post(
        step(plan, "consult"),
        {**_date("family_consulted_on", date(2026, 2, 16)), "no_institution_named": "on"},
    )
    decision = {
        **_date("decided_on", date(2026, 3, 9)),
        **_date("notice_on", date(2026, 3, 10)),
        **_date("intended_on", date(2026, 3, 31)),
    }
    response = client.post(step(plan, "decide"), decision)
    assert response.status_code == 200
    assert "s45(3)" in response.content.decode()
    decision["outcomes_achieved"] = "achieved"
    assert client.post(step(plan, "decide"), decision).status_code == 200  # the check
    response = client.post(step(plan, "decide"), {**decision, "confirmed": "yes"})
    assert response.status_code == 302
    assert Cessation.objects.get().stage == "notified"


def test_deciding_not_to_cease_through_the_page(client, caseworker, plan):
    client.force_login(caseworker)
    client.post(step(plan, "propose"), {**_date("proposed_on", date(2026, 2, 2)), "reason": "2"})
    response = client.post(step(plan, "not-cease"), _date("decided_on", date(2026, 3, 1)))
    assert response.status_code == 302
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Decided not to cease, 1 March 2026: the plan continues" in page
    assert step(plan, "propose") in page  # it may be proposed again later
    plan.refresh_from_db()
    assert plan.is_maintained


def test_a_step_out_of_order_says_what_comes_first(client, caseworker, plan):
    client.force_login(caseworker)
    response = client.post(step(plan, "appeal"), _date("registered_on", date(2026, 3, 1)))
    assert response.status_code == 200
    assert "Propose ceasing the plan first" in response.content.decode()
    assert client.get(step(plan, "nonsense")).status_code == 404


def test_a_review_that_decided_to_cease_links_to_the_proposal(client, caseworker, plan):
    review = plan.reviews.get()
    reviews.record_meeting(review=review, by=caseworker, meeting_on=date(2026, 3, 2), progress={})
    reviews.record_decision(
        review=review, by=caseworker, decision="C", decision_on=date(2026, 3, 16)
    )
    client.force_login(caseworker)
    page = client.get(review.get_absolute_url()).content.decode()
    assert escape(step(plan, "propose")) in page
    form = client.get(step(plan, "propose")).content.decode()
    assert 'value="16"' in form  # the review's decision date offered as the proposal's


@pytest.mark.parametrize("name", ["propose", "consult", "decide", "ceased"])
def test_another_teams_caseworker_cannot_open_or_post_a_step(client, outsider, plan, name):
    client.force_login(outsider)
    assert client.get(step(plan, name)).status_code == 403
    response = client.post(
        step(plan, name), {**_date("proposed_on", date(2026, 2, 2)), "reason": "2"}
    )
    assert response.status_code == 403
    assert not Cessation.objects.exists()


def test_a_reader_cannot_cease(client, head_of_service, plan):
    client.force_login(head_of_service)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(step(plan, "propose")).status_code == 403
