"""The import keeps the statutory clock: what it records goes through the services the pages
use, so imported cases have their Deadline rows and next reviews, the KPIs count them as they
count casework, and a person is never merged into another child."""

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from cases.models import Alert, AssessmentRequest, CaseEvent, Child, Deadline
from cases.models.assessment import Decision, Regime, Source, TimeLimitException
from cases.services import assessment
from cases.services.alerts import scan_deadlines
from placements.codes import SettingType
from placements.models import Placement, Setting
from placements.services.directory import create_setting
from placements.services.placements import add_placement
from plans.models import AnnualReview, Plan
from plans.services.lifecycle import issue_plan, start_plan_from_request
from reporting.kpis import Period, compute_all
from reporting.sen2.export import export_return
from reporting.sen2.importing import ImportRefused, import_sen2
from tests.factories import ChildFactory

from .conftest import MOCKUP, REFERENCE
from .test_import import canonical

pytestmark = pytest.mark.django_db
MOCKUP_BYTES = Path(MOCKUP).read_bytes()
YEAR = Period(date(2023, 1, 1), date(2023, 12, 31), REFERENCE)
# What a SEN2 return carries the dates of; advice (TADV) and draft plans are not in it.
TIMELINESS = ("T20X", "T20", "TAVG", "TLATE", "T6", "T16")


def figures() -> dict:
    results = compute_all(YEAR)
    return {code: results[code].as_dict() for code in TIMELINESS}


def every_row_count() -> dict:
    """Rows of every model of the case apps, history and chronology included."""
    return {
        model._meta.label: model.objects.count()
        for app in ("cases", "plans", "placements")
        for model in apps.get_app_config(app).get_models()
    }


# --- the mock-up ---------------------------------------------------------------------------------


def test_the_mockup_gets_its_deadlines_and_timeliness(administrator):
    import_sen2(MOCKUP_BYTES, by=administrator)
    open_request = AssessmentRequest.objects.get(received_on=date(2023, 12, 3))
    decision = Deadline.objects.get(request=open_request, kind=Deadline.Kind.DECISION_TO_ASSESS)
    assert decision.due_on == date(2024, 1, 14) and decision.completed_on is None
    for request in AssessmentRequest.objects.all():
        assert Deadline.objects.filter(request=request).exists()
    results = compute_all(YEAR)
    # Requests of 30 November (decided next day) and 31 August (decided 1 December, late).
    assert (results["T6"].numerator, results["T6"].denominator) == (1, 2)
    # The plan issued 26 December 2023, 26 days after the request.
    assert (results["T20"].numerator, results["T20"].denominator) == (1, 1)
    assert (results["T20X"].numerator, results["T20X"].denominator) == (1, 1)
    assert CaseEvent.objects.filter(title__startswith="Request for assessment").count() == 3
    # the daily scan raises the open request's alerts from its rows; the import sent nothing
    assert len(mail.outbox) == 0
    scan_deadlines(today=REFERENCE)
    assert Alert.objects.filter(deadline=decision).exists()


def test_importing_twice_adds_no_row_at_all(administrator):
    import_sen2(MOCKUP_BYTES, by=administrator)
    before = every_row_count()
    assert before["cases.Deadline"] > 0
    again = import_sen2(MOCKUP_BYTES, by=administrator)
    assert again.total_created == 0
    assert every_row_count() == before


# --- the models' own checks ----------------------------------------------------------------------


def test_a_placement_leaving_before_it_started_refuses_the_file():
    text = MOCKUP_BYTES.decode().replace(
        "<LeavingDate>2024-01-10</LeavingDate>", "<LeavingDate>2023-12-10</LeavingDate>", 1
    )
    with pytest.raises(ImportRefused) as refused:
        import_sen2(text.encode())
    errors = [p for p in refused.value.problems if p.level == "error"]
    assert len(errors) == 1
    assert errors[0].line == 77  # the PlacementDetail, as in the mock-up file
    assert "leaving date" in errors[0].message
    assert Child.objects.count() == 0 and Setting.objects.count() == 0
    assert Deadline.objects.count() == 0


# --- identity ------------------------------------------------------------------------------------


def _existing(**fields):
    defaults = {
        "first_name": "TestFirstname1",
        "last_name": "TestFamilyName1",
        "date_of_birth": date(2002, 1, 1),
        "upn": "X123456789875",
        "uln": "1234567890",
    }
    return ChildFactory(**{**defaults, **fields})


