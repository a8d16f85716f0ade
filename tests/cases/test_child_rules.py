"""A child's details follow the same rules whichever way they come in: the services refuse what
the forms refuse (age range, needs), and moving cases between teams is a team manager's."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import CASEWORKER, TEAM_MANAGER
from cases import statutory
from cases.services import children as services
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("born", "day", "within"),
    [
        (date(2001, 12, 6), date(2026, 12, 6), True),  # 25 today
        (date(2000, 12, 7), date(2026, 12, 6), True),  # 25, turning 26 tomorrow
        (date(2000, 12, 6), date(2026, 12, 6), False),  # 26 today
        (date(2000, 2, 29), date(2026, 2, 28), True),  # a leap-day birthday counts from 1 March
        (date(2000, 2, 29), date(2026, 3, 1), False),
        (date(2026, 12, 6), date(2026, 12, 6), True),  # born today
        (date(2026, 12, 7), date(2026, 12, 6), False),  # not born yet
    ],
)
def test_the_age_range_of_the_service(born, day, within):
    assert statutory.within_age_range(born, day) is within


def test_the_overall_limit_of_an_assessment():
    assert statutory.overall_limit_weeks(is_ehcp=True) == 20  # reg 13(2)
    assert statutory.overall_limit_weeks(is_ehcp=False) == 26  # 2001 regs: 18 + 8


def _fields(**changes):
    return {
        "first_name": "Ada",
        "last_name": "Byron",
        "date_of_birth": date(2015, 3, 27),
        "primary_need": "ASD",
        **changes,
    }


def test_register_refuses_an_age_the_service_does_not_cover(caseworker, time_machine):
    time_machine.move_to("2026-12-06")
    with pytest.raises(ValidationError) as refused:
        services.register_child(by=caseworker, **_fields(date_of_birth=date(2000, 12, 6)))
    assert "aged 0 to 25" in refused.value.message_dict["date_of_birth"][0]
    with pytest.raises(ValidationError):
        services.register_child(by=caseworker, **_fields(date_of_birth=date(2027, 1, 1)))
    # A return's young person is judged on the return's own reference date.
    child = services.register_child(
        by=caseworker, as_of=date(2024, 1, 18), **_fields(date_of_birth=date(1999, 2, 1))
    )
    assert child.pk


def test_register_and_update_refuse_a_secondary_need_equal_to_the_primary(caseworker):
    with pytest.raises(ValidationError) as refused:
        services.register_child(by=caseworker, **_fields(secondary_need="ASD"))
    assert refused.value.message_dict["secondary_need"] == [
        "Secondary need must be different from primary need"
    ]
    child = services.register_child(by=caseworker, **_fields(secondary_need="SLCN"))
    with pytest.raises(ValidationError):
        services.update_child(child=child, by=caseworker, secondary_need="ASD")
    with pytest.raises(ValidationError):
        services.update_child(child=child, by=caseworker, primary_need="SLCN")
    with pytest.raises(ValidationError):
        services.update_child(child=child, by=caseworker, primary_need="")


def test_update_does_not_judge_an_old_date_of_birth_again(caseworker, time_machine):
    time_machine.move_to("2023-01-10")
    child = services.register_child(by=caseworker, **_fields(date_of_birth=date(1999, 2, 1)))
    time_machine.move_to("2026-12-06")  # now 27: still their record to keep up to date
    services.update_child(child=child, by=caseworker, postcode="SW1A 1AA")
    child.refresh_from_db()
    assert child.postcode == "SW1A 1AA"


def test_only_a_team_manager_moves_cases_to_another_team(team, other_team):
    caseworker = UserFactory(role=CASEWORKER, teams=[team, other_team])
    manager = UserFactory(role=TEAM_MANAGER, teams=[team, other_team])
    child = ChildFactory(team=team)
    with pytest.raises(ValidationError) as refused:
        services.reassign_cases(
            children=[child], team=other_team, lead_caseworker=None, by=caseworker, reason="x"
        )
    assert refused.value.message_dict["team"][0].startswith("Only a team manager")
    child.refresh_from_db()
    assert child.team == team
    moved = services.reassign_cases(
        children=[child], team=other_team, lead_caseworker=None, by=manager, reason="x"
    )
    assert moved == 1
    # The system itself (an import, a command) is not a person with a role.
    assert services.reassign_cases(
        children=[child], team=team, lead_caseworker=None, by=None, reason="x"
    )
