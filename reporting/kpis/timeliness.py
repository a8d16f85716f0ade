"""Timeliness KPIs, read from the Deadline table: each statutory step's row holds its due date
(from cases.statutory, so the 20 weeks end on received + 140 days in one place), the day it was
done, and whether an exception applied (SEN2 `Week20`).

The assessment KPIs count initial requests only. A re-assessment has none of their kinds of
step (decision to assess, notice not to issue, final plan), only advice, so TADV leaves out
re-assessments' advice; RA14 counts re-assessments on their own."""

from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from cases.models import AdviceRequest, Deadline
from cases.models.assessment import Kind as RequestKind

from .base import Period, Result, kpi

IN_TIME = Q(completed_on__lte=F("due_on"))
# Counting a column the kind indexes cover (not "pk") lets PostgreSQL answer from the index.
IN_TIME_COUNT = Count("due_on", filter=IN_TIME)


def _done_in(period: Period, kind: str, **filters):
    return Deadline.objects.filter(kind=kind, completed_on__range=period.days, **filters)


def final_plans(period: Period):
    """Final EHC plans issued in the period from a request: the rows T20 and T20X count."""
    return _done_in(period, Deadline.Kind.FINAL_PLAN)


def _in_time(rows, *, excluding_exceptions: bool = False) -> Result:
    if excluding_exceptions:
        rows = rows.filter(exempt=False)
    counts = rows.aggregate(all=Count("*"), in_time=IN_TIME_COUNT)
    return Result.ratio(counts["in_time"], counts["all"])


@kpi("T20", "New EHC plans issued within 20 weeks, including exceptions", unit="%", better="higher")
def t20(period: Period) -> Result:
    """Final EHC plans issued in the period within 20 weeks of the request (received + 140
    days) ÷ all final EHC plans issued in the period from a request. DfE publishes it beside
    its headline, T20X."""
    return _in_time(final_plans(period))


@kpi(
    "T20X", "New EHC plans issued within 20 weeks, excluding exceptions", unit="%", better="higher"
)
def t20x(period: Period) -> Result:
    """As T20, with every plan whose 20-week limit had an exception removed from both."""
    return _in_time(final_plans(period), excluding_exceptions=True)


def _weeks_taken(rows):
    taken = ExpressionWrapper(
        F("completed_on") - F("request__received_on"), output_field=DurationField()
    )
    return rows.annotate(taken=taken)


@kpi("TAVG", "Average weeks from request to final EHC plan", unit="weeks", better="lower")
def tavg(period: Period) -> Result:
    """Mean of (issued - received) / 7 over T20's plans; `breakdown` has the same excluding
    plans with an exception."""
    rows = _weeks_taken(_done_in(period, Deadline.Kind.FINAL_PLAN))
    averages = rows.aggregate(all=Avg("taken"), excluding=Avg("taken", filter=Q(exempt=False)))

    def weeks(value):
        return None if value is None else round(value.total_seconds() / 86400 / 7, 1)

    return Result(
        weeks(averages["all"]), breakdown={"excluding_exceptions": weeks(averages["excluding"])}
    )


LATE_BAND_WEEKS = 52  # DfE's bands: over 20 up to 52 weeks, over 52 weeks


@kpi("TLATE", "EHC plans issued over 20 weeks", unit="count", better="lower")
def tlate(period: Period) -> Result:
    """Final EHC plans issued in the period after the 20 weeks, in the bands DfE publishes:
    `breakdown["over_20_to_52_weeks"]` and `breakdown["over_52_weeks"]`, counted in weeks as the
    20-week limit is (more than received + 52 * 7 days), not in years of 365 days."""
    rows = _weeks_taken(_done_in(period, Deadline.Kind.FINAL_PLAN))
    over_52 = timedelta(weeks=LATE_BAND_WEEKS)
    counts = rows.aggregate(
        late=Count("due_on", filter=Q(completed_on__gt=F("due_on"))),
        over_52=Count("due_on", filter=Q(completed_on__gt=F("due_on"), taken__gt=over_52)),
    )
    return Result(
        counts["late"],
        breakdown={
            "over_20_to_52_weeks": counts["late"] - counts["over_52"],
            "over_52_weeks": counts["over_52"],
        },
    )


