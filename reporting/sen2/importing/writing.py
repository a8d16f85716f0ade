"""Recording what a SEN2 file holds through the services the pages use, so that an imported case
is one the portal could have recorded itself: the Deadline rows of each request, review and
plan, the next review of each plan, the chronology, and every check a service makes.

A row already here is matched and left as it is: requests by child and received date, plans by
child, kind and issue date, reviews by plan and dates, placements by child, setting, rank and
entry date, settings by URN, else UKPRN (an unknown one is created, type "Other setting", for
the directory to complete). Nothing below a matched request is recorded again, so importing a
file twice adds nothing the second time, not even a line in the chronology.

What SEN2 does not hold is left blank to be filled in, and the services are told so: a
request's source (RYA says only whether the young person asked), the draft plan's date (the
15 days of reg 13(1) cannot be checked), the reason for a 20-week exception, the dates of
disagreements (the request, assessment or plan date is used), the decision and notice before a
plan ceased (the ceasing date is used) and personal budgets' amounts (£0).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from django.core.exceptions import ValidationError

from cases.codes import CeaseReason, ReviewOutcome
from cases.identifiers import normalise_upn
from cases.models import AssessmentRequest, Child
from cases.models.assessment import Closure, Decision, Regime, Source, TimeLimitException
from cases.services import assessment
from cases.services.children import register_child
from core.audit import audit
from placements.codes import SettingType
from placements.models import NamedSetting, PersonalBudget, Placement, Setting
from placements.services.directory import create_setting
from placements.services.placements import add_placement
from plans.models import AnnualReview, Plan
from plans.services import reviews, schedule
from plans.services.cessation import record_ceased_elsewhere
from plans.services.deadlines import sync_review_deadlines
from plans.services.lifecycle import issue_plan, record_existing_plan, start_plan_from_request

from .reading import ImportProblem, ImportResult, _date, _flag, _text

NOT_IN_FILE = "SEN2 import: the dates and outcome are not in the file"


class StepRefused(Exception):
    """A service refused a step: the problem, with the line of the element it came from."""

    def __init__(self, problem: ImportProblem):
        self.problem = problem
        super().__init__(str(problem))


def _find(parent: ET.Element | None, tag: str) -> ET.Element | None:
    return parent.find(tag) if parent is not None else None


def _at(parent: ET.Element, tag: str) -> ET.Element:
    """The element a step is about, for its line: the tag if present, else its parent."""
    found = parent.find(tag)
    return parent if found is None else found


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            " ".join(messages) if field == "__all__" else f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
            if messages
        )
    return " ".join(error.messages)


class Writer:
    def __init__(self, *, by, team, la_code: str, lines: dict, as_of: date | None = None):
        self.by = by
        self.as_of = as_of
        self.team = team
        self.la_code = la_code
        self.lines = lines
        self.result = ImportResult()
        self.settings: dict[tuple, Setting] = {}

    # --- bookkeeping

    def warn(self, element: ET.Element | None, message: str) -> None:
        line = self.lines.get(element) if element is not None else None
        tag = element.tag if element is not None else ""
        self.result.warnings.append(ImportProblem("warning", line, tag, message))

    def step(self, element: ET.Element | None, label: str | None, service, **kwargs):
        """Call a service for what `element` holds; its refusal becomes an error on that line."""
        try:
            made = service(by=self.by, **kwargs)
        except ValidationError as error:
            line = self.lines.get(element) if element is not None else None
            tag = element.tag if element is not None else ""
            raise StepRefused(ImportProblem("error", line, tag, _describe(error))) from error
        if label:
            self.result.created[label] += 1
        return made

    def found(self, obj, label: str):
        self.result.existing[label] += 1
        return obj

    # --- people and settings

    def child(self, person: ET.Element, existing: Child | None) -> Child:
        if existing is not None:
            return self.found(existing, "children")
        needs = {
            _text(need, "SENtypeRank"): _text(need, "SENtype")
            for need in person.iterfind("Requests/ActivePlans/SENneed")
        }
        fields = {
            "first_name": _text(person, "Forename"),
            "last_name": _text(person, "Surname"),
            "date_of_birth": _date(person, "PersonBirthDate"),
            "sex": _text(person, "Sex"),
            "ethnicity": _text(person, "Ethnicity"),
            "postcode": _text(person, "PostCode"),
            "upn": normalise_upn(_text(person, "UPN")),
            "uln": _text(person, "UniqueLearnerNumber"),
            "upn_unknown": _text(person, "UPNunknown"),
            "home_la": self.la_code,
            "primary_need": needs.get("1", ""),
            "secondary_need": needs.get("2", ""),
        }
        try:
            # The model's own checks; a failed check digit is a warning (reading.py).
            Child(team=self.team, **fields).full_clean()
        except ValidationError as error:
            line = self.lines.get(person)
            raise StepRefused(ImportProblem("error", line, "Person", _describe(error))) from error
        return self.step(
            person, "children", register_child, team=self.team, as_of=self.as_of, **fields
        )

    def setting(self, detail: ET.Element) -> Setting | None:
        urn, ukprn = _text(detail, "URN"), _text(detail, "UKPRN")
        code, other = _text(detail, "SENSetting"), _text(detail, "SENSettingOther")
        if urn or ukprn:
            key = ("id", urn, ukprn)
            if key not in self.settings:
                setting = Setting.objects.filter(urn=urn).first() if urn else None
                if setting is None and ukprn:
                    setting = Setting.objects.filter(ukprn=ukprn).first()
                if setting is not None:
                    self.found(setting, "settings")
                else:
                    name = f"Setting URN {urn}" if urn else f"Setting UKPRN {ukprn}"
                    setting = self.step(
                        detail,
                        "settings",
                        create_setting,
                        name=name,
                        urn=urn,
                        ukprn=ukprn,
                        setting_type=SettingType.OTHER,
                        la_code=self.la_code,
                    )
                self.settings[key] = setting
            return self.settings[key]
        if not code:
            return None
        name = other or SettingType(code).label
        key = ("code", code, name)
        if key not in self.settings:
            setting = Setting.objects.filter(setting_type=code, name=name, urn="", ukprn="").first()
            if setting is not None:
                self.found(setting, "settings")
            else:
                setting = self.step(
                    detail,
                    "settings",
                    create_setting,
                    name=name,
                    setting_type=code,
                    la_code=self.la_code,
                )
            self.settings[key] = setting
        return self.settings[key]

    # --- a request and the assessment that followed it

    def request(self, child: Child, element: ET.Element) -> AssessmentRequest | None:
        """Record the request and its steps, or return the one already here untouched."""
        received = _date(element, "ReceivedDate")
        if received is None:
            return None
        existing = AssessmentRequest.objects.filter(child=child, received_on=received).first()
        if existing is not None:
            return self.found(existing, "requests")
        request = self.step(
            element.find("ReceivedDate"),
            "requests",
            assessment.record_request,
            child=child,
            regime=Regime.EHCP,
            source=Source.YOUNG_PERSON if _flag(element, "RYA") else "",
            received_on=received,
        )
        outcome = _text(element, "RequestOutcome")
        decided_on = _date(element, "RequestOutcomeDate")
        where = element.find("RequestOutcome")
        if outcome in ("Y", "N", "H") and decided_on is None:
            self.warn(where, "No RequestOutcomeDate: the decision to assess is left to record")
        elif outcome in ("Y", "N", "H"):
            request = self.step(
                where,
                None,
                assessment.record_assess_decision,
                request=request,
                decision=Decision.NO if outcome == "N" else Decision.YES,
                decided_on=decided_on,
            )
        assessed = element.find("Assessment")
        issue = _text(assessed, "AssessmentOutcome")
        issue_on = _date(assessed, "AssessmentOutcomeDate")
        if request.assess_decision == Decision.YES and issue in ("Y", "N", "H"):
            if issue_on is None:
                self.warn(assessed, "No AssessmentOutcomeDate: the decision to issue is left")
            else:
                request = self.step(
                    _find(assessed, "AssessmentOutcome"),
                    None,
                    assessment.record_issue_decision,
                    request=request,
                    decision=Decision.NO if issue == "N" else Decision.YES,
                    decided_on=issue_on,
                )
        if assessed is not None and _flag(assessed, "Week20"):
            self.step(
                assessed.find("Week20"),
                "time limit exceptions",
                assessment.record_exception,
                request=request,
                step=TimeLimitException.Step.FINAL_PLAN,
                reason="",
                reason_unknown=True,
                starts_on=request.issue_decision_on or received,
                ends_on=None,
                note="An exception to the 20-week limit applied (SEN2 import: the reason "
                "and dates are not in the file).",
            )
        self.disagreements(request, element, assessed)
        if outcome == "W":
            self.withdraw(request, where, decided_on, "a decision to assess")
        elif request.assess_decision == Decision.YES and issue == "W":
            self.withdraw(request, assessed, issue_on, "a decision to issue")
        return request

    def withdraw(self, request, element, closed_on: date | None, before: str) -> None:
        if closed_on is None:
            closed_on = request.received_on
            self.warn(element, "Withdrawn with no date: recorded on the day of the request")
        self.step(
            element,
            None,
            assessment.close_request,
            request=request,
            closure=Closure.WITHDRAWN,
            closed_on=closed_on,
            reason=f"Withdrawn before {before} (SEN2 import)",
        )

    def disagreements(self, request, element, assessed) -> None:
        rows = [
            (element, "RequestMediation", "mediation", "request", request.assess_decision_on),
            (element, "RequestTribunal", "tribunal", "request", request.assess_decision_on),
            (assessed, "AssessmentMediation", "mediation", "assessment", None),
            (assessed, "AssessmentTribunal", "tribunal", "assessment", None),
            (assessed, "OtherMediation", "mediation", "content", None),
            (assessed, "OtherTribunal", "tribunal", "content", None),
        ]
        for parent, tag, kind, about, day in rows:
            if parent is None or not _flag(parent, tag):
                continue
            self.step(
                parent.find(tag),
                "disagreements",
                assessment.record_disagreement,
                request=request,
                kind=kind,
                about=about,
                started_on=day or request.issue_decision_on or request.received_on,
                outcome=NOT_IN_FILE,
            )

    # --- the plan and what hangs off it

    def plan(self, child, request, element: ET.Element) -> Plan | None:
        named = element.find("Assessment/NamedPlan")
        active = element.find("ActivePlans")
        if named is None and active is None:
            return None
        issued = _date(named, "StartDate")
        existing = Plan.objects.filter(
            child=child, kind=Plan.Kind.EHC_PLAN, issued_on=issued
        ).first()
        if existing is not None:
            plan = self.found(existing, "plans")
        elif request is not None and request.issue_decision == Decision.YES and issued:
            where = _find(named, "StartDate")
            plan = self.step(where, "plans", start_plan_from_request, request=request)
            # A plan issued before the return came here: recorded, its content not held.
            self.step(
                where,
                None,
                issue_plan,
                plan=plan,
                issued_on=issued,
                draft_date_unknown=True,
                content_held=False,
            )
        else:
            plan = self.step(
                named if named is not None else active,
                "plans",
                record_existing_plan,
                child=child,
                kind=Plan.Kind.EHC_PLAN,
                issued_on=issued,
                transferred_from_la=_text(active, "TransferLA"),
            )
        plan.refresh_from_db()
        if named is not None:
            self.named_settings(plan, named)
            self.budgets(child, plan, named, issued or (request.received_on if request else None))
        if active is not None:
            self.placements(child, plan, active)
            self.review(plan, active)
        ceased = _date(named, "CeaseDate")
        if ceased and plan.is_maintained:
            reason = _text(named, "CeaseReason")
            if not reason:
                reason = CeaseReason.OTHER
                self.warn(_find(named, "CeaseDate"), "No CeaseReason: recorded as 9 (other)")
            self.step(
                _find(named, "CeaseDate"),
                "cessations",
                record_ceased_elsewhere,
                plan=plan,
                ceases_on=ceased,
                reason=reason,
                note="SEN2 import: the decision and notice dates are not in the file.",
            )
        return plan

    def named_settings(self, plan: Plan, named: ET.Element) -> None:
        for index, detail in enumerate(named.iterfind("PlanDetail")):
            rank = int(_text(detail, "PlacementRank") or 1)
            if NamedSetting.objects.filter(plan=plan, rank=rank).exists():
                self.found(plan, "settings named in plans")
                continue
            row = NamedSetting(
                plan=plan,
                rank=rank,
                setting=self.setting(detail),
                sen_setting=_text(detail, "SENSetting"),
                sen_setting_other=_text(detail, "SENSettingOther"),
                sen_unit=_flag(detail, "SENunitIndicator"),
                resourced_provision=_flag(detail, "ResourcedProvisionIndicator"),
                residential=_text(named, "PlanRes") if index == 0 else "",
                work_based_pathway=_text(named, "PlanWBP") if index == 0 else "",
            )
            self.step(detail, "settings named in plans", self._save_named, row=row)

    @staticmethod
    def _save_named(*, row: NamedSetting, by) -> NamedSetting:
        # Section I has no service of its own to record settings through: the model checks it.
        row.full_clean()
        audit(row, by=by, reason="Named in the plan")
        row.save()
        return row

    def budgets(self, child, plan: Plan, named: ET.Element, start: date | None) -> None:
        """PB, OA and DP as personal budgets: a direct payment of the DP kind, and an organised
        arrangement for OA (or for a PB with neither), education unless DP says otherwise."""
        direct = _text(named, "DP")
        organised = _flag(named, "OA") or (_flag(named, "PB") and not direct)
        wanted = ([(direct, True)] if direct else []) + (
            [(direct or "E", False)] if organised else []
        )
        for kind, paid_directly in wanted:
            match = {"plan": plan, "kind": kind, "direct_payment": paid_directly}
            if PersonalBudget.objects.filter(**match).exists():
                self.found(plan, "personal budgets")
                continue
            self.step(
                _at(named, "DP" if paid_directly else "OA"),
                "personal budgets",
                self._save_budget,
                budget=PersonalBudget(created_by=self.by, start_on=start or date.today(), **match),
            )

    @staticmethod
    def _save_budget(*, budget: PersonalBudget, by) -> PersonalBudget:
        # SEN2 says a budget was agreed, not how much: add_personal_budget refuses £0, which
        # stands here for an amount to be completed; every other check of the model is made.
        budget.annual_amount = 0
        budget.clean_fields(exclude=["created_by"])
        try:
            budget.clean()
        except ValidationError as error:
            others = {k: v for k, v in error.message_dict.items() if k != "annual_amount"}
            if others:
                raise ValidationError(others) from error
        audit(budget, by=by, reason="SEN2 import")
        budget.save()
        return budget

    def placements(self, child: Child, plan: Plan, active: ET.Element) -> None:
        for detail in active.iterfind("PlacementDetail"):
            setting = self.setting(detail)
            if setting is None:
                continue
            rank = int(_text(detail, "PlacementRank") or 1)
            entry_on = _date(detail, "EntryDate")
            match = {"child": child, "setting": setting, "rank": rank, "entry_on": entry_on}
            if Placement.objects.filter(**match).exists():
                self.found(plan, "placements")
                continue
            self.step(
                detail,
                "placements",
                add_placement,
                child=child,
                setting=setting,
                plan=plan,
                rank=rank,
                entry_on=entry_on,
                leaving_on=_date(detail, "LeavingDate"),
                sen_unit=_flag(detail, "SENunitIndicator"),
                resourced_provision=_flag(detail, "ResourcedProvisionIndicator"),
                residential=_text(detail, "Res"),
                work_based_pathway=_text(detail, "WBP"),
            )

    def review(self, plan: Plan, active: ET.Element) -> None:
        """ReviewMeeting and ReviewOutcome: the latest review meeting and the decision after
        it; LastReview: the latest review decision. Recorded as one review, through the
        review services when its dates follow each other, and the next review scheduled."""
        meeting = _date(active, "ReviewMeeting")
        decided = _date(active, "LastReview")
        outcome = _text(active, "ReviewOutcome")
        if meeting is None and decided is None:
            return
        if AnnualReview.objects.filter(plan=plan, meeting_on=meeting, decision_on=decided).exists():
            self.found(plan, "annual reviews")
            return
        where = _at(active, "ReviewMeeting" if meeting else "LastReview")
        pending = plan.reviews.filter(meeting_on__isnull=True).order_by("-due_on").first()
        if pending is None:
            start = decided or meeting
            pending = self.step(where, None, reviews.schedule_review, plan=plan, after=start)
        if meeting and not decided and not outcome:
            self.step(
                where, "annual reviews", reviews.record_meeting, review=pending, meeting_on=meeting
            )
            return
        if meeting and decided and outcome and decided >= meeting:
            review = self.step(
                where, "annual reviews", reviews.record_meeting, review=pending, meeting_on=meeting
            )
            self.step(
                active.find("LastReview"),
                None,
                reviews.record_decision,
                review=review,
                decision=outcome,
                decision_on=decided,
                proposals_sent_on=decided if outcome == ReviewOutcome.AMEND else None,
            )
            return
        self.step(
            where,
            "annual reviews",
            self._review_as_given,
            review=pending,
            meeting_on=meeting,
            decision_on=decided,
            decision=outcome,
        )
        if meeting and decided and decided < meeting:
            why = f"its decision ({decided}) is before its meeting ({meeting})"
        elif not meeting:
            why = "LastReview comes without ReviewMeeting"
        elif not decided:
            why = "ReviewOutcome comes without LastReview, the date of the decision"
        else:
            why = "LastReview comes without ReviewOutcome"
        self.warn(where, f"The review is recorded as the file gives it, to be checked: {why}")

    @staticmethod
    def _review_as_given(*, review: AnnualReview, by, meeting_on, decision_on, decision):
        """A review whose dates the services would refuse in this order (a decision before the
        meeting: SEN2's LastReview may be an earlier review's), kept as the file gives them with
        its deadlines, and the next review counted from the decision."""
        review.meeting_on, review.decision_on, review.decision = meeting_on, decision_on, decision
        review.full_clean(exclude=["created_by"])
        audit(review, by=by, reason="SEN2 import")
        review.save()
        sync_review_deadlines(review)
        if decision_on and review.plan.is_maintained:
            # schedule_review would re-date this review if it has no meeting: a new one.
            following = AnnualReview(plan=review.plan, created_by=by)
            schedule.apply_dates(following, decision_on)
            audit(following, by=by, reason="SEN2 import")
            following.save()
            sync_review_deadlines(following)
        return review
