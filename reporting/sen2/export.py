"""The SEN2 person-level return as XML, for the reference date's collection year (`years`:
each year's code lists, header values and schema).

`selection` decides who is in the return and what each element says; `build_xml` writes it in
the order the schemas define; `validate` checks the file against its year's export schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime

import xmlschema
from django.utils import timezone

from cases.models import Child
from cases.models.assessment import Source
from plans.models import Plan

from . import years
from .selection import (  # noqa: F401 -- re-exported: checks, views and tests read them here
    DESCRIBED_SETTINGS,
    Detail,
    Entry,
    PersonEntry,
    Sen2Return,
    Window,
    assessment_outcome,
    assessment_outcome_date,
    budget_facts,
    ceased_reason,
    disagreed,
    named_plan_due,
    placement_details,
    placements_in_year,
    plan_details,
    request_outcome,
    request_outcome_date,
    review_facts,
    select_plans,
    select_requests,
    select_return,
)

SOFTWARE_CODE = "SEND Portal"
RELEASE = "1"


def export_schema() -> xmlschema.XMLSchema:
    """The 2024 export schema (see `years` for the other years')."""
    return years.for_year(2024).export_schema()


def original_schema() -> xmlschema.XMLSchema:
    """DfE's 2024 schema as published, which the importer reads files against; a file of
    another year: `years.for_header(root).schema()`."""
    return years.for_year(2024).schema()


# --- XML -----------------------------------------------------------------------------------------


def _add(parent: ET.Element, tag: str, value=None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = value if isinstance(value, str) else _text(value)
    return element


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _opt(parent: ET.Element, tag: str, value) -> None:
    if value not in (None, ""):
        _add(parent, tag, value)


def _detail(parent: ET.Element, tag: str, detail: Detail, placement: bool) -> None:
    element = _add(parent, tag)
    _opt(element, "URN", detail.urn)
    _opt(element, "UKPRN", detail.ukprn)
    _opt(element, "SENSetting", detail.sen_setting)
    _opt(element, "SENSettingOther", detail.sen_setting_other)
    _add(element, "PlacementRank", detail.rank)
    if placement:
        _opt(element, "EntryDate", detail.entry_on)
        _opt(element, "LeavingDate", detail.leaving_on)
    _add(element, "SENunitIndicator", detail.sen_unit)
    _add(element, "ResourcedProvisionIndicator", detail.resourced_provision)
    if placement:
        _opt(element, "Res", detail.residential)
        _opt(element, "WBP", detail.work_based_pathway)


def _named_plan(parent: ET.Element, plan: Plan, window: Window) -> None:
    element = _add(parent, "NamedPlan")
    _opt(element, "StartDate", plan.issued_on)
    details = plan_details(plan)
    for detail in details:
        _detail(element, "PlanDetail", detail, placement=False)
    main = details[0] if details else None
    _opt(element, "PlanRes", main.residential if main else "")
    _opt(element, "PlanWBP", main.work_based_pathway if main else "")
    pb, oa, dp = budget_facts(plan, window)
    _add(element, "PB", pb)
    _add(element, "OA", oa)
    _opt(element, "DP", dp)
    ceased = window.seen(plan.ceased_on)
    if ceased:
        _add(element, "CeaseDate", ceased)
        _opt(element, "CeaseReason", ceased_reason(plan))


def _active_plans(parent: ET.Element, child: Child, plan: Plan, window: Window) -> None:
    """ActivePlans, for every plan in the return. TransferLA: the council the plan came from,
    when it was transferred in during the collection year (or on a date not recorded)."""
    element = _add(parent, "ActivePlans")
    if plan.transferred_from_la and (
        plan.responsible_from is None or window.within(plan.responsible_from)
    ):
        _add(element, "TransferLA", plan.transferred_from_la)
    for detail in placement_details(child, window):
        _detail(element, "PlacementDetail", detail, placement=True)
    needs = [n for n in (child.primary_need, child.secondary_need) if n][:2]
    for rank, need in enumerate(needs, start=1):
        need_element = _add(element, "SENneed")
        _add(need_element, "SENtype", need)
        _add(need_element, "SENtypeRank", rank)
    meeting, outcome, last = review_facts(plan, window)
    _opt(element, "ReviewMeeting", meeting)
    _opt(element, "ReviewOutcome", outcome)
    _opt(element, "LastReview", last)


def _requests(parent: ET.Element, child: Child, entry: Entry, window: Window) -> None:
    element = _add(parent, "Requests")
    request = entry.request
    if request is not None and not entry.historical:
        _add(element, "ReceivedDate", request.received_on)
        _add(element, "RYA", request.source == Source.YOUNG_PERSON)
    _opt(element, "RequestOutcomeDate", request_outcome_date(entry, window))
    _add(element, "RequestOutcome", request_outcome(entry, window))
    if request is not None and not entry.historical:
        _add(element, "RequestMediation", disagreed(request, "request", "mediation", window))
        _add(element, "RequestTribunal", disagreed(request, "request", "tribunal", window))
    assessment = _add(element, "Assessment")
    outcome = assessment_outcome(entry, window)
    _add(assessment, "AssessmentOutcome", outcome)
    _opt(assessment, "AssessmentOutcomeDate", assessment_outcome_date(entry, window))
    if request is not None and outcome != "H" and request_outcome(entry, window) == "Y":
        for tag, about, kind in (
            ("AssessmentMediation", "assessment", "mediation"),
            ("AssessmentTribunal", "assessment", "tribunal"),
            ("OtherMediation", "content", "mediation"),
            ("OtherTribunal", "content", "tribunal"),
        ):
            _add(assessment, tag, disagreed(request, about, kind, window))
        # Week20: an exception to the 20-week limit applied (SI 2014/1530 reg 13(3)).
        exceptions = [e for e in request.exceptions.all() if window.seen(e.starts_on)]
        _add(assessment, "Week20", bool(exceptions))
    if entry.plan is not None and named_plan_due(entry, window):
        _named_plan(assessment, entry.plan, window)
    if entry.plan is not None:
        _active_plans(element, child, entry.plan, window)


def _person(parent: ET.Element, person: PersonEntry, window: Window) -> None:
    child = person.child
    element = _add(parent, "Person")
    _add(element, "Surname", child.last_name)
    _add(element, "Forename", child.first_name)
    _add(element, "PersonBirthDate", child.date_of_birth)
    _add(element, "Sex", child.sex or "U")
    _add(element, "Ethnicity", child.ethnicity or "NOBT")
    _add(element, "PostCode", child.postcode or "")
    _opt(element, "UPN", child.upn)
    _opt(element, "UniqueLearnerNumber", child.uln)
    if not child.upn:
        _opt(element, "UPNunknown", child.upn_unknown)
    for entry in person.entries:
        _requests(element, child, entry, window)


def build_tree(sen2: Sen2Return, *, serial: str = "001", now: datetime | None = None):
    window = sen2.window
    now = timezone.localtime(now or timezone.now()).replace(microsecond=0, tzinfo=None)
    root = ET.Element("Message")
    header = _add(root, "Header")
    collection = _add(header, "CollectionDetails")
    rules = window.rules
    _add(collection, "Collection", rules.collection if rules else "SEN2")
    _add(collection, "Year", rules.header_year if rules else str(window.reference_date.year))
    _add(collection, "ReferenceDate", window.reference_date)
    source = _add(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", sen2.la_code)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", RELEASE)
    _add(source, "SerialNo", serial)
    _add(source, "DateTime", now.isoformat())
    _add(source, "DMO", "Y")
    _add(source, "DCO", "Y")
    persons = _add(root, "Persons")
    for person in sen2.persons:
        _person(persons, person, window)
    ET.indent(root, space="  ")
    return root


def build_xml(sen2: Sen2Return, **kwargs) -> bytes:
    root = build_tree(sen2, **kwargs)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export_return(reference_date: date, la_code: str, **kwargs) -> tuple[Sen2Return, bytes]:
    sen2 = select_return(reference_date, la_code)
    return sen2, build_xml(sen2, **kwargs)


@dataclass(frozen=True)
class SchemaError:
    path: str
    message: str


def validate(xml: bytes) -> list[SchemaError]:
    """Every way the file breaks its year's export schema (empty when it is valid); the year is
    read from the file's own header."""
    root = ET.fromstring(xml)  # noqa: S314 -- the file this module just wrote
    try:
        schema = years.for_header(root).export_schema()
    except years.UnsupportedYear as error:
        return [SchemaError("/Message/Header/CollectionDetails/Year", str(error))]
    return [
        SchemaError(error.path or "", error.reason or str(error.message))
        for error in schema.iter_errors(root)
    ]


def file_name(reference_date: date, la_code: str) -> str:
    """The download's name: the collection, LA and reference date, no personal data."""
    return f"SEN2_{la_code}_{reference_date:%Y-%m-%d}.xml"
