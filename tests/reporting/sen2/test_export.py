import xml.etree.ElementTree as ET
from datetime import date

import pytest

from reporting.kpis.base import census_day
from reporting.sen2.export import (
    export_return,
    export_schema,
    file_name,
    select_return,
    validate,
)
from tests.factories import AssessmentRequestFactory, ChildFactory, PlacementFactory, PlanFactory

from .conftest import REFERENCE

pytestmark = pytest.mark.django_db


def _persons(xml):
    root = ET.fromstring(xml)
    return {p.findtext("Surname"): p for p in root.iterfind("Persons/Person")}


def test_census_day_is_the_third_thursday_of_january():
    assert census_day(2024) == date(2024, 1, 18)
    assert census_day(2023) == date(2023, 1, 19)
    assert census_day(2026) == date(2026, 1, 15)


def test_the_export_of_a_realistic_council_is_valid(council):
    sen2, xml = export_return(REFERENCE, "999")
    assert validate(xml) == []
    export_schema().validate(ET.fromstring(xml))
    assert set(_persons(xml)) == {"New", "Waiting", "Old", "Ceased", "Withdrawn"}
    assert sen2.counts == {"persons": 5, "requests": 3, "plans": 3}


def test_what_each_person_says(council):
    _, xml = export_return(REFERENCE, "999")
    persons = _persons(xml)
    new = persons["New"].find("Requests")
    assert new.findtext("ReceivedDate") == "2023-03-01"
    assert new.findtext("RequestOutcome") == "Y"
    assert new.findtext("RequestOutcomeDate") == "2023-04-10"
    assessment = new.find("Assessment")
    assert assessment.findtext("AssessmentOutcome") == "Y"
    assert assessment.findtext("Week20") == "1"
    assert assessment.findtext("OtherMediation") == "1"
    assert assessment.findtext("NamedPlan/StartDate") == "2023-07-15"
    assert assessment.findtext("NamedPlan/PlanDetail/URN") == "100001"
    assert new.findtext("ActivePlans/PlacementDetail/EntryDate") == "2023-09-01"
    assert new.findtext("ActivePlans/SENneed/SENtype") == "ASD"

    waiting = persons["Waiting"].find("Requests")
    assert waiting.findtext("RequestOutcome") == "A"
    assert waiting.findtext("RYA") == "1"

    old = persons["Old"].find("Requests")
    assert old.findtext("RequestOutcome") == "H"
    assert old.find("ReceivedDate") is None
    assert old.find("Assessment/NamedPlan") is None  # issued before the collection year
    placement = old.find("ActivePlans/PlacementDetail")
    assert placement.findtext("SENSetting") == "OPA" and placement.find("URN") is None
    assert old.findtext("ActivePlans/ReviewOutcome") == "M"
    assert old.findtext("ActivePlans/LastReview") == "2023-05-20"
    assert [n.findtext("SENtype") for n in old.iterfind("ActivePlans/SENneed")] == ["SLCN", "MLD"]

    ceased = persons["Ceased"].find("Requests/Assessment/NamedPlan")
    assert ceased.findtext("CeaseDate") == "2023-06-30"
    assert ceased.findtext("CeaseReason") == "2"

    withdrawn = persons["Withdrawn"].find("Requests")
    assert withdrawn.findtext("RequestOutcome") == "W"
    assert withdrawn.findtext("RequestOutcomeDate") == "2023-02-01"


def test_facts_after_the_reference_date_are_not_yet_known(council):
    _, xml = export_return(date(2023, 5, 1), "999")
    new = _persons(xml)["New"].find("Requests")
    assert new.findtext("RequestOutcome") == "Y"
    assert new.findtext("Assessment/AssessmentOutcome") == "A"
    assert new.find("ActivePlans") is None


def test_header_and_file_name(council):
    _, xml = export_return(REFERENCE, "201", serial="007")
    root = ET.fromstring(xml)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2024-01-18"
    assert root.findtext("Header/CollectionDetails/Year") == "2024"
    assert root.findtext("Header/Source/LEA") == "201"
    assert root.findtext("Header/Source/SerialNo") == "007"
    assert file_name(REFERENCE, "201") == "SEN2_201_2024-01-18.xml"


def test_nobody_in_the_return_gives_an_invalid_file(db):
    sen2, xml = export_return(REFERENCE, "999")
    assert sen2.persons == []
    assert validate(xml)


def test_export_reads_in_a_bounded_number_of_queries(
    council, school, django_assert_max_num_queries
):
    for n in range(15):
        child = ChildFactory(first_name=f"Extra{n}", primary_need="MLD")
        request = AssessmentRequestFactory(
            child=child, received_on=date(2023, 2, n + 1), assess_decision="yes"
        )
        plan = PlanFactory(child=child, issued_on=date(2023, 6, n + 1), request=request)
        PlacementFactory(
            child=child,
            setting=school,
            plan=plan,
            entry_on=date(2023, 9, 1),
            named_in_section_i=True,
        )
    with django_assert_max_num_queries(14):
        sen2 = select_return(REFERENCE, "999")
        from reporting.sen2.export import build_xml

        xml = build_xml(sen2)
    assert len(sen2.persons) == 20
    assert validate(xml) == []
