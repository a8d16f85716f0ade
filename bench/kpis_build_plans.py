"""The plans of bench/kpis.py's synthetic data set, built after the requests
(bench/kpis_build_requests.py): the plans (issued from those requests, and the others up to
`--plans`), their cessations, annual reviews and review deadlines, section F provision and its
delivery checks, placements, cost lines, personal budgets, disagreements and census counts.
"""

from django.conf import settings
from kpis_build_requests import YEARS, Scale, d, pick


def plan_steps(s: Scale) -> list:
    """(label, SQL) in order, after request_steps; the last drops the build's temporary tables."""
    year, reviews_from, pupils = s.year, s.reviews_from, s.pupils
    placement_type, AS_OF = s.placement_type, d(s.as_of)

    return [
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
