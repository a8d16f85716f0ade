"""Who is in the SEN2 return for a reference date, and what each element says about them.

`select_return` decides which children, requests and plans belong in the return (the rules are
in the docstrings below, after the DfE SEN2 guide as far as the schema and our domain notes show
it); the functions after it say what each element holds. `export` writes the XML.

Everything is read "as at" the reference date: a date after it counts as not yet happened, so a
return for a past reference date shows what was known that day (as far as the dates tell).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from cases.models import AssessmentRequest, Child, Disagreement, TimeLimitException
from cases.models.assessment import Decision, Kind, Regime
from placements.models import NamedSetting, Placement
from plans.models import Plan

from . import years

# SENSetting codes that carry a description in SENSettingOther.
DESCRIBED_SETTINGS = ("OTH", "NIEO")


@dataclass(frozen=True)
class Window:
    """The collection year is the calendar year before the reference date's year (the 2024
    return, reference date 18 January 2024, covers 1 January to 31 December 2023); activity is
    counted from its first day up to the reference date."""

    reference_date: date

    @property
    def start(self) -> date:
        return date(self.reference_date.year - 1, 1, 1)

    def seen(self, day: date | None) -> date | None:
        """The date if it had happened by the reference date, else None."""
        return day if day is not None and day <= self.reference_date else None

    def within(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.reference_date

    @property
    def rules(self) -> years.Sen2Year | None:
        """The collection year's rules; None for a year this product does not support."""
        try:
            return years.for_reference_date(self.reference_date)
        except years.UnsupportedYear:
            return None


@dataclass
class Entry:
    """One <Requests> element: a request, the EHC plan that came from it, or both. A plan with
    no request on record (transferred in, or issued before the system) gets an entry of its own
    whose outcome is H (historical)."""

    request: AssessmentRequest | None
    plan: Plan | None
    historical: bool = False


@dataclass
class PersonEntry:
    child: Child
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Sen2Return:
    window: Window
    la_code: str
    persons: list[PersonEntry]

    @property
    def counts(self) -> dict[str, int]:
        return self.counts_for(None)

    def counts_for(self, child_ids: set[int] | None) -> dict[str, int]:
        """Persons, requests and plans in the return (of these children only, if given)."""
        persons = [p for p in self.persons if child_ids is None or p.child.pk in child_ids]
        entries = [e for p in persons for e in p.entries]
        return {
            "persons": len(persons),
            "requests": sum(1 for e in entries if e.request is not None and not e.historical),
            "plans": sum(1 for e in entries if e.plan is not None),
        }


# --- Selection -----------------------------------------------------------------------------------


def _completed_before(start: date) -> Q:
    return (
        Q(closed_on__lt=start)
        | Q(assess_decision=Decision.NO, assess_decision_on__lt=start)
        | Q(issue_decision=Decision.NO, issue_decision_on__lt=start)
        | Q(final_issued_on__lt=start)
    )


def _request_queryset():
    return AssessmentRequest.objects.prefetch_related(
        Prefetch("disagreements", queryset=Disagreement.objects.order_by("pk")),
        Prefetch(
            "exceptions",
            queryset=TimeLimitException.objects.filter(
                step=TimeLimitException.Step.FINAL_PLAN
            ).order_by("pk"),
        ),
    )


def select_requests(window: Window):
    """Requests in the return: EHC needs assessment requests (2014 Act; statements ended in
    2018 and are not collected; a re-assessment is not a request for assessment) received on
    or before the reference date, and either received in the collection year or still open at
    its start (no decision not to assess, no decision not to issue, no final plan and no
    withdrawal before 1 January): the guide's "ongoing work".
    """
    return (
        _request_queryset()
        .filter(kind=Kind.INITIAL, regime=Regime.EHCP, received_on__lte=window.reference_date)
        .filter(Q(received_on__gte=window.start) | ~_completed_before(window.start))
    )


def select_plans(window: Window):
    """Plans in the return: EHC plans (not statements, not drafts) issued on or before the
    reference date (or with no issue date on record) and not ceased before the collection year
    began: "an active EHC plan on census day, or at any time during the collection year"."""
    return (
        Plan.objects.filter(kind=Plan.Kind.EHC_PLAN)
        .exclude(status=Plan.Status.DRAFT)
        .filter(Q(issued_on__lte=window.reference_date) | Q(issued_on__isnull=True))
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=window.start))
        .select_related("cessation")
        .prefetch_related(
            "reviews",
            "personal_budgets",
            Prefetch(
                "named_settings",
                queryset=NamedSetting.objects.select_related("setting").order_by("rank", "pk"),
            ),
            Prefetch(
                "placements",
                queryset=Placement.objects.filter(named_in_section_i=True)
                .select_related("setting")
                .order_by("entry_on", "rank", "pk"),
                to_attr="named_placements",
            ),
        )
    )


