"""Time the whole KPI set at national scale, against the same aggregates written by hand in SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/send_bench_national DEBUG=true \\
        .venv/bin/python bench/kpis.py --plans 650000

Builds a synthetic data set with set-based SQL (INSERT ... SELECT over generate_series, in one
transaction): `--plans` plans (EHC plans and some statements, some transferred in, some ceased),
requests for assessment over the last three full years (150,000 a year per 650,000 plans) with
their Deadline rows, advice, exceptions, annual reviews and their deadlines, section F provision
and its delivery checks, about 1,200 settings of every type, placements, cost lines for three
financial years, personal budgets, mediations and tribunal appeals. A second run finds the data
there and starts at once (`--rebuild` to start again). Then VACUUM ANALYZE.

Then `compute_all(Period.calendar_year(Y))` for the last full year, and each KPI alone, against
the hand-written SQL of bench/kpis_sql.py: a warm-up, then `--runs` timed runs, median. Every
KPI's figures are compared with the SQL's; a mismatch is printed loudly.

`--dashboard` times the dashboard page instead (signed in as the head of service), on a
council-scale database (`--plans 30000`). Never point it at a real council's database.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

import django

django.setup()

import kpis_sql  # noqa: E402 - bench/ is on sys.path as the script's folder
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from psycopg2 import sql  # noqa: E402

from accounts.demo import ensure_caseworkers, ensure_demo_users  # noqa: E402
from placements.years import financial_year_label, financial_year_of  # noqa: E402
from plans.models import Plan  # noqa: E402
from reporting.kpis import Period, compute_all  # noqa: E402
from reporting.kpis.base import ordered, sharing  # noqa: E402
from reporting.kpis.population import census_year  # noqa: E402
from reporting.kpis.reviews import term_start  # noqa: E402

NATIONAL_PLANS = 650_000
REQUESTS_PER_YEAR = 150_000  # per NATIONAL_PLANS plans
YEARS = 3

# Setting types: (code, settings in the directory, % of children placed there). The no-URN
# arrangements (EOTAS, home education, NEET ...) are one "setting" each, as the app records them.
SETTING_TYPES = (
    ("mainstream_maintained", 400, 20),
    ("academy", 350, 18),
    ("resourced_provision", 60, 6),
    ("maintained_special", 90, 20),
    ("academy_special", 60, 12),
    ("independent_special", 110, 8),
    ("non_maintained_special", 30, 2),
    ("fe_college", 40, 6),
    ("specialist_post16", 25, 2),
    ("alternative_provision", 20, 2),
    ("early_years", 5, 1),
    ("OLA", 1, 0),
    ("OPA", 1, 1),
    ("EHE", 1, 1),
    ("EYP", 1, 0),
    ("OTH", 1, 0),
    ("NEET", 1, 1),
    ("NIEC", 1, 0),
    ("NIEO", 1, 0),
)
NO_URN = {"OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"}
NEEDS = {
    "ASD": 30,
    "SLCN": 22,
    "SEMH": 15,
    "MLD": 8,
    "SLD": 5,
    "SPLD": 4,
    "PD": 3,
    "OTH": 3,
    "PMLD": 2,
    "HI": 2,
    "VI": 1,
    "MSI": 1,
    "": 4,
}
FIRST_NAMES = ("Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Leo", "Zara", "Ali")
LAST_NAMES = ("Smith", "Jones", "Khan", "Taylor", "Brown", "Patel", "Wilson", "Evans", "Ahmed")
# Tables the build fills, emptied by --rebuild (CASCADE reaches deadlines, alerts, history ...).
BUILT_TABLES = ("cases_child", "placements_setting", "reporting_populationcount")
COUNTED = (
    "cases_child",
    "cases_assessmentrequest",
    "cases_advicerequest",
    "cases_timelimitexception",
    "cases_deadline",
    "cases_disagreement",
    "plans_plan",
    "plans_cessation",
    "plans_annualreview",
    "plans_provisionitem",
    "plans_provisioncheck",
    "placements_setting",
    "placements_placement",
    "placements_costline",
    "placements_personalbudget",
    "reporting_populationcount",
)


def pick(weights: dict, quote: bool = True) -> str:
    """SQL choosing one of the keys at random with the given integer weights."""
    items = [key for key, weight in weights.items() for _ in range(weight)]
    literal = ", ".join(f"'{item}'" if quote else str(item) for item in items)
    return f"(ARRAY[{literal}])[1 + floor(random() * {len(items)})::int]"


def d(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


def build_steps(plans: int, year: int, leads: list[int], teams: list[int]) -> list:
    """(label, SQL) in order. `year` is the last full year; the data stops on its snapshot."""
    as_of = Period.calendar_year(year).snapshot
    first = date(year - YEARS + 1, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    requests = round(plans * REQUESTS_PER_YEAR * YEARS / NATIONAL_PLANS)
    reviews_from = date(year - 1, 1, 1)
    per_team = len(leads) // len(teams)
    n_teams = len(teams)
    lead = f"(ARRAY{leads})[1 + (id % {n_teams}) * {per_team} + (id / {n_teams}) % {per_team}]"
    team = f"(ARRAY{teams})[1 + id % {len(teams)}]"
    AS_OF = d(as_of)
    pupils = round(plans * 9_000_000 / NATIONAL_PLANS)  # England: about 9 million pupils

    types, first_id = [], 1
    for code, count, _ in SETTING_TYPES:
        types.append(f"('{code}', {first_id}, {count}, {code not in NO_URN})")
        first_id += count
    placement_type = pick({code: w for code, _, w in SETTING_TYPES if w})

    return [
        (
            "settings",
            f"""
            CREATE TEMP TABLE bench_types (code text, first_id int, n int, has_urn bool);
            INSERT INTO bench_types VALUES {", ".join(types)};
            INSERT INTO placements_setting (id, name, urn, ukprn, setting_type, phase, la_code,
                in_area, is_open, annual_fee, created_at, updated_at)
            SELECT id, initcap(replace(code, '_', ' ')) || ' ' || g,
                   CASE WHEN has_urn THEN (100000 + id)::text ELSE '' END, '', code, '',
                   CASE WHEN in_area THEN '{settings.LA_CODE}'
                        ELSE (200 + floor(random() * 690))::int::text END,
                   in_area, true,
                   CASE WHEN code IN ('independent_special', 'non_maintained_special')
                        THEN round((40000 + random() * 60000)::numeric, 2) END,
                   now(), now()
            FROM (SELECT t.*, t.first_id + g - 1 AS id, g,
                         random() < CASE WHEN t.code = 'independent_special' THEN 0.5
                                         ELSE 0.85 END AS in_area
                  FROM bench_types t, generate_series(1, t.n) g) s;
            """,
        ),
        (
            "requests",
            f"""
            CREATE TEMP TABLE bench_req AS
            WITH base AS (
                SELECT g AS id, {d(first)} + ((g - 1)::bigint * {days} / {requests})::int
                           AS received_on,
                       random() AS u_regime, random() AS u_assess, random() AS u_issue,
                       random() AS u_speed, random() AS u_exc, random() AS u_late
                FROM generate_series(1, {requests}) g
            ), decided AS (
                SELECT *, received_on + CASE WHEN u_late < 0.85
                    THEN 14 + floor(random() * 29)::int
                    ELSE 43 + floor(random() * 40)::int END AS decide_on
                FROM base
            ), issued AS (
                SELECT *, decide_on + 28
                    + floor(random() * CASE WHEN u_late < 0.85 THEN 40 ELSE 90 END)::int
                    AS issue_on
                FROM decided
            ), finals AS (
                SELECT *, greatest(issue_on + 21, received_on + CASE
                    WHEN u_speed < 0.5 THEN 110 + floor(random() * 31)::int
                    WHEN u_speed < 0.96 THEN 141 + floor(random() * 220)::int
                    ELSE 366 + floor(random() * 200)::int END) AS final_on
                FROM issued
            ), steps AS (
                SELECT *,
                    CASE WHEN u_regime < 0.03 THEN 'statement' ELSE 'ehcp' END AS regime,
                    CASE WHEN u_assess >= 0.03 AND decide_on <= {AS_OF} THEN decide_on END
                        AS assess_decision_on,
                    u_assess < 0.03 AND received_on + 10 <= {AS_OF} AS withdrawn
                FROM finals
            ), steps2 AS (
                SELECT *,
                    CASE WHEN assess_decision_on IS NULL THEN ''
                         WHEN u_assess < 0.25 THEN 'no' ELSE 'yes' END AS assess_decision
                FROM steps
            ), steps3 AS (
                SELECT *,
                    CASE WHEN assess_decision = 'yes' AND issue_on <= {AS_OF} THEN issue_on END
                        AS issue_decision_on
                FROM steps2
            ), steps4 AS (
                SELECT *,
                    CASE WHEN issue_decision_on IS NULL THEN ''
                         WHEN u_issue < 0.08 THEN 'no' ELSE 'yes' END AS issue_decision
                FROM steps3
            ), steps5 AS (
                SELECT *,
                    CASE WHEN issue_decision = 'yes' AND final_on - 20 <= {AS_OF}
                         THEN final_on - 20 END AS draft_sent_on
                FROM steps4
            )
            SELECT id, received_on, regime, withdrawn, assess_decision, assess_decision_on,
                   issue_decision, issue_decision_on, draft_sent_on,
                   CASE WHEN draft_sent_on IS NOT NULL AND final_on <= {AS_OF} THEN final_on END
                       AS final_issued_on,
                   u_exc < 0.10 AND assess_decision = 'yes' AS exc
            FROM steps5;
            """,
        ),
        (
            "other plans",
            f"""
            CREATE TEMP TABLE bench_other AS
            WITH base AS (
                SELECT g AS n, {AS_OF} - floor((4 + 21 * random()) * 365.25)::int AS dob,
                       random() AS u_kind, random() AS u_origin
                FROM generate_series(1, greatest(0, {plans} -
                    (SELECT count(*) FROM bench_req WHERE final_issued_on IS NOT NULL))) g
            ), issued AS (
                SELECT *, greatest(dob + 730, DATE '2008-01-01') AS lo FROM base
            )
            SELECT {requests} + n AS id, dob, u_kind, u_origin,
                   lo + floor(random() * greatest(1, DATE '2022-12-31' - lo))::int AS issued_on
            FROM issued;
            """,
        ),
        (
            "children",
            f"""
            INSERT INTO cases_child (id, first_name, last_name, preferred_name, date_of_birth,
                sex, ethnicity, upn, uln, nhs_number, postcode, home_la, looked_after, eal, fsm,
                sen_status, primary_need, secondary_need, created_at, updated_at,
                lead_caseworker_id, team_id)
            SELECT id, {pick(dict.fromkeys(FIRST_NAMES, 1))}, {pick(dict.fromkeys(LAST_NAMES, 1))},
                   '', dob, {pick({"M": 7, "F": 3})}, 'WBRI', '', '', '', '',
                   '{settings.LA_CODE}', random() < 0.05, random() < 0.15, random() < 0.3,
                   sen_status, {pick(NEEDS)}, '', now(), now(), {lead}, {team}
            FROM (
                SELECT id, {AS_OF} - floor((3 + 16 * random()) * 365.25)::int AS dob,
                       CASE WHEN final_issued_on IS NULL THEN 'sen_support'
                            WHEN regime = 'statement' THEN 'statement'
                            ELSE 'ehc_plan' END AS sen_status
                FROM bench_req
                UNION ALL
                SELECT id, dob, CASE WHEN u_kind < 0.12 AND issued_on < DATE '2014-09-01'
                                     THEN 'statement' ELSE 'ehc_plan' END
                FROM bench_other
            ) c;
            """,
        ),
        (
            "requests",
            f"""
            INSERT INTO cases_assessmentrequest (id, regime, source, received_on,
                assess_decision, assess_decision_on, issue_decision, issue_decision_on,
                draft_sent_on, final_issued_on, closure, closed_on, closure_reason, stage,
                created_at, updated_at, child_id)
            SELECT id, regime, {
                pick(
                    {
                        "parent": 45,
                        "school": 35,
                        "young_person": 3,
                        "health": 7,
                        "social_care": 5,
                        "other": 5,
                    }
                )
            },
                   received_on, assess_decision, assess_decision_on, issue_decision,
                   issue_decision_on, draft_sent_on, final_issued_on,
                   CASE WHEN withdrawn THEN 'withdrawn' ELSE '' END,
                   CASE WHEN withdrawn THEN received_on + 10 END, '',
                   CASE WHEN withdrawn THEN 'closed'
                        WHEN final_issued_on IS NOT NULL THEN 'issued'
                        WHEN assess_decision = 'no' THEN 'not_assessing'
                        WHEN issue_decision = 'no' THEN 'not_issuing'
                        WHEN draft_sent_on IS NOT NULL THEN 'draft_sent'
                        WHEN issue_decision = 'yes' THEN 'drafting'
                        WHEN assess_decision = 'yes' THEN 'assessing'
                        ELSE 'deciding' END,
                   now(), now(), id
            FROM bench_req;
            INSERT INTO cases_timelimitexception (step, reason, starts_on, note, recorded_at,
                request_id)
            SELECT CASE WHEN regime = 'ehcp' THEN 'final_plan' ELSE 'final_statement' END,
                   {pick({"a": 5, "b": 5, "c": 70, "d": 20})}, received_on + 60,
                   'Synthetic (bench)', now(), id
            FROM bench_req WHERE exc;
            INSERT INTO cases_advicerequest (body, requested_on, received_on, note, request_id)
            SELECT body, requested_on,
                   CASE WHEN received <= {AS_OF} THEN received END, '', id
            FROM (
                SELECT r.id, b.body, a.requested_on, a.requested_on + CASE
                    WHEN random() < 0.78 THEN 15 + floor(random() * 28)::int
                    ELSE 43 + floor(random() * 50)::int END AS received
                FROM bench_req r
                CROSS JOIN LATERAL (SELECT r.assess_decision_on + 1 + floor(random() * 5)::int
                                    AS requested_on) a
                CROSS JOIN LATERAL (VALUES ('ep', true), ('health', true),
                    ('social_care', true), ('education', true),
                    ('other', r.id % 5 = 0)) b(body, applies)
                WHERE r.assess_decision = 'yes' AND b.applies AND a.requested_on <= {AS_OF}
            ) x;
            """,
        ),
        (
            "request deadlines",
            """
            INSERT INTO cases_deadline (source, kind, label, due_on, completed_on, exempt,
                updated_at, child_id, owner_id, request_id)
            SELECT 'request:' || r.id, k.kind, k.label, k.due_on, k.done, k.exempt, now(),
                   r.id, c.lead_caseworker_id, r.id
            FROM bench_req r JOIN cases_child c ON c.id = r.id
            CROSS JOIN LATERAL (VALUES
                ('decision_to_assess', 'Decide whether to assess', r.received_on + 42,
                 r.assess_decision_on, false, true),
                ('notice_not_to_issue', 'Decide whether to issue', r.received_on + 112,
                 r.issue_decision_on, false,
                 r.regime = 'ehcp' AND r.assess_decision <> 'no'),
                ('final_plan', 'Issue the final EHC plan', r.received_on + 140,
                 r.final_issued_on, r.exc,
                 r.regime = 'ehcp' AND r.assess_decision <> 'no' AND r.issue_decision <> 'no'),
                ('proposed_statement', 'Issue the proposed statement', r.received_on + 126,
                 CASE WHEN r.issue_decision = 'no' THEN r.issue_decision_on
                      ELSE r.draft_sent_on END, false,
                 r.regime = 'statement' AND r.assess_decision <> 'no'),
                ('final_statement', 'Issue the final statement', r.received_on + 182,
                 r.final_issued_on, r.exc,
                 r.regime = 'statement' AND r.assess_decision <> 'no'
                 AND r.issue_decision <> 'no')
            ) k(kind, label, due_on, done, exempt, applies)
            WHERE k.applies AND (NOT r.withdrawn OR k.done IS NOT NULL);
            INSERT INTO cases_deadline (source, kind, label, due_on, completed_on, exempt,
                updated_at, child_id, owner_id, request_id)
            SELECT 'advice:' || a.id, 'advice', CASE a.body
                    WHEN 'ep' THEN 'Educational psychology advice'
                    WHEN 'health' THEN 'Health advice'
                    WHEN 'social_care' THEN 'Social care advice'
                    WHEN 'education' THEN 'Education (school or setting) advice'
                    ELSE 'Other advice' END,
                   a.requested_on + 42, a.received_on, false, now(), c.id,
                   c.lead_caseworker_id, a.request_id
            FROM cases_advicerequest a JOIN cases_child c ON c.id = a.request_id;
            """,
        ),
        (
            "plans",
            f"""
            CREATE TEMP TABLE bench_plan AS
            WITH src AS (
                SELECT id AS child_id,
                       CASE WHEN regime = 'statement' THEN 'statement' ELSE 'ehc_plan' END
                           AS kind,
                       'assessment' AS origin, id AS request_id, final_issued_on AS issued_on,
                       NULL::date AS responsible_from, '' AS from_la,
                       final_issued_on IS NULL AS draft
                FROM bench_req WHERE draft_sent_on IS NOT NULL
                UNION ALL
                SELECT id, CASE WHEN u_kind < 0.12 AND issued_on < DATE '2014-09-01'
                                THEN 'statement' ELSE 'ehc_plan' END,
                       CASE WHEN u_origin < 0.08 THEN 'transferred_in'
                            WHEN u_origin < 0.5 AND issued_on BETWEEN DATE '2014-09-01'
                                 AND DATE '2018-03-31' AND u_kind >= 0.12 THEN 'conversion'
                            ELSE 'existing' END,
                       NULL, issued_on,
                       CASE WHEN u_origin < 0.08 THEN issued_on
                            + floor(random() * ({AS_OF} - issued_on))::int END,
                       CASE WHEN u_origin < 0.08 THEN (200 + floor(random() * 690))::int::text
                            ELSE '' END,
                       false
                FROM bench_other
            ), ceasing AS (
                SELECT *, CASE WHEN NOT draft AND random() < 0.18 THEN
                    greatest(coalesce(responsible_from, issued_on) + 90,
                             DATE '{year - YEARS + 1}-01-01') + floor(random() * 1100)::int
                    END AS ceases
                FROM src
            )
            SELECT *, CASE WHEN ceases <= {AS_OF} THEN ceases END AS ceased_on FROM ceasing;
            INSERT INTO plans_plan (kind, status, origin, transferred_from_la, responsible_from,
                issued_on, ceased_on, review_interval_months, year_group_offset,
                to_post16_institution, section_a, section_b, section_c, section_d, section_g,
                section_h1, section_h2, section_i, section_j, section_k, created_at, updated_at,
                child_id, request_id)
            SELECT kind, CASE WHEN draft THEN 'draft' WHEN ceased_on IS NOT NULL THEN 'ceased'
                              ELSE 'final' END,
                   origin, from_la, responsible_from, issued_on, ceased_on, 12, 0,
                   random() < 0.1, '', '', '', '', '', '', '', '', '', '', now(), now(),
                   child_id, request_id
            FROM bench_plan;
            INSERT INTO plans_cessation (stage, reason, decided_on, notice_on, intended_on,
                ceases_on, note, recorded_at, plan_id)
            SELECT 'ceased', {
                pick({"1": 25, "2": 20, "3": 5, "4": 10, "5": 20, "6": 8, "7": 4, "8": 1, "9": 7})
            },
                   ceased_on - 40, ceased_on - 35, ceased_on, ceased_on, '', now(), id
            FROM plans_plan WHERE ceased_on IS NOT NULL;
            ANALYZE plans_plan;
            """,
        ),
        (
            "annual reviews",
            f"""
            INSERT INTO plans_annualreview (due_on, transfer_to_year, phase_transfer_due,
                meeting_on, report_on, decision, decision_on, proposals_sent_on,
                amended_issued_on, note, created_at, plan_id)
            WITH due AS (
                SELECT p.id AS plan_id, p.ceased_on, p.to_post16_institution,
                       (p.issued_on + make_interval(years => k))::date AS due_on,
                       random() AS u_meet, random() AS u_dec, random() AS u_pt,
                       random() AS u_amend
                FROM plans_plan p
                CROSS JOIN LATERAL generate_series(
                    greatest(1, {reviews_from.year} - extract(year FROM p.issued_on)::int - 1),
                    {reviews_from.year} - extract(year FROM p.issued_on)::int + 3) k
                WHERE p.status <> 'draft'
            ), met AS (
                SELECT *, CASE
                    WHEN u_meet < 0.72 THEN due_on - floor(random() * 40)::int
                    WHEN u_meet < 0.95 THEN due_on + 1 + floor(random() * 80)::int END AS m
                FROM due
                WHERE due_on BETWEEN {d(reviews_from)} AND {AS_OF} + 75
                  AND (ceased_on IS NULL OR due_on < ceased_on)
            ), held AS (
                SELECT *, CASE WHEN m <= {AS_OF} AND (ceased_on IS NULL OR m < ceased_on)
                               THEN m END AS meeting_on
                FROM met
            ), decided AS (
                SELECT *,
                    CASE WHEN meeting_on + 5 + floor(random() * 20)::int <= {AS_OF}
                         THEN meeting_on + 5 + floor(random() * 20)::int END AS report_on,
                    CASE WHEN meeting_on + 7 + floor(random() * 35)::int <= {AS_OF}
                         THEN meeting_on + 7 + floor(random() * 35)::int END AS decision_on,
                    meeting_on + CASE WHEN u_amend < 0.65 THEN 40 + floor(random() * 44)::int
                                      ELSE 85 + floor(random() * 120)::int END AS amended
                FROM held
            ), transfer AS (
                SELECT *,
                    CASE WHEN decision_on IS NULL THEN ''
                         WHEN u_dec < 0.60 THEN 'M' WHEN u_dec < 0.95 THEN 'A'
                         ELSE 'C' END AS decision,
                    CASE WHEN u_pt < 0.12 THEN {pick({0: 1, 3: 1, 7: 2, 12: 2}, quote=False)}
                    END AS to_year
                FROM decided
            )
            SELECT due_on, to_year,
                   CASE WHEN to_year IS NOT NULL THEN make_date(
                       extract(year FROM due_on)::int
                           + CASE WHEN extract(month FROM due_on) >= 3 THEN 1 ELSE 0 END,
                       CASE WHEN to_year = 12 AND to_post16_institution THEN 3 ELSE 2 END,
                       CASE WHEN to_year = 12 AND to_post16_institution THEN 31 ELSE 15 END)
                   END,
                   meeting_on, report_on, decision, decision_on,
                   CASE WHEN decision = 'A' THEN decision_on END,
                   CASE WHEN decision = 'A' AND amended <= {AS_OF} THEN amended END,
                   '', now(), plan_id
            FROM transfer;
            """,
        ),
        (
            "review deadlines",
            """
            INSERT INTO cases_deadline (source, kind, label, due_on, completed_on, exempt,
                updated_at, child_id, owner_id, request_id)
            SELECT 'review:' || r.id, k.kind, k.label, k.due_on, k.done, false, now(),
                   c.id, c.lead_caseworker_id, NULL
            FROM plans_annualreview r
            JOIN plans_plan p ON p.id = r.plan_id
            JOIN cases_child c ON c.id = p.child_id
            CROSS JOIN LATERAL (VALUES
                ('review_complete', 'Complete the annual review (decision sent)', r.due_on,
                 r.decision_on, true),
                ('review_report', 'Report of the review meeting', r.meeting_on + 14,
                 r.report_on, r.meeting_on IS NOT NULL),
                ('review_decision', 'Decide to maintain, amend or cease', r.meeting_on + 28,
                 r.decision_on, r.meeting_on IS NOT NULL),
                ('amended_plan', 'Issue the amended plan', r.proposals_sent_on + 56,
                 r.amended_issued_on, r.decision = 'A' AND r.proposals_sent_on IS NOT NULL),
                ('phase_transfer', 'Amend the plan before the move to '
                    || CASE r.transfer_to_year WHEN 0 THEN 'Reception'
                       ELSE 'Year ' || r.transfer_to_year END,
                 r.phase_transfer_due,
                 CASE WHEN r.decision = 'A' THEN r.amended_issued_on ELSE r.decision_on END,
                 r.phase_transfer_due IS NOT NULL)
            ) k(kind, label, due_on, done, applies)
            WHERE k.applies AND (p.status = 'final' OR k.done IS NOT NULL);
            """,
        ),
        (
            "provision",
            f"""
            INSERT INTO plans_provisionitem (description, provider, frequency, funded_by,
                position, plan_id)
            SELECT 'Synthetic provision ' || n, 'School', 'Weekly',
                   CASE WHEN n = 3 THEN 'health' ELSE 'education' END, n, p.id
            FROM plans_plan p CROSS JOIN LATERAL generate_series(1, 2 + (p.id % 3)::int) n
            WHERE p.status <> 'draft';
            INSERT INTO plans_provisioncheck (delivery, period_from, period_to, confirmed_by,
                note, recorded_at, item_id)
            SELECT {pick({"delivered": 85, "partly": 8, "not_delivered": 7})},
                   t.period_from, t.period_to, 'SENCo', '', now(), i.id
            FROM plans_provisionitem i
            CROSS JOIN LATERAL (VALUES
                (DATE '{year}-01-06', DATE '{year}-03-31', 0.6),
                (DATE '{year}-09-01', DATE '{year}-12-19', 0.7),
                (DATE '{year}-12-01', DATE '{year + 1}-01-12', 0.4)
            ) t(period_from, period_to, share)
            -- i.id makes the filter run per item: alone, it would be pushed into the VALUES
            -- scan, run once, and keep the same terms for every item.
            WHERE random() < t.share + 0 * i.id;
            -- As record_check keeps it: each item's latest check, stored on the item.
            UPDATE plans_provisionitem i
            SET latest_delivery = l.delivery, latest_from = l.period_from,
                latest_to = l.period_to
            FROM (
                SELECT DISTINCT ON (item_id) item_id, delivery, period_from, period_to
                FROM plans_provisioncheck ORDER BY item_id, period_to DESC, id DESC
            ) l
            WHERE l.item_id = i.id;
            """,
        ),
        (
            "placements",
            f"""
            CREATE TEMP TABLE bench_move AS
            WITH p AS (
                SELECT id AS plan_id, child_id, ceased_on,
                       coalesce(responsible_from, issued_on) AS since,
                       random() AS u_move, random() AS u_dual, random() AS u_entry,
                       {placement_type} AS t_before, {placement_type} AS t_now
                FROM plans_plan WHERE status <> 'draft'
            )
            SELECT *, CASE WHEN u_move < 0.2 THEN since + floor(random() * greatest(1,
                           coalesce(ceased_on, {AS_OF}) - since))::int END AS move_on,
                   random() AS r_before, random() AS r_now
            FROM p;
            INSERT INTO placements_placement (entry_on, leaving_on, rank, sen_unit,
                resourced_provision, residential, work_based_pathway, requested_by_family,
                named_in_section_i, created_at, updated_at, child_id, plan_id, setting_id)
            SELECT entry_on, leaving_on, rank, false, false, '', '', random() < 0.1,
                   rank = 1, now(), now(), child_id, plan_id,
                   t.first_id + floor(r * t.n)::int
            FROM (
                SELECT since - 100 AS entry_on, move_on AS leaving_on, 1 AS rank,
                       child_id, plan_id, t_before AS code, r_before AS r
                FROM bench_move WHERE move_on IS NOT NULL
                UNION ALL
                SELECT coalesce(move_on + 1, since - floor(u_entry * 200)::int), ceased_on, 1,
                       child_id, plan_id, t_now, r_now
                FROM bench_move
                UNION ALL
                SELECT since, ceased_on, 2, child_id, plan_id, 'alternative_provision', r_now
                FROM bench_move WHERE u_dual < 0.03
            ) pl JOIN bench_types t ON t.code = pl.code;
            ANALYZE placements_placement;
            """,
        ),
        (
            "cost lines",
            f"""
            INSERT INTO placements_costline (financial_year, kind, funding_source, amount, note,
                created_at, placement_id)
            SELECT fy, k.kind, k.source, k.amount, '', now(), pl.id
            FROM placements_placement pl
            JOIN placements_setting s ON s.id = pl.setting_id
            CROSS JOIN LATERAL generate_series({year - YEARS + 1}, {year}) fy
            CROSS JOIN LATERAL (VALUES
                (CASE WHEN s.setting_type IN ('independent_special', 'non_maintained_special',
                      'specialist_post16') THEN 'place_fee' ELSE 'top_up' END,
                 CASE WHEN random() < 0.08 THEN 'social_care' ELSE 'education' END,
                 round((CASE s.setting_type
                     WHEN 'mainstream_maintained' THEN 7000 WHEN 'academy' THEN 7000
                     WHEN 'resourced_provision' THEN 14000
                     WHEN 'maintained_special' THEN 24000 WHEN 'academy_special' THEN 24000
                     WHEN 'independent_special' THEN 62000
                     WHEN 'non_maintained_special' THEN 55000
                     WHEN 'fe_college' THEN 11000 WHEN 'specialist_post16' THEN 45000
                     ELSE 12000 END * (0.7 + random() * 0.6))::numeric, 2), true),
                ('transport', 'education', round((3000 + random() * 6000)::numeric, 2),
                 random() < 0.25 AND pl.rank = 1),
                ('therapies', 'health', round((1500 + random() * 6000)::numeric, 2),
                 random() < 0.08 AND pl.rank = 1)
            ) k(kind, source, amount, applies)
            WHERE k.applies AND pl.entry_on <= make_date(fy + 1, 3, 31)
              AND (pl.leaving_on IS NULL OR pl.leaving_on >= make_date(fy, 4, 1))
              AND make_date(fy, 4, 1) <= {AS_OF};
            """,
        ),
        (
            "budgets and disagreements",
            f"""
            INSERT INTO placements_personalbudget (kind, direct_payment, annual_amount,
                start_on, end_on, created_at, plan_id)
            SELECT kind, random() < 0.45, round((1500 + random() * 18000)::numeric, 2),
                   start_on, CASE WHEN random() < 0.25 THEN start_on + 365 END, now(), id
            FROM (
                SELECT id, {pick({"E": 40, "H": 20, "S": 25, "I": 15})} AS kind,
                       lo + floor(random() * greatest(1, {AS_OF} - lo))::int AS start_on
                FROM (SELECT id, greatest(coalesce(responsible_from, issued_on),
                                          DATE '2020-01-01') AS lo
                      FROM plans_plan WHERE status <> 'draft' AND random() < 0.06) p
            ) b;
            INSERT INTO cases_disagreement (kind, about, started_on, outcome, request_id)
            SELECT k.kind, k.about, k.started_on, '', r.id
            FROM cases_assessmentrequest r
            CROSS JOIN LATERAL (VALUES
                ('mediation', 'request', r.assess_decision_on + 20 + floor(random() * 40)::int,
                 r.assess_decision = 'no' AND random() < 0.08),
                ('tribunal', 'request', r.assess_decision_on + 30 + floor(random() * 30)::int,
                 r.assess_decision = 'no' AND random() < 0.05),
                ('mediation', 'assessment', r.issue_decision_on + 20
                    + floor(random() * 40)::int, r.issue_decision = 'no' AND random() < 0.10),
                ('tribunal', 'assessment', r.issue_decision_on + 30
                    + floor(random() * 30)::int, r.issue_decision = 'no' AND random() < 0.08),
                ('mediation', 'content', r.final_issued_on + 20 + floor(random() * 40)::int,
                 r.final_issued_on IS NOT NULL AND random() < 0.05),
                ('tribunal', 'content', r.final_issued_on + 30 + floor(random() * 30)::int,
                 r.final_issued_on IS NOT NULL AND random() < 0.04)
            ) k(kind, about, started_on, applies)
            WHERE k.applies AND k.started_on <= {AS_OF};
            """,
        ),
        (
            "census",
            f"""
            INSERT INTO reporting_populationcount (la_name, la_code, year, phase, pupils,
                with_plan, sen_support, imported_at)
            SELECT '{settings.COUNCIL_NAME}', '{settings.LA_CODE}', y, 'all', {pupils},
                   {round(pupils * 0.048)}, {round(pupils * 0.136)}, now()
            FROM generate_series({year - YEARS + 1}, {year + 1}) y;
            """,
        ),
        (
            "sequences",
            """
            SELECT setval(pg_get_serial_sequence('cases_child', 'id'),
                          (SELECT max(id) FROM cases_child));
            SELECT setval(pg_get_serial_sequence('cases_assessmentrequest', 'id'),
                          coalesce((SELECT max(id) FROM cases_assessmentrequest), 1));
            SELECT setval(pg_get_serial_sequence('placements_setting', 'id'),
                          (SELECT max(id) FROM placements_setting));
            DROP TABLE bench_types, bench_req, bench_other, bench_plan, bench_move;
            """,
        ),
    ]


def blank_defaults(cursor) -> list[tuple[str, str]]:
    """The model field's default (else a blank), for the build only (DDL is transactional), on
    every NOT NULL text, boolean or integer column without a database default: a field added to
    a model after this script was written (Django keeps defaults in Python) then does not break
    the INSERTs, which name the columns they set."""
    from django.apps import apps

    model_defaults = {
        (model._meta.db_table, field.column): field.get_default()
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.has_default() and not callable(field.default)
    }
    cursor.execute(
        """
        SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ANY(%s)
          AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'
          AND data_type IN ('character varying', 'text', 'boolean', 'integer', 'smallint')
        """,
        [list(COUNTED)],
    )
    found = cursor.fetchall()
    blanks = {"boolean": False, "integer": 0, "smallint": 0}
    for table, column, data_type in found:
        value = model_defaults.get((table, column), blanks.get(data_type, ""))
        cursor.execute(
            sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}").format(
                sql.Identifier(table), sql.Identifier(column), sql.Literal(value)
            )
        )
    return [(table, column) for table, column, _ in found]


def check_foreign_keys(cursor) -> None:
    """Every single-column foreign key of the built tables points at a row (an anti-join per
    key, instead of a trigger per row); raises, rolling the build back, if one does not."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
          AND c.conrelid::regclass::text = ANY(%s)
        """,
        [list(COUNTED)],
    )
    for table, column, target, key in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {target} r WHERE r.{key} = t.{column})"
        )
        dangling = cursor.fetchone()[0]
        if dangling:
            raise AssertionError(f"{dangling} rows of {table}.{column} point at no {target}")


def build(plans: int, year: int, rebuild: bool) -> None:
    if rebuild:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(BUILT_TABLES)} RESTART IDENTITY CASCADE")
    elif Plan.objects.exists():
        found = Plan.objects.count()
        print(f"data set found ({found:,} plans): not rebuilt (--rebuild)")
        if abs(found - plans) > plans / 10:
            print(f"!!! it was built for about {found:,} plans, not {plans:,}: --rebuild --plans")
        return
    started = time.monotonic()
    ensure_demo_users()  # teams, the head of service ("harper") and the other demo roles
    by_team = ensure_caseworkers(plans)
    per_team = min(len([u for u in staff if u.username != "casey"]) for staff in by_team.values())
    leads = [
        user.pk
        for staff in by_team.values()
        for user in [u for u in staff if u.username != "casey"][:per_team]
    ]
    print(f"teams and {len(leads):,} caseworkers: {time.monotonic() - started:.1f}s")
    with transaction.atomic(), connection.cursor() as cursor:
        # No per-row foreign key triggers (they are half the build's time): the rows are made
        # from each other by joins, and check_foreign_keys checks every key in one pass each.
        cursor.execute("SET LOCAL session_replication_role = replica")
        # Memoize would cache a LATERAL (VALUES ...) by its outer columns, and random() with it.
        cursor.execute("SET LOCAL enable_memoize = off")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        defaults = blank_defaults(cursor)
        for label, sql in build_steps(plans, year, leads, list(by_team)):
            step = time.monotonic()
            cursor.execute(sql)
            print(f"  {label:<28}{time.monotonic() - step:>7.1f}s")
        for table, column in defaults:
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
        step = time.monotonic()
        check_foreign_keys(cursor)
        print(f"  {'foreign keys checked':<28}{time.monotonic() - step:>7.1f}s")
    step = time.monotonic()
    with connection.cursor() as cursor:
        # Fresh bulk loads have no planner statistics and no visibility map: a council's
        # database that has run a while has both (autovacuum), and index-only scans need them.
        cursor.execute("VACUUM ANALYZE")
    print(f"  {'VACUUM ANALYZE':<28}{time.monotonic() - step:>7.1f}s")
    print(f"built in {time.monotonic() - started:.1f}s")


def row_counts() -> None:
    with connection.cursor() as cursor:
        counts = []
        for table in COUNTED:
            cursor.execute(f"SELECT count(*) FROM {table}")  # the fixed names above
            counts.append((table, cursor.fetchone()[0]))
    print("\n".join(f"  {table:<28}{n:>12,}" for table, n in counts))


def normalise(value):
    """Results compared as numbers: Decimal and float alike, to a cent."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, (Decimal, float)):
        return round(float(value), 2)
    return value