@kpi("T6", "Decisions whether to assess made within 6 weeks", unit="%", better="higher")
def t6(period: Period) -> Result:
    """Decisions made in the period within received + 42 days ÷ all decisions made in it."""
    return _in_time(_done_in(period, Deadline.Kind.DECISION_TO_ASSESS))


@kpi("T16", "Decisions not to issue a plan made within 16 weeks", unit="%", better="higher")
def t16(period: Period) -> Result:
    """Notices not to issue an EHC plan sent in the period within received + 112 days ÷ all such
    notices sent in it."""
    rows = _done_in(period, Deadline.Kind.NOTICE_NOT_TO_ISSUE, request__issue_decision="no")
    return _in_time(rows)


@kpi("TADV", "Advice returned within 6 weeks", unit="%", better="higher")
def tadv(period: Period) -> Result:
    """Advice received in the period within 6 weeks of the request for it ÷ all advice received
    in it for an assessment (not a re-assessment); `breakdown` gives the same per body
    (educational psychology, health, ...)."""
    rows = _done_in(period, Deadline.Kind.ADVICE, request__kind=RequestKind.INITIAL)
    # An advice row's label names its body ("Health advice"), so one grouping splits them all.
    by_label = {
        row["label"]: row
        for row in rows.order_by().values("label").annotate(all=Count("*"), in_time=IN_TIME_COUNT)
    }
    per_body = {}
    for body, label in AdviceRequest.Body.choices:
        row = by_label.get(f"{label} advice", {"all": 0, "in_time": 0})
        per_body[body] = Result.ratio(row["in_time"], row["all"]).value
    return Result.ratio(
        sum(row["in_time"] for row in by_label.values()),
        sum(row["all"] for row in by_label.values()),
        **per_body,
    )


@kpi("RA14", "Re-assessments completed within 14 weeks", unit="%", better="higher")
def ra14(period: Period) -> Result:
    """Re-assessments completed in the period (the amended or replacement plan issued, or the
    family told it will not be amended or replaced) within 14 weeks of the decision to
    re-assess (SI 2014/1530 reg 27(2)) ÷ all completed in the period, exceptions included as
    T20 includes them; `breakdown` has the figure excluding them."""
    rows = _done_in(period, Deadline.Kind.REASSESSED_PLAN)
    result = _in_time(rows)
    result.breakdown = {"excluding_exceptions": _in_time(rows, excluding_exceptions=True).value}
    return result


def _proposed_statements(period: Period):
    return _done_in(period, Deadline.Kind.PROPOSED_STATEMENT, request__issue_decision="yes")


@kpi(
    "B43A",
    "Proposed statements within 18 weeks, excluding exceptions (BVPI 43a)",
    unit="%",
    better="higher",
)
def b43a(period: Period) -> Result:
    """Proposed statements issued in the period within received + 126 days ÷ all issued, cases
    covered by an exception removed from both (BVPI 43a)."""
    return _in_time(_proposed_statements(period), excluding_exceptions=True)


@kpi(
    "B43B",
    "Proposed statements within 18 weeks, including exceptions (BVPI 43b)",
    unit="%",
    better="higher",
)
def b43b(period: Period) -> Result:
    """As B43A with every case counted (BVPI 43b)."""
    return _in_time(_proposed_statements(period))


@kpi("S26", "Final statements within 26 weeks, excluding exceptions", unit="%", better="higher")
def s26(period: Period) -> Result:
    """Final statements issued in the period within received + 182 days ÷ all issued, exception
    cases removed; `breakdown` has the figure including them (NI 103a/b)."""
    rows = _done_in(period, Deadline.Kind.FINAL_STATEMENT)
    result = _in_time(rows, excluding_exceptions=True)
    result.breakdown = {"including_exceptions": _in_time(rows).value}
    return result
