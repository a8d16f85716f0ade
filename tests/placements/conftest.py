"""Settings, plans and placements for the placements tests."""

from datetime import date
from itertools import count

import pytest

from placements.models import Placement, Setting
from plans.models import Plan

_urns = count(200000)


def make_setting(**fields) -> Setting:
    values = {
        "name": f"School {next(_urns)}",
        "setting_type": "mainstream_maintained",
        "la_code": "999",
        "in_area": True,
    }
    values.update(fields)
    if "urn" not in fields:
        values["urn"] = str(next(_urns))
    return Setting.objects.create(**values)


def make_plan(child, **fields) -> Plan:
    values = {
        "child": child,
        "kind": "ehc_plan",
        "status": "final",
        "origin": "assessment",
        "issued_on": date(2024, 3, 1),
    }
    values.update(fields)
    return Plan.objects.create(**values)


def make_placement(child, setting, **fields) -> Placement:
    values = {"child": child, "setting": setting, "entry_on": date(2024, 9, 1), "rank": 1}
    values.update(fields)
    return Placement.objects.create(**values)


@pytest.fixture
def school(db):
    return make_setting(name="Riverside Primary School", urn="100001")


@pytest.fixture
def special(db):
    return make_setting(
        name="Oakfield Special School", urn="100002", setting_type="maintained_special"
    )


@pytest.fixture
def plan(child):
    return make_plan(child)


@pytest.fixture
def placement(child, school, plan):
    return make_placement(child, school, plan=plan, named_in_section_i=True)
