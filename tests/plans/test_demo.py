"""The demo plans: made through the services, and made once."""

from datetime import date

import pytest

from cases.models import Deadline
from plans.demo import seed_plans
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_demo_plans_have_content_reviews_and_deadlines_and_are_made_once(child, caseworker):
    child.lead_caseworker = caseworker
    child.date_of_birth = date(2012, 1, 1)
    child.save()
    today = date(2026, 11, 23)
    plans = seed_plans(today=today)
    assert [p.child_id for p in plans] == [child.pk]
    plan = Plan.objects.get()
    assert plan.status == "final" and plan.outcomes.exists() and plan.provision.exists()
    assert plan.versions.get(number=1).content["outcomes"]
    # One review not yet complete (not held, or held and its decision not yet sent).
    assert plan.reviews.filter(decision_on__isnull=True).count() == 1
    assert Deadline.objects.filter(child=child, kind="review_complete").exists()
    assert seed_plans(today=today) == []
    assert Plan.objects.count() == 1
