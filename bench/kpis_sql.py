"""The KPIs of reporting/kpis written by hand in SQL, for bench/kpis.py to time against the ORM.

Each entry is the query a DBA would write from the KPI's definition in KPIS.md (one statement,
one pass over each table where it can), and a `shape` function that turns its row(s) into the
same `Result` the KPI function returns, so the two can be compared figure by figure.

Parameters (psycopg2 `%(name)s`): start, end (the period), snapshot, term_start (the first day
of the snapshot's term), fy (the financial year the period's money is counted in), census_year,
school_start (31 August before it), council and la_code (settings.COUNCIL_NAME, LA_CODE).
"""

from reporting.kpis.base import Result

# Plans the council maintained on the snapshot date: issued by then (a plan transferred in only
# from the day the council became responsible), not ceased by then, never a draft.
MAINTAINED = """
    SELECT id, child_id, kind FROM plans_plan
    WHERE status <> 'draft' AND issued_on <= %(snapshot)s
      AND (responsible_from IS NULL OR responsible_from <= %(snapshot)s)
      AND (ceased_on IS NULL OR ceased_on > %(snapshot)s)
"""

# The KPI category of a setting type (placements.codes.KPI_CATEGORY), written out.
CATEGORY = """
    CASE
      WHEN s.setting_type IN ('mainstream_maintained', 'academy') THEN 'mainstream'
      WHEN s.setting_type = 'resourced_provision' THEN 'resourced'
      WHEN s.setting_type IN ('maintained_special', 'academy_special') THEN 'special'
      WHEN s.setting_type IN ('independent_special', 'non_maintained_special') THEN 'independent'
      WHEN s.setting_type IN ('fe_college', 'specialist_post16') THEN 'post16'
      ELSE 'other'
    END
"""
CATEGORIES = ("mainstream", "resourced", "special", "independent", "post16", "other")

# The main placement open on the snapshot date of each child with a plan in force then.
MAIN_PLACEMENTS = f"""
    SELECT pl.id, pl.setting_id FROM placements_placement pl
    WHERE pl.rank = 1 AND pl.entry_on <= %(snapshot)s
      AND (pl.leaving_on IS NULL OR pl.leaving_on >= %(snapshot)s)
      AND EXISTS (SELECT 1 FROM ({MAINTAINED}) m WHERE m.child_id = pl.child_id)
"""


def _in_time_sql(kind: str, join_request: str = "", exempt: bool = False) -> str:
    return f"""
        SELECT count(*), count(*) FILTER (WHERE d.completed_on <= d.due_on)
        FROM cases_deadline d {join_request}
        WHERE d.kind = '{kind}' AND d.completed_on BETWEEN %(start)s AND %(end)s
        {"AND NOT d.exempt" if exempt else ""}
    """


def _ratio(rows) -> Result:
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


# --- Plans in force ------------------------------------------------------------------------------

# Each item's latest check is stored on it (plans.services.provision.record_check); an item
# whose latest check began after the snapshot looks back through its checks instead.
PROV = f"""
    WITH m AS MATERIALIZED ({MAINTAINED}),
    last AS (
        SELECT i.plan_id,
               CASE WHEN i.latest_from <= %(snapshot)s THEN i.latest_delivery
                    WHEN i.latest_from IS NOT NULL THEN (
                        SELECT c.delivery FROM plans_provisioncheck c
                        WHERE c.item_id = i.id AND c.period_from <= %(snapshot)s
                        ORDER BY c.period_to DESC, c.id DESC LIMIT 1)
               END AS delivery,
               CASE WHEN i.latest_from <= %(snapshot)s THEN i.latest_to
                    WHEN i.latest_from IS NOT NULL THEN (
                        SELECT c.period_to FROM plans_provisioncheck c
                        WHERE c.item_id = i.id AND c.period_from <= %(snapshot)s
                        ORDER BY c.period_to DESC, c.id DESC LIMIT 1)
               END AS period_to
        FROM plans_provisionitem i
        JOIN m ON m.id = i.plan_id
    ),
    per_plan AS (
        SELECT plan_id,
               count(*) AS items,
               count(*) FILTER (
                   WHERE delivery = 'delivered' AND period_to >= %(term_start)s
               ) AS confirmed,
               count(*) FILTER (WHERE delivery = 'not_delivered') AS missed
        FROM last
        GROUP BY plan_id
    )
    SELECT count(*) FILTER (WHERE items = confirmed),
           count(*) FILTER (WHERE missed > 0),
           (SELECT count(*) FROM m)
    FROM per_plan
"""


