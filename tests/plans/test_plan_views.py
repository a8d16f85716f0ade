"""The plan pages as a caseworker uses them, and who may open them."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from cases.models import Deadline
from plans.models import Plan
from plans.urls import urlpatterns
from tests.factories import OutcomeFactory, ProvisionCheckFactory, ProvisionItemFactory

from .conftest import ISSUED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


def _date(prefix: str, value: date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def test_a_plan_is_started_from_the_request_and_issued(client, caseworker, drafting_request, child):
    client.force_login(caseworker)
    plans_url = reverse("plans:plans", args=[child.pk])
    page = client.get(plans_url).content.decode()
    assert "Start the draft EHC plan" in page
    response = client.post(reverse("plans:plan_start", args=[child.pk, drafting_request.pk]))
    plan = Plan.objects.get()
    assert response.url == reverse("plans:sections", args=[child.pk, plan.pk])
    response = client.post(
        reverse("plans:outcome_new", args=[child.pk, plan.pk]),
        {"area": "education", "description": "Writes a paragraph unaided"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:provision_new", args=[child.pk, plan.pk]),
        {
            "description": "Speech and language therapy",
            "provider": "NHS SALT service",
            "frequency": "Weekly, 30 minutes",
            "funded_by": "health",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:sections", args=[child.pk, plan.pk]),
        {
            "section_b": "Autism.",
            "section_i": "A mainstream primary school.",
            "section_k": "Advice from the educational psychologist.",
            "version": Plan.objects.get(pk=plan.pk).version,
        },
    )
    assert response.status_code == 302
    issue_url = reverse("plans:plan_issue", args=[child.pk, plan.pk])
    check = client.post(issue_url, _date("issued_on", ISSUED))
    assert check.status_code == 200 and "Check your answers" in check.content.decode()
    response = client.post(issue_url, {**_date("issued_on", ISSUED), "confirmed": "yes"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "final"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Writes a paragraph unaided" in page
    assert "19 May 2025" in page  # the first review: 12 months starting with 20 May 2024


def test_a_refused_issue_keeps_the_form_and_says_why(client, caseworker, drafted_plan, child):
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:plan_issue", args=[child.pk, drafted_plan.pk]),
        _date("issued_on", date(2024, 5, 1)),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "15 days" in page and 'value="2024"' in page
    drafted_plan.refresh_from_db()
    assert drafted_plan.status == "draft"


def test_a_review_held_and_amended_through_the_pages(
    client, caseworker, issued_plan, child, time_machine
):
    time_machine.move_to(date(2025, 7, 1))
    client.force_login(caseworker)
    review = issued_plan.reviews.get()
    step = lambda name: reverse(  # noqa: E731
        "plans:review_step", args=[child.pk, issued_plan.pk, review.pk, name]
    )
    outcome = issued_plan.outcomes.get()
    assert (
        client.post(
            step("meeting"),
            {**_date("meeting_on", date(2025, 5, 1)), f"progress_{outcome.pk}": "achieved"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            step("decision"),
            {
                "decision": "A",
                **_date("decision_on", date(2025, 5, 20)),
                **_date("proposals_sent_on", date(2025, 5, 20)),
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("plans:sections", args=[child.pk, issued_plan.pk]),
            {
                "section_b": "Autism; anxiety now managed well.",
                "section_a": "Wants to be a vet.",
                "section_i": "A mainstream secondary school.",
                "section_k": "Advice from the educational psychologist.",
                # The hidden field the edit form carries (core.locking).
                "version": type(issued_plan).objects.get(pk=issued_plan.pk).version,
            },
        ).status_code
        == 302
    )
    assert (
        client.post(step("amended-issued"), _date("issued_on", date(2025, 6, 20))).status_code
        == 200  # check your answers
    )
    assert issued_plan.versions.count() == 1
    assert (
        client.post(
            step("amended-issued"), {**_date("issued_on", date(2025, 6, 20)), "confirmed": "yes"}
        ).status_code
        == 302
    )
    issued_plan.refresh_from_db()
    assert issued_plan.versions.count() == 2
    assert issued_plan.versions.get(number=2).content["sections"]["a"] == "Wants to be a vet."
    overview = client.get(reverse("cases:child", args=[child.pk])).content.decode()
    assert "version 2 issued 20 June 2025" in overview
    # The next review: 12 months starting with the decision sent on 20 May 2025.
    assert "19 May 2026" in overview
    assert Deadline.objects.filter(kind="amended_plan", completed_on=date(2025, 6, 20)).exists()


def test_undelivered_provision_shows_on_the_child_page_and_filters_the_caseload(
    client, caseworker, issued_plan, child
):
    client.force_login(caseworker)
    item = issued_plan.provision.get()
    response = client.post(
        reverse("plans:provision_check", args=[child.pk, issued_plan.pk, item.pk]),
        {
            "delivery": "not_delivered",
            **_date("period_from", date(2024, 6, 1)),
            **_date("period_to", date(2024, 6, 28)),
            "confirmed_by": "SENCo",
            "note": "No therapist",
        },
    )
    assert response.status_code == 302
    overview = client.get(reverse("cases:child", args=[child.pk])).content.decode()
    assert "Provision not delivered" in overview and "Speech and language therapy" in overview
    caseload = client.get(reverse("cases:caseload"), {"provision_gap": "on"}).content.decode()
    assert escape(child.last_name) in caseload


@pytest.fixture
def plan_urls(issued_plan, child):
    review = issued_plan.reviews.get()
    args = {
        "pk": child.pk,
        "plan_id": issued_plan.pk,
        "request_id": issued_plan.request_id,
        "review_id": review.pk,
        "item_id": issued_plan.outcomes.get().pk,
        "step": "meeting",
        "ceasing_step": "propose",
        "number": 1,
    }
    urls = {}
    for pattern in urlpatterns:
        names = list(pattern.pattern.converters)
        assert set(names) <= set(args), f"teach this test the arguments of {pattern.name}"
        kwargs = {n: args[n] for n in names}
        if pattern.name.startswith("provision_") and "item_id" in kwargs:
            kwargs["item_id"] = issued_plan.provision.get().pk
        urls[pattern.name] = reverse(f"plans:{pattern.name}", kwargs=kwargs)
    return urls


READ_ONLY = {
    "plans",
    "plan",
    "review",
    "versions",
    "version",
    "version_print",
    "version_pdf",
    "compare",
    "working_changes",
}
# Only a plan being drafted or amended has a draft: the issued plan here answers "not found"
# to whoever may read it.
DRAFT_ONLY = {"draft_pdf"}


@pytest.mark.parametrize(
    "visitor",
    ["caseworker", "team_manager", "outsider", "head_of_service", "administrator", "anonymous"],
)
def test_every_plan_url_answers_as_the_role_allows(client, request, plan_urls, visitor):
    if visitor != "anonymous":
        client.force_login(request.getfixturevalue(visitor))
    for name, url in plan_urls.items():
        status = client.get(url).status_code
        if visitor == "anonymous":
            expected = 302
        elif visitor in ("caseworker", "team_manager"):
            expected = 404 if name in DRAFT_ONLY else 200
        elif visitor == "head_of_service":
            expected = 404 if name in DRAFT_ONLY else 200 if name in READ_ONLY else 403
        else:
            expected = 403
        assert status == expected, f"{visitor} on {name} ({url}): {status}"


def test_readers_and_outsiders_cannot_post(client, plan_urls, outsider, head_of_service):
    for user in (outsider, head_of_service):
        client.force_login(user)
        for name, url in plan_urls.items():
            assert client.post(url, {}).status_code in (403, 405), f"{user} POST {name}"
    assert Plan.objects.get().status == "final"


def _grow(plan, by, n: int) -> None:
    for i in range(n):
        outcome = OutcomeFactory(plan=plan, area="health", description=f"Outcome {i}")
        item = ProvisionItemFactory(
            plan=plan,
            outcome=outcome,
            description=f"Item {i}",
            provider="School",
            frequency="Daily",
        )
        ProvisionCheckFactory(
            item=item,
            delivery="partly",
            period_from=date(2024, 6, 1),
            period_to=date(2024, 6, 28),
            confirmed_by="SENCo",
            recorded_by=by,
        )


@pytest.mark.parametrize("page", ["plan", "child"])
def test_plan_and_child_pages_cost_the_same_queries_for_2_or_20_items(
    client, caseworker, issued_plan, child, django_assert_max_num_queries, page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker)
    url = (
        issued_plan.get_absolute_url()
        if page == "plan"
        else reverse("cases:child", args=[child.pk])
    )
    _grow(issued_plan, caseworker, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(issued_plan, caseworker, 19)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many]


def test_an_empty_form_says_what_is_missing(client, caseworker, drafted_plan, child):
    client.force_login(caseworker)
    response = client.post(reverse("plans:provision_new", args=[child.pk, drafted_plan.pk]), {})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in page
    assert "govuk-error-summary" in page
    assert drafted_plan.provision.count() == 1  # the fixture's one item, nothing added


def test_the_assessment_leads_to_drafting_the_plan(client, caseworker, drafting_request, child):
    client.force_login(caseworker)
    request_url = reverse("cases:request", args=[child.pk, drafting_request.pk])
    page = client.get(request_url).content.decode()
    start = reverse("plans:plan_start", args=[child.pk, drafting_request.pk])
    assert f'href="{start}">Write the draft EHC plan</a>' in page
    response = client.post(start)
    plan = Plan.objects.get()
    sections = reverse("plans:sections", args=[child.pk, plan.pk])
    assert response.url == sections  # straight to the writing
    page = client.get(request_url).content.decode()
    assert f'href="{sections}">Write the draft EHC plan</a>' in page


def test_a_reader_is_not_offered_the_drafting(client, head_of_service, drafting_request, child):
    client.force_login(head_of_service)
    page = client.get(reverse("cases:request", args=[child.pk, drafting_request.pk]))
    assert "Write the draft EHC plan" not in page.content.decode()
