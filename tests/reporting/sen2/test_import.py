import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from cases.models import AssessmentRequest, Child
from placements.models import NamedSetting, Placement, Setting
from plans.models import Plan
from reporting.sen2.export import export_return, validate
from reporting.sen2.importing import ImportRefused, import_sen2

from .conftest import MOCKUP, REFERENCE

pytestmark = pytest.mark.django_db
MOCKUP_BYTES = Path(MOCKUP).read_bytes()
IGNORED = {"SerialNo", "DateTime", "SoftwareCode", "Release"}


def test_importing_the_mockup_creates_its_records(administrator):
    result = import_sen2(MOCKUP_BYTES, by=administrator)
    assert result.persons == 2
    assert result.created["children"] == 2 and Child.objects.count() == 2
    assert result.created["requests"] == 3 and AssessmentRequest.objects.count() == 3
    assert result.created["plans"] == 1 and Plan.objects.count() == 1
    assert result.created["placements"] == 2 and Placement.objects.count() == 2
    assert result.created["settings"] == 2 and Setting.objects.count() == 2
    assert NamedSetting.objects.count() == 2
    assert result.created["cessations"] == 1
    assert result.created["disagreements"] == 6
    plan = Plan.objects.get()
    assert plan.issued_on == date(2023, 12, 26) and plan.status == Plan.Status.CEASED
    assert plan.cessation.reason == "4"
    child = Child.objects.get(last_name="TestFamilyName1")
    assert (child.primary_need, child.secondary_need) == ("SEMH", "SPLD")
    assert child.team is None
    # the audit trail: every row saved by the importing user, with the reason, whichever
    # service saved it (registered, plan issued, plan ceased)
    assert child.history.count() > 1
    for history in child.history.all():
        assert history.history_user == administrator
        assert history.history_change_reason == "SEN2 import"


def test_check_digit_failures_are_warnings_with_lines():
    result = import_sen2(MOCKUP_BYTES)
    warnings = [str(w) for w in result.warnings]
    assert any("Line 27" in w and "check letter" in w for w in warnings)
    assert sum("ULN" in w or "check digit" in w for w in warnings) == 2


def test_importing_twice_creates_nothing_twice():
    import_sen2(MOCKUP_BYTES)
    counts = (Child.objects.count(), AssessmentRequest.objects.count(), Placement.objects.count())
    again = import_sen2(MOCKUP_BYTES)
    assert again.total_created == 0
    assert again.existing["children"] == 2
    assert (
        Child.objects.count(),
        AssessmentRequest.objects.count(),
        Placement.objects.count(),
    ) == counts


def test_a_dry_run_writes_nothing():
    result = import_sen2(MOCKUP_BYTES, dry_run=True)
    assert result.created["children"] == 2
    assert Child.objects.count() == 0


def test_new_children_join_the_team_given(team):
    import_sen2(MOCKUP_BYTES, team=team)
    assert set(Child.objects.values_list("team", flat=True)) == {team.pk}


def broken_file() -> bytes:
    text = MOCKUP_BYTES.decode()
    text = text.replace("<Sex>F</Sex>", "<Sex>Q</Sex>", 1)
    text = text.replace(
        "<ReceivedDate>2023-11-30</ReceivedDate>", "<ReceivedDate>2023-13-45</ReceivedDate>"
    )
    return text.encode()


def test_a_broken_file_reports_every_error_and_imports_nothing():
    with pytest.raises(ImportRefused) as refused:
        import_sen2(broken_file())
    errors = [p for p in refused.value.problems if p.level == "error"]
    assert len(errors) == 2
    by_line = {p.line: p for p in errors}
    assert set(by_line) == {31, 121}  # as in the mock-up file
    assert "ReceivedDate" in by_line[31].path
    assert "Sex" in by_line[121].path
    assert Child.objects.count() == 0 and Setting.objects.count() == 0


def test_not_xml_and_not_sen2():
    with pytest.raises(ImportRefused) as refused:
        import_sen2(b"<Message><Header>")
    assert refused.value.problems[0].line == 1
    with pytest.raises(ImportRefused):
        import_sen2(b"<Other/>")
    with pytest.raises(ImportRefused):
        import_sen2(b'<!DOCTYPE x [<!ENTITY a "b">]><Message/>')


# --- Round trip ---------------------------------------------------------------------------------


def canonical(element: ET.Element):
    """An element as comparable data: leaves by text, repeated children as a sorted list, empty
    elements (absent values) dropped, and the header's run-specific fields ignored."""
    if len(element) == 0:
        return (element.text or "").strip()
    children = {}
    for child in element:
        if child.tag in IGNORED or (len(child) == 0 and not (child.text or "").strip()):
            continue
        children.setdefault(child.tag, []).append(canonical(child))
    return {tag: sorted(values, key=repr) for tag, values in children.items()}


def test_round_trip_gives_an_equivalent_file():
    import_sen2(MOCKUP_BYTES)
    _, exported = export_return(REFERENCE, "201")
    assert validate(exported) == []
    original = canonical(ET.fromstring(MOCKUP_BYTES))
    again = canonical(ET.fromstring(exported))
    assert again == original


def test_a_files_own_year_chooses_its_code_lists(administrator):
    """DS (Down syndrome) is a need code from the 2025 collection: a 2025 file carrying it is
    read, the same file as a 2024 return is refused on that line, and an unknown year is named."""
    with_ds = MOCKUP_BYTES.replace(b"<SENtype>SPLD</SENtype>", b"<SENtype>DS</SENtype>")
    with pytest.raises(ImportRefused) as refused:
        import_sen2(with_ds, by=administrator)
    (problem,) = [p for p in refused.value.problems if p.level == "error"]
    assert "DS" in problem.message and problem.line == 108
    assert not Child.objects.exists()

    as_2025 = with_ds.replace(b"<Year>2024</Year>", b"<Year>2025</Year>")
    import_sen2(as_2025, by=administrator)
    assert Child.objects.filter(secondary_need="DS").count() == 1

    as_2030 = MOCKUP_BYTES.replace(b"<Year>2024</Year>", b"<Year>2030</Year>")
    with pytest.raises(ImportRefused) as refused:
        import_sen2(as_2030, by=administrator)
    assert "SEN2 2030 is not supported" in refused.value.problems[0].message