def test_same_upn_and_birth_date_is_the_same_child_and_a_new_name_is_a_warning():
    child = _existing(first_name="Tess")
    result = import_sen2(MOCKUP_BYTES)
    assert result.existing["children"] == 1 and result.created["children"] == 1
    assert child.requests.count() == 1
    warnings = [str(w) for w in result.warnings]
    assert any("Line 20" in w and "as Tess TestFamilyName1" in w for w in warnings)
    child.refresh_from_db()
    assert child.first_name == "Tess"


def test_same_upn_with_another_birth_date_is_an_error_not_a_merge():
    child = _existing(first_name="Someone", last_name="Else", date_of_birth=date(2010, 5, 5))
    with pytest.raises(ImportRefused) as refused:
        import_sen2(MOCKUP_BYTES)
    (error,) = [p for p in refused.value.problems if p.level == "error"]
    assert error.line == 27 and error.path.endswith("/UPN")
    assert "05/05/2010" in error.message and "01/01/2002" in error.message
    assert Child.objects.count() == 1 and not child.requests.exists()


def test_same_uln_with_another_birth_date_is_an_error():
    _existing(upn="", date_of_birth=date(2002, 1, 2))
    with pytest.raises(ImportRefused) as refused:
        import_sen2(MOCKUP_BYTES)
    (error,) = [p for p in refused.value.problems if p.level == "error"]
    assert error.line == 28 and error.path.endswith("/UniqueLearnerNumber")


def test_same_upn_with_another_uln_is_an_error():
    _existing(uln="1000000043")
    with pytest.raises(ImportRefused) as refused:
        import_sen2(MOCKUP_BYTES)
    (error,) = [p for p in refused.value.problems if p.level == "error"]
    assert error.line == 27 and "1000000043" in error.message


@pytest.mark.parametrize(
    ("second", "first", "line"),
    [("X123456789832", "X123456789875", 124), ("1234567089", "1234567890", 125)],
)
def test_two_persons_with_one_identifier_in_a_file_is_an_error(second, first, line):
    text = MOCKUP_BYTES.decode().replace(second, first)
    with pytest.raises(ImportRefused) as refused:
        import_sen2(text.encode())
    (error,) = [p for p in refused.value.problems if p.level == "error"]
    assert error.line == line and "line 20" in error.message
    assert Child.objects.count() == 0


def test_without_upn_or_uln_names_and_birth_date_match_and_the_result_says_so():
    text = MOCKUP_BYTES.decode()
    for tag in ("UPN", "UniqueLearnerNumber"):
        text = text.replace(f"<{tag}>X123456789832</{tag}>", "")
        text = text.replace(f"<{tag}>1234567089</{tag}>", "")
    child = ChildFactory(
        first_name="TestFirstname2", last_name="RequestRefused", date_of_birth=date(2003, 11, 11)
    )
    result = import_sen2(text.encode())
    assert child.requests.count() == 2
    assert any("names and date of birth only" in str(w) for w in result.warnings)


def test_the_preview_shows_a_name_difference_and_the_import_page_an_identity_error(
    client, head_of_service
):
    client.force_login(head_of_service)
    child = _existing(first_name="Tess")
    with open(MOCKUP, "rb") as upload:
        preview = client.post(reverse("sen2:import"), {"file": upload})
    assert b"as Tess TestFamilyName1" in preview.content
    assert b"Confirm the import" in preview.content
    child.date_of_birth = date(2010, 5, 5)
    child.save()
    with open(MOCKUP, "rb") as upload:
        refused = client.post(reverse("sen2:import"), {"file": upload})
    assert b"Line 27" in refused.content and b"05/05/2010" in refused.content
    assert b"Confirm the import" not in refused.content
    assert Child.objects.count() == 1


# --- the KPIs of an imported year equal those of the same history recorded here --------------


def _request(by, received, *, decide=None, assess=True, issue=None, issues=True, draft=None):
    child = ChildFactory(postcode="AB1 2CD")
    request = assessment.record_request(
        child=child, by=by, regime=Regime.EHCP, source=Source.PARENT, received_on=received
    )
    if decide:
        decision = Decision.YES if assess else Decision.NO
        request = assessment.record_assess_decision(
            request=request, by=by, decision=decision, decided_on=decide
        )
    if issue:
        decision = Decision.YES if issues else Decision.NO
        request = assessment.record_issue_decision(
            request=request, by=by, decision=decision, decided_on=issue
        )
    if draft:
        request = assessment.record_draft_sent(request=request, by=by, sent_on=draft)
    return request


