"""The rows of List 1: one per child or young person with an EHC plan in force on the day.

"With an EHC plan" is the caseload's definition (reporting.kpis.caseload.maintained_on): issued,
the council responsible, not ceased. A draft never counts, and neither does a statement: the
template asks for EHC plans, and statements ended in law in 2018. A plan whose cessation is
proposed or notified is still in force (CFA 2014 s45(4)) and is listed.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from placements.codes import Phase, Rank, SettingType
from placements.models import Placement
from plans.models import AnnualReview, Plan, PlanVersion

from ..kpis.caseload import maintained_on
from . import columns as c
from .supplement import Supplement

AMENDED = (PlanVersion.Reason.AMENDED, PlanVersion.Reason.REASSESSED)


@dataclass
class List1:
    day: date
    rows: list[list[object]]  # in the template's column order; None for an empty cell
    supplement: Supplement | None

    header = c.HEADER

    @property
    def blank_columns(self) -> list[str]:
        """The template's columns the product does not hold and the supplement did not give."""
        supplied = self.supplement.columns if self.supplement else ()
        return [column.name for column in c.IMPORTED if column.name not in supplied]


def _listed(day: date, children: QuerySet) -> QuerySet:
    return maintained_on(day).filter(kind=Plan.Kind.EHC_PLAN, child__in=children)


def plans_in_force(day: date, children: QuerySet) -> QuerySet:
    """The EHC plans listed on `day`, each with the dates the list needs."""
    latest_version = (
        PlanVersion.objects.filter(plan=OuterRef("pk"), reason__in=AMENDED, issued_on__lte=day)
        .order_by("-issued_on")
        .values("issued_on")[:1]
    )
    latest_amendment = (
        AnnualReview.objects.filter(plan=OuterRef("pk"), amended_issued_on__lte=day)
        .order_by("-amended_issued_on")
        .values("amended_issued_on")[:1]
    )
    return (
        _listed(day, children)
        .select_related("child")
        .annotate(
            updated_on=Subquery(latest_version),
            amended_on=Subquery(latest_amendment),
            reviewed_on=Max("reviews__meeting_on", filter=Q(reviews__meeting_on__lte=day)),
        )
        .order_by("child_id", "-issued_on", "-pk")
    )


def _placements(day: date, child_ids) -> dict[tuple[int, int], Placement]:
    """The current placement of each child by rank (main, dual): the latest entered wins."""
    current = (
        Placement.objects.current(day)
        .filter(child_id__in=child_ids)
        .select_related("setting")
        .order_by("entry_on", "pk")
    )
    return {(placement.child_id, placement.rank): placement for placement in current}


def _phase(placement: Placement | None) -> str | None:
    if placement is None or not placement.setting.phase:
        return None
    return Phase(placement.setting.phase).label


def _latest(*days):
    known = [day for day in days if day]
    return max(known) if known else None


def _row(plan: Plan, main: Placement | None, dual: Placement | None) -> list[object]:
    child = plan.child
    home_educated = main is not None and main.setting.setting_type == SettingType.ELECTIVE_HOME
    values = {
        c.UNIQUE_ID: str(child.pk),
        c.UPN: child.upn or None,
        c.ULN: child.uln or None,
        c.DATE_OF_BIRTH: child.date_of_birth,
        c.GENDER: c.GENDER_CODES.get(child.sex),
        c.ETHNICITY: child.ethnicity or None,
        c.INITIAL_PLAN: plan.issued_on,
        c.UPDATED_PLAN: _latest(plan.updated_on, plan.amended_on),  # type: ignore[attr-defined]  # annotated
        # A plan transferred in and not yet reviewed here: the other council's last review.
        c.LAST_REVIEWED: plan.reviewed_on or plan.last_reviewed_before_transfer,  # type: ignore[attr-defined]  # annotated
        c.PRIMARY_NEED: child.primary_need or None,
        c.MAIN_URN: (main.setting.urn or None) if main else None,
        c.MAIN_PHASE: _phase(main),
        c.DUAL_PHASE: _phase(dual),
        c.HOME_EDUCATED: "Yes" if home_educated else "No",
        c.KNOWN_TO_SOCIAL_CARE: "Yes" if child.looked_after else None,
    }
    return [values.get(name) for name in c.HEADER]


def build_list1(*, day: date, children: QuerySet, supplement: Supplement | None = None) -> List1:
    """List 1 on `day` for the children given (the caller's visible children)."""
    plans = []
    seen = set()
    for plan in plans_in_force(day, children):
        # One row per child, as the validator requires: their latest plan.
        if plan.child_id not in seen:
            seen.add(plan.child_id)
            plans.append(plan)
    placements = _placements(day, seen)
    rows = []
    for plan in plans:
        row = _row(
            plan,
            placements.get((plan.child_id, Rank.MAIN)),
            placements.get((plan.child_id, Rank.DUAL)),
        )
        if supplement and plan.child.upn:
            for name, value in supplement.values.get(plan.child.upn, {}).items():
                row[c.HEADER.index(name)] = value
        rows.append(row)
    return List1(day=day, rows=rows, supplement=supplement)


def upns_in_force(day: date, children: QuerySet) -> set[str]:
    """The UPNs a supplement may carry: those of the children on the list."""
    return set(_listed(day, children).exclude(child__upn="").values_list("child__upn", flat=True))


def children_listed(day: date, children: QuerySet) -> int:
    return _listed(day, children).values("child_id").distinct().count()