def prov(rows) -> Result:
    confirmed, missed, maintained = rows[0]
    return Result.ratio(confirmed, maintained, not_delivered=missed)


AR = f"""
    SELECT
      (SELECT count(*) FROM plans_annualreview WHERE due_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM plans_annualreview
       WHERE due_on BETWEEN %(start)s AND %(end)s AND decision_on <= due_on),
      (SELECT count(*) FROM plans_annualreview
       WHERE due_on BETWEEN %(start)s AND %(end)s AND meeting_on <= due_on),
      (SELECT count(*) FROM plans_annualreview r JOIN ({MAINTAINED}) m ON m.id = r.plan_id
       WHERE r.due_on < %(snapshot)s
         AND (r.decision_on IS NULL OR r.decision_on > %(snapshot)s))
"""


def ar(rows) -> Result:
    total, on_time, meetings, overdue = rows[0]
    return Result.ratio(on_time, total, meetings_on_time=meetings, overdue=overdue)


ARA = """
    SELECT count(*), count(*) FILTER (WHERE amended_issued_on - meeting_on <= 84)
    FROM plans_annualreview
    WHERE amended_issued_on BETWEEN %(start)s AND %(end)s
"""

PT = """
    SELECT count(*), count(*) FILTER (WHERE completed_on <= due_on)
    FROM cases_deadline
    WHERE kind = 'phase_transfer' AND due_on BETWEEN %(start)s AND %(end)s
"""


# --- Caseload and flow ---------------------------------------------------------------------------

N = f"""
    SELECT count(*), count(*) FILTER (WHERE kind = 'ehc_plan'),
           count(*) FILTER (WHERE kind = 'statement')
    FROM ({MAINTAINED}) m
"""


def _by_kind(rows) -> Result:
    total, ehc_plan, statement = rows[0]
    return Result(total, breakdown={"ehc_plan": ehc_plan, "statement": statement})


NEW = """
    SELECT count(*), count(*) FILTER (WHERE kind = 'ehc_plan'),
           count(*) FILTER (WHERE kind = 'statement')
    FROM plans_plan
    WHERE origin = 'assessment' AND issued_on BETWEEN %(start)s AND %(end)s
"""

REQ = """
    SELECT count(*),
           count(*) FILTER (WHERE assess_decision <> ''),
           count(*) FILTER (WHERE assess_decision = 'yes'),
           count(*) FILTER (WHERE issue_decision <> ''),
           count(*) FILTER (WHERE issue_decision = 'yes'),
           count(*) FILTER (WHERE closure = 'withdrawn')
    FROM cases_assessmentrequest
    WHERE kind = 'initial' AND received_on BETWEEN %(start)s AND %(end)s
"""


def req(rows) -> Result:
    total, decided, agreed, issue_decided, issuing, withdrawn = rows[0]
    return Result(
        total,
        breakdown={
            "agreed_percent": Result.ratio(agreed, decided).value,
            "leading_to_plan_percent": Result.ratio(issuing, issue_decided).value,
            "withdrawn": withdrawn,
        },
    )


# One row per reason, and the new plans on every row (NULL reason when none ceased).
CEASE = """
    SELECT c.reason, c.n, new.n
    FROM (SELECT count(*) AS n FROM plans_plan
          WHERE origin = 'assessment' AND issued_on BETWEEN %(start)s AND %(end)s) new
    LEFT JOIN (SELECT reason, count(*) AS n FROM plans_cessation
               WHERE ceases_on BETWEEN %(start)s AND %(end)s GROUP BY reason) c ON true
"""


