"""The dashboard's figures are the KPIs' figures, split by team and caseworker, and each opens
the list of exactly the children it counts."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from plans.models import AnnualReview
from reporting.dashboard.measures import BY_CODE, MEASURES
from reporting.dashboard.selectors import (
    Scope,
    breakdown,
    children_behind,
    period_for,
    tiles,
    trends,
)
from reporting.kpis import compute_all
from tests.factories import (
    CostLineFactory,
    PlacementFactory,
    SettingFactory,
    TargetFactory,
    UserFactory,
)
from tests.reporting.test_charts import SMALL_PRINT, text_sizes_shown
from tests.reporting.test_kpis import issued_after

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def spring_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def council(caseworker, team, other_team):
    """Team: plans on day 140 (in time), day 141 (late) and 161 with an exception, all issued in
    2024, and one issued in 2023. Other team: one on day 120, placed out of area at a cost,
    with a review overdue."""
    colleague = UserFactory(role="Caseworker", teams=[other_team])
    plans = {
        "day_140": issued_after(140, by=caseworker, team=team, received=date(2024, 1, 8)),
        "day_141": issued_after(141, by=caseworker, team=team, received=date(2024, 1, 8)),
        "exception": issued_after(
            161, by=caseworker, team=team, received=date(2023, 10, 2), exception=True
        ),
        "in_2023": issued_after(120, by=caseworker, team=team, received=date(2023, 3, 1)),
        "other": issued_after(120, by=colleague, team=other_team, received=date(2024, 3, 4)),
    }
    away = SettingFactory(
        name="Oak Lodge", setting_type="independent_special", la_code="330", in_area=False, urn=""
    )
    near = SettingFactory(
        name="Hill Primary",
        setting_type="mainstream_maintained",
        la_code="999",
        in_area=True,
        urn="",
    )
    other = plans["other"]
    placement = PlacementFactory(
        child=other.child, setting=away, plan=other, entry_on=date(2023, 9, 4)
    )
    CostLineFactory(  # 2023-24: the financial year calendar 2024 starts in
        placement=placement,
        financial_year=2023,
        kind="place_fee",
        funding_source="education",
        amount=Decimal("61000"),
    )
    PlacementFactory(
        child=plans["day_140"].child,
        setting=near,
        plan=plans["day_140"],
        entry_on=date(2024, 9, 2),
    )
    AnnualReview.objects.filter(plan=other).update(due_on=date(2024, 12, 1))
    return plans


def test_each_tile_for_the_whole_council_is_its_kpi(council):
    period = period_for(2024, today=TODAY)
    kpis = compute_all(period)
    figures = {tile["measure"].code: tile for tile in tiles(period, Scope(None))}
    assert figures["T20"]["value"] == kpis["T20"].value == 50.0  # day 140 and day 120 of 4
    assert figures["T20"]["rows"] == kpis["T20"].denominator == 4
    assert figures["T20X"]["value"] == kpis["T20X"].value == round(100 * 2 / 3, 1)
    assert figures["N"]["value"] == kpis["N"].value == 5
    assert figures["NEW"]["value"] == kpis["NEW"].value == 4
    assert figures["AR"]["value"] == kpis["AR"].breakdown["overdue"] == 2  # and 2023's plan
    assert figures["OOA"]["value"] == kpis["OOA"].value == 50.0
    assert figures["SPEND"]["value"] == kpis["SPEND"].value == Decimal("61000")


def test_a_tile_counts_its_parts(council):
    t20 = next(
        t for t in tiles(period_for(2024, today=TODAY), Scope(None)) if t["measure"].code == "T20"
    )
    assert [(part.key, count) for part, count in t20["parts"]] == [("in-time", 2), ("late", 2)]


def test_the_list_behind_a_figure_is_exactly_the_rows_counted(council):
    period = period_for(2024, today=TODAY)
    t20 = BY_CODE["T20"]
    late = children_behind(t20, period, Scope(None), part="late")
    assert {row.child for row in late} == {council["day_141"].child, council["exception"].child}
    in_time = children_behind(t20, period, Scope(None), part="in-time")
    assert {row.child for row in in_time} == {council["day_140"].child, council["other"].child}
    for measure in MEASURES:
        figure = next(t for t in tiles(period, Scope(None)) if t["measure"] is measure)
        assert children_behind(measure, period, Scope(None)).count() == figure["rows"], measure


def test_a_team_manager_counts_only_their_teams(council, team_manager):
    period = period_for(2024, today=TODAY)
    scope = Scope.of(team_manager)
    figures = {tile["measure"].code: tile for tile in tiles(period, scope)}
    assert figures["T20"]["rows"] == 3 and figures["T20"]["value"] == round(100 / 3, 1)
    assert figures["OOA"]["rows"] == 1 and figures["OOA"]["value"] == 0.0
    assert figures["SPEND"]["value"] == 0
    others = children_behind(BY_CODE["T20"], period, scope, team=council["other"].child.team_id)
    assert others.count() == 0


def test_the_breakdowns_add_up_to_the_whole(council, team, other_team, caseworker):
    period = period_for(2024, today=TODAY)
    by_team = breakdown(period, Scope(None), by="team")
    assert [row["name"] for row in by_team] == sorted([team.name, other_team.name], key=str.lower)
    for measure in MEASURES:
        whole = next(t for t in tiles(period, Scope(None)) if t["measure"] is measure)
        split = [
            row["figures"][measure.code]["rows"]
            for row in by_team
            if measure.code in row["figures"]
        ]
        assert sum(split) == whole["rows"], measure.code
    mine = next(
        row
        for row in breakdown(period, Scope(None), by="caseworker")
        if row["key"] == caseworker.pk
    )
    assert mine["name"] == str(caseworker) and mine["figures"]["T20"]["rows"] == 3


def test_trends_give_five_years_oldest_first(council):
    history = trends(2024, Scope(None), today=TODAY)
    assert [year for year, _ in history["NEW"]] == [2020, 2021, 2022, 2023, 2024]
    assert [fig["value"] for _, fig in history["NEW"]] == [0, 0, 0, 1, 4]


def test_the_current_year_runs_to_today():
    period = period_for(2025, today=TODAY)
    assert (period.start, period.end, period.snapshot) == (date(2025, 1, 1), TODAY, TODAY)


def test_dashboard_page_links_every_figure_to_its_children(client, head_of_service, council):
    client.force_login(head_of_service)
    body = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    for measure in MEASURES:
        assert f'href="{reverse("dashboard:behind", args=[measure.code])}?year=2024' in body
    assert "50.0%" in body and "£61,000" in body
    assert "<svg" in body  # the trend charts, each with its table of figures
    assert "?year=2024&amp;part=late" in body


def test_the_trend_charts_text_is_small_print_size_on_a_phone_and_a_desktop(
    client, head_of_service, council
):
    """Issue 19.12: each chart sits in a half column (the whole width on a phone); its words
    read at least as large as the page's small print at either width."""
    client.force_login(head_of_service)
    body = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    charts = re.findall(r'<svg[^>]*class="portal-chart".*?</svg>', body, re.S)
    assert len(charts) == 4
    assert body.count('class="govuk-grid-column-one-half portal-chart"') == 4
    for markup in charts:
        for column, small_print in SMALL_PRINT.items():
            assert min(text_sizes_shown(markup, column).values()) >= small_print


