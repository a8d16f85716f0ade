from datetime import date

import pytest

from cases.models import Child
from reporting.annex_a import columns as c
from reporting.annex_a.build import build_list1
from reporting.annex_a.render import list1_csv

from .conftest import DAY, UPN_HOME, UPN_LISTED

pytestmark = pytest.mark.django_db


def _by_upn(list1):
    return {row[c.HEADER.index(c.UPN)]: dict(zip(c.HEADER, row, strict=True)) for row in list1.rows}


def test_only_children_with_an_ehc_plan_in_force_are_listed(council):
    list1 = build_list1(day=DAY, children=Child.objects.all())
    assert set(_by_upn(list1)) == {UPN_LISTED, UPN_HOME}
    listed_ids = {row[0] for row in list1.rows}
    assert not listed_ids & {str(child.pk) for child in council["not_listed"]}


def test_a_plan_ceased_after_the_day_is_still_listed_on_it(council):
    ceased = council["not_listed"][1]
    list1 = build_list1(day=date(2024, 7, 30), children=Child.objects.all())
    assert str(ceased.pk) in {row[0] for row in list1.rows}


def test_a_listed_child_has_the_product_values(council):
    row = _by_upn(build_list1(day=DAY, children=Child.objects.all()))[UPN_LISTED]
    child = council["listed"]
    assert row[c.UNIQUE_ID] == str(child.pk)
    assert row[c.ULN] == "1000000000"
    assert row[c.DATE_OF_BIRTH] == date(2014, 6, 9)
    assert row[c.GENDER] == "2"
    assert row[c.ETHNICITY] == "WBRI"
    assert row[c.INITIAL_PLAN] == date(2022, 5, 10)
    assert row[c.UPDATED_PLAN] == date(2024, 5, 20)
    assert row[c.LAST_REVIEWED] == date(2024, 4, 2)
    assert row[c.PRIMARY_NEED] == "SLCN"
    assert row[c.MAIN_URN] == "100001"
    assert row[c.MAIN_PHASE] == "Primary"
    assert row[c.DUAL_PHASE] == "Secondary"
    assert row[c.HOME_EDUCATED] == "No"
    assert row[c.KNOWN_TO_SOCIAL_CARE] == "Yes"
    assert row[c.SUSPENSIONS] is None


def test_dates_are_day_first_in_the_csv(council):
    text = list1_csv(build_list1(day=DAY, children=Child.objects.all())).decode()
    line = next(line for line in text.splitlines() if UPN_LISTED in line)
    assert ",09/06/2014,2,WBRI,10/05/2022,20/05/2024,02/04/2024,SLCN,100001,Primary," in line


def test_home_education_has_no_urn_and_unknowns_stay_blank(council):
    row = _by_upn(build_list1(day=DAY, children=Child.objects.all()))[UPN_HOME]
    assert row[c.HOME_EDUCATED] == "Yes"
    assert row[c.MAIN_URN] is None
    assert row[c.MAIN_PHASE] is None
    assert row[c.ULN] is None
    assert row[c.GENDER] == "1"
    assert row[c.UPDATED_PLAN] is None
    assert row[c.LAST_REVIEWED] is None
    assert row[c.KNOWN_TO_SOCIAL_CARE] is None


def test_a_review_after_the_day_is_not_yet_the_last_review(council):
    row = _by_upn(build_list1(day=date(2024, 4, 1), children=Child.objects.all()))[UPN_LISTED]
    assert row[c.LAST_REVIEWED] is None
    assert row[c.UPDATED_PLAN] is None


def test_only_the_childrens_given_are_listed(council, other_team):
    list1 = build_list1(day=DAY, children=Child.objects.filter(team=other_team))
    assert list1.rows == []


def test_without_a_supplement_every_imported_column_is_blank(council):
    list1 = build_list1(day=DAY, children=Child.objects.all())
    assert list1.blank_columns == [column.name for column in c.IMPORTED]