def run_sql(sql: str, params: dict):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - started) * 1000, result


def time_kpis(year: int, runs: int, only: set[str]) -> bool:
    period = Period.calendar_year(year)
    fy = financial_year_of(period.start)
    census = census_year(period.snapshot)
    params = {
        "start": period.start,
        "end": period.end,
        "snapshot": period.snapshot,
        "term_start": term_start(period.snapshot),
        "fy": fy,
        "census_year": census,
        "school_start": date(census - 1, 8, 31),
        "council": settings.COUNCIL_NAME,
        "la_code": settings.LA_CODE,
    }
    hand = kpis_sql.queries(financial_year_label(fy), census)
    indicators = [i for i in ordered() if not only or i.code in only]

    # The warm-up is compute_all itself; then every KPI's figures against the hand SQL's.
    warm_up = timed(compute_all, period)[0] if not only else None
    mismatches = []
    for indicator in indicators:
        if indicator.code not in hand:
            continue
        sql, shape = hand[indicator.code]
        orm = normalise(indicator.compute(period).as_dict())
        by_hand = normalise(shape(run_sql(sql, params)).as_dict())
        if orm != by_hand:
            mismatches.append((indicator.code, orm, by_hand))

    # Each run is compute_all's own loop (every registered KPI in order), each KPI timed, and
    # beside it that KPI's hand SQL: alternating keeps the two fair under a shared machine's
    # changing load. A run's total is compute_all's time: as in compute_all, a figure several
    # KPIs share (plans in force on the snapshot ...) is computed once per run, by the first.
    totals, orm_ms, sql_ms = [], {}, {}
    for _ in range(runs):
        total = 0.0
        with sharing():
            for indicator in indicators:
                took = timed(indicator.compute, period)[0]
                total += took
                orm_ms.setdefault(indicator.code, []).append(took)
                if indicator.code in hand:
                    sql, _shape = hand[indicator.code]
                    sql_ms.setdefault(indicator.code, []).append(timed(run_sql, sql, params)[0])
        totals.append(total)

    print(
        f"\nKPIs for {period.start:%Y} (snapshot {period.snapshot:%d/%m/%Y}, financial year "
        f"{financial_year_label(fy)}): median of {runs} runs after a warm-up\n"
    )
    print(f"{'KPI':<12}{'ORM ms':>10}{'SQL ms':>10}{'ratio':>8}")
    sql_total = 0.0
    for indicator in indicators:
        orm = statistics.median(orm_ms[indicator.code])
        if indicator.code in sql_ms:
            by_hand = statistics.median(sql_ms[indicator.code])
            sql_total += by_hand
            print(f"{indicator.code:<12}{orm:>10.1f}{by_hand:>10.1f}{orm / by_hand:>8.2f}")
        else:
            print(f"{indicator.code:<12}{orm:>10.1f}{'-':>10}{'-':>8}   (no hand SQL)")
    whole = statistics.median(totals)
    ratio = whole / sql_total
    print(f"{'total':<12}{whole:>10.1f}{sql_total:>10.1f}{ratio:>8.2f}")
    if warm_up is not None:
        print(f"(the warm-up compute_all call: {warm_up:.1f} ms)")
    print(
        f"\nall KPIs {whole / 1000:.2f}s: {'under' if whole < 5000 else 'OVER'} 5 s; "
        f"{ratio:.2f}x the hand SQL: {'within' if ratio <= 2 else 'NOT within'} 2x"
    )
    if mismatches:
        print(f"\n!!! {len(mismatches)} KPI(s) differ from the hand-written SQL !!!")
        for code, orm, by_hand in mismatches:
            print(f"!!! {code}\n    ORM: {orm}\n    SQL: {by_hand}")
    else:
        print("every KPI's figures match the hand-written SQL")
    return not mismatches