def cease(rows) -> Result:
    by_reason = {reason: n for reason, n, _ in rows if reason is not None}
    new_count = rows[0][2]
    total = sum(by_reason.values())
    return Result(
        total,
        breakdown={
            "by_reason": {reason: by_reason[reason] for reason in sorted(by_reason)},
            "ceased_per_new": round(total / new_count, 2) if new_count else None,
        },
    )


CHILDREN_WITH_PLANS = f"""
    SELECT c.* FROM cases_child c
    WHERE EXISTS (SELECT 1 FROM ({MAINTAINED}) m WHERE m.child_id = c.id)
"""

NEED = f"""
    SELECT primary_need, count(*) FROM ({CHILDREN_WITH_PLANS}) c GROUP BY primary_need
"""
NEEDS = ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH")


def need(rows) -> Result:
    counts = dict(rows)
    total = sum(counts.values())
    breakdown = {
        code: {
            "count": counts.get(code, 0),
            "percent": Result.ratio(counts.get(code, 0), total).value,
        }
        for code in [*NEEDS, ""]
    }
    breakdown["none"] = breakdown.pop("")
    return Result(total, breakdown=breakdown)


def _band(low: int, high: int) -> str:
    return (
        f"count(*) FILTER (WHERE c.date_of_birth > (%(snapshot)s::date - interval '{high} years')"
        f" AND c.date_of_birth <= (%(snapshot)s::date - interval '{low} years'))"
    )


AGE_BANDS = (
    ("under_5", 0, 5),
    ("5_10", 5, 11),
    ("11_15", 11, 16),
    ("16_19", 16, 20),
    ("20_25", 20, 26),
)
AGE = f"""
    SELECT count(*), {", ".join(_band(low, high) for _, low, high in AGE_BANDS)}
    FROM cases_child c
    WHERE EXISTS (SELECT 1 FROM ({MAINTAINED}) m WHERE m.child_id = c.id)
"""


def age(rows) -> Result:
    total, *bands = rows[0]
    names = [name for name, _, _ in AGE_BANDS]
    return Result(total, breakdown=dict(zip(names, bands, strict=True)))


# The council's census row for the snapshot's academic year: by name first, else by LA code.
CENSUS = """
    SELECT pupils, with_plan, sen_support FROM reporting_populationcount
    WHERE (lower(la_name) = lower(%(council)s) OR la_code = %(la_code)s)
      AND year = %(census_year)s AND phase = 'all'
    ORDER BY lower(la_name) = lower(%(council)s) DESC
    LIMIT 1
"""

# School age: 5 to 15 on the 31 August that started the snapshot's academic year.
PREV = f"""
    SELECT (SELECT count(*) FROM cases_child c
            WHERE c.date_of_birth <= (%(school_start)s::date - interval '5 years')
              AND c.date_of_birth > (%(school_start)s::date - interval '16 years')
              AND EXISTS (SELECT 1 FROM ({MAINTAINED}) m WHERE m.child_id = c.id)),
           census.pupils, census.with_plan
    FROM (SELECT 1) one LEFT JOIN LATERAL ({CENSUS}) census ON true
"""


def prev_shape(census_year: int):
    def shape(rows) -> Result:
        numerator, pupils, with_plan = rows[0]
        if pupils is None:
            return Result(None, numerator, None, {"census_year": census_year})
        census_percent = Result.ratio(with_plan, pupils).value if with_plan is not None else None
        return Result.ratio(
            numerator, pupils, census_year=census_year, census_percent=census_percent
        )

    return shape


SUPP = CENSUS


def supp_shape(census_year: int):
    def shape(rows) -> Result:
        if not rows or rows[0][2] is None:
            return Result(None, None, None, {"census_year": census_year})
        pupils, _with_plan, sen_support = rows[0]
        return Result.ratio(sen_support, pupils, census_year=census_year)

    return shape


