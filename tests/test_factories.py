"""Every factory in tests.factories makes a row that saves and passes the model's own checks
(field choices, identifiers, clean()), with nothing but its defaults."""

import pytest

import tests.factories as factories

pytestmark = pytest.mark.django_db

FACTORIES = [name for name in factories.__all__ if name.endswith("Factory")]


@pytest.mark.parametrize("name", FACTORIES)
def test_the_defaults_make_a_valid_row(name):
    made = getattr(factories, name)()
    # Nullable columns the services fill (created_by, recorded_by ...) may stay empty here.
    nullable = {field.name for field in made._meta.fields if field.null}
    made.full_clean(exclude=nullable | {"password"})
    assert type(made).objects.filter(pk=made.pk).exists()


def test_a_request_takes_its_stage_from_its_steps():
    assert factories.AssessmentRequestFactory().stage == "deciding"
    assert factories.AssessmentRequestFactory(decided_to_assess=True).stage == "assessing"
    issued = factories.AssessmentRequestFactory(issued=True)
    assert issued.stage == "issued"
    assert (
        issued.received_on
        < issued.assess_decision_on
        < issued.issue_decision_on
        < issued.draft_sent_on
        < issued.final_issued_on
    )
    assert factories.AssessmentRequestFactory(stage="closed").stage == "closed"


def test_rows_that_hang_off_a_plan_share_it():
    progress = factories.OutcomeProgressFactory()
    assert progress.outcome.plan == progress.review.plan
    assert progress.review.due_on > progress.review.plan.issued_on
    version = factories.PlanVersionFactory()
    assert factories.PlanVersionFactory(plan=version.plan).number == 2
    assert factories.PlanFactory(status="draft").issued_on is None
