"""Erasure at the end of the retention period: reviewed, then confirmed; the personal data
gone from every table (history tables included) and the statistics exactly as before."""

from dataclasses import asdict
from datetime import date

import pytest
from django.urls import reverse

from cases.models import Child, Document
from plans.models import PlanVersion
from records.erasure import ERASE, ErasureRefused, confirm_erasure, review_erasure
from records.kinds import KINDS
from records.models import Erasure
from reporting.kpis import Period, compute_all
from tests.factories import LogEntryFactory, PopulationCountFactory

from .conftest import (
    FIRST_NAME,
    LAST_NAME,
    NHS_NUMBER,
    NOTE_BODY,
    OLD_LAST_NAME,
    OUTCOME,
    PARENT,
    UPN,
    fill_record,
    make_child,
)
from .helpers import tables_containing

pytestmark = pytest.mark.django_db


def erase(children, user):
    erasure = review_erasure(child_ids=[c.pk for c in children], by=user)
    return confirm_erasure(erasure=erasure, by=user)


def test_every_kind_of_record_has_an_erasure_rule():
    assert set(ERASE) == {kind.key for kind in KINDS}


def test_the_erased_childs_personal_data_is_nowhere_in_the_database(
    in_2045, team, caseworker, head_of_service, media, django_capture_on_commit_callbacks
):
    child = make_child(team, caseworker)
    fill_record(child, caseworker, 2)
    other = make_child(
        team, caseworker, first_name="Bartholomew", last_name="Ingleby", upn="", nhs_number=""
    )
    fill_record(other, caseworker, 1, parent="Ada Ingleby", note="Another note")
    LogEntryFactory(user=head_of_service, changed=child)
    files = list(Document.objects.filter(child=child).values_list("file", flat=True))
    assert all((media / name).exists() for name in files)
    for text in (FIRST_NAME, LAST_NAME, OLD_LAST_NAME, UPN, PARENT, NOTE_BODY, OUTCOME):
        assert tables_containing(text), f"{text} should be in the database before"

    with django_capture_on_commit_callbacks(execute=True):
        erase([child], head_of_service)

    for text in (FIRST_NAME, LAST_NAME, OLD_LAST_NAME, UPN, NHS_NUMBER, PARENT, NOTE_BODY):
        assert tables_containing(text) == {}, text
    assert not any((media / name).exists() for name in files)
    # The other child is untouched (and the scan would have found them).
    assert "cases_child" in tables_containing("Bartholomew")
    assert "cases_historicalchild" in tables_containing("Ingleby")
    assert (media / Document.objects.get(child=other).file.name).exists()

    version = child.version
    child.refresh_from_db()
    assert (child.first_name, child.last_name, child.upn) == ("Erased", f"child {child.pk}", "")
    assert child.version == version + 1  # a form opened before is refused as stale
    assert child.date_of_birth == date(2001, 3, 1)  # the year and month kept
    content = PlanVersion.objects.filter(plan__child=child).first().content
    assert content["child"] == {
        "name": f"Erased child {child.pk}",
        "date_of_birth": "2001-03-01",
        "upn": "",
        "nhs_number": "",
    }
    assert child.events.filter(title__contains="erased at the end of the retention").exists()


def test_the_statistics_are_the_same_after_erasure(
    in_2045, team, caseworker, head_of_service, media
):
    # Births on the PREV edges (31 August / 1 September) and across the year; none in
    # January, whose 15th is the calendar year's snapshot (see records.erasure on AGE).
    births = [date(2001, 3, 15), date(2002, 8, 31), date(2002, 9, 1), date(2004, 11, 30)]
    children = [make_child(team, caseworker, date_of_birth=born, upn="") for born in births]
    for child in children:
        fill_record(child, caseworker, 2, year=2012)
    PopulationCountFactory(la_name="Demo Borough Council", la_code="999", year=2013, pupils=5000)
    periods = [
        Period.calendar_year(2012),
        Period.financial_year(2012),
        Period.academic_year(2012),
        Period.academic_year(2013),
    ]

    def figures():
        return [{k: asdict(r) for k, r in compute_all(period).items()} for period in periods]

    before = figures()
    assert before[0]["PREV"]["numerator"] == 4
    assert before[0]["N"]["value"] > 0
    erase(children[:3], head_of_service)
    assert figures() == before


def test_erasure_before_the_retention_date_is_refused(
    team, caseworker, head_of_service, time_machine
):
    child = make_child(team, caseworker, date_of_birth=date(2001, 3, 15))
    time_machine.move_to(date(2032, 3, 15), tick=False)  # the retention date itself
    with pytest.raises(ErasureRefused, match=str(child.pk)):
        review_erasure(child_ids=[child.pk], by=head_of_service)
    assert not Erasure.objects.exists()
    time_machine.move_to(date(2032, 3, 16), tick=False)
    assert review_erasure(child_ids=[child.pk], by=head_of_service).child_count == 1


