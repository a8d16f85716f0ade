"""Factories for the plans app: a plan in force, its sections E and F, reviews, versions and
cessation, dated after the plan was issued."""

from datetime import date, timedelta

import factory

from cases.codes import CeaseReason
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

from .cases import ChildFactory

ISSUED = date(2024, 3, 1)


def _a_year_after(day: date | None) -> date:
    day = day or ISSUED
    if (day.month, day.day) == (2, 29):
        return day + timedelta(days=365)
    return day.replace(year=day.year + 1)


class PlanFactory(factory.django.DjangoModelFactory):
    """An EHC plan in force: issued after an assessment when given its request, else before this
    system was used. A draft has no issue date."""

    class Meta:
        model = Plan

    child = factory.SubFactory(ChildFactory)
    kind = Plan.Kind.EHC_PLAN
    status = Plan.Status.FINAL
    request = None
    origin = factory.LazyAttribute(
        lambda plan: Plan.Origin.ASSESSMENT if plan.request else Plan.Origin.EXISTING
    )
    issued_on = factory.LazyAttribute(
        lambda plan: None if plan.status == Plan.Status.DRAFT else ISSUED
    )


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    plan = factory.SubFactory(PlanFactory)
    area = "education"
    description = "Reads aloud to the class"


class ProvisionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProvisionItem

    plan = factory.SubFactory(PlanFactory)
    description = "Speech and language therapy"
    provider = "NHS SALT service"
    frequency = "Weekly, 30 minutes"


class ProvisionCheckFactory(factory.django.DjangoModelFactory):
    """The item delivered over a school half-term."""

    class Meta:
        model = ProvisionCheck

    item = factory.SubFactory(ProvisionItemFactory)
    delivery = ProvisionCheck.Delivery.DELIVERED
    period_from = date(2024, 6, 3)
    period_to = factory.LazyAttribute(lambda check: check.period_from + timedelta(weeks=6))
    confirmed_by = "SENCo"


class AnnualReviewFactory(factory.django.DjangoModelFactory):
    """The first review, due a year after the plan was issued; nothing recorded yet."""

    class Meta:
        model = AnnualReview

    plan = factory.SubFactory(PlanFactory)
    due_on = factory.LazyAttribute(lambda review: _a_year_after(review.plan.issued_on))


class OutcomeProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeProgress

    review = factory.SubFactory(AnnualReviewFactory)
    outcome = factory.SubFactory(OutcomeFactory, plan=factory.SelfAttribute("..review.plan"))
    progress = OutcomeProgress.Progress.ON_TRACK


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """The plan's next version as issued: its snapshot taken now."""

    class Meta:
        model = PlanVersion

    plan = factory.SubFactory(PlanFactory)
    number = factory.LazyAttribute(lambda version: version.plan.versions.count() + 1)
    reason = PlanVersion.Reason.ISSUED
    issued_on = factory.LazyAttribute(lambda version: version.plan.issued_on or ISSUED)
    content = factory.LazyAttribute(lambda version: snapshot(version.plan))


class CessationFactory(factory.django.DjangoModelFactory):
    """A proposal to cease the plan because needs are met without one (the family told two
    years after issue); pass `stage` and the later dates for further steps."""

    class Meta:
        model = Cessation

    plan = factory.SubFactory(PlanFactory)
    stage = Cessation.Stage.PROPOSED
    reason = CeaseReason.NEEDS_MET
    proposed_on = factory.LazyAttribute(
        lambda cessation: _a_year_after(_a_year_after(cessation.plan.issued_on))
        if cessation.stage == Cessation.Stage.PROPOSED
        else None
    )
