"""Loading a SEN2 return (schema 2024) into children, requests, assessments, plans and
placements: the migration from another system.

Reading is tolerant of what real exports contain (see shared/data/README.md): an empty element
means the value is absent; a UPN or ULN that fails its check digit is a warning to fix later;
a PlanDetail or PlacementDetail with a URN or UKPRN but no SENSetting is accepted (the DfE guide
asks for SENSetting only without a URN or UKPRN, the published schema always). Anything else the
published schema refuses is an error. Every problem is reported with its line and element path,
and if there is any error nothing is imported.

Writing happens in one transaction and is idempotent: rows already present are matched and left
as they are, never duplicated or changed. Children match by UPN, else by names and date of birth;
requests by child and received date; plans by child, kind and issue date; settings by URN, else
UKPRN (an unknown one is created, type "Other setting", for the directory to complete);
placements by child, setting, rank and entry date. Children are created in the team given
(Child.team is optional: without one they are unallocated). Each row is saved with the importing
user as its history user, and the history says "SEN2 import".

What SEN2 does not hold is left blank to be filled in: a request's source (RYA says only whether
the young person asked), the dates of disagreements (the request, assessment or plan date is
used), the reason for a 20-week exception, and personal budgets' amounts (£0).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db import transaction
from xmlschema import XsdElement
from xmlschema.names import XSD_NAMESPACE

from cases.codes import SenStatus
from cases.identifiers import normalise_upn, uln_error, upn_error
from cases.models import (
    AssessmentRequest,
    Child,
    Disagreement,
    TimeLimitException,
)
from cases.models.assessment import Closure, Decision, Regime, Source
from placements.codes import SEN2_SETTING, SettingType
from placements.models import NamedSetting, PersonalBudget, Placement, Setting
from plans.models import AnnualReview, Cessation, Plan
from send_portal.uploads import XML_FILE, UploadRule

from .export import original_schema

CHANGE_REASON = "SEN2 import"
# A council's return is a few MB; the preview keeps the file in the session until confirmed.
MAX_BYTES = 50 * 1024 * 1024
SEN2_UPLOAD = UploadRule(
    what="a SEN2 XML file (.xml)",
    types={".xml": XML_FILE},
    limit=MAX_BYTES,
    missing="Choose a SEN2 XML file",
)
TRUE = {"1", "true", "TRUE"}


@dataclass(frozen=True)
class ImportProblem:
    level: str  # "error" or "warning"
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "File"
        return f"{where}{f' ({self.path})' if self.path else ''}: {self.message}"


class ImportRefused(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        super().__init__(f"{len(errors)} error(s) in the SEN2 file")


@dataclass
class ImportResult:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    warnings: list[ImportProblem] = field(default_factory=list)
    persons: int = 0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


# --- Reading -------------------------------------------------------------------------------------


class _Refuse(Exception):
    pass


def _parse(data: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The element tree and each element's line: expat directly, because ElementTree does not
    keep line numbers. A DOCTYPE is refused (no entities, so no entity expansion attacks)."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = xml.parsers.expat.ParserCreate()

    def start(name, attributes):
        lines[builder.start(name, attributes)] = parser.CurrentLineNumber

    def doctype(*args):
        raise _Refuse("the file has a DOCTYPE, which a SEN2 file does not use")

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = doctype
    parser.Parse(data, True)
    return builder.close(), lines


def _drop_empty(root: ET.Element) -> None:
    """An empty element means the value is absent, as the files other systems export have."""
    for parent in list(root.iter()):
        for element in list(parent):
            if len(element) == 0 and not (element.text or "").strip():
                parent.remove(element)


DETAILS = ("PlanDetail", "PlacementDetail")
STAND_IN_SETTING = "OTH"


def _stand_in_settings(root: ET.Element) -> list[tuple[ET.Element, ET.Element]]:
    """Give each PlanDetail/PlacementDetail that has a URN or UKPRN but no SENSetting (accepted,
    see above) a stand-in SENSetting while the schema checks it, so that the schema still
    reports anything else it lacks. Returns (detail, stand-in) pairs to take out again."""
    added = []
    for detail in [e for e in root.iter() if e.tag in DETAILS]:
        numbers = [i for i, child in enumerate(detail) if child.tag in ("URN", "UKPRN")]
        if not numbers or detail.find("SENSetting") is not None:
            continue
        stand_in = ET.Element("SENSetting")
        stand_in.text = STAND_IN_SETTING
        detail.insert(numbers[-1] + 1, stand_in)  # the schema's order: URN, UKPRN, SENSetting
        added.append((detail, stand_in))
    return added


# Free text the schema leaves unbounded, and the fields it is kept in.
STORED_IN = {
    "Forename": (Child, "first_name"),
    "Surname": (Child, "last_name"),
    "PostCode": (Child, "postcode"),
    "UPN": (Child, "upn"),
    "UniqueLearnerNumber": (Child, "uln"),
    "UPNunknown": (Child, "upn_unknown"),
    "SENSettingOther": (NamedSetting, "sen_setting_other"),
    "TransferLA": (Plan, "transferred_from_la"),
}


@cache
def _date_tags() -> frozenset[str]:
    """The elements the schema types xs:date (which allows years Python cannot hold)."""
    return frozenset(
        element.local_name
        for element in original_schema().iter_components(xsd_classes=(XsdElement,))
        if element.type.name == f"{{{XSD_NAMESPACE}}}date"
    )


def _unstorable_values(root: ET.Element, lines: dict, skip: set) -> list[ImportProblem]:
    """What the schema allows but the database cannot hold: a date outside the years 1 to 9999,
    text longer than its field. Found here, they are errors listed with the rest instead of a
    failure half way through writing."""
    problems = []
    dates = _date_tags()
    for element in root.iter():
        text = (element.text or "").strip()
        if not text or len(element) or element in skip:  # skip: the schema has said why
            continue
        message = ""
        if element.tag in dates:
            try:
                date.fromisoformat(text[:10])
            except ValueError:
                message = f"the date {text[:20]} is not one the portal can record (years 1 to 9999)"
        elif element.tag in STORED_IN:
            model, name = STORED_IN[element.tag]
            limit = model._meta.get_field(name).max_length
            if len(text) > limit:
                message = f"longer than the {limit} characters the portal keeps"
        if message:
            problems.append(ImportProblem("error", lines.get(element), element.tag, message))
    return problems


def read_file(data: bytes) -> tuple[ET.Element | None, list[ImportProblem]]:
    """The cleaned tree and every problem found; the tree is None when the file is unreadable."""
    if len(data) > MAX_BYTES:
        message = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: it was not read"
        return None, [ImportProblem("error", None, "", message)]
    try:
        root, lines = _parse(data)
    except xml.parsers.expat.ExpatError as error:
        return None, [ImportProblem("error", error.lineno, "", f"Not well-formed XML: {error}")]
    except _Refuse as error:
        return None, [ImportProblem("error", None, "", str(error))]
    if root.tag != "Message":
        return None, [ImportProblem("error", lines.get(root), root.tag, "This is not a SEN2 file")]
    _drop_empty(root)
    problems: list[ImportProblem] = []
    seen = set()
    stand_ins = _stand_in_settings(root)
    errors = list(original_schema().iter_errors(root))
    for detail, stand_in in stand_ins:
        detail.remove(stand_in)
    for error in errors:
        key = (error.path, error.reason)
        if key in seen:
            continue
        seen.add(key)
        problems.append(
            ImportProblem(
                "error",
                lines.get(error.elem),
                error.path or "",
                error.reason or str(error.message),
            )
        )
    problems += _unstorable_values(root, lines, skip={error.elem for error in errors})
    if problems:
        return root, problems
    for index, person in enumerate(root.iterfind("Persons/Person"), start=1):
        path = f"/Message/Persons/Person[{index}]"
        for tag, check in (("UPN", upn_error), ("UniqueLearnerNumber", uln_error)):
            element = person.find(tag)
            if element is not None and (message := check(element.text.strip())):
                problems.append(
                    ImportProblem(
                        "warning",
                        lines.get(element),
                        f"{path}/{tag}",
                        f"{message} ({element.text.strip()}): imported, to be corrected",
                    )
                )
    return root, problems


def _text(element: ET.Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _date(element, tag: str) -> date | None:
    text = _text(element, tag)
    return date.fromisoformat(text[:10]) if text else None


def _flag(element, tag: str) -> bool:
    return _text(element, tag) in TRUE


# --- Writing -------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, *, by, team, la_code: str):
        self.by = by
        self.team = team
        self.la_code = la_code
        self.result = ImportResult()
        self.settings: dict[tuple, Setting] = {}

    def save(self, obj, label: str):
        obj._history_user = self.by
        obj._change_reason = CHANGE_REASON
        obj.save()
        self.result.created[label] += 1
        return obj

    def found(self, obj, label: str):
        self.result.existing[label] += 1
        return obj

    def get_or_create(self, model, label: str, match: dict, **values):
        obj = model.objects.filter(**match).order_by("pk").first()
        if obj is not None:
            return self.found(obj, label)
        return self.save(model(**match, **values), label)

    # --- people and settings

    def child(self, person: ET.Element) -> Child:
        upn = normalise_upn(_text(person, "UPN"))
        first, last = _text(person, "Forename"), _text(person, "Surname")
        born = _date(person, "PersonBirthDate")
        existing = None
        if upn:
            existing = Child.objects.filter(upn=upn).order_by("pk").first()
        if existing is None:
            existing = (
                Child.objects.filter(
                    first_name__iexact=first, last_name__iexact=last, date_of_birth=born
                )
                .order_by("pk")
                .first()
            )
        if existing is not None:
            return self.found(existing, "children")
        needs = {
            _text(need, "SENtypeRank"): _text(need, "SENtype")
            for need in person.iterfind("Requests/ActivePlans/SENneed")
        }
        active = any(
            (element.find("Assessment/NamedPlan") is not None or element.find("ActivePlans"))
            is not None
            and element.find("Assessment/NamedPlan/CeaseDate") is None
            for element in person.iterfind("Requests")
        )
        child = Child(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            sex=_text(person, "Sex"),
            ethnicity=_text(person, "Ethnicity"),
            postcode=_text(person, "PostCode"),
            upn=upn,
            uln=_text(person, "UniqueLearnerNumber"),
            upn_unknown=_text(person, "UPNunknown"),
            home_la=self.la_code,
            primary_need=needs.get("1", ""),
            secondary_need=needs.get("2", ""),
            sen_status=SenStatus.EHC_PLAN if active else SenStatus.NONE,
            team=self.team,
        )
        return self.save(child, "children")

    def setting(self, detail: ET.Element) -> Setting | None:
        urn, ukprn = _text(detail, "URN"), _text(detail, "UKPRN")
        code, other = _text(detail, "SENSetting"), _text(detail, "SENSettingOther")
        if urn or ukprn:
            key = ("id", urn, ukprn)
            if key not in self.settings:
                setting = None
                if urn:
                    setting = Setting.objects.filter(urn=urn).first()
                if setting is None and ukprn:
                    setting = Setting.objects.filter(ukprn=ukprn).first()
                if setting is not None:
                    self.found(setting, "settings")
                else:
                    name = f"Setting URN {urn}" if urn else f"Setting UKPRN {ukprn}"
                    setting = self.save(
                        Setting(
                            name=name,
                            urn=urn,
                            ukprn=ukprn,
                            setting_type=SettingType.OTHER,
                            la_code=self.la_code,
                            in_area=Setting.in_area_for(self.la_code),
                        ),
                        "settings",
                    )
                self.settings[key] = setting
            return self.settings[key]
        if not code:
            return None
        name = other or SettingType(code).label
        key = ("code", code, name)
        if key not in self.settings:
            self.settings[key] = self.get_or_create(
                Setting,
                "settings",
                {"setting_type": code, "name": name, "urn": "", "ukprn": ""},
                la_code=self.la_code,
                in_area=Setting.in_area_for(self.la_code),
            )
        return self.settings[key]

    # --- requests, plans and what hangs off them

    def request(self, child: Child, element: ET.Element) -> AssessmentRequest | None:
        received = _date(element, "ReceivedDate")
        if received is None:
            return None
        existing = AssessmentRequest.objects.filter(child=child, received_on=received).first()
        if existing is not None:
            return self.found(existing, "requests")
        outcome = _text(element, "RequestOutcome")
        decided_on = _date(element, "RequestOutcomeDate")
        assessment = element.find("Assessment")
        issue = _text(assessment, "AssessmentOutcome")
        request = AssessmentRequest(
            child=child,
            regime=Regime.EHCP,
            source=Source.YOUNG_PERSON if _flag(element, "RYA") else "",
            received_on=received,
            created_by=self.by,
        )
        if outcome in ("Y", "N", "H"):
            request.assess_decision = Decision.NO if outcome == "N" else Decision.YES
            request.assess_decision_on = decided_on
        elif outcome == "W":
            request.closure, request.closed_on = Closure.WITHDRAWN, decided_on
            request.closure_reason = "Withdrawn before a decision to assess (SEN2 import)"
        if outcome in ("Y", "H") and issue in ("Y", "N", "H"):
            request.issue_decision = Decision.NO if issue == "N" else Decision.YES
            request.issue_decision_on = _date(assessment, "AssessmentOutcomeDate")
            if issue in ("Y", "H"):
                request.final_issued_on = _date(assessment, "NamedPlan/StartDate")
        elif outcome in ("Y", "H") and issue == "W":
            request.closure = Closure.WITHDRAWN
            request.closed_on = _date(assessment, "AssessmentOutcomeDate")
            request.closure_reason = "Withdrawn before a decision to issue (SEN2 import)"
        request.stage = request.current_stage()
        self.save(request, "requests")
        self.disagreements(request, element, assessment)
        if assessment is not None and _flag(assessment, "Week20"):
            self.save(
                TimeLimitException(
                    request=request,
                    step=TimeLimitException.Step.FINAL_PLAN,
                    reason="",
                    starts_on=request.issue_decision_on or received,
                    note="An exception to the 20-week limit applied (SEN2 import: the reason "
                    "and dates are not in the file).",
                    recorded_by=self.by,
                ),
                "time limit exceptions",
            )
        return request

    def disagreements(self, request, element, assessment) -> None:
        rows = [
            (element, "RequestMediation", "mediation", "request", request.assess_decision_on),
            (element, "RequestTribunal", "tribunal", "request", request.assess_decision_on),
            (assessment, "AssessmentMediation", "mediation", "assessment", None),
            (assessment, "AssessmentTribunal", "tribunal", "assessment", None),
            (assessment, "OtherMediation", "mediation", "content", None),
            (assessment, "OtherTribunal", "tribunal", "content", None),
        ]
        for parent, tag, kind, about, day in rows:
            if parent is None or not _flag(parent, tag):
                continue
            started = day or request.issue_decision_on or request.received_on
            self.save(
                Disagreement(
                    request=request,
                    kind=kind,
                    about=about,
                    started_on=started,
                    outcome="SEN2 import: the dates and outcome are not in the file",
                ),
                "disagreements",
            )

    def plan(self, child, request, element: ET.Element) -> Plan | None:
        named = element.find("Assessment/NamedPlan")
        active = element.find("ActivePlans")
        if named is None and active is None:
            return None
        issued = _date(named, "StartDate")
        ceased = _date(named, "CeaseDate")
        transfer_la = _text(active, "TransferLA")
        existing = Plan.objects.filter(
            child=child, kind=Plan.Kind.EHC_PLAN, issued_on=issued
        ).first()
        if existing is not None:
            plan = self.found(existing, "plans")
        else:
            if transfer_la:
                origin = Plan.Origin.TRANSFERRED_IN
            elif request is not None and _text(element, "RequestOutcome") != "H":
                origin = Plan.Origin.ASSESSMENT
            else:
                origin = Plan.Origin.EXISTING
            plan = self.save(
                Plan(
                    child=child,
                    kind=Plan.Kind.EHC_PLAN,
                    status=Plan.Status.CEASED if ceased else Plan.Status.FINAL,
                    origin=origin,
                    request=request,
                    transferred_from_la=transfer_la,
                    issued_on=issued,
                    ceased_on=ceased,
                    created_by=self.by,
                ),
                "plans",
            )
        if ceased:
            reason = _text(named, "CeaseReason")
            self.get_or_create(
                Cessation,
                "cessations",
                {"plan": plan},
                stage=Cessation.Stage.CEASED,
                reason=reason,
                decided_on=ceased,
                intended_on=ceased,
                notice_on=ceased,
                ceases_on=ceased,
                note="SEN2 import: the decision and notice dates are not in the file.",
                recorded_by=self.by,
            )
        if named is not None:
            self.named_settings(plan, named)
            self.budgets(plan, named, issued or (request.received_on if request else None))
        if active is not None:
            self.placements(child, plan, active)
            self.review(plan, active)
        return plan

    def named_settings(self, plan: Plan, named: ET.Element) -> None:
        for index, detail in enumerate(named.iterfind("PlanDetail")):
            rank = int(_text(detail, "PlacementRank") or 1)
            self.get_or_create(
                NamedSetting,
                "settings named in plans",
                {"plan": plan, "rank": rank},
                setting=self.setting(detail),
                sen_setting=_text(detail, "SENSetting"),
                sen_setting_other=_text(detail, "SENSettingOther"),
                sen_unit=_flag(detail, "SENunitIndicator"),
                resourced_provision=_flag(detail, "ResourcedProvisionIndicator"),
                residential=_text(named, "PlanRes") if index == 0 else "",
                work_based_pathway=_text(named, "PlanWBP") if index == 0 else "",
            )

    def budgets(self, plan: Plan, named: ET.Element, start: date | None) -> None:
        """PB, OA and DP as personal budgets: a direct payment of the DP kind, and an organised
        arrangement for OA (or for a PB with neither), education unless DP says otherwise."""
        direct = _text(named, "DP")
        organised = _flag(named, "OA") or (_flag(named, "PB") and not direct)
        wanted = ([(direct, True)] if direct else []) + (
            [(direct or "E", False)] if organised else []
        )
        for kind, paid_directly in wanted:
            self.get_or_create(
                PersonalBudget,
                "personal budgets",
                {"plan": plan, "kind": kind, "direct_payment": paid_directly},
                annual_amount=0,
                start_on=start or date.today(),
                created_by=self.by,
            )

    def placements(self, child: Child, plan: Plan, active: ET.Element) -> None:
        for detail in active.iterfind("PlacementDetail"):
            setting = self.setting(detail)
            if setting is None:
                continue
            self.get_or_create(
                Placement,
                "placements",
                {
                    "child": child,
                    "setting": setting,
                    "rank": int(_text(detail, "PlacementRank") or 1),
                    "entry_on": _date(detail, "EntryDate"),
                },
                plan=plan,
                leaving_on=_date(detail, "LeavingDate"),
                sen_unit=_flag(detail, "SENunitIndicator"),
                resourced_provision=_flag(detail, "ResourcedProvisionIndicator"),
                residential=_text(detail, "Res"),
                work_based_pathway=_text(detail, "WBP"),
                created_by=self.by,
            )

    def review(self, plan: Plan, active: ET.Element) -> None:
        """ReviewMeeting and ReviewOutcome: one annual review; LastReview: its decision date."""
        meeting = _date(active, "ReviewMeeting")
        decided = _date(active, "LastReview")
        if meeting is None and decided is None:
            return
        self.get_or_create(
            AnnualReview,
            "annual reviews",
            {"plan": plan, "meeting_on": meeting, "decision_on": decided},
            due_on=meeting or decided,
            decision=_text(active, "ReviewOutcome"),
            note="SEN2 import",
            created_by=self.by,
        )


def _semantic_problems(root: ET.Element) -> list[ImportProblem]:
    """What the schema allows but the models cannot hold."""
    problems = []
    for index, person in enumerate(root.iterfind("Persons/Person"), start=1):
        path = f"/Message/Persons/Person[{index}]"
        for detail in person.iter():
            if detail.tag not in ("PlanDetail", "PlacementDetail"):
                continue
            code = _text(detail, "SENSetting")
            if code and code not in SEN2_SETTING:
                problems.append(ImportProblem("error", None, path, f"Unknown SENSetting {code}"))
            if detail.tag == "PlacementDetail" and not (
                _text(detail, "URN") or _text(detail, "UKPRN") or code
            ):
                problems.append(
                    ImportProblem(
                        "error",
                        None,
                        f"{path}/.../PlacementDetail",
                        "A placement needs a URN, a UKPRN or a SENSetting",
                    )
                )
    return problems


def import_sen2(data: bytes, *, by=None, team=None, dry_run: bool = False) -> ImportResult:
    """Import the file, or raise ImportRefused with every problem if it has any error. With
    `dry_run` the rows are written and rolled back: the result says what would be created."""
    root, problems = read_file(data)
    if root is not None and not any(p.level == "error" for p in problems):
        problems += _semantic_problems(root)
    if root is None or any(p.level == "error" for p in problems):
        raise ImportRefused(problems)
    la_code = _text(root, "Header/Source/LEA")
    writer = _Writer(by=by, team=team, la_code=la_code)
    writer.result.warnings = problems

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for person in root.iterfind("Persons/Person"):
                writer.result.persons += 1
                child = writer.child(person)
                for element in person.iterfind("Requests"):
                    request = writer.request(child, element)
                    writer.plan(child, request, element)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return writer.result
