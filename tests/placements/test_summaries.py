"""Cost summaries against totals worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.selectors import child_cost_lines, cost_summary, setting_cost_lines
from tests.factories import ChildFactory, CostLineFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def _line(placement, year, kind, source, amount):
    return CostLineFactory(
        placement=placement,
        financial_year=year,
        kind=kind,
        funding_source=source,
        amount=Decimal(amount),
    )


@pytest.fixture
def costs(child, school, special):
    first = PlacementFactory(
        child=child, setting=school, entry_on=date(2022, 9, 1), leaving_on=date(2024, 7, 19)
    )
    second = PlacementFactory(child=child, setting=special, entry_on=date(2024, 9, 2))
    _line(first, 2023, "top_up", "education", "8000.00")
    _line(first, 2023, "transport", "education", "1500.25")
    _line(first, 2024, "top_up", "education", "2666.67")
    _line(second, 2024, "place_fee", "education", "10000.00")
    _line(second, 2024, "top_up", "education", "12000.00")
    _line(second, 2024, "therapies", "health", "3200.50")
    _line(second, 2025, "place_fee", "education", "10000.00")
    _line(second, 2025, "therapies", "social_care", "999.99")
    # Another child at the same school: in the school's totals, never in this child's.
    other = PlacementFactory(
        child=ChildFactory(team=child.team), setting=special, entry_on=date(2024, 9, 2)
    )
    _line(other, 2024, "top_up", "education", "7000.00")
    return {"first": first, "second": second}


def test_a_childs_costs_by_year_and_source(child, costs):
    summary = cost_summary(child_cost_lines(child), year=None)
    years = {row["financial_year"]: row for row in summary["years"]}
    assert [row["label"] for row in summary["years"]] == ["2023-24", "2024-25", "2025-26"]
    assert years[2023]["total"] == Decimal("9500.25")
    assert years[2023]["education"] == Decimal("9500.25")
    assert years[2023]["health"] == Decimal("0")
    # 2666.67 + 10000 + 12000 + 3200.50
    assert years[2024]["total"] == Decimal("27867.17")
    assert years[2024]["education"] == Decimal("24666.67")
    assert years[2024]["health"] == Decimal("3200.50")
    assert years[2025]["social_care"] == Decimal("999.99")
    assert years[2025]["total"] == Decimal("10999.99")
    total = summary["years_total"]
    assert total["total"] == Decimal("48367.41")
    assert total["education"] + total["health"] + total["social_care"] == total["total"]


def test_a_childs_costs_by_kind_for_one_year(child, costs):
    summary = cost_summary(child_cost_lines(child), year=2024)
    kinds = {row["kind"]: row for row in summary["kinds"]}
    assert kinds["top_up"]["total"] == Decimal("14666.67")
    assert kinds["place_fee"]["total"] == Decimal("10000.00")
    assert kinds["therapies"]["health"] == Decimal("3200.50")
    assert "transport" not in kinds
    assert summary["kinds_total"]["total"] == Decimal("27867.17")
    assert summary["year_label"] == "2024-25"


def test_a_settings_costs(special, costs):
    summary = cost_summary(setting_cost_lines(special), year=2024)
    years = {row["financial_year"]: row["total"] for row in summary["years"]}
    # 10000 + 12000 + 3200.50 + the other child's 7000
    assert years == {2024: Decimal("32200.50"), 2025: Decimal("10999.99")}
    assert summary["kinds_total"]["total"] == Decimal("32200.50")


def test_the_cost_summary_page_filters_by_year(client, caseworker, child, costs):
    client.force_login(caseworker)
    url = reverse("placements:costs", args=[child.pk])
    body = client.get(url).content.decode()
    assert "£48,367.41" in body
    assert "Cost by kind, all years" in body
    body = client.get(url, {"year": "2024"}).content.decode()
    assert "Cost by kind, 2024-25" in body
    assert "£27,867.17" in body
    assert '<option value="2024" selected>' in body
    # A year with no costs (or nonsense) shows every year.
    assert client.get(url, {"year": "1999"}).context["summary"]["year"] is None
    assert client.get(url, {"year": "x"}).context["summary"]["year"] is None


def test_the_setting_page_shows_its_annual_cost(client, head_of_service, special, costs):
    client.force_login(head_of_service)
    body = client.get(reverse("placements:setting", args=[special.pk]), {"year": "2025"})
    text = body.content.decode()
    assert "£32,200.50" in text and "£10,999.99" in text
    assert "Cost by kind, 2025-26" in text


def test_no_costs(client, caseworker, child):
    client.force_login(caseworker)
    body = client.get(reverse("placements:costs", args=[child.pk])).content.decode()
    assert "No costs recorded." in body
