"""A plan must say what reg 12 requires before it is issued: the gaps, each linked to where it is
written, and the issuing services refusing a plan with any (SI 2014/1530 reg 12)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import Plan, PlanVersion
from plans.services import editing, lifecycle
from plans.services.completeness import plan_gaps

from .content import fill_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("july_2024")]


@pytest.fixture
def empty_plan(drafting_request, caseworker):
    return lifecycle.start_plan_from_request(request=drafting_request, by=caseworker)


def test_an_empty_plan_has_a_gap_in_each_required_section(empty_plan):
    gaps = plan_gaps(empty_plan)
    assert [gap.section for gap in gaps] == ["B", "E", "F", "I", "K"]
    sections = reverse("plans:sections", args=[empty_plan.child_id, empty_plan.pk])
    page = empty_plan.get_absolute_url()
    assert [gap.url for gap in gaps] == [
        f"{sections}#id_section_b",
        f"{page}#outcomes",
        f"{page}#provision",
        f"{sections}#id_section_i",
        f"{sections}#id_section_k",
    ]
    assert gaps[0].message == "Section B: describe the special educational needs"


def test_a_complete_plan_has_no_gaps(empty_plan, caseworker):
    fill_plan(empty_plan, caseworker)
    assert plan_gaps(empty_plan) == []


@pytest.mark.parametrize(
    "frequency", ["As required", "Regular sessions as appropriate", "Access to a quiet room", ""]
)
def test_provision_must_be_quantified(empty_plan, caseworker, frequency):
    fill_plan(empty_plan, caseworker)
    item = empty_plan.provision.get()
    item.frequency = frequency
    item.save()
    (gap,) = plan_gaps(empty_plan)
    assert gap.section == "F" and "quantify provision 1" in gap.message
    assert gap.url == reverse(
        "plans:provision_edit", args=[empty_plan.child_id, empty_plan.pk, item.pk]
    )


@pytest.mark.parametrize("frequency", ["Weekly, 30 minutes", "Termly", "Twice a week", "3 hours"])
def test_quantified_provision_passes(empty_plan, caseworker, frequency):
    fill_plan(empty_plan, caseworker)
    empty_plan.provision.update(frequency=frequency)
    assert plan_gaps(empty_plan) == []


def test_provision_needs_a_provider(empty_plan, caseworker):
    fill_plan(empty_plan, caseworker)
    empty_plan.provision.update(provider=" ")
    assert [gap.message for gap in plan_gaps(empty_plan)] == [
        "Section F: say who provides provision 1"
    ]


def test_a_statement_names_its_parts(empty_plan):
    empty_plan.kind = Plan.Kind.STATEMENT
    assert plan_gaps(empty_plan)[0].message.startswith("Part 2: special educational needs")


def test_the_service_refuses_to_issue_an_empty_plan(empty_plan, caseworker):
    with pytest.raises(ValidationError) as error:
        lifecycle.issue_plan(plan=empty_plan, by=caseworker, issued_on=date(2024, 5, 20))
    assert error.value.messages == [
        "The plan cannot be issued until it is complete",
        "Section B: describe the special educational needs",
        "Section E: add at least one outcome",
        "Section F: specify the special educational provision",
        "Section I: name the school or other institution, or the type",
        "Section K: list the advice and information obtained",
    ]
    empty_plan.refresh_from_db()
    assert empty_plan.status == Plan.Status.DRAFT
    assert not PlanVersion.objects.exists()


def test_one_gap_left_still_refuses(empty_plan, caseworker):
    fill_plan(empty_plan, caseworker)
    editing.update_sections(plan=empty_plan, by=caseworker, section_k="")
    with pytest.raises(ValidationError, match="Section K"):
        lifecycle.issue_plan(plan=empty_plan, by=caseworker, issued_on=date(2024, 5, 20))
    fill_plan(empty_plan, caseworker)
    lifecycle.issue_plan(plan=empty_plan, by=caseworker, issued_on=date(2024, 5, 20))
    empty_plan.refresh_from_db()
    assert empty_plan.status == Plan.Status.FINAL


def test_an_imported_plan_is_recorded_without_the_check(empty_plan, caseworker):
    # A SEN2 import records a plan issued before it came here; its content is not held.
    lifecycle.issue_plan(
        plan=empty_plan, by=caseworker, issued_on=date(2024, 5, 20), content_held=False
    )
    empty_plan.refresh_from_db()
    assert empty_plan.status == Plan.Status.FINAL
