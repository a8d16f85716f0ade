"""The services' rules: what they refuse (on which field), and what they write."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import CaseEvent
from placements.models import CostLine, PersonalBudget, Placement, Setting
from placements.services import directory, funding, placements
from tests.factories import ChildFactory, PlacementFactory, PlanFactory, SettingFactory

pytestmark = pytest.mark.django_db


def _fields(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


# --- settings -------------------------------------------------------------------------------


def test_a_setting_is_in_area_when_its_la_code_is_the_councils(settings, administrator):
    settings.LA_CODE = "888"
    ours = directory.create_setting(
        by=administrator, name=" Brook School ", setting_type="academy", la_code="888", urn=""
    )
    theirs = directory.create_setting(
        by=administrator, name="Far School", setting_type="academy", la_code="201"
    )
    assert (ours.in_area, theirs.in_area) == (True, False)
    assert ours.name == "Brook School"
    directory.update_setting(setting=theirs, by=administrator, la_code="888")
    theirs.refresh_from_db()
    assert theirs.in_area is True
    assert theirs.history.first().history_user == administrator


def test_a_setting_refuses_bad_and_taken_numbers(administrator, school):
    with pytest.raises(ValidationError) as error:
        directory.create_setting(
            by=administrator,
            name="",
            setting_type="academy",
            la_code="12",
            urn="12345",
            ukprn="1234567X",
        )
    assert _fields(error) == {"name", "la_code", "urn", "ukprn"}
    with pytest.raises(ValidationError) as error:
        directory.create_setting(
            by=administrator, name="Copy", setting_type="academy", la_code="999", urn=school.urn
        )
    assert error.value.message_dict["urn"] == [f"URN {school.urn} is already used by {school}"]
    with pytest.raises(ValidationError) as error:
        directory.create_setting(by=administrator, name="X", setting_type="castle", la_code="999")
    assert _fields(error) == {"setting_type"}
    assert Setting.objects.count() == 1


def test_many_settings_may_have_no_urn(administrator):
    for name in ("Home education", "EOTAS"):
        directory.create_setting(by=administrator, name=name, setting_type="EHE", la_code="999")
    assert Setting.objects.filter(urn="").count() == 2


# --- placements -----------------------------------------------------------------------------


def _add(child, by, **fields):
    values = {"setting": fields.pop("setting"), "entry_on": date(2024, 9, 1), "rank": 1}
    values.update(fields)
    return placements.add_placement(child=child, by=by, **values)


def test_adding_a_placement_writes_the_chronology(child, caseworker, school, plan):
    placement = _add(child, caseworker, setting=school, plan=plan, named_in_section_i=True)
    assert placement.created_by == caseworker
    event = CaseEvent.objects.get(child=child)
    assert event.title == f"Placement recorded: {school}"
    assert event.happened_on == date(2024, 9, 1)
    assert placement.history.first().history_user == caseworker


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"leaving_on": date(2024, 8, 1)},
            "leaving_on",
            "The leaving date must be the same as or after the entry date",
        ),
        (
            {"entry_on": timezone.localdate() + timedelta(days=400)},
            "entry_on",
            "The entry date must be no more than a year from today",
        ),
        (
            {"named_in_section_i": True},
            "plan",
            "Choose the plan whose section I names this setting",
        ),
        ({"residential": "C"}, "residential", None),
        ({"rank": 3}, "rank", None),
    ],
)
def test_a_placement_refuses_bad_values_on_the_field(
    child, caseworker, school, fields, field, message
):
    with pytest.raises(ValidationError) as error:
        _add(child, caseworker, setting=school, **fields)
    assert field in error.value.message_dict
    if message:
        assert error.value.message_dict[field] == [message]
    assert not Placement.objects.exists()
    assert not CaseEvent.objects.exists()


def test_a_placement_refuses_another_childs_plan(child, caseworker, school):
    other_plan = PlanFactory(child=ChildFactory(team=child.team))
    with pytest.raises(ValidationError) as error:
        _add(child, caseworker, setting=school, plan=other_plan)
    assert error.value.message_dict["plan"] == ["Choose one of this child's plans"]


def test_two_main_placements_may_not_overlap(child, caseworker, school, special):
    first = _add(child, caseworker, setting=school, entry_on=date(2023, 9, 1))
    with pytest.raises(ValidationError) as error:
        _add(child, caseworker, setting=special, entry_on=date(2024, 9, 1))
    assert "is already the main placement" in error.value.message_dict["rank"][0]
    # A second (dual) placement may overlap; so may a main one once the first has ended.
    _add(child, caseworker, setting=special, entry_on=date(2024, 9, 1), rank=2)
    placements.end_placement(placement=first, by=caseworker, leaving_on=date(2024, 7, 20))
    _add(child, caseworker, setting=special, entry_on=date(2024, 9, 1))
    # A move on the day is no overlap.
    other = ChildFactory(team=child.team)
    earlier = _add(other, caseworker, setting=school, entry_on=date(2023, 9, 1))
    placements.end_placement(placement=earlier, by=caseworker, leaving_on=date(2024, 1, 8))
    _add(other, caseworker, setting=special, entry_on=date(2024, 1, 8))


def test_overlap_is_checked_against_a_placement_that_started_later(
    child, caseworker, school, special
):
    _add(child, caseworker, setting=school, entry_on=date(2024, 9, 1))
    with pytest.raises(ValidationError) as error:
        _add(
            child,
            caseworker,
            setting=special,
            entry_on=date(2023, 9, 1),
            leaving_on=date(2024, 12, 1),
        )
    assert "rank" in error.value.message_dict


def test_no_new_placement_at_a_closed_setting(child, caseworker):
    closed = SettingFactory(name="Old School", is_open=False)
    with pytest.raises(ValidationError) as error:
        _add(child, caseworker, setting=closed)
    assert "setting" in error.value.message_dict
    # History may still record that the child was there.
    _add(child, caseworker, setting=closed, leaving_on=date(2024, 12, 20))


def test_update_end_and_remove(child, caseworker, school, special):
    placement = _add(child, caseworker, setting=school)
    placements.update_placement(placement=placement, by=caseworker, setting=school)
    assert CaseEvent.objects.count() == 1  # nothing changed, nothing written
    placements.update_placement(placement=placement, by=caseworker, sen_unit=True)
    assert placement.history.first().history_change_reason == "Edited: in an SEN unit"
    with pytest.raises(ValidationError) as error:
        placements.end_placement(placement=placement, by=caseworker, leaving_on=date(2024, 1, 1))
    assert "leaving_on" in error.value.message_dict
    placement.refresh_from_db()
    assert placement.leaving_on is None
    placements.end_placement(placement=placement, by=caseworker, leaving_on=date(2025, 7, 18))
    with pytest.raises(ValidationError):
        placements.end_placement(placement=placement, by=caseworker, leaving_on=date(2025, 7, 19))
    funding.add_cost_line(
        placement=placement,
        by=caseworker,
        financial_year=2024,
        kind="top_up",
        funding_source="education",
        amount=Decimal("5000"),
        note="",
    )
    placements.remove_placement(placement=placement, by=caseworker)
    assert not Placement.objects.exists()
    assert not CostLine.objects.exists()
    assert [e.title for e in CaseEvent.objects.order_by("pk")][-1] == f"Placement removed: {school}"


# --- costs and budgets ----------------------------------------------------------------------


def _cost(placement, by, **fields):
    values = {
        "financial_year": 2024,
        "kind": "top_up",
        "funding_source": "education",
        "amount": Decimal("100.00"),
        "note": "",
    }
    values.update(fields)
    return funding.add_cost_line(placement=placement, by=by, **values)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"amount": Decimal("10.005")}, "amount"),
        ({"financial_year": 2022}, "financial_year"),  # the placement began in September 2024
        ({"kind": "biscuits"}, "kind"),
        ({"funding_source": "lottery"}, "funding_source"),
    ],
)
def test_a_cost_line_refuses_bad_values(placement, caseworker, fields, field):
    with pytest.raises(ValidationError) as error:
        _cost(placement, caseworker, **fields)
    assert field in error.value.message_dict
    assert not CostLine.objects.exists()


def test_a_cost_line_is_recorded_updated_and_removed(placement, caseworker):
    line = _cost(placement, caseworker, amount=Decimal("12345.50"))
    assert "£12,345.50 in 2024-25" in CaseEvent.objects.get(title__startswith="Cost added").detail
    funding.update_cost_line(line=line, by=caseworker, amount=Decimal("99.99"))
    line.refresh_from_db()
    assert line.amount == Decimal("99.99")
    with pytest.raises(ValidationError):
        funding.update_cost_line(line=line, by=caseworker, amount=Decimal("-1"))
    line.refresh_from_db()
    assert line.amount == Decimal("99.99")
    funding.remove_cost_line(line=line, by=caseworker)
    assert not CostLine.objects.exists()


def test_a_cost_line_for_a_year_after_the_placement_ended_is_refused(child, caseworker, school):
    placement = PlacementFactory(
        child=child, setting=school, entry_on=date(2020, 9, 1), leaving_on=date(2023, 3, 31)
    )
    _cost(placement, caseworker, financial_year=2022)
    with pytest.raises(ValidationError) as error:
        _cost(placement, caseworker, financial_year=2023)
    assert error.value.message_dict["financial_year"] == ["The placement did not run in 2023-24"]


def test_personal_budgets(child, caseworker, plan):
    budget = funding.add_personal_budget(
        child=child,
        by=caseworker,
        plan=plan,
        kind="H",
        direct_payment=True,
        annual_amount=Decimal("4200"),
        start_on=date(2024, 4, 1),
        end_on=None,
    )
    assert CaseEvent.objects.filter(title="Personal budget agreed: health").exists()
    with pytest.raises(ValidationError) as error:
        funding.update_personal_budget(budget=budget, by=caseworker, end_on=date(2024, 1, 1))
    assert "end_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        funding.add_personal_budget(
            child=child,
            by=caseworker,
            plan=PlanFactory(child=ChildFactory(team=child.team)),
            kind="E",
            direct_payment=False,
            annual_amount=Decimal("0"),
            start_on=date(2024, 4, 1),
            end_on=None,
        )
    assert _fields(error) >= {"annual_amount"}
    with pytest.raises(ValidationError) as error:
        funding.add_personal_budget(
            child=child,
            by=caseworker,
            plan=PlanFactory(child=ChildFactory(team=child.team)),
            kind="E",
            direct_payment=False,
            annual_amount=Decimal("10"),
            start_on=date(2024, 4, 1),
            end_on=None,
        )
    assert _fields(error) == {"plan"}
    funding.remove_personal_budget(budget=budget, by=caseworker)
    assert not PersonalBudget.objects.exists()


def test_unknown_fields_are_a_programming_error(child, caseworker, school):
    with pytest.raises(TypeError):
        placements.add_placement(child=child, by=caseworker, setting=school, colour="red")
