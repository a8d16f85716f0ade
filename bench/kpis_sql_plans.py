"""The KPIs of plans in force and of the caseload and its flow, written by hand in SQL
(bench/kpis_sql.py): provision, annual reviews, phase transfers, plans maintained, new plans,
requests, cessations, needs, ages, prevalence and SEN support.
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


def by_kind(rows) -> Result:
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
NEEDS = ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH")


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