def test_the_timeliness_trend_leads_with_dfes_headline(client, head_of_service, council):
    client.force_login(head_of_service)
    body = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    chart = body[body.index("20-week timeliness of new EHC plans (%)") :]
    excluding = chart.index(escape(BY_CODE["T20X"].title))
    including = chart.index(escape(BY_CODE["T20"].title))
    assert excluding < including


def test_drill_down_page_lists_the_children(client, head_of_service, council):
    client.force_login(head_of_service)
    response = client.get(reverse("dashboard:behind", args=["T20"]), {"year": 2024, "part": "late"})
    assert response.status_code == 200
    body = response.content.decode()
    assert council["day_141"].child.get_absolute_url() in body
    assert council["exception"].child.get_absolute_url() in body
    assert council["day_140"].child.get_absolute_url() not in body
    assert "2 plans issued after 20 weeks" in body
    assert BY_CODE["SPEND"].counted(1) == "1 cost line"


def test_drill_down_by_team_and_caseworker(client, head_of_service, council, caseworker):
    client.force_login(head_of_service)
    url = reverse("dashboard:behind", args=["N"])
    by_team = client.get(url, {"year": 2024, "team": council["other"].child.team_id})
    assert by_team.context["page"].paginator.count == 1
    mine = client.get(url, {"year": 2024, "caseworker": caseworker.pk})
    assert mine.context["page"].paginator.count == 4
    unallocated = client.get(url, {"year": 2024, "caseworker": "none"})
    assert unallocated.context["page"].paginator.count == 0


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, head_of_service, council, team, django_assert_max_num_queries
):
    client.force_login(head_of_service)
    with django_assert_max_num_queries(62):
        client.get(reverse("dashboard"))
    for _ in range(3):
        issued_after(
            130, by=council["day_140"].child.lead_caseworker, team=team, received=date(2024, 2, 5)
        )
    with django_assert_max_num_queries(62):
        client.get(reverse("dashboard"))
    with django_assert_max_num_queries(12):
        client.get(reverse("dashboard:behind", args=["T20"]), {"year": 2024})


