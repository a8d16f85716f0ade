"""A setting's statutory age range: entered, imported, and turned into the year groups that tell a
child's next phase transfer (SI 2014/1530 reg 2)."""

import pytest
from django.core.exceptions import ValidationError

from placements.models import Setting
from placements.services import directory
from placements.services.importing import ImportRefused, import_settings, parse_settings_csv

pytestmark = pytest.mark.django_db

HEADER = "urn,ukprn,name,type,phase,low_age,high_age,la_code,open\n"


def test_the_age_range_is_imported_and_gives_the_last_year_group(administrator):
    data = (
        HEADER
        + "100201,,Oak Infant School,mainstream_maintained,primary,4,7,999,yes\n"
        + "100202,,Elm Middle School,mainstream_maintained,secondary,9,13,999,yes\n"
        + "100203,,Ash High School,academy,secondary,11,18,999,yes\n"
        + "100204,,Birch Primary School,mainstream_maintained,primary,,,999,yes\n"
        + "100205,,Little Acorns Nursery,early_years,nursery,2,5,999,yes\n"
        + ",10012399,Riverside College,fe_college,post16,16,25,999,yes\n"
    )
    assert import_settings(data=data.encode(), by=administrator).created == 6
    last = {s.name: s.last_year_group for s in Setting.objects.all()}
    assert last == {
        "Oak Infant School": 2,  # leaves into Year 3: infant to junior
        "Elm Middle School": 8,  # into Year 9: middle to secondary
        "Ash High School": 13,  # a sixth form: leaves for a post-16 institution
        "Birch Primary School": 6,  # no range: the phase's usual one
        "Little Acorns Nursery": -1,  # leaves before Reception
        "Riverside College": None,  # no phase to leave (reg 18(2) moves are by date)
    }


@pytest.mark.parametrize(
    ("ages", "message"),
    [
        ("11,4", "bad age range '11' to '4'"),
        ("4,", "bad age range '4' to ''"),
        ("four,11", "'low_age' must be a whole number of years, not 'four'"),
        ("4,99", "bad age range '4' to '99'"),
    ],
)
def test_a_bad_age_range_is_refused_with_its_line(ages, message):
    data = HEADER + "100201,,Oak Infant School,mainstream_maintained,primary," + ages + ",999,yes\n"
    with pytest.raises(ImportRefused) as refused:
        parse_settings_csv(data.encode())
    assert refused.value.lines[0].startswith("Line 2:")
    assert message in refused.value.lines[0]
    assert not Setting.objects.exists()


def test_the_directory_form_service_checks_the_range(administrator):
    fields = {
        "name": "Oak Infant School",
        "urn": "",
        "ukprn": "",
        "setting_type": "mainstream_maintained",
        "phase": "primary",
        "la_code": "999",
        "is_open": True,
    }
    with pytest.raises(ValidationError) as error:
        directory.create_setting(by=administrator, low_age=7, high_age=4, **fields)
    assert "high_age" in error.value.message_dict
    setting = directory.create_setting(by=administrator, low_age=4, high_age=7, **fields)
    assert (setting.low_age, setting.high_age, setting.last_year_group) == (4, 7, 2)