def select_return(reference_date: date, la_code: str) -> Sen2Return:
    """Everyone in the return and what is reported for them, in a fixed number of queries.

    A person is in the return when they have a request or a plan in it (above). A request whose
    plan is in the return but which was itself completed before the collection year is reported
    as historical (RequestOutcome and AssessmentOutcome H)."""
    window = Window(reference_date)
    requests = {r.pk: r for r in select_requests(window)}
    plans = list(select_plans(window))
    missing = {p.request_id for p in plans if p.request_id and p.request_id not in requests}
    older = {r.pk: r for r in _request_queryset().filter(pk__in=missing)} if missing else {}

    by_child: dict[int, list[Entry]] = {}
    plan_for_request = {}
    for plan in sorted(plans, key=lambda p: (p.issued_on or date.min, p.pk)):
        if plan.request_id:
            plan_for_request[plan.request_id] = plan
    for request in sorted(requests.values(), key=lambda r: (r.received_on, r.pk)):
        by_child.setdefault(request.child_id, []).append(
            Entry(request, plan_for_request.pop(request.pk, None))
        )
    for plan in plans:
        if plan.request_id in requests:
            continue
        request = older.get(plan.request_id)
        by_child.setdefault(plan.child_id, []).append(Entry(request, plan, historical=True))

    placements_in_window = (
        Placement.objects.filter(entry_on__lte=reference_date)
        .filter(Q(leaving_on__isnull=True) | Q(leaving_on__gte=window.start))
        .select_related("setting")
        .order_by("rank", "-entry_on", "-pk")
    )
    children = Child.objects.filter(pk__in=by_child).prefetch_related(
        Prefetch("placements", queryset=placements_in_window, to_attr="sen2_placements")
    )
    persons = [
        PersonEntry(child, by_child[child.pk])
        for child in children.order_by("last_name", "first_name", "pk")
    ]
    return Sen2Return(window, la_code, persons)


# --- What each element says ----------------------------------------------------------------------


def _happened(day: date | None, window: Window) -> bool:
    """A step recorded without a date counts as done; a dated one only by the reference date."""
    return day is None or day <= window.reference_date


def request_outcome(entry: Entry, window: Window) -> str:
    """RequestOutcome: H for a historical entry; W withdrawn (or ceased) before a decision to
    assess; Y / N the decision to assess; A no decision yet."""
    request = entry.request
    if entry.historical or request is None:
        return "H"
    if request.assess_decision and _happened(request.assess_decision_on, window):
        return "Y" if request.assess_decision == Decision.YES else "N"
    if request.closure and window.seen(request.closed_on):
        return "W"
    return "A"


def request_outcome_date(entry: Entry, window: Window) -> date | None:
    outcome = request_outcome(entry, window)
    request = entry.request
    if request is None:  # outcome "H"
        return None
    if outcome in ("Y", "N"):
        return window.seen(request.assess_decision_on)
    if outcome == "W":
        return window.seen(request.closed_on)
    return None


def assessment_outcome(entry: Entry, window: Window) -> str:
    """AssessmentOutcome: H historical; Y / N the decision whether to issue a plan (a final plan
    issued counts as Y); W withdrawn or ceased before that decision; A not decided yet. Every
    request carries an <Assessment>, as the DfE mock-up does: A where nothing was decided."""
    request = entry.request
    if entry.historical or request is None:
        return "H"
    if request.issue_decision and _happened(request.issue_decision_on, window):
        return "Y" if request.issue_decision == Decision.YES else "N"
    if window.seen(request.final_issued_on):
        return "Y"
    if request.closure and window.seen(request.closed_on):
        return "W"
    return "A"


def assessment_outcome_date(entry: Entry, window: Window) -> date | None:
    request = entry.request
    if request is None:  # outcome "H"
        return None
    if assessment_outcome(entry, window) in ("Y", "N"):
        return window.seen(request.issue_decision_on)
    if assessment_outcome(entry, window) == "W":
        return window.seen(request.closed_on)
    return None


def disagreed(request, about: str, kind: str, window: Window) -> bool:
    return any(
        d.about == about and d.kind == kind and window.seen(d.started_on)
        for d in request.disagreements.all()
    )


def named_plan_due(entry: Entry, window: Window) -> bool:
    """NamedPlan: a plan issued in the collection year (to the reference date), or one that
    ceased in it (so that its CeaseDate and CeaseReason are reported)."""
    plan = entry.plan
    if plan is None:
        return False
    return window.within(plan.issued_on) or window.within(plan.ceased_on)


@dataclass
class Detail:
    """One PlanDetail or PlacementDetail, from a NamedSetting or a Placement."""

    urn: str
    ukprn: str
    sen_setting: str
    sen_setting_other: str
    rank: int
    sen_unit: bool
    resourced_provision: bool
    residential: str = ""
    work_based_pathway: str = ""
    entry_on: date | None = None
    leaving_on: date | None = None
    source: object = None


