"""A child with some of every kind of record the service holds, made as the pages make them
(each save writes its history row), for the subject access and erasure tests."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    AdviceRequest,
    Alert,
    AssessmentRequest,
    CaseAllocation,
    CaseEvent,
    CaseFlag,
    CaseNote,
    Consultation,
    Contact,
    Deadline,
    Disagreement,
    Document,
    RecordView,
    TimeLimitException,
)
from placements.models import CostLine, NamedSetting, PersonalBudget, Placement, Setting
from plans.content import snapshot
from plans.models import (
    AnnualReview,
    Cessation,
    Outcome,
    OutcomeProgress,
    Plan,
    PlanVersion,
    ProvisionCheck,
    ProvisionItem,
)
from tests.factories import ChildFactory

LONDON = ZoneInfo("Europe/London")
FIRST_NAME, LAST_NAME, OLD_LAST_NAME = "Zephyrine", "Quillfeather", "Marchbanks"
UPN = "A999400015001"
NHS_NUMBER = "9434765919"
PARENT = "Ottoline Brackenridge"
NOTE_BODY = "Mum says the kestrel nightmares are back"
OUTCOME = "Counts to one hundred with the abacus"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Tasks run in-process, as the worker would run them, when the transaction that queued
    them commits (Celery's task_always_eager: the real .delay, no broker)."""
    from send_portal.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    return django_capture_on_commit_callbacks


def build_export(child, user):
    """A subject access export asked for as the page asks and built by the task: the row."""
    from records.exports import request_export
    from records.tasks import build_subject_access_export

    export = request_export(child=child, by=user)
    assert build_subject_access_export(export.pk) == "ready"
    export.refresh_from_db()
    return export


@pytest.fixture
def in_2045(time_machine):
    """Long enough after the 2000s births below for their records to be past retention."""
    time_machine.move_to(datetime(2045, 6, 1, 12, tzinfo=LONDON), tick=False)


