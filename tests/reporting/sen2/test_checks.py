from datetime import date

import pytest

from placements.codes import SettingType
from placements.models import Placement, Setting
from plans.models import Plan
from reporting.sen2.checks import run_checks
from reporting.sen2.export import export_return, select_return
from tests.factories import AssessmentRequestFactory, ChildFactory, PlacementFactory, PlanFactory

from .conftest import REFERENCE

pytestmark = pytest.mark.django_db


def messages(level=None):
    sen2, xml = export_return(REFERENCE, "999")
    return [p.message for p in run_checks(sen2, xml) if level is None or p.level == level]


def has(fragment, level=None):
    return any(fragment in message for message in messages(level))


def test_the_clean_council_has_no_errors(council):
    sen2, xml = export_return(REFERENCE, "999")
    problems = run_checks(sen2, xml)
    assert [p for p in problems if p.is_error] == []


def test_plan_without_a_placement(council):
    assert not has("no placement in the collection year")
    Placement.objects.filter(child=council["new"]).delete()
    assert has("no placement in the collection year", "error")
    assert has("names no setting", "error")
    assert has("File /Message/Persons", None) or any(
        p.reference.startswith("File ") for p in run_checks(*export_return(REFERENCE, "999"))
    )


def test_assessment_outcome_without_a_date(council):
    assert not has("assessment outcome has no date")
    request = council["request"]
    request.issue_decision_on = None
    request.save()
    assert has("assessment outcome has no date", "error")


def test_upn_failing_its_check_letter(council):
    assert not has("check letter")
    child = council["new"]
    child.upn = "X123456789875"
    child.save()
    problems = run_checks(select_return(REFERENCE, "999"))
    problem = next(p for p in problems if "check letter" in p.message)
    assert problem.is_error and problem.url == child.get_absolute_url()
    assert "Ava New" in problem.reference


def test_missing_upn_without_a_reason(council):
    assert not has("No UPN")
    child = council["waiting"]
    child.upn = ""
    child.save()
    assert has("No UPN and no reason", "error")
    child.uln = "1234567890"
    child.save()
    assert has("No UPN and no reason", "warning")
    child.upn_unknown = "UN2"
    child.save()
    assert not has("No UPN")


def test_request_without_source(council):
    assert not has("no source")
    request = council["waiting"].requests.get()
    request.source = ""
    request.save()
    assert has("no source", "error")


def test_final_plan_before_request(council):
    assert not has("before the request")
    request = council["request"]
    request.final_issued_on = date(2023, 2, 1)
    request.save()
    assert has("final plan is dated before the request", "error")


def test_placement_without_urn_and_setting_code(council, eotas):
    assert not has("no URN, no UKPRN")
    eotas.setting_type = SettingType.ACADEMY  # a school, but no URN on record
    eotas.save()
    assert has("no URN, no UKPRN and no SEN2 setting type", "error")


def test_ceased_plan_without_reason(council):
    assert not has("without a reason")
    Plan.objects.get(child=council["ceased"]).cessation.delete()
    assert has("ceased without a reason", "error")


def test_duplicates(council):
    assert not has("same names") and not has("is used by")
    twin = ChildFactory(
        first_name="Ava",
        last_name="New",
        date_of_birth=council["new"].date_of_birth,
        upn=council["new"].upn,
        primary_need="ASD",
    )
    AssessmentRequestFactory(child=twin, received_on=date(2023, 5, 5))
    AssessmentRequestFactory(child=twin, received_on=date(2023, 5, 5))
    assert has("same names and date of birth", "warning")
    assert has("is used by 2 children", "error")
    assert has("2 requests received on 05/05/2023", "error")


def test_no_primary_need_and_too_many_placements(council, school):
    new = council["new"]
    assert not has("No primary need") and not has("main placements")
    new.primary_need = ""
    new.save()
    PlacementFactory(
        child=new, setting=school, entry_on=date(2023, 1, 1), leaving_on=date(2023, 8, 31)
    )
    assert has("No primary need", "error")
    assert has("2 main placements in the year", "warning")


def test_schema_errors_are_errors(council, school):
    Setting.objects.filter(pk=school.pk).update(urn="12AB")
    sen2, xml = export_return(REFERENCE, "999")
    schema = [p for p in run_checks(sen2, xml) if p.reference.startswith("File ")]
    assert schema and all(p.is_error for p in schema)


def test_plan_without_issue_date(council):
    PlanFactory(child=council["waiting"], issued_on=None)
    assert has("no issue date", "error")
