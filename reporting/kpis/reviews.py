"""KPIs about plans in force: annual reviews on time, amendments, phase transfers, and whether
section F provision was delivered."""

from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from cases import statutory
from cases.models import Deadline
from plans.models import AnnualReview, ProvisionCheck, ProvisionItem
from plans.services.provision import with_last_check

from .base import Period, Result, kpi
from .caseload import maintained_count, maintained_on


@kpi("AR", "Annual reviews completed on time", unit="%", better="higher")
def ar(period: Period) -> Result:
    """Reviews due in the period whose decision after the meeting was sent by the due date ÷ all
    reviews due in the period: a review is complete when that decision is notified (CFA 2014
    s44(1) with SI 2014/1530 reg 20(10)), not when the meeting is held.
    `breakdown["meetings_on_time"]`: of the same reviews, how many had their meeting by the due
    date (the second figure); `breakdown["overdue"]`: reviews of plans in force on the snapshot
    date that were due before it and not completed by then."""
    due = AnnualReview.objects.filter(due_on__range=period.days)
    counts = due.aggregate(
        all=Count("*"),
        on_time=Count("decision_on", filter=Q(decision_on__lte=F("due_on"))),
        meetings=Count("meeting_on", filter=Q(meeting_on__lte=F("due_on"))),
    )
    overdue = overdue_reviews(period.snapshot).count()
    return Result.ratio(
        counts["on_time"], counts["all"], meetings_on_time=counts["meetings"], overdue=overdue
    )


def overdue_reviews(day):
    """Reviews of plans in force on `day` that were due before it and not completed by then."""
    return AnnualReview.objects.filter(plan__in=maintained_on(day), due_on__lt=day).filter(
        Q(decision_on__isnull=True) | Q(decision_on__gt=day)
    )


@kpi("ARA", "Amended plans issued within 12 weeks of the review meeting", unit="%", better="higher")
def ara(period: Period) -> Result:
    """Amended plans issued in the period within 12 weeks of their review meeting (the 4-week
    decision and the 8 weeks of reg 22, as read after R (L, M & P) v Devon CC [2022]) ÷ all
    amended plans issued in the period after a review."""
    limit = timedelta(weeks=statutory.AMENDMENT_PRACTICE_WEEKS)
    taken = ExpressionWrapper(
        F("amended_issued_on") - F("meeting_on"), output_field=DurationField()
    )
    counts = (
        AnnualReview.objects.filter(amended_issued_on__range=period.days)
        .annotate(taken=taken)
        .aggregate(all=Count("*"), in_time=Count("meeting_on", filter=Q(taken__lte=limit)))
    )
    return Result.ratio(counts["in_time"], counts["all"])


@kpi("PT", "Phase transfers amended by the deadline", unit="%", better="higher")
def pt(period: Period) -> Result:
    """Plans whose reg 18 phase-transfer deadline fell in the period and whose review and
    amendment were done by it ÷ all plans with such a deadline in the period. The deadline is the
    last day *before* 15 February (31 March for a move to a post-16 institution), as the Deadline
    rows carry it: an amended plan issued on 15 February is late."""
    rows = Deadline.objects.filter(kind=Deadline.Kind.PHASE_TRANSFER, due_on__range=period.days)
    counts = rows.aggregate(
        all=Count("*"),
        in_time=Count("due_on", filter=Q(completed_on__lte=F("due_on"))),
    )
    return Result.ratio(counts["in_time"], counts["all"])


def term_start(day: date) -> date:
    """The first day of the school term `day` falls in, taking terms as September-December,
    January-March and April-August (Easter moves; a council's own term dates could replace
    this)."""
    if day.month >= 9:
        return date(day.year, 9, 1)
    if day.month >= 4:
        return date(day.year, 4, 1)
    return date(day.year, 1, 1)


@kpi(
    "PROV",
    "Plans with section F provision confirmed delivered this term",
    unit="%",
    better="higher",
)
def prov(period: Period) -> Result:
    """Plans in force on the snapshot date whose every section F item was last checked as
    delivered, by a check reaching into the current term ÷ all plans in force;
    `breakdown["not_delivered"]`: plans with an item whose last check found it not delivered."""
    snapshot = period.snapshot
    maintained = maintained_on(snapshot)
    items = with_last_check(ProvisionItem.objects.filter(plan__in=maintained), as_of=snapshot)
    confirmed = Q(
        last_delivery=ProvisionCheck.Delivery.DELIVERED, last_checked_to__gte=term_start(snapshot)
    )
    per_plan = (
        items.order_by()
        .values("plan")
        .annotate(
            items=Count("*"),
            confirmed=Count("pk", filter=confirmed),
            missed=Count("pk", filter=Q(last_delivery=ProvisionCheck.Delivery.NOT_DELIVERED)),
        )
    )
    counts = per_plan.aggregate(
        all_confirmed=Count("plan", filter=Q(items=F("confirmed"))),
        not_delivered=Count("plan", filter=Q(missed__gt=0)),
    )
    return Result.ratio(
        counts["all_confirmed"], maintained_count(snapshot), not_delivered=counts["not_delivered"]
    )
