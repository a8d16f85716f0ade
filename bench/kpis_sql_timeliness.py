"""The timeliness KPIs written by hand in SQL (bench/kpis_sql.py): the statutory time limits
of requests, advice, re-assessments and statements, counted over the Deadline rows.
"""

from reporting.kpis.base import Result


def _in_time_sql(kind: str, join_request: str = "", exempt: bool = False) -> str:
    return f"""
        SELECT count(*), count(*) FILTER (WHERE d.completed_on <= d.due_on)
        FROM cases_deadline d {join_request}
        WHERE d.kind = '{kind}' AND d.completed_on BETWEEN %(start)s AND %(end)s
        {"AND NOT d.exempt" if exempt else ""}
    """


def ratio(rows) -> Result:
    total, in_time = rows[0]
    return Result.ratio(in_time, total)


def _weeks(days) -> float | None:
    return None if days is None else round(float(days) / 7, 1)


# --- Timeliness ----------------------------------------------------------------------------------

T20 = _in_time_sql("final_plan")
T20X = _in_time_sql("final_plan", exempt=True)

TAVG = """
    SELECT avg(d.completed_on - r.received_on),
           avg(d.completed_on - r.received_on) FILTER (WHERE NOT d.exempt)
    FROM cases_deadline d JOIN cases_assessmentrequest r ON r.id = d.request_id
    WHERE d.kind = 'final_plan' AND d.completed_on BETWEEN %(start)s AND %(end)s
"""


def tavg(rows) -> Result:
    every, excluding = rows[0]
    return Result(_weeks(every), breakdown={"excluding_exceptions": _weeks(excluding)})


TLATE = """
    SELECT count(*) FILTER (WHERE d.completed_on > d.due_on),
           count(*) FILTER (WHERE d.completed_on > d.due_on
                              AND d.completed_on - r.received_on > 364)
    FROM cases_deadline d JOIN cases_assessmentrequest r ON r.id = d.request_id
    WHERE d.kind = 'final_plan' AND d.completed_on BETWEEN %(start)s AND %(end)s
"""


def tlate(rows) -> Result:
    late, over_52 = rows[0]
    return Result(late, breakdown={"over_20_to_52_weeks": late - over_52, "over_52_weeks": over_52})


T6 = _in_time_sql("decision_to_assess")
JOIN_REQUEST = "JOIN cases_assessmentrequest r ON r.id = d.request_id"
T16 = _in_time_sql("notice_not_to_issue", JOIN_REQUEST + " AND r.issue_decision = 'no'")

# Advice rows are labelled "<body> advice" (cases.services.deadlines).
ADVICE_BODIES = {
    "ep": "Educational psychology advice",
    "health": "Health advice",
    "social_care": "Social care advice",
    "education": "Education (school or setting) advice",
    "other": "Other advice",
}
TADV = """
    SELECT d.label, count(*), count(*) FILTER (WHERE d.completed_on <= d.due_on)
    FROM cases_deadline d JOIN cases_assessmentrequest r ON r.id = d.request_id
    WHERE d.kind = 'advice' AND d.completed_on BETWEEN %(start)s AND %(end)s
      AND r.kind = 'initial'
    GROUP BY d.label
"""


def tadv(rows) -> Result:
    by_label = {label: (total, in_time) for label, total, in_time in rows}
    total = sum(t for t, _ in by_label.values())
    in_time = sum(i for _, i in by_label.values())
    per_body = {}
    for body, label in ADVICE_BODIES.items():
        body_total, body_in_time = by_label.get(label, (0, 0))
        per_body[body] = Result.ratio(body_in_time, body_total).value
    return Result.ratio(in_time, total, **per_body)


# Re-assessments completed (plan issued, or notice not to amend) within 14 weeks; exceptions
# counted, and in the breakdown left out.
RA14 = """
    SELECT count(*), count(*) FILTER (WHERE completed_on <= due_on),
           count(*) FILTER (WHERE NOT exempt),
           count(*) FILTER (WHERE NOT exempt AND completed_on <= due_on)
    FROM cases_deadline
    WHERE kind = 'reassessed_plan' AND completed_on BETWEEN %(start)s AND %(end)s
"""


def ra14(rows) -> Result:
    all_, in_, excl_all, excl_in = rows[0]
    result = Result.ratio(in_, all_)
    result.breakdown = {"excluding_exceptions": Result.ratio(excl_in, excl_all).value}
    return result


ISSUING = JOIN_REQUEST + " AND r.issue_decision = 'yes'"
B43A = _in_time_sql("proposed_statement", ISSUING, exempt=True)
B43B = _in_time_sql("proposed_statement", ISSUING)

S26 = """
    SELECT count(*) FILTER (WHERE NOT exempt),
           count(*) FILTER (WHERE NOT exempt AND completed_on <= due_on),
           count(*), count(*) FILTER (WHERE completed_on <= due_on)
    FROM cases_deadline
    WHERE kind = 'final_statement' AND completed_on BETWEEN %(start)s AND %(end)s
"""


def s26(rows) -> Result:
    excl_all, excl_in, all_, in_ = rows[0]
    result = Result.ratio(excl_in, excl_all)
    result.breakdown = {"including_exceptions": Result.ratio(in_, all_).value}
    return result