@pytest.mark.parametrize(
    ("user", "status"),
    [("caseworker", 403), ("outsider", 403), ("team_manager", 200), ("head_of_service", 200)],
)
def test_who_may_open_the_dashboard(client, request, user, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("dashboard")).status_code == status
    assert client.get(reverse("dashboard:behind", args=["T20"])).status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("dashboard:behind", args=["T20"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unknown_figure_or_bad_filter_is_not_found(client, head_of_service):
    client.force_login(head_of_service)
    assert client.get(reverse("dashboard:behind", args=["NOPE"])).status_code == 404
    assert client.get(reverse("dashboard:behind", args=["T20"]), {"team": "x"}).status_code == 404
    assert client.get(reverse("dashboard"), {"year": "1900"}).status_code == 200


def test_tiles_show_the_years_target_and_its_rag(client, head_of_service, council):
    TargetFactory(kpi="T20", year=2024, value=60, tolerance=10)
    TargetFactory(kpi="NEW", year=2024, value=3, tolerance=0)  # lower is better
    TargetFactory(kpi="AR", year=2024, value=90, tolerance=5)  # a % held on time
    TargetFactory(kpi="N", year=2023, value=1, tolerance=0)  # another year's
    client.force_login(head_of_service)
    response = client.get(reverse("dashboard"), {"year": 2024})
    figures = {tile["measure"].code: tile for tile in response.context["tiles"]}
    assert figures["T20"]["rag"] == "amber"  # 50.0% misses 60% by no more than 10 points
    assert figures["NEW"]["rag"] == "red"  # 4 new plans against a target of 3
    assert figures["AR"]["target"] is None and figures["AR"]["rag"] == "grey"
    assert figures["N"]["target"] is None
    assert "Target 60.0%" in response.content.decode()


def test_the_spend_tile_says_which_financial_year_it_counts(client, head_of_service, council):
    client.force_login(head_of_service)
    response = client.get(reverse("dashboard"), {"year": 2024})
    spend = next(t for t in response.context["tiles"] if t["measure"].code == "SPEND")
    assert spend["note"] == "in financial year 2023-24"
    assert "in financial year 2023-24" in response.content.decode()


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_spend_tile_and_its_drill_down_name_the_financial_year_alike(
    client, head_of_service, council
):
    """Issue 19.12: the tile and the list behind it name the year the money is counted in the
    same words (calendar 2024 starts in financial year 2023-24), not a year on one and the
    calendar year's dates on the other."""
    client.force_login(head_of_service)
    dashboard = client.get(reverse("dashboard"), {"year": 2024}).content.decode()
    tile = dashboard[dashboard.index('data-testid="tile-SPEND"') :]
    tile = _words(
        tile[: tile.index('<div class="portal-tile"')]
        if '<div class="portal-tile"' in tile
        else tile
    )
    behind = client.get(reverse("dashboard:behind", args=["SPEND"]), {"year": 2024})
    page = behind.content.decode()
    caption = page[page.index('data-testid="behind-period"') :]
    caption = _words(caption[caption.index(">") + 1 : caption.index("</span>")])

    named = re.compile(r"financial year \d{4}-\d{2}")
    on_tile, on_list = named.findall(tile), named.findall(caption)
    assert on_tile == ["financial year 2023-24"], tile
    assert on_list == on_tile, caption
    assert "January" not in caption and "December" not in caption  # not the calendar year
    # Its trend names the years alike: the row for 2024 is 2023-24, and opens 2024's list.
    trend = dashboard[dashboard.index("Placement spend (£), by") :]
    trend = trend[: trend.index("</table>")]
    assert trend.startswith("Placement spend (£), by financial year")
    assert re.search(r'<th scope="row"[^>]*>2023-24</th>\s*<td[^>]*><a[^>]*\?year=2024"', trend)
    assert ">2024</th>" not in trend
    # A figure counted over the calendar year keeps its dates.
    plans = client.get(reverse("dashboard:behind", args=["T20"]), {"year": 2024})
    assert "financial year" not in plans.content.decode()


def test_drill_down_sorts_by_a_column_and_downloads_as_csv(client, head_of_service, council):
    """Issue 19: the list behind a figure sorts by its columns and downloads as CSV (all of it,
    in the page's order); a sort the page does not offer is ignored, not an error."""
    import csv as csv_module

    client.force_login(head_of_service)
    url = reverse("dashboard:behind", args=["T20"])
    page = client.get(url, {"year": 2024})
    headers = page.context["headers"]
    child = next(h for h in headers if h["label"] == "Child")
    assert child["sort"] and child["aria_sort"] == "none"
    by_name = client.get(url, {"year": 2024, "sort": child["sort"]})
    names = [cells[0]["value"].last_name for cells, _ in by_name.context["rows"]]
    assert names == sorted(names) and len(names) == 4
    reverse_sort = next(h for h in by_name.context["headers"] if h["label"] == "Child")
    assert reverse_sort["aria_sort"] == "ascending" and reverse_sort["sort"].startswith("-")
    backwards = client.get(url, {"year": 2024, "sort": reverse_sort["sort"]})
    assert [c[0]["value"].last_name for c, _ in backwards.context["rows"]] == names[::-1]
    assert client.get(url, {"year": 2024, "sort": "nonsense';--"}).status_code == 200

    download = client.get(url, {"year": 2024, "sort": child["sort"], "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    lines = list(csv_module.reader(b"".join(download.streaming_content).decode().splitlines()))
    assert lines[0][-2:] == ["Team", "Lead caseworker"]
    assert [row[0].split()[-1] for row in lines[1:]] == names
    assert 'data-testid="behind-csv"' in page.content.decode()
