"""What the hostile-input tests share: a small council with one of every record, the tally of
inputs tried, the row counts of every table, and the checks made on every answer."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, settings

from cases.services import assessment
from cases.services.documents import upload_document
from letters.drafting import draft_letter
from tests.cases.test_alert_pages import make_alert
from tests.factories import (
    ChildFactory,
    ContactFactory,
    CostLineFactory,
    PersonalBudgetFactory,
    PlacementFactory,
    SettingFactory,
    TargetFactory,
    UserFactory,
)
from tests.hostile.tally import TALLY, summary
from tests.plans.conftest import drafted_plan, drafting_request, issued_plan  # noqa: F401
from tests.reporting.board.conftest import new_report

# `HYPOTHESIS_PROFILE=thorough` tries ten times as many inputs (CI uses the default).
settings.register_profile(
    "hostile",
    max_examples=20,
    deadline=None,
    database=None,  # nothing written into the checkout; failures print their example
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("thorough", parent=settings.get_profile("hostile"), max_examples=250)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "hostile")
HOSTILE = settings.get_profile(PROFILE if PROFILE in ("hostile", "thorough") else "hostile")

# Tables whose rows change on any request by design: who is signed in, and record-view audits;
# a failed sign-in counts against its account and address (accounts.throttle).
NOT_DATA = {"django_session", "accounts_signinthrottle"}


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller prints the sum
        workeroutput["hostile_tally"] = dict(TALLY)


def pytest_terminal_summary(terminalreporter):
    if TALLY["tried"]:
        terminalreporter.write_line(summary(TALLY))


def data_tables() -> list[str]:
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return sorted(t for t in tables - NOT_DATA if not t.startswith("axes_"))


def row_counts() -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = data_tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed_tables(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


class rolled_back:
    """Run one example in a savepoint that is always undone, so examples never see each
    other's writes (and an accepted delete does not leave the next example a 404)."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        return self.atomic.__exit__(*exc)


ERROR_MARKS = ("govuk-error-summary", "govuk-error-message")


def shows_an_error(body: str) -> bool:
    return any(mark in body for mark in ERROR_MARKS)


def check_answer(response, before: dict[str, int], *, label: str, renders_on_success=False):
    """The rules for every hostile submission: never a server error; accepted (a redirect) or
    refused with a message; and if refused, not one row written anywhere."""
    TALLY["tried"] += 1
    status = response.status_code
    if status >= 500:
        TALLY["server errors"] += 1
    assert status < 500, f"{label}: server error {status}"
    if status in (301, 302, 303):
        TALLY["accepted"] += 1
        return
    after = row_counts()
    assert not changed_tables(before, after), f"{label}: answered {status} but wrote rows"
    if status == 200 and renders_on_success:
        TALLY["shown"] += 1
        return
    TALLY["refused"] += 1
    body = response.content.decode(errors="replace")
    if status == 200:
        assert shows_an_error(body), f"{label}: a refused POST must say what is wrong"
    elif status == 400:
        assert "null" in body or shows_an_error(body), f"{label}: 400 without a message"
    else:
        assert status in (403, 404, 405), f"{label}: unexpected {status}"


# --- a small council with one of everything --------------------------------------------------


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are made per test; the real hasher's deliberate slowness is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(
    media,
    team,
    team_manager,
    caseworker,
    head_of_service,
    administrator,
    child,
    issued_plan,  # noqa: F811 - the plans' fixture, imported above
):
    """One of every record a POST URL can name, for the team, and a few for another team
    (whose ids are offered to every choice field: they must be refused like unknown ones)."""
    plan = issued_plan
    child.refresh_from_db()
    received = date(2024, 6, 3)
    request = assessment.record_request(
        child=child, by=caseworker, regime="ehcp", source="parent", received_on=received
    )
    assessment.record_assess_decision(
        request=request, by=caseworker, decision="yes", decided_on=received + timedelta(days=20)
    )
    advice = assessment.request_advice(
        request=request, by=caseworker, body="ep", requested_on=received + timedelta(days=21)
    )
    consultation = assessment.record_consultation(
        request=request,
        by=caseworker,
        setting_name="Riverside Primary",
        setting_urn="100001",
        sent_on=received + timedelta(days=22),
    )
    contact = ContactFactory(child=child, name="Grace Stone", relationship="parent")
    document = upload_document(
        child=child,
        by=caseworker,
        kind="advice",
        title="EP report",
        uploaded_file=SimpleUploadedFile("report.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    setting = SettingFactory(name="Riverside Primary School", urn="100001")
    placement = PlacementFactory(child=child, setting=setting, plan=plan, named_in_section_i=True)
    cost = CostLineFactory(
        placement=placement,
        financial_year=2024,
        kind="top_up",
        funding_source="education",
        amount=Decimal("1000"),
    )
    budget = PersonalBudgetFactory(
        plan=plan, kind="E", annual_amount=Decimal("500"), start_on=date(2024, 4, 1)
    )
    alert = make_alert(child, caseworker, due_on=date.today() + timedelta(days=5))
    letter = draft_letter(
        kind="decision_to_assess", child=child, by=caseworker, contact=contact, request=request
    )
    target = TargetFactory(kpi="T20", year=2024, value=60, tolerance=5)
    report = new_report()
    report.requested_by = head_of_service
    report.save()

    other_team_lead = UserFactory(username="otto", role="Caseworker", teams=[])
    other_child = ChildFactory(first_name="Barnaby", last_name="Quill")
    other_request = assessment.record_request(
        child=other_child, by=other_team_lead, regime="ehcp", source="parent", received_on=received
    )
    other_contact = ContactFactory(child=other_child, name="Quill", relationship="parent")
    return {
        "child": child,
        "plan": plan,
        "review": plan.reviews.order_by("pk").first(),
        "outcome": plan.outcomes.order_by("pk").first(),
        "provision": plan.provision.order_by("pk").first(),
        "request": request,
        "plan_request": plan.request,
        "advice": advice,
        "consultation": consultation,
        "contact": contact,
        "document": document,
        "setting": setting,
        "placement": placement,
        "cost": cost,
        "budget": budget,
        "alert": alert,
        "letter": letter,
        "target": target,
        "report": report,
        "foreign_ids": [
            str(x)
            for x in (
                other_child.pk,
                other_request.pk,
                other_contact.pk,
                other_team_lead.pk,
                other_child.team_id,
            )
        ],
    }
