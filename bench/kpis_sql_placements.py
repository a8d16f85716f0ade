"""The KPIs of placements and money and of disagreement, written by hand in SQL
(bench/kpis_sql.py): the placement mix, out of area, spend, unit costs, personal budgets,
mediations and tribunal appeals.
"""

from kpis_sql_plans import MAINTAINED

from reporting.kpis.base import Result

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