# --- Placements and money ------------------------------------------------------------------------

MIX = f"""
    SELECT {CATEGORY} AS category, count(*)
    FROM ({MAIN_PLACEMENTS}) pl JOIN placements_setting s ON s.id = pl.setting_id
    GROUP BY 1
"""


def _shares(rows):
    counts = dict(rows)
    total = sum(counts.values())
    return {
        group: {
            "count": counts.get(group, 0),
            "percent": Result.ratio(counts.get(group, 0), total).value,
        }
        for group in CATEGORIES
    }, total


def mix(rows) -> Result:
    shares, total = _shares(rows)
    return Result.ratio(shares["mainstream"]["count"], total, **shares)


INMSS = MIX


def inmss(rows) -> Result:
    shares, total = _shares(rows)
    return Result.ratio(shares["independent"]["count"], total)


OOA = f"""
    SELECT
      (SELECT count(*) FROM ({MAIN_PLACEMENTS}) pl),
      (SELECT count(*) FROM ({MAIN_PLACEMENTS}) pl
       JOIN placements_setting s ON s.id = pl.setting_id AND NOT s.in_area),
      count(*) FILTER (WHERE p.entry_on BETWEEN %(start)s AND %(end)s),
      count(*) FILTER (WHERE p.leaving_on BETWEEN %(start)s AND %(end)s)
    FROM placements_placement p JOIN placements_setting s ON s.id = p.setting_id
    WHERE NOT s.in_area
"""


def ooa(rows) -> Result:
    total, out, new, ended = rows[0]
    return Result.ratio(out, total, new=new, returns=ended)


# One pass over the year's cost lines: by category, by funding source and in all.
SPEND = f"""
    SELECT GROUPING(category), GROUPING(funding_source), category, funding_source, sum(amount)
    FROM (
        SELECT {CATEGORY} AS category, l.funding_source, l.amount
        FROM placements_costline l
        JOIN placements_placement p ON p.id = l.placement_id
        JOIN placements_setting s ON s.id = p.setting_id
        WHERE l.financial_year = %(fy)s
    ) lines
    GROUP BY GROUPING SETS ((category), (funding_source), ())
"""


def spend_shape(fy_label: str):
    def shape(rows) -> Result:
        by_group, by_source, total = {}, {}, None
        for no_category, no_source, category, source, amount in rows:
            if not no_category:
                by_group[category] = amount
            elif not no_source:
                by_source[source] = amount
            else:
                total = amount
        return Result(
            total or 0,
            breakdown={
                "financial_year": fy_label,
                "by_category": {g: by_group.get(g, 0) for g in CATEGORIES},
                "by_funding_source": by_source,
            },
        )

    return shape


UNIT = f"""
    SELECT GROUPING(category), category, sum(amount), count(DISTINCT placement_id)
    FROM (
        SELECT {CATEGORY} AS category, l.placement_id, l.amount
        FROM placements_costline l
        JOIN placements_placement p ON p.id = l.placement_id
        JOIN placements_setting s ON s.id = p.setting_id
        WHERE l.financial_year = %(fy)s
    ) lines
    GROUP BY GROUPING SETS ((category), ())
"""


def unit(rows) -> Result:
    average, breakdown = None, {}
    for no_category, category, total, placements in rows:
        if no_category:
            average = round(total / placements, 2) if placements else None
        else:
            breakdown[category] = round(total / placements, 2)
    return Result(average, breakdown=breakdown)


PB = f"""
    SELECT count(DISTINCT b.plan_id),
           count(*) FILTER (WHERE b.direct_payment),
           count(*) FILTER (WHERE b.kind = 'E'), count(*) FILTER (WHERE b.kind = 'H'),
           count(*) FILTER (WHERE b.kind = 'S'), count(*) FILTER (WHERE b.kind = 'I')
    FROM placements_personalbudget b
    WHERE b.start_on <= %(snapshot)s AND (b.end_on IS NULL OR b.end_on >= %(snapshot)s)
      AND b.plan_id IN (SELECT id FROM ({MAINTAINED}) m)
"""


