"""Demo plans for the synthetic council, recorded through the real services: plans issued from
the demo assessments, plans from before the system, their reviews (most held, some overdue,
some amending the plan), outcomes, provision and delivery checks."""

import random
from datetime import date, timedelta

from django.db import transaction

from cases.codes import Need, SenStatus
from cases.models import Child

from .content import snapshot
from .models import Plan
from .services import editing, lifecycle, provision, reviews

OUTCOMES = {
    "education": [
        "Reads and understands texts at the expected level for their age",
        "Uses a visual timetable to move between lessons independently",
        "Takes part in small-group work for a whole lesson",
    ],
    "health": ["Manages their own medication with a trusted adult", "Sleeps through most nights"],
    "social_care": ["Joins a weekend activity club with peers"],
    "adulthood": ["Travels to school or college independently on a familiar route"],
}
PROVISION = [
    (
        "Speech and language therapy",
        "NHS speech and language therapy service",
        "Weekly, 30 minutes",
        "health",
    ),
    ("Teaching assistant support in class", "School", "15 hours a week", "education"),
    ("Educational psychology consultation", "Council EP service", "Termly", "education"),
    ("Occupational therapy programme", "NHS occupational therapy", "Fortnightly", "health"),
    ("Social skills group", "School SENCo", "Twice a week", "education"),
    ("Short breaks", "Council short breaks team", "One weekend a month", "social_care"),
]


def _content(plan: Plan, rng: random.Random, by) -> None:
    need = Need(plan.child.primary_need).label if plan.child.primary_need else "Learning needs"
    editing.update_sections(
        plan=plan,
        by=by,
        section_a="Enjoys drawing and football; wants to work with animals.",
        section_b=f"{need}. Needs support with communication and with changes to routine.",
        section_i="A mainstream school near home (demo data).",
        section_k="Advice from the educational psychologist, the school and health (demo data).",
    )
    outcomes = []
    for area in rng.sample(list(OUTCOMES), rng.randint(2, 3)):
        outcomes.append(
            editing.add_outcome(
                plan=plan,
                by=by,
                area=area,
                description=rng.choice(OUTCOMES[area]),
                by_when="End of the key stage",
            )
        )
    for what, who, often, funder in rng.sample(PROVISION, rng.randint(2, 4)):
        editing.add_provision(
            plan=plan,
            by=by,
            description=what,
            provider=who,
            frequency=often,
            funded_by=funder,
            outcome=rng.choice(outcomes),
        )


def _hold_reviews(plan: Plan, rng: random.Random, today: date, by) -> None:
    """Hold the plan's reviews as they fell due, up to today; about one in eight is left unheld,
    so some reviews are overdue."""
    assert plan.issued_on is not None  # demo plans are issued before their reviews
    for _ in range(12):
        review = plan.reviews.filter(meeting_on__isnull=True).order_by("due_on").first()
        if review is None or review.due_on > today + timedelta(days=30):
            return
        if rng.random() < 0.12:
            return  # not held: overdue, or due soon
        meeting = min(review.due_on - timedelta(days=rng.randint(-10, 60)), today)
        meeting = max(meeting, plan.issued_on + timedelta(days=1))
        if meeting > today:
            return
        reviews.record_meeting(review=review, by=by, meeting_on=meeting)
        report = meeting + timedelta(days=rng.randint(5, 20))
        if report <= today:
            reviews.record_report(review=review, by=by, report_on=report)
        decided = meeting + timedelta(days=rng.randint(7, 32))
        if decided > today:
            return
        amend = rng.random() < 0.3
        reviews.record_decision(
            review=review,
            by=by,
            decision="A" if amend else "M",
            decision_on=decided,
            proposals_sent_on=decided if amend else None,
        )
        if amend:
            issued = decided + timedelta(days=rng.randint(20, 75))
            if issued > today:
                return
            editing.add_outcome(
                plan=plan,
                by=by,
                area="adulthood",
                description="Prepares for the next phase with a planned transition",
            )
            reviews.issue_amended_plan(review=review, by=by, issued_on=issued)


def _check_provision(plan: Plan, rng: random.Random, today: date, by) -> None:
    assert plan.issued_on is not None  # checked once issued
    start = max(plan.issued_on, today - timedelta(days=60))
    if start >= today:
        return
    for item in plan.provision.all():
        delivery = rng.choices(["delivered", "partly", "not_delivered"], [93, 5, 2])[0]
        provision.record_check(
            item=item,
            by=by,
            delivery=delivery,
            period_from=start,
            period_to=today,
            confirmed_by="SENCo (demo data)",
            note="" if delivery == "delivered" else "Sessions missed: staff absence (demo data)",
        )


def seed_plans(*, today: date) -> list[Plan]:
    """Plans for demo children that have none yet: from each demo request whose final plan was
    issued, and for the other children with a plan, one issued before the system. Idempotent."""
    added = []
    children = (
        Child.objects.filter(
            sen_status__in=[SenStatus.EHC_PLAN, SenStatus.STATEMENT],
            plans__isnull=True,
            lead_caseworker__isnull=False,
        )
        .select_related("lead_caseworker")
        .order_by("pk")
    )
    for child in children.iterator(chunk_size=500):
        # One transaction per child: the services' own become savepoints, far cheaper than a
        # commit each (on SQLite, a sync to disk each).
        with transaction.atomic():
            plan = _seed_plan(child, today)
        if plan is not None:
            added.append(plan)
    return added


def _seed_plan(child: Child, today: date) -> Plan | None:
    rng = random.Random(f"send-portal-demo-plan-{child.pk}")  # noqa: S311 - repeatable
    by = child.lead_caseworker
    request = child.requests.filter(final_issued_on__isnull=False).first()
    if request is not None and request.final_issued_on is not None:  # the filter's
        plan = lifecycle.start_plan_from_request(request=request, by=by)
        _content(plan, rng, by)
        lifecycle.issue_plan(plan=plan, by=by, issued_on=request.final_issued_on)
    else:
        issued = today - timedelta(days=rng.randint(60, 2500))
        issued = max(issued, child.date_of_birth + timedelta(days=400))
        if issued > today:
            return None
        plan = lifecycle.record_existing_plan(
            child=child,
            by=by,
            kind=Plan.Kind.EHC_PLAN,
            issued_on=issued,
            last_review_on=None,
        )
        # Content of a plan from before the system is recorded as its working copy.
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
        _content(plan, rng, by)
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.FINAL)
        plan.versions.filter(number=1).update(content=snapshot(plan))
    plan.refresh_from_db()
    _hold_reviews(plan, rng, today, by)
    _check_provision(plan, rng, today, by)
    return plan
