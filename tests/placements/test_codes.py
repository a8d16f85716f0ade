import re
from datetime import date

import pytest

from placements.codes import KPI_CATEGORY, SEN2_SETTING, KpiCategory, SettingType
from placements.years import financial_year_bounds, financial_year_label, financial_year_of
from tests.data import SEN2_SCHEMA_2024 as SCHEMA


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 4, 1), 2025),
        (date(2026, 3, 31), 2025),
        (date(2025, 3, 31), 2024),
        (date(2025, 12, 25), 2025),
        (date(2026, 1, 1), 2025),
    ],
)
def test_financial_year_starts_in_april(day, year):
    assert financial_year_of(day) == year


def test_financial_year_label_and_bounds():
    assert financial_year_label(2025) == "2025-26"
    assert financial_year_label(2099) == "2099-00"
    assert financial_year_bounds(2025) == (date(2025, 4, 1), date(2026, 3, 31))


def test_every_setting_type_has_a_kpi_category():
    assert set(KPI_CATEGORY) == set(SettingType.values)
    assert set(KPI_CATEGORY.values()) <= set(KpiCategory.values)
    assert KPI_CATEGORY[SettingType.INDEPENDENT_SPECIAL] == KpiCategory.INDEPENDENT
    assert KPI_CATEGORY[SettingType.RESOURCED_PROVISION] == KpiCategory.RESOURCED


def test_sen2_setting_codes_are_the_schemas():
    text = SCHEMA.read_text()
    block = re.search(r'name="sensettingtype">(.*?)</xs:simpleType>', text, re.S).group(1)
    assert set(re.findall(r'value="(\w+)"', block)) == set(SEN2_SETTING.values())
    assert set(SEN2_SETTING) <= set(SettingType.values)