def pb(rows) -> Result:
    plans, direct, e, h, s, i = rows[0]
    return Result(plans, breakdown={"direct_payments": direct, "E": e, "H": h, "S": s, "I": i})


# --- Disagreement --------------------------------------------------------------------------------

_STAGES = """
    count(*) FILTER (WHERE about = 'request'),
    count(*) FILTER (WHERE about = 'assessment'),
    count(*) FILTER (WHERE about = 'content')
"""
MED = f"""
    SELECT {_STAGES} FROM cases_disagreement
    WHERE kind = 'mediation' AND started_on BETWEEN %(start)s AND %(end)s
"""


def med(rows) -> Result:
    request, assessment, plan = rows[0]
    by_stage = {"request": request, "assessment": assessment, "plan": plan}
    return Result(sum(by_stage.values()), breakdown=by_stage)


TRIB = f"""
    SELECT t.*, d.*
    FROM (SELECT {_STAGES} FROM cases_disagreement
          WHERE kind = 'tribunal' AND started_on BETWEEN %(start)s AND %(end)s) t,
         (SELECT count(*) FILTER (WHERE assess_decision = 'no'
                                  AND assess_decision_on BETWEEN %(start)s AND %(end)s),
                 count(*) FILTER (WHERE issue_decision = 'no'
                                  AND issue_decision_on BETWEEN %(start)s AND %(end)s),
                 count(*) FILTER (WHERE final_issued_on BETWEEN %(start)s AND %(end)s)
          FROM cases_assessmentrequest
          WHERE kind = 'initial'
            AND (assess_decision_on BETWEEN %(start)s AND %(end)s
                 OR issue_decision_on BETWEEN %(start)s AND %(end)s
                 OR final_issued_on BETWEEN %(start)s AND %(end)s)) d
"""


def trib(rows) -> Result:
    request, assessment, plan, not_assessing, not_issuing, issued = rows[0]
    by_stage = {"request": request, "assessment": assessment, "plan": plan}
    appeals = sum(by_stage.values())
    appealable = not_assessing + not_issuing + issued
    rate = round(100 * appeals / appealable, 1) if appealable else None
    return Result(appeals, breakdown={**by_stage, "per_100_decisions": rate})


def queries(fy_label: str, census_year: int) -> dict[str, tuple[str, object]]:
    """Code -> (SQL, shape) for every KPI written by hand, in KPIS.md order."""
    return {
        "T20": (T20, _ratio),
        "T20X": (T20X, _ratio),
        "TAVG": (TAVG, tavg),
        "TLATE": (TLATE, tlate),
        "T6": (T6, _ratio),
        "TADV": (TADV, tadv),
        "T16": (T16, _ratio),
        "RA14": (RA14, ra14),
        "B43A": (B43A, _ratio),
        "B43B": (B43B, _ratio),
        "S26": (S26, s26),
        "PROV": (PROV, prov),
        "AR": (AR, ar),
        "ARA": (ARA, _ratio),
        "PT": (PT, _ratio),
        "N": (N, _by_kind),
        "PREV": (PREV, prev_shape(census_year)),
        "SUPP": (SUPP, supp_shape(census_year)),
        "NEW": (NEW, _by_kind),
        "REQ": (REQ, req),
        "CEASE": (CEASE, cease),
        "NEED": (NEED, need),
        "AGE": (AGE, age),
        "MIX": (MIX, mix),
        "INMSS": (INMSS, inmss),
        "OOA": (OOA, ooa),
        "SPEND": (SPEND, spend_shape(fy_label)),
        "UNIT": (UNIT, unit),
        "PB": (PB, pb),
        "MED": (MED, med),
        "TRIB": (TRIB, trib),
    }