def test_a_reviewed_erasure_is_checked_again_when_confirmed(
    in_2045, team, caseworker, head_of_service
):
    child = make_child(team, caseworker)
    erasure = review_erasure(child_ids=[child.pk], by=head_of_service)
    Child.objects.filter(pk=child.pk).update(date_of_birth=date(2020, 1, 1))  # corrected
    with pytest.raises(ErasureRefused):
        confirm_erasure(erasure=erasure, by=head_of_service)
    child.refresh_from_db()
    assert child.first_name == FIRST_NAME


def test_an_erasure_is_audited_without_personal_data(
    in_2045, team, caseworker, head_of_service, administrator
):
    children = [make_child(team, caseworker) for _ in range(2)]
    erasure = review_erasure(child_ids=[c.pk for c in children], by=head_of_service)
    confirm_erasure(erasure=erasure, by=administrator)
    erasure.refresh_from_db()
    assert (erasure.reviewed_by, erasure.confirmed_by, erasure.child_count) == (
        head_of_service,
        administrator,
        2,
    )
    assert erasure.confirmed_at is not None
    assert set(erasure.children.values_list("pk", flat=True)) == {c.pk for c in children}
    # An erased record leaves the retention list, and cannot be erased twice.
    with pytest.raises(ErasureRefused):
        review_erasure(child_ids=[children[0].pk], by=head_of_service)
    with pytest.raises(ErasureRefused):
        confirm_erasure(erasure=erasure, by=head_of_service)


def test_the_confirmation_page_says_how_many_and_that_it_cannot_be_undone(
    in_2045, client, team, caseworker, data_protection_officer
):
    children = [make_child(team, caseworker) for _ in range(3)]
    client.force_login(data_protection_officer)
    response = client.post(reverse("records:erasure_review"), {"child": [c.pk for c in children]})
    erasure = Erasure.objects.get()
    assert response.url == reverse("records:erasure_confirm", args=[erasure.pk])
    page = client.get(response.url).content.decode()
    assert "Erase the personal data in 3 records?" in page
    assert "This cannot be undone." in page

    refused = client.post(response.url, {})
    assert refused.status_code == 200
    assert "Confirm you understand the erasure cannot be undone" in refused.content.decode()
    assert not Erasure.objects.confirmed().exists()
    assert Child.objects.filter(first_name=FIRST_NAME).count() == 3

    done = client.post(response.url, {"confirm": "on"})
    assert done.url == reverse("records:retention")
    assert Erasure.objects.confirmed().get().confirmed_by == data_protection_officer
    assert not Child.objects.filter(first_name=FIRST_NAME).exists()


def test_the_review_of_a_child_not_past_retention_is_refused_on_the_page(
    client, team, caseworker, data_protection_officer
):
    child = make_child(team, caseworker, date_of_birth=date(2010, 1, 1))
    client.force_login(data_protection_officer)
    response = client.post(reverse("records:erasure_review"), {"child": [child.pk]}, follow=True)
    assert "Not past the retention date" in response.content.decode()
    assert not Erasure.objects.exists()


def test_the_retention_report_lists_only_records_past_their_date(
    in_2045, client, team, caseworker, data_protection_officer, administrator
):
    old = make_child(team, caseworker, date_of_birth=date(2010, 1, 1))
    young = make_child(team, caseworker, first_name="Youngest", date_of_birth=date(2020, 1, 1))
    client.force_login(data_protection_officer)
    page = client.get(reverse("records:retention")).content.decode()
    assert f'value="{old.pk}"' in page and f'value="{young.pk}"' not in page
    assert "1 January 2041" in page and "1 Jan 2041" not in page  # GOV.UK style dates
    # The data protection officer sees which records, not whose: they open no child's file.
    assert f"Child {old.reference}" in page and FIRST_NAME not in page
    # An administrator manages accounts and is refused the page (issue 17).
    client.force_login(administrator)
    assert client.get(reverse("records:retention")).status_code == 403


def test_the_retention_report_pages(in_2045, client, team, caseworker, data_protection_officer):
    for n in range(51):
        make_child(team, caseworker, date_of_birth=date(2000, 1, 1 + n % 28), upn="")
    client.force_login(data_protection_officer)
    first = client.get(reverse("records:retention")).content.decode()
    second = client.get(reverse("records:retention"), {"page": 2}).content.decode()
    assert first.count('name="child"') == 50
    assert second.count('name="child"') == 1
    assert "51 records past 31 years" in first


def test_the_kept_pdfs_of_the_erased_childs_plans_go_too(
    in_2045, team, caseworker, head_of_service, media, django_capture_on_commit_callbacks
):
    from plans.tasks import render_plan_pdf

    child = make_child(team, caseworker)
    fill_record(child, caseworker, 1)
    versions = PlanVersion.objects.filter(plan__child=child)
    for version in versions:
        render_plan_pdf(version.pk)
    kept = [media / v.pdf.name for v in PlanVersion.objects.filter(plan__child=child)]
    assert kept and all(path.exists() for path in kept)
    with django_capture_on_commit_callbacks(execute=True):
        erase([child], head_of_service)
    assert not any(path.exists() for path in kept)
    assert not PlanVersion.objects.filter(plan__child=child).exclude(pdf="").exists()