def time_dashboard(requests: int, year: int) -> None:
    from caseload import measure  # bench/caseload.py: warm-up, timed requests, query count
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from accounts.roles import HEAD_OF_SERVICE
    from tests.accounts.otp_helpers import VerifyingClient

    setup_test_environment()  # lets the test Client's "testserver" host through
    head = User.objects.filter(groups__name=HEAD_OF_SERVICE, is_active=True).first()
    client = VerifyingClient()  # force_login completes the head of service's two-factor step
    client.force_login(head)
    print(f"\ndashboard as {head.username} (head of service); {requests} requests after a warm-up")
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'KB':>8}")
    # The page's own default (this year so far) and the last full year, which the data fills.
    for label, params in (("dashboard", {}), (f"dashboard ?year={year}", {"year": year})):
        result = measure(client, reverse("dashboard"), params, requests)
        print(
            f"{label:<28}{result['median']:>10.1f}{result['p95']:>10.1f}"
            f"{result['queries']:>9}{result['bytes'] / 1000:>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, help="650,000 (national); 30,000 with --dashboard")
    parser.add_argument("--year", type=int, default=date.today().year - 1, help="last full year")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the warm-up")
    parser.add_argument("--rebuild", action="store_true", help="empty the tables and build again")
    parser.add_argument("--dashboard", action="store_true", help="time the dashboard page")
    parser.add_argument("--requests", type=int, default=30, help="dashboard requests to time")
    parser.add_argument("--only", default="", help="time only these KPIs (T20,PROV,...)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/kpis.py builds its data with PostgreSQL SQL: set DATABASE_URL")
    plans = args.plans or (30_000 if args.dashboard else NATIONAL_PLANS)

    build(plans, args.year, args.rebuild)
    row_counts()
    server = connection.cursor().connection.server_version
    print(f"PostgreSQL {server // 10000}.{server % 10000}, {os.cpu_count()} CPUs")
    if args.dashboard:
        time_dashboard(args.requests, args.year)
    elif not time_kpis(args.year, args.runs, set(filter(None, args.only.split(",")))):
        sys.exit(1)


if __name__ == "__main__":
    main()