def save(obj, user=None, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj


def make_child(team, caseworker, **fields):
    values = {
        "team": team,
        "lead_caseworker": caseworker,
        "first_name": FIRST_NAME,
        "last_name": OLD_LAST_NAME,
        "date_of_birth": date(2001, 3, 15),
        "upn": UPN,
        "nhs_number": NHS_NUMBER,
        "postcode": "SK4 9ZZ",
    }
    values.update(fields)
    child = ChildFactory(**values)
    # Renamed since: the old name stays in the history table.
    if child.last_name == OLD_LAST_NAME:
        save(child, caseworker, last_name=LAST_NAME)
    return child


def fill_record(
    child, user, n: int, *, year: int = 2012, parent: str = PARENT, note: str = NOTE_BODY
) -> None:
    """n of every kind of record, dated in `year`, with a change to each (a history row)."""
    for i in range(n):
        day = date(year, 2, 1) + timedelta(days=7 * i)
        _case_records(child, user, i, day, parent, note)
        _plan_records(child, user, i, day)


def _case_records(child, user, i, day, parent, note_body):
    contact = Contact.objects.create(
        child=child,
        name=parent if i == 0 else f"Contact {i}",
        relationship="parent",
        phone="01632 960001",
        email=f"parent{i}@example.invalid",
        address="1 Heron Lane",
    )
    save(contact, user, notes=f"Prefers email; {child.first_name} is shy")
    CaseAllocation.objects.create(
        child=child,
        team=child.team,
        lead_caseworker=user,
        started_at=timezone.make_aware(datetime(day.year, day.month, day.day)),
        changed_by=user,
        reason=f"Moved to {user} for {child.first_name}",
    )
    request = AssessmentRequest.objects.create(
        child=child, regime="ehcp", source="parent", received_on=day, created_by=user
    )
    save(
        request,
        user,
        assess_decision="yes",
        assess_decision_on=day + timedelta(weeks=5),
        issue_decision="yes",
        issue_decision_on=day + timedelta(weeks=14),
        draft_sent_on=day + timedelta(weeks=15),
        final_issued_on=day + timedelta(weeks=19),
        stage="issued",
    )
    advice = AdviceRequest.objects.create(request=request, body="ep", requested_on=day)
    save(advice, user, received_on=day + timedelta(weeks=5), note=f"{child.first_name} seen")
    Consultation.objects.create(
        request=request, setting_name="Heronsgate Primary", sent_on=day + timedelta(weeks=15)
    )
    TimeLimitException.objects.create(
        request=request,
        step="advice",
        advice=advice,
        reason="c",
        starts_on=day,
        note=f"{child.first_name} in hospital",
        recorded_by=user,
    )
    Disagreement.objects.create(
        request=request, kind="mediation", about="content", started_on=day, outcome="Agreed"
    )
    deadline = Deadline.objects.create(
        child=child,
        request=request,
        source=f"request:{request.pk}",
        kind="final_plan",
        label="Issue the final EHC plan",
        due_on=day + timedelta(weeks=20),
        completed_on=day + timedelta(weeks=19),
        owner=user,
    )
    alert = Alert.objects.create(deadline=deadline, kind="due_14", raised_on=day, owner=user)
    save(alert, user, note=f"Chased for {child.first_name}", acknowledged_by=user)
    CaseFlag.objects.create(
        child=child, kind="provision_gap", source=f"plan:x{request.pk}", raised_on=day
    )
    note = CaseNote.objects.create(
        child=child, happened_on=day, summary=f"Call about {child.first_name}", written_by=user
    )
    save(note, user, body=note_body)
    CaseEvent.objects.create(
        child=child, request=request, happened_on=day, title="Decided to assess", recorded_by=user
    )
    document = Document(
        child=child,
        request=request,
        kind="advice",
        title=f"EP report on {child.first_name}",
        original_name=f"ep-report-{i}.txt",
        content_type="text/plain",
        size=20,
        uploaded_by=user,
    )
    document.file.save("upload.txt", ContentFile(f"EP advice number {i}\n".encode()), save=False)
    save(document, user)
    CaseEvent.objects.create(
        child=child, happened_on=day, title=f"Document added: {document.title}", recorded_by=user
    )
    RecordView.objects.create(child=child, user=user, path=reverse("cases:child", args=[child.pk]))


def _plan_records(child, user, i, day):
    setting = Setting.objects.create(
        name=f"Heron School {child.pk}-{i}",
        setting_type="maintained_special" if i % 2 else "mainstream_maintained",
        la_code="999",
    )
    plan = Plan.objects.create(
        child=child,
        status="final",
        origin="assessment",
        issued_on=day + timedelta(weeks=19),
        created_by=user,
    )
    save(plan, user, section_a=f"{child.first_name} loves kestrels", section_b="Autism")
    outcome = Outcome.objects.create(plan=plan, area="education", description=OUTCOME)
    item = ProvisionItem.objects.create(
        plan=plan,
        outcome=outcome,
        description="Speech and language therapy",
        provider="Ms Fenwick, SALT",
        frequency="Weekly",
    )
    ProvisionCheck.objects.create(
        item=item,
        delivery="delivered",
        period_from=day,
        period_to=day + timedelta(weeks=10),
        confirmed_by="Mr Ashdown, SENCo",
        note=f"{child.first_name} attended",
        recorded_by=user,
    )
    placement = Placement.objects.create(
        child=child, setting=setting, plan=plan, entry_on=day, rank=1 if i == 0 else 2
    )
    NamedSetting.objects.create(plan=plan, setting=setting)
    CostLine.objects.create(
        placement=placement,
        financial_year=day.year,
        kind="top_up",
        funding_source="education",
        amount=Decimal("1234.50"),
        note=f"Top-up for {child.first_name}",
    )
    PersonalBudget.objects.create(plan=plan, kind="E", annual_amount=Decimal("500"), start_on=day)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        reason="issued",
        issued_on=plan.issued_on,
        content=snapshot(plan),
        issued_by=user,
    )
    review = AnnualReview.objects.create(
        plan=plan, due_on=plan.issued_on + timedelta(days=365), created_by=user
    )
    save(review, user, meeting_on=review.due_on, note=f"{child.first_name} did well")
    OutcomeProgress.objects.create(
        review=review, outcome=outcome, progress="on_track", note="Good progress"
    )
    if i % 2:
        Cessation.objects.create(
            plan=plan,
            stage=Cessation.Stage.CEASED,
            reason="2",
            decided_on=day + timedelta(days=400),
            notice_on=day + timedelta(days=400),
            ceases_on=day + timedelta(days=430),
            note=f"{child.first_name} moved away",
            recorded_by=user,
        )
