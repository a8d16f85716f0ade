"""Recording a re-assessment through the pages (Django's test client): the form, its errors,
who may use it, and the re-assessment's clock on the request page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.codes import SenStatus
from cases.models import AssessmentRequest
from cases.services import assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 3, 20, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def as_date(field: str, day: date) -> dict:
    return {f"{field}_0": day.day, f"{field}_1": day.month, f"{field}_2": day.year}


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def new_url(child) -> str:
    return reverse("cases:reassessment_new", args=[child.pk])


def _record(client, child, source="parent", received=date(2026, 3, 1)):
    return client.post(new_url(child), {"source": source, **as_date("received_on", received)})


def test_the_assessment_tab_offers_a_reassessment_for_a_child_with_a_plan(signed_in, child):
    page = signed_in.get(reverse("cases:requests", args=[child.pk])).content.decode()
    assert "Record a request to re-assess" in page
    child.sen_status = SenStatus.SEN_SUPPORT
    child.save()
    page = signed_in.get(reverse("cases:requests", args=[child.pk])).content.decode()
    assert "Record a request to re-assess" not in page


def test_recording_a_request_shows_the_15_day_decision(signed_in, child):
    response = _record(signed_in, child)
    request = AssessmentRequest.objects.get(child=child)
    assert response.status_code == 302 and response.url == request.get_absolute_url()
    page = signed_in.get(response.url).content.decode()
    assert "Re-assessment of the EHC plan" in page
    assert "Decide whether to re-assess" in page and "16 March 2026" in page
    assert "Deciding whether to re-assess" in page
    for initial_step in ("Decide whether to assess", "Issue the final EHC plan"):
        assert initial_step not in page
    assert "Record the decision whether to re-assess" in page
    requests = signed_in.get(reverse("cases:requests", args=[child.pk])).content.decode()
    assert "Re-assessment of the EHC plan" in requests


def test_the_decision_page_shows_the_14_weeks_after_it(signed_in, child):
    _record(signed_in, child)
    request = AssessmentRequest.objects.get()
    url = reverse("cases:request_step", args=[child.pk, request.pk, "decision"])
    form = signed_in.get(url).content.decode()
    assert "Did the council decide to re-assess?" in form
    assert "Date the family was told of the decision" in form
    response = signed_in.post(
        url,
        {
            "decision": "yes",
            **as_date("decided_on", date(2026, 3, 16)),
            "version": request.version,
        },
    )
    assert response.status_code == 302
    page = signed_in.get(request.get_absolute_url()).content.decode()
    assert "Issue the plan after re-assessment" in page and "22 June 2026" in page
    assert 'data-testid="status-reassess_decision">Met<' in page


def test_the_council_deciding_itself_starts_the_14_weeks_at_once(signed_in, child):
    response = _record(signed_in, child, source="council", received=date(2026, 3, 16))
    assert response.status_code == 302
    request = AssessmentRequest.objects.get()
    assert request.started_by_council
    page = signed_in.get(request.get_absolute_url()).content.decode()
    assert "Council decided to re-assess 16 March 2026" in page
    assert "22 June 2026" in page and "Decide whether to re-assess" not in page


def test_an_empty_form_says_what_is_missing(signed_in, child):
    response = signed_in.post(new_url(child), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose who asked for the re-assessment" in page
    assert "There is a problem" in page and "Error:" in page
    assert not AssessmentRequest.objects.exists()


def test_a_future_date_is_refused_on_its_field(signed_in, child):
    response = _record(signed_in, child, received=date(2026, 3, 21))
    assert "The date cannot be in the future" in response.content.decode()
    assert not AssessmentRequest.objects.exists()


def test_a_child_without_a_plan_is_refused_with_a_reason(signed_in, child):
    child.sen_status = SenStatus.SEN_SUPPORT
    child.save()
    response = _record(signed_in, child)
    assert response.status_code == 200
    assert "has no EHC plan recorded" in response.content.decode()
    assert not AssessmentRequest.objects.exists()


def test_reg_24_is_shown_on_the_decision_step(signed_in, child, caseworker):
    earlier = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=date(2025, 4, 7)
    )
    assessment.record_assess_decision(
        request=earlier, by=caseworker, decision="yes", decided_on=date(2025, 5, 12)
    )
    assessment.record_issue_decision(
        request=earlier, by=caseworker, decision="no", decided_on=date(2025, 12, 1)
    )
    _record(signed_in, child)  # 1 March 2026: three months after the notice not to issue
    request = AssessmentRequest.objects.get(kind="reassessment")
    url = reverse("cases:request_step", args=[child.pk, request.pk, "decision"])
    page = signed_in.get(url).content.decode()
    assert 'data-testid="reg24"' in page and "1 December 2025" in page and "regulation 24" in page


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("caseworker", (200, 200)),
        ("outsider", (403, 403)),
        ("head_of_service", (403, 403)),
        ("anonymous", (302, 302)),
    ],
)
def test_who_may_record_a_reassessment(client, request, child, visitor, expected):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    answers = (client.get(new_url(child)).status_code, _record(client, child).status_code)
    if visitor == "caseworker":
        answers = (answers[0], 200 if answers[1] == 302 else answers[1])
    assert answers == expected
    assert AssessmentRequest.objects.exists() is (visitor == "caseworker")


def test_another_teams_reassessment_steps_are_refused(client, child, caseworker, outsider):
    client.force_login(caseworker)
    _record(client, child)
    request = AssessmentRequest.objects.get()
    client.force_login(outsider)
    url = reverse("cases:request_step", args=[child.pk, request.pk, "not-amending"])
    assert client.get(request.get_absolute_url()).status_code == 403
    response = client.post(
        url, {**as_date("notified_on", date(2026, 3, 18)), "version": request.version}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert not request.issue_decision


def test_the_caseload_names_a_reassessments_stage_as_such(signed_in, child):
    _record(signed_in, child)
    page = signed_in.get(reverse("cases:caseload")).content.decode()
    assert "Deciding whether to re-assess" in page
    response = signed_in.get(reverse("cases:caseload_csv"))
    text = b"".join(response.streaming_content).decode()
    assert "Deciding whether to re-assess" in text


def test_the_notice_not_to_amend_and_the_exception_through_the_pages(signed_in, child):
    _record(signed_in, child, source="council", received=date(2026, 3, 2))
    request = AssessmentRequest.objects.get()
    exception_url = reverse("cases:request_step", args=[child.pk, request.pk, "exception"])
    form = signed_in.get(exception_url).content.decode()
    assert "Plan after re-assessment (14 weeks)" in form
    assert "Final EHC plan (20 weeks)" not in form
    assert "Decision whether to assess (6 weeks)" not in form
    url = reverse("cases:request_step", args=[child.pk, request.pk, "not-amending"])
    response = signed_in.post(
        url, {**as_date("notified_on", date(2026, 3, 18)), "version": request.version}
    )
    assert response.status_code == 302
    page = signed_in.get(request.get_absolute_url()).content.decode()
    assert "Decided not to amend or replace the plan" in page
    assert 'data-testid="status-reassessed_plan">Met<' in page
    chronology = signed_in.get(reverse("cases:chronology", args=[child.pk])).content.decode()
    assert "After re-assessing, decided not to amend or replace the plan" in chronology


def test_a_disagreement_is_about_the_reassessments_decisions(signed_in, child):
    _record(signed_in, child)
    request = AssessmentRequest.objects.get()
    url = reverse("cases:request_step", args=[child.pk, request.pk, "disagreement"])
    form = signed_in.get(url).content.decode()
    assert "The decision not to re-assess" in form
    assert "The decision not to amend or replace the plan" in form
    assert "The decision not to assess" not in form
