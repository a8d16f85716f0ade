"""Each collection year exports to, and is validated against, its own schema and code lists."""

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from cases.codes import Need
from reporting.kpis.base import census_day
from reporting.sen2 import years
from reporting.sen2.checks import blocks_file, run_checks
from reporting.sen2.export import export_return, export_schema, original_schema, validate
from tests.data import PUBLISHED_SHA256, SEN2_SCHEMA_2024, sha256

from .conftest import MOCKUP

SUPPORTED = (2024, 2025, 2026)


def _enumeration(schema, type_name: str) -> set[str]:
    return set(schema.types[type_name].enumeration)


def _needs(xml: bytes) -> list[str]:
    return [e.text for e in ET.fromstring(xml).iter("SENtype")]


def test_supported_years_and_their_reference_dates():
    assert years.supported() == list(SUPPORTED)
    assert years.for_reference_date(date(2025, 1, 16)).year == 2025
    assert years.for_year("2026").reference_date == census_day(2026) == date(2026, 1, 15)
    for wrong in (2023, 2027, "", None, "20x5"):
        with pytest.raises(years.UnsupportedYear, match="not supported"):
            years.for_year(wrong)


@pytest.mark.parametrize("year", SUPPORTED)
def test_each_years_code_lists_are_its_schemas(year):
    """The Python code lists and the XSD enumerations say the same, in both schemas."""
    rules = years.for_year(year)
    for schema in (rules.schema(), rules.export_schema()):
        assert _enumeration(schema, "sentype") == rules.need_codes
        assert _enumeration(schema, "sensettingtype") == rules.setting_codes
    assert ("DS" in rules.need_codes) is (year >= 2025)


def test_the_2024_rules_are_unchanged():
    """A later year is a new module: the 2024 schema is still DfE's file, byte for byte (its
    published digest, tests/data), and the importer's `original_schema()` is still it."""
    rules = years.for_year(2024)
    path = Path(rules.schema().url.removeprefix("file://"))
    assert path == SEN2_SCHEMA_2024
    assert sha256(path) == PUBLISHED_SHA256[SEN2_SCHEMA_2024]
    assert original_schema() is rules.schema()
    assert export_schema() is rules.export_schema()
    assert "DS" not in _enumeration(original_schema(), "sentype")
    assert set(Need.values) - years.for_year(2024).need_codes == {"DS"}
    assert set(Need.values) == years.for_year(2025).need_codes


def test_a_file_picks_its_schema_by_its_header():
    mockup = ET.parse(MOCKUP).getroot()
    assert years.for_header(mockup).year == 2024
    years.for_header(mockup).schema()  # loads
    header = ET.fromstring(
        "<Message><Header><CollectionDetails><ReferenceDate>2025-01-16</ReferenceDate>"
        "</CollectionDetails></Header></Message>"
    )
    assert years.for_header(header).year == 2025
    with pytest.raises(years.UnsupportedYear):
        years.for_header(ET.fromstring("<Message/>"))


@pytest.mark.parametrize("year", SUPPORTED)
def test_each_years_export_is_valid_against_its_own_schema(council, year):
    sen2, xml = export_return(census_day(year), "999")
    root = ET.fromstring(xml)
    assert root.findtext("Header/CollectionDetails/Year") == str(year)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == str(census_day(year))
    assert sen2.persons
    assert validate(xml) == []
    years.for_year(year).export_schema().validate(root)


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_child_with_down_syndrome_exports_from_2025(council, year):
    child = council["new"]
    child.primary_need = Need.DS
    child.save()
    sen2, xml = export_return(census_day(year), "999")
    assert "DS" in _needs(xml)
    assert validate(xml) == []
    assert not [p for p in run_checks(sen2, xml) if p.rule == "SP27"]


def test_a_child_with_down_syndrome_is_a_clear_error_in_a_2024_return(council):
    child = council["new"]
    child.primary_need = Need.DS
    child.save()
    sen2, xml = export_return(census_day(2024), "999")
    problems = run_checks(sen2, xml)
    [problem] = [p for p in problems if p.rule == "SP27"]
    assert problem.is_error and problem.blocks_file
    assert problem.child_id == child.pk and problem.url == child.get_absolute_url()
    assert "Need type DS (Down syndrome) is not in the SEN2 2024 code list" in problem.message
    assert "DfE added it for 2025" in problem.message
    assert blocks_file(problems)
    # The schema says the same thing in its words; the check page shows only ours.
    assert any(e.path.endswith("/SENtype") for e in validate(xml))
    assert not [p for p in problems if p.rule == "SP19"]
    # DfE's own 2024 schema rejects DS too: it is the year's rule, not only ours.
    errors = list(original_schema().iter_errors(ET.fromstring(xml)))
    assert errors


def test_a_secondary_need_is_checked_against_the_year_too(council):
    child = council["old"]
    child.secondary_need = Need.DS
    child.save()
    sen2, xml = export_return(census_day(2024), "999")
    assert [p.child_id for p in run_checks(sen2, xml) if p.rule == "SP27"] == [child.pk]


def test_an_unsupported_year_is_refused_in_words(council):
    sen2, xml = export_return(census_day(2027), "999")
    problems = run_checks(sen2, xml)
    assert blocks_file(problems)
    assert any("SEN2 2027 is not supported" in p.message for p in problems)


def test_years_state_what_changed_and_what_is_unconfirmed():
    y2025, y2026 = years.for_year(2025), years.for_year(2026)
    assert any(c.item == "SENtype" and "DS" in c.what for c in y2025.changes)
    assert all(c.source for y in (y2025, y2026) for c in y.changes)
    assert y2025.unconfirmed and y2026.unconfirmed
    assert any(not c.confirmed for c in y2026.changes)


def test_the_docs_list_every_rule_as_the_register_does():
    from django.conf import settings

    from reporting.sen2.rules import RULES

    text = (Path(settings.BASE_DIR) / "docs" / "sen2.md").read_text()
    rows = {
        cells[0]: cells[-1]
        for line in text.splitlines()
        if line.startswith("| SP")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    assert rows == {r.id: "yes" if r.implemented else "not yet" for r in RULES}
