"""Reading issued versions of a plan: the document, print and PDF, comparisons, and who may."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from cases.models import RecordView
from plans.content import snapshot
from plans.models import Outcome
from tests.factories import OutcomeFactory, PlanFactory, PlanVersionFactory, ProvisionItemFactory

pytestmark = pytest.mark.django_db

EHC_HEADINGS = [
    "Section A: Views, interests and aspirations",
    "Section B: Special educational needs",
    "Section C: Health needs related to SEN",
    "Section D: Social care needs related to SEN",
    "Section E: Outcomes",
    "Section F: Special educational provision",
    "Section G: Health provision",
    "Section H1: Social care provision (CSDPA 1970 s2)",
    "Section H2: Other social care provision",
    "Section I: Placement",
    "Section J: Personal budget",
    "Section K: Advice and information",
]


def issue(plan, number, *, by=None, on=date(2024, 5, 20), reason="issued"):
    return PlanVersionFactory(
        plan=plan, number=number, reason=reason, issued_on=on, issued_by=by, content=snapshot(plan)
    )


@pytest.fixture
def plan(child):
    return PlanFactory(
        child=child,
        kind="ehc_plan",
        status="final",
        origin="assessment",
        issued_on=date(2024, 5, 20),
        section_a="Amelia likes trains and wants to be a driver.",
        section_b="Autism; severe anxiety at transitions.",
        section_k="Educational psychology advice, March 2024.",
    )


@pytest.fixture
def versions(plan, caseworker):
    """Version 1 as issued; version 2 after an amendment added an outcome, dropped the TA
    support and reworded section B."""
    reading = OutcomeFactory(
        plan=plan, area="education", description="Reads aloud to the class", position=1
    )
    OutcomeFactory(plan=plan, area="health", description="Sleeps through the night")
    ProvisionItemFactory(
        plan=plan,
        outcome=reading,
        description="Speech and language therapy",
        provider="NHS SALT service",
        frequency="Weekly, 30 minutes",
        funded_by="health",
        position=1,
    )
    assistant = ProvisionItemFactory(
        plan=plan,
        description="Teaching assistant support in class",
        provider="Hill Primary School",
        frequency="15 hours a week",
        position=2,
    )
    first = issue(plan, 1, by=caseworker)

    plan.section_b = "Autism; anxiety at transitions and at lunchtimes."
    plan.save()
    OutcomeFactory(
        plan=plan, area="adulthood", description="Travels to school on the bus", position=3
    )
    assistant.delete()
    second = issue(plan, 2, by=caseworker, on=date(2025, 3, 3), reason="amended")
    return first, second


def url(name, plan, **kwargs):
    return reverse(f"plans:{name}", kwargs={"pk": plan.child_id, "plan_id": plan.pk, **kwargs})


def section_html(body: str, key: str) -> str:
    match = re.search(rf'data-section="{key}">(.*?)</section>', body, re.S)
    assert match, f"no section {key}"
    return match.group(1)


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_version_shows_sections_in_statutory_order(signed_in, plan, versions):
    response = signed_in.get(url("version", plan, number=2))
    body = response.content.decode()
    assert response.status_code == 200
    positions = [body.index(heading) for heading in EHC_HEADINGS]
    assert positions == sorted(positions)
    assert "Amelia likes trains" in section_html(body, "a")
    assert "Nothing recorded" in section_html(body, "g")
    assert "Version 2, issued 3 March 2025" in body


def test_outcomes_grouped_by_area_and_provision_linked(signed_in, plan, versions):
    body = signed_in.get(url("version", plan, number=1)).content.decode()
    outcomes = section_html(body, "e")
    assert outcomes.index(">Education</caption>") < outcomes.index(">Health</caption>")
    assert "Sleeps through the night" in outcomes
    provision = section_html(body, "f")
    assert "Teaching assistant support in class" in provision
    row = re.search(r"Speech and language therapy.*?</tr>", provision, re.S).group(0)
    assert "Reads aloud to the class" in row and "Health" in row


SCHOOL = {"name": "Hill Primary", "urn": "100001", "type_label": "Academy", "from": "2025-09-01"}
BUDGET = {"kind_label": "Transport", "amount": "1200.00", "direct_payment": True}


def test_placement_and_budget_rows_beside_their_sections_text(signed_in, plan, versions):
    second = versions[1]
    second.content["sections"]["i"] = "Hill Primary from September 2025."
    second.content.update(named_settings=[SCHOOL], personal_budgets=[BUDGET])
    second.save()
    body = signed_in.get(url("version", plan, number=2)).content.decode()
    placement = section_html(body, "i")
    assert "Hill Primary from September 2025." in placement
    assert "100001" in placement and "1 September 2025" in placement
    budget = section_html(body, "j")
    assert "Transport" in budget and "£1,200.00" in budget
    assert "Nothing recorded" not in budget

    compared = signed_in.get(url("compare", plan), {"from": 1, "to": 2}).content.decode()
    assert "Hill Primary (URN 100001), from 1 September 2025" in section_html(compared, "i")
    assert "Transport: £1,200.00, as a direct payment" in section_html(compared, "j")


def test_version_reads_as_issued_whatever_the_working_copy_says(signed_in, plan, versions):
    plan.section_a = "Rewritten since"
    plan.save()
    body = signed_in.get(url("version", plan, number=1)).content.decode()
    assert "Amelia likes trains" in body and "Rewritten since" not in body
    assert "Teaching assistant support in class" in body  # deleted from the working copy


def test_statement_uses_the_statement_part_names(signed_in, child):
    statement = PlanFactory(
        child=child, kind="statement", status="final", origin="assessment", section_b="Dyslexia"
    )
    issue(statement, 1)
    body = signed_in.get(url("version", statement, number=1)).content.decode()
    parts = [
        "Part 1: introduction and views",
        "Part 2: special educational needs",
        "Part 5: non-educational needs (health)",
        "Objectives",
        "Part 3: special educational provision",
        "Part 4: placement",
        "Appendices: advice",
    ]
    positions = [body.index(part) for part in parts]
    assert positions[:3] == sorted(positions[:3])
    assert "Section A:" not in body
    assert "Statement of SEN" in body


def test_missing_version_is_not_found(signed_in, plan, versions):
    for name in ("version", "version_print", "version_pdf"):
        assert signed_in.get(url(name, plan, number=3)).status_code == 404


def test_another_childs_plan_is_not_found(signed_in, plan, versions, team):
    from tests.factories import ChildFactory

    sibling = ChildFactory(team=team)
    response = signed_in.get(
        reverse("plans:version", kwargs={"pk": sibling.pk, "plan_id": plan.pk, "number": 1})
    )
    assert response.status_code == 404


def test_versions_list_links_each_version_and_offers_a_comparison(signed_in, plan, versions):
    body = signed_in.get(url("versions", plan)).content.decode()
    assert url("version", plan, number=1) in body and url("version", plan, number=2) in body
    assert "Amended after review" in body and "3 March 2025" in body
    assert escape(versions[0].issued_by) in body
    assert 'name="from"' in body and 'name="to"' in body
    form = re.search(r'<form method="get".*?</form>', body, re.S).group(0)
    assert "csrfmiddlewaretoken" not in form  # it would end up in the address bar
    assert url("compare", plan) in body and url("working_changes", plan) in body


def test_compare_shows_what_the_amendment_changed(signed_in, plan, versions):
    response = signed_in.get(url("compare", plan), {"from": 1, "to": 2})
    body = response.content.decode()
    assert response.status_code == 200
    assert "From version 1" in body

    outcomes = section_html(body, "e")
    assert "Outcomes added" in outcomes and "Travels to school on the bus" in outcomes
    provision = section_html(body, "f")
    assert "Provision removed" in provision
    assert "Teaching assistant support in class" in provision
    assert "Speech and language therapy" not in provision  # unchanged rows are not listed

    needs = section_html(body, "b")
    assert re.search(r"<ins>[^<]*<span[^>]*>\[added: </span> and at lunchtimes<", needs)
    assert re.search(r"<del>[^<]*<span[^>]*>\[removed: </span>\s?severe\s?<", needs)
    assert "Changed" in needs

    for untouched in ("a", "c", "g", "k"):
        assert "No change" in section_html(body, untouched)


def test_compare_with_no_question_shows_the_latest_two(signed_in, plan, versions):
    body = signed_in.get(url("compare", plan)).content.decode()
    assert "From version 1" in body and "Travels to school on the bus" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "one", "to": "2"}, "Choose a version this plan has"),
        ({"from": "9", "to": "2"}, "Choose a version this plan has"),
        ({"from": "2", "to": "2"}, "Choose two different versions"),
        ({"to": "2"}, "Choose a version"),
    ],
)
def test_compare_explains_a_bad_choice(signed_in, plan, versions, query, message):
    response = signed_in.get(url("compare", plan), query)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and message in body
    assert "<title>Error:" in body
    assert 'data-section="b"' not in body


def test_working_changes_compare_the_working_copy_with_the_latest_version(
    signed_in, plan, versions
):
    plan.section_k = "Educational psychology advice, March 2024. Health advice, 2025."
    plan.save()
    Outcome.objects.filter(description="Sleeps through the night").update(by_when="Age 8")
    body = signed_in.get(url("working_changes", plan)).content.decode()
    assert "Changes not yet issued" in body and "against version 2" in body
    assert re.search(r"<ins>.*?Health advice, 2025\.", section_html(body, "k"), re.S)
    outcomes = section_html(body, "e")
    assert "Changed: Sleeps through the night" in outcomes and "Age 8" in outcomes
    assert "No change" in section_html(body, "b")


def test_working_changes_before_anything_was_issued(signed_in, plan):
    body = signed_in.get(url("working_changes", plan)).content.decode()
    assert "has not been issued yet" in body


def test_print_page_has_no_navigation_and_no_script(signed_in, plan, versions, settings):
    body = signed_in.get(url("version_print", plan, number=2)).content.decode()
    assert "moj-primary-navigation" not in body and "moj-sub-navigation" not in body
    assert "<script" not in body
    assert "plans/print.css" in body
    assert settings.COUNCIL_NAME in body and "Version 2 issued 3 March 2025" in body
    positions = [body.index(heading) for heading in EHC_HEADINGS]
    assert positions == sorted(positions)


def test_pdf_is_the_plan_without_the_childs_name_in_its_file_name(
    signed_in, plan, versions, child, settings
):
    settings.COUNCIL_NAME = "Exampleshire County Council"
    response = signed_in.get(url("version_pdf", plan, number=2))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="plan-{plan.pk}-v2.pdf"'
    assert child.first_name not in disposition and child.last_name not in disposition
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Section B: Special educational needs" in text
    assert "Travels to school on the bus" in text
    assert "Exampleshire County Council" in text  # the page header
    assert "Version 2 issued 3 March 2025" in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_a_long_plan_breaks_across_pages(signed_in, child):
    plan = PlanFactory(child=child, status="final", origin="assessment")
    for n in range(60):
        ProvisionItemFactory(
            plan=plan,
            description=f"Provision item {n:02} " + "in small steps " * 8,
            provider="Hill Primary School",
            frequency="Daily",
        )
    issue(plan, 1)
    response = signed_in.get(url("version_pdf", plan, number=1))
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 2
    assert "Provision item 00" in text and "Provision item 59" in text


def test_every_read_is_logged(signed_in, plan, versions, caseworker):
    signed_in.get(url("version", plan, number=1))
    assert RecordView.objects.filter(user=caseworker, child=plan.child).count() == 1


VISITORS = {
    "caseworker": 200,
    "team_manager": 200,
    "head_of_service": 200,
    "outsider": 403,
    "administrator": 403,
}
PAGES = [
    ("versions", {}),
    ("version", {"number": 1}),
    ("version_print", {"number": 1}),
    ("version_pdf", {"number": 1}),
    ("compare", {}),
    ("working_changes", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("visitor", list(VISITORS))
def test_who_may_read_versions(client, request, plan, versions, visitor, name, kwargs):
    client.force_login(request.getfixturevalue(visitor))
    assert client.get(url(name, plan, **kwargs)).status_code == VISITORS[visitor]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_is_sent_to_sign_in(client, plan, versions, name, kwargs):
    page = url(name, plan, **kwargs)
    response = client.get(page)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={page}"


def test_pages_answer_only_reads(signed_in, plan, versions):
    assert signed_in.post(url("version", plan, number=1)).status_code == 405
    assert signed_in.post(url("compare", plan)).status_code == 405


def _queries_for_version_page(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("version", plan, number=1)).status_code == 200
    return len(queries)


def test_version_page_queries_do_not_grow_with_the_plan(signed_in, child):
    """Rendered from the frozen JSON: the same queries for 2 outcomes as for 20."""
    sizes = {}
    for count in (2, 20, 2):
        plan = PlanFactory(child=child, status="final", origin="assessment")
        for n in range(count):
            outcome = OutcomeFactory(plan=plan, area="education", description=f"O{n}")
            ProvisionItemFactory(
                plan=plan, outcome=outcome, description=f"P{n}", provider="S", frequency="W"
            )
        issue(plan, 1)
        sizes[count] = _queries_for_version_page(signed_in, plan)  # the second 2 is warm
    assert sizes[2] == sizes[20] <= 12
