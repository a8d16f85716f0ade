"""plans.0007 recomputes the open statutory dates of data recorded under the old rules, and
keeps the closed ones: run on rows made as the old code made them."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("plans", "0006_review_completion_transfers"),
    ("cases", "0009_deadline_kinds_reassessment_transfer_ceasing"),
    ("placements", "0004_setting_age_range"),
]
AFTER = [("plans", "0007_recompute_review_deadlines")]


@pytest.fixture
def old_schema(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_open_dates_are_recomputed_and_closed_ones_kept(old_schema, capsys):
    apps = old_schema
    Team = apps.get_model("accounts", "Team")
    Child = apps.get_model("cases", "Child")
    Plan = apps.get_model("plans", "Plan")
    AnnualReview = apps.get_model("plans", "AnnualReview")
    Deadline = apps.get_model("cases", "Deadline")
    team = Team.objects.create(name="North")
    # Year 7 in September 2027 (born 10 Oct 2015).
    child = Child.objects.create(
        first_name="Sam",
        last_name="Old",
        date_of_birth=date(2015, 10, 10),
        team=team,
        sen_status="ehc_plan",
    )
    plan = Plan.objects.create(
        child=child,
        kind="ehc_plan",
        status="final",
        origin="existing",
        issued_on=date(2024, 3, 10),
        review_interval_months=12,
    )
    # Held and decided under the old rules: a closed review whose rows keep their dates.
    held = AnnualReview.objects.create(
        plan=plan,
        due_on=date(2025, 3, 10),
        meeting_on=date(2025, 3, 1),
        decision="M",
        decision_on=date(2025, 3, 20),
    )
    # The old code scheduled the next one from the meeting (1 March 2025 + 12 months).
    pending = AnnualReview.objects.create(
        plan=plan,
        due_on=date(2026, 3, 1),
        transfer_to_year=7,
        phase_transfer_due=date(2027, 2, 15),
    )
    for review, done in ((held, date(2025, 3, 1)), (pending, None)):
        Deadline.objects.create(
            child=child,
            source=f"review:{review.pk}",
            kind="review_meeting",
            label="Hold the annual review",
            due_on=review.due_on,
            completed_on=done,
        )
    Deadline.objects.create(
        child=child,
        source=f"review:{pending.pk}",
        kind="phase_transfer",
        label="Amend the plan before the move to Year 7",
        due_on=date(2027, 2, 15),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Deadline = apps.get_model("cases", "Deadline")
    AnnualReview = apps.get_model("plans", "AnnualReview")

    rows = {(d.source, d.kind): (d.due_on, d.completed_on) for d in Deadline.objects.all()}
    # The held review is complete on its decision, its due date as recorded.
    assert rows[(f"review:{held.pk}", "review_complete")] == (date(2025, 3, 10), date(2025, 3, 20))
    # The next review counts from that decision, 12 months starting with 20 March 2025; it is
    # due by 19 March 2026, and does not carry the 2027 transfer (the window opens 1 Sep 2026).
    pending = AnnualReview.objects.get(pk=pending.pk)
    assert (pending.due_on, pending.phase_transfer_due) == (date(2026, 3, 19), None)
    assert rows[(f"review:{pending.pk}", "review_complete")] == (date(2026, 3, 19), None)
    assert (f"review:{pending.pk}", "phase_transfer") not in rows
    assert not Deadline.objects.filter(kind="review_meeting").exists()
    assert Plan.objects.get(pk=plan.pk).review_interval_months is None
    assert "review_complete (re-dated): 1" in capsys.readouterr().out
