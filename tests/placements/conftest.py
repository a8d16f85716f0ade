"""Settings, plans and placements for the placements tests (tests.factories makes them)."""

import pytest

from tests.factories import PlacementFactory, PlanFactory, SettingFactory


@pytest.fixture
def school(db):
    return SettingFactory(name="Riverside Primary School", urn="100001")


@pytest.fixture
def special(db):
    return SettingFactory(
        name="Oakfield Special School", urn="100002", setting_type="maintained_special"
    )


@pytest.fixture
def plan(child):
    return PlanFactory(child=child)


@pytest.fixture
def placement(child, school, plan):
    return PlacementFactory(child=child, setting=school, plan=plan, named_in_section_i=True)