def _final(by, request, issued_on):
    plan = start_plan_from_request(request=request, by=by)
    issue_plan(plan=plan, by=by, issued_on=issued_on, content_held=False)
    school = Setting.objects.filter(urn="100001").first() or create_setting(
        by=by, name="Hill Primary", urn="100001", setting_type=SettingType.ACADEMY, la_code="201"
    )
    add_placement(
        child=request.child,
        by=by,
        setting=school,
        plan=plan,
        entry_on=issued_on,
        named_in_section_i=True,
    )
    return plan


def build_history(by):
    """A year of casework recorded through the services, as the pages record it."""
    in_time = _request(
        by,
        date(2023, 1, 9),
        decide=date(2023, 2, 10),
        issue=date(2023, 4, 1),
        draft=date(2023, 4, 10),
    )
    _final(by, in_time, date(2023, 5, 20))
    late = _request(
        by,
        date(2023, 1, 2),
        decide=date(2023, 3, 1),
        issue=date(2023, 6, 1),
        draft=date(2023, 6, 5),
    )
    _final(by, late, date(2023, 8, 1))
    excepted = _request(
        by,
        date(2023, 2, 1),
        decide=date(2023, 3, 1),
        issue=date(2023, 7, 1),
        draft=date(2023, 7, 3),
    )
    assessment.record_exception(
        request=excepted,
        by=by,
        step=TimeLimitException.Step.FINAL_PLAN,
        reason=TimeLimitException.Reason.PERSONAL_CIRCUMSTANCES,
        starts_on=date(2023, 4, 1),
        ends_on=None,
        note="Family in hospital",
    )
    _final(by, excepted, date(2023, 9, 1))
    very_late = _request(
        by,
        date(2022, 6, 1),
        decide=date(2022, 9, 1),
        issue=date(2023, 3, 1),
        draft=date(2023, 3, 2),
    )
    _final(by, very_late, date(2023, 7, 1))
    _request(by, date(2023, 3, 1), decide=date(2023, 4, 1), assess=False)
    _request(by, date(2023, 5, 1), decide=date(2023, 6, 1), issue=date(2023, 8, 1), issues=False)
    _request(by, date(2023, 11, 1))


def _empty_the_database():
    Placement.objects.all().delete()
    Plan.objects.all().delete()
    Child.objects.all().delete()
    assert Deadline.objects.count() == 0 and AssessmentRequest.objects.count() == 0


def test_an_imported_year_has_the_kpis_of_the_same_year_recorded_here(administrator):
    build_history(administrator)
    recorded = figures()
    assert recorded["T20"]["denominator"] == 4 and recorded["T20X"]["denominator"] == 3
    open_deadlines = Deadline.objects.filter(completed_on__isnull=True).count()
    reviews_due = sorted(AnnualReview.objects.values_list("due_on", flat=True))
    _, exported = export_return(REFERENCE, "201")

    _empty_the_database()
    assert figures()["T20"]["denominator"] == 0
    import_sen2(exported, by=administrator)

    assert figures() == recorded
    assert Deadline.objects.filter(completed_on__isnull=True).count() == open_deadlines
    # each plan's next review, due 12 months from its issue (s44(1))
    assert sorted(AnnualReview.objects.values_list("due_on", flat=True)) == reviews_due
    assert len(reviews_due) == 4


def test_a_return_exported_here_imports_into_an_empty_database_and_exports_the_same(
    administrator, council
):
    """Historical plans (no request, no issue date in the file), a plan ceased in the year, a
    withdrawn request and a waiting one, all recorded through the services."""
    _, exported = export_return(REFERENCE, "999")
    _empty_the_database()
    import_sen2(exported, by=administrator)
    _, again = export_return(REFERENCE, "999")
    assert canonical(ET.fromstring(again)) == canonical(ET.fromstring(exported))
    waiting = AssessmentRequest.objects.get(received_on=date(2023, 10, 1))
    assert Deadline.objects.filter(request=waiting, completed_on__isnull=True).exists()


def test_the_command_records_the_user_it_is_given(administrator, capsys):
    call_command("import_sen2", MOCKUP, "--user", administrator.username)
    child = Child.objects.get(last_name="RequestRefused")
    assert {h.history_user for h in child.history.all()} == {administrator}
    with pytest.raises(CommandError, match="No user"):
        call_command("import_sen2", MOCKUP, "--user", "nobody")
