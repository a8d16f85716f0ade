"""The requests for assessment of bench/kpis.py's synthetic data set: the settings, the
children, their requests with the decisions, advice and exceptions, and the Deadline rows the
services would write for them (cases.services.deadlines). Also the data set's shape (how many
of what, in which proportions) and the SQL helpers the plans' steps share
(bench/kpis_build_plans.py).

Each step is (label, SQL): set-based SQL, INSERT ... SELECT over generate_series, random values
from random(). bench/kpis_build.py runs them in one transaction.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from reporting.kpis import Period

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


def pick(weights: dict, quote: bool = True) -> str:
    """SQL choosing one of the keys at random with the given integer weights."""
    items = [key for key, weight in weights.items() for _ in range(weight)]
    literal = ", ".join(f"'{item}'" if quote else str(item) for item in items)
    return f"(ARRAY[{literal}])[1 + floor(random() * {len(items)})::int]"


def d(day: date) -> str:
    return f"DATE '{day.isoformat()}'"


@dataclass(frozen=True)
class Scale:
    """What every step's SQL is built from: the data set's size, its dates, and the SQL that
    spreads the children over the teams' caseworkers and the placements over setting types."""

    plans: int
    year: int  # the last full year; the data stops on its snapshot
    as_of: date
    first: date
    days: int
    requests: int
    reviews_from: date
    lead: str
    team: str
    pupils: int
    types: list[str]
    placement_type: str


def scale(plans: int, year: int, leads: list[int], teams: list[int]) -> Scale:
    as_of = Period.calendar_year(year).snapshot
    first = date(year - YEARS + 1, 1, 1)
    days = (date(year + 1, 1, 1) - first).days
    requests = round(plans * REQUESTS_PER_YEAR * YEARS / NATIONAL_PLANS)
    reviews_from = date(year - 1, 1, 1)
    per_team = len(leads) // len(teams)
    n_teams = len(teams)
    lead = f"(ARRAY{leads})[1 + (id % {n_teams}) * {per_team} + (id / {n_teams}) % {per_team}]"
    team = f"(ARRAY{teams})[1 + id % {len(teams)}]"
    pupils = round(plans * 9_000_000 / NATIONAL_PLANS)  # England: about 9 million pupils

    types, first_id = [], 1
    for code, count, _ in SETTING_TYPES:
        types.append(f"('{code}', {first_id}, {count}, {code not in NO_URN})")
        first_id += count
    placement_type = pick({code: w for code, _, w in SETTING_TYPES if w})
    return Scale(
        plans,
        year,
        as_of,
        first,
        days,
        requests,
        reviews_from,
        lead,
        team,
        pupils,
        types,
        placement_type,
    )


def request_steps(s: Scale) -> list:
    """(label, SQL) in order: settings, requests and children, their advice and deadlines."""
    plans = s.plans
    first, days, requests = s.first, s.days, s.requests
    lead, team, types, AS_OF = s.lead, s.team, s.types, d(s.as_of)

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
    ]