def _setting_codes(setting, code: str = "", other: str = "") -> tuple[str, str, str, str]:
    """URN, UKPRN, SENSetting, SENSettingOther. SENSetting is given only for a setting without
    a URN or UKPRN (unless it was recorded explicitly, as an imported file may have)."""
    urn = setting.urn if setting else ""
    ukprn = setting.ukprn if setting else ""
    if not code and setting and not (urn or ukprn):
        code = setting.sen2_setting
        if code in DESCRIBED_SETTINGS and not other:
            other = setting.name
    return urn, ukprn, code, other


def plan_details(plan: Plan) -> list[Detail]:
    """PlanDetail (1-2): the settings the plan named when first issued: its NamedSetting rows
    where recorded (imported returns), else the placements named in section I with the earliest
    entry date, by rank."""
    details = []
    for named in plan.named_settings.all():
        urn, ukprn, code, other = _setting_codes(
            named.setting, named.sen_setting, named.sen_setting_other
        )
        details.append(
            Detail(
                urn,
                ukprn,
                code,
                other,
                named.rank,
                named.sen_unit,
                named.resourced_provision,
                named.residential,
                named.work_based_pathway,
                source=named,
            )
        )
    if not details:
        placements = getattr(plan, "named_placements", None)
        if placements is None:
            placements = list(
                plan.placements.filter(named_in_section_i=True)
                .select_related("setting")
                .order_by("entry_on", "rank", "pk")
            )
        first = (
            [p for p in placements if p.entry_on == placements[0].entry_on] if placements else []
        )
        details = [_placement_detail(p) for p in first]
    return _one_per_rank(details)


def _placement_detail(placement: Placement) -> Detail:
    urn, ukprn, code, other = _setting_codes(placement.setting)
    return Detail(
        urn,
        ukprn,
        code,
        other,
        placement.rank,
        placement.sen_unit,
        placement.resourced_provision,
        placement.residential,
        placement.work_based_pathway,
        placement.entry_on,
        placement.leaving_on,
        source=placement,
    )


def _one_per_rank(details: list[Detail]) -> list[Detail]:
    chosen: dict[int, Detail] = {}
    for detail in details:
        chosen.setdefault(detail.rank, detail)
    return [chosen[rank] for rank in sorted(chosen)]


def placements_in_year(child: Child) -> list[Placement]:
    """Every placement of the child's that ran at some time from the start of the collection
    year to the reference date (latest first within each rank)."""
    return list(getattr(child, "sen2_placements", []))


def placement_details(child: Child, window: Window) -> list[Detail]:
    """PlacementDetail (1-2, so one per rank): "placements in the collection year" for a child
    with an active plan: of the placements that ran from 1 January of the collection year to the
    reference date, the latest main (rank 1) and the latest dual (rank 2) placement. A child who
    moved school in the year keeps only the later school (the schema holds two); the
    pre-submission checks warn about it."""
    details = []
    for placement in placements_in_year(child):
        detail = _placement_detail(placement)
        detail.leaving_on = window.seen(placement.leaving_on)
        details.append(detail)
    return _one_per_rank(details)


def review_facts(plan: Plan, window: Window) -> tuple[date | None, str, date | None]:
    """ReviewMeeting and ReviewOutcome: the latest annual review meeting held by the reference
    date, and the decision made after it; LastReview: the date of the latest review decision
    ("EHC plan review decisions date")."""
    reviews = list(plan.reviews.all())
    held = [r for r in reviews if window.seen(r.meeting_on)]
    meeting, outcome = None, ""
    if held:
        latest = max(held, key=lambda r: (r.meeting_on, r.pk))
        meeting = latest.meeting_on
        if latest.decision and (latest.decision_on is None or window.seen(latest.decision_on)):
            outcome = latest.decision
    decisions = [
        day for r in reviews if r.decision and (day := window.seen(r.decision_on)) is not None
    ]
    return meeting, outcome, max(decisions) if decisions else None


def ceased_reason(plan: Plan) -> str:
    """The SEN2 CeaseReason, read only from a cessation that really ceased the plan: one still
    in its proposal or appeal window leaves the plan maintained, with no cease date or reason."""
    cessation = getattr(plan, "cessation", None)
    if cessation is None or cessation.stage != cessation.Stage.CEASED:
        return ""
    return cessation.reason


def budget_facts(plan: Plan, window: Window) -> tuple[bool, bool, str]:
    """PB: a personal budget agreed; OA: part of it held as organised arrangements (a budget
    not paid as a direct payment); DP: the kind of direct payment (E, H, S; I for more than
    one kind, or where an integrated budget is paid directly)."""
    budgets = [b for b in plan.personal_budgets.all() if window.seen(b.start_on)]
    direct = {b.kind for b in budgets if b.direct_payment}
    dp = "" if not direct else (direct.pop() if len(direct) == 1 else "I")
    return bool(budgets), any(not b.direct_payment for b in budgets), dp
