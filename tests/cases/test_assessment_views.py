"""The Assessment tab through the browser's eyes (Django's test client): forms, errors,
permissions and the clock shown back to the caseworker."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.models import AssessmentRequest, Deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2024, 3, 4, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def as_date(field: str, day: date) -> dict:
    return {f"{field}_0": day.day, f"{field}_1": day.month, f"{field}_2": day.year}


def step_url(request, step, item=None):
    if item is None:
        return reverse("cases:request_step", args=[request.child_id, request.pk, step])
    return reverse("cases:request_item_step", args=[request.child_id, request.pk, step, item.pk])


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def _new_request(client, child, received=date(2024, 1, 8)):
    return client.post(
        reverse("cases:request_new", args=[child.pk]),
        {"regime": "ehcp", "source": "parent", **as_date("received_on", received)},
    )


def test_recording_a_request_starts_the_clock(signed_in, child):
    response = _new_request(signed_in, child)
    request = AssessmentRequest.objects.get(child=child)
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    page = signed_in.get(response.url).content.decode()
    assert "Decide whether to assess" in page and "19 February 2024" in page
    assert "Issue the final EHC plan" in page and "27 May 2024" in page
    assert "Overdue" in page  # 6 weeks ended on 19 Feb; today is 4 Mar
    assert "Week 8 of 20" in page  # 4 Mar is day 56, the last of week 8


def test_a_bad_date_keeps_what_was_typed_and_says_what_is_wrong(signed_in, child):
    response = signed_in.post(
        reverse("cases:request_new", args=[child.pk]),
        {
            "regime": "ehcp",
            "source": "school",
            "received_on_0": "31",
            "received_on_1": "2",
            "received_on_2": "2024",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'value="31"' in body and 'value="2024"' in body
    assert re.search(r'value="school"[^>]*checked', body)
    assert not AssessmentRequest.objects.exists()


def test_a_future_date_is_refused_on_the_field(signed_in, child):
    response = _new_request(signed_in, child, received=date(2024, 3, 5))
    assert "The date cannot be in the future" in response.content.decode()
    assert not AssessmentRequest.objects.exists()


def test_the_steps_in_order_and_an_exception(signed_in, child):
    _new_request(signed_in, child)
    request = AssessmentRequest.objects.get()
    # Steps that overwrite what is recorded carry the record's version (core.locking).
    decision = signed_in.post(
        step_url(request, "decision"),
        {
            "decision": "yes",
            **as_date("decided_on", date(2024, 2, 12)),
            "version": request.version,
        },
    )
    assert decision.status_code == 302
    signed_in.post(
        step_url(request, "advice"),
        {"body": "ep", "note": "", **as_date("requested_on", date(2024, 2, 13))},
    )
    advice = request.advice.get()
    signed_in.post(
        step_url(request, "advice-received", advice),
        {**as_date("received_on", date(2024, 3, 1)), "version": advice.version},
    )
    response = signed_in.post(
        step_url(request, "exception"),
        {
            "step": "final_plan",
            "reason": "c",
            "note": "Bereavement in the family",
            **as_date("starts_on", date(2024, 2, 20)),
        },
    )
    assert response.status_code == 302
    rows = {d.kind: d for d in Deadline.objects.filter(request=request)}
    assert rows["decision_to_assess"].completed_on == date(2024, 2, 12)
    assert rows["final_plan"].exempt
    page = signed_in.get(request.get_absolute_url()).content.decode()
    assert "Exception applies" in page and "Bereavement in the family" in page and "Met" in page


def test_a_step_out_of_order_is_refused_with_the_reason(signed_in, child):
    _new_request(signed_in, child)
    request = AssessmentRequest.objects.get()
    response = signed_in.post(
        step_url(request, "issue-decision"),
        {
            "decision": "yes",
            **as_date("decided_on", date(2024, 2, 12)),
            "version": request.version,
        },
    )
    assert "Record the decision to assess first" in response.content.decode()
    request.refresh_from_db()
    assert not request.issue_decision


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("caseworker", (200, 200)),
        ("team_manager", (200, 200)),
        ("outsider", (403, 403)),
        ("head_of_service", (200, 403)),
        ("anonymous", (302, 302)),
    ],
)
def test_who_may_see_and_record_steps(client, request, child, caseworker, visitor, expected):
    _new_request(_login(client, caseworker), child)
    assessment = AssessmentRequest.objects.get()
    client.logout()
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    answers = (
        client.get(assessment.get_absolute_url()).status_code,
        client.get(step_url(assessment, "decision")).status_code,
    )
    assert answers == expected


def _login(client, user):
    client.force_login(user)
    return client


def test_an_unknown_step_is_not_found(signed_in, child):
    _new_request(signed_in, child)
    request = AssessmentRequest.objects.get()
    assert signed_in.get(step_url(request, "teleport")).status_code == 404


def test_the_request_page_runs_a_bounded_number_of_queries(
    signed_in, child, django_assert_max_num_queries
):
    _new_request(signed_in, child)
    request = AssessmentRequest.objects.get()
    signed_in.post(
        step_url(request, "decision"),
        {"decision": "yes", **as_date("decided_on", date(2024, 2, 12))},
    )
    for day in range(13, 20):
        signed_in.post(
            step_url(request, "advice"),
            {"body": "health", "note": "", **as_date("requested_on", date(2024, 2, day))},
        )
    with django_assert_max_num_queries(20):
        assert signed_in.get(request.get_absolute_url()).status_code == 200


def test_several_advice_requests_in_one_form(signed_in, child):
    """Issue 19: the requests for advice go out together: one form, a row (and a 6-week
    deadline) per advice-giver; none recorded if the date is refused."""
    _new_request(signed_in, child)
    request = AssessmentRequest.objects.get()
    decided = signed_in.post(
        step_url(request, "decision"),
        {
            "decision": "yes",
            **as_date("decided_on", date(2024, 2, 12)),
            "version": request.version,
        },
    )
    assert decided.status_code == 302
    refused = signed_in.post(
        step_url(request, "advice"),
        {"body": ["ep", "health"], "note": "", **as_date("requested_on", date(2024, 2, 1))},
    )
    assert refused.status_code == 200 and not request.advice.exists()  # before the decision
    done = signed_in.post(
        step_url(request, "advice"),
        {
            "body": ["ep", "health", "social_care", "ep"],
            "note": "",
            **as_date("requested_on", date(2024, 2, 13)),
        },
    )
    assert done.status_code == 302, done.context["form"].errors
    assert sorted(request.advice.values_list("body", flat=True)) == ["ep", "health", "social_care"]
    assert set(request.advice.values_list("requested_on", flat=True)) == {date(2024, 2, 13)}
    assert request.deadlines.filter(kind="advice").count() == 3
    nobody = signed_in.post(
        step_url(request, "advice"), {"note": "", **as_date("requested_on", date(2024, 2, 13))}
    )
    assert "Choose whose advice was requested" in nobody.content.decode()
