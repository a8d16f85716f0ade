"""Issue 19.10 in a real Chromium: every page a caseworker, a team manager and a head of service
use fits a 320 CSS px wide screen (WCAG 1.4.10 Reflow) without sideways scrolling, with axe
finding nothing of any impact; the caseload's filter hides behind the MOJ filter toggle there;
and on a desktop the caseload takes the whole width instead of 960 px.

Each council row is built to be awkward: long hyphenated names with no place to break, a setting
with a long name, several alerts, an issued plan with placements and costs."""

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER, DATA_PROTECTION_OFFICER, HEAD_OF_SERVICE, TEAM_MANAGER
from cases.services import assessment
from reporting.board.content import build_report_content
from reporting.models import BoardReport
from tests.factories import (
    BoardReportFactory,
    ChildFactory,
    CostLineFactory,
    PlacementFactory,
    SettingFactory,
    TargetFactory,
    TeamFactory,
    UserFactory,
)
from tests.reporting.test_kpis import issued_after

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}
# Long words with nowhere to break, as some real double-barrelled names are.
LONG_FIRST = "Maximiliana-Josephine"
LONG_LAST = "Featherstonehaugh-Wolfeschlegelsteinhausen"

# Which elements stick out past the right edge of the window, outside any container that
# scrolls or clips them: what a failure names.
OVERFLOW = """() => {
  const width = window.innerWidth;
  // Inside a box that scrolls or clips it. An absolutely positioned element (a visually
  // hidden span) is clipped only by a box that is also its containing block.
  const inside = (element) => {
    const absolute = ["absolute", "fixed"].includes(getComputedStyle(element).position);
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX)
          && (!absolute || style.position !== "static")) {
        return true;
      }
    }
    return false;
  };
  const describe = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (typeof element.className === "string" && element.className.trim()
      ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const sticking = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !inside(element)) {
      sticking.push(`${describe(element)} (right edge ${Math.round(box.right)})`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    sticking: sticking.slice(0, 6),
  };
}"""


def problems(page) -> list[str]:
    """What is wrong with the page at its current width: sideways scrolling, then axe."""
    found = []
    fit = page.evaluate(OVERFLOW)
    if fit["scrollWidth"] > fit["innerWidth"]:
        found.append(
            f"scrolls sideways: {fit['scrollWidth']} px wide in {fit['innerWidth']} px, "
            f"sticking out: {fit['sticking']}"
        )
    return found + axe_violations(page)


def check(page, name: str, report: dict) -> None:
    """Note the page's problems under `name`; with SCREENSHOTS=folder, keep a picture of it."""
    if folder := os.environ.get("SCREENSHOTS"):
        width = page.viewport_size["width"]
        slug = "".join(c if c.isalnum() else "-" for c in name).strip("-") or "home"
        page.screenshot(path=Path(folder) / f"{width}px-{slug}.png", full_page=True)
    if found := problems(page):
        report[name] = found


def visit(page, live_server, path: str, report: dict) -> None:
    response = page.goto(live_server.url + path)
    assert response.status == 200, (path, response.status)
    check(page, path, report)


def assert_all_fit(report: dict) -> None:
    assert report == {}, "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in report.items()
    )


@pytest.fixture
def council():
    """A team with a caseworker (long name), their manager and the head of service; children
    with long names, overdue steps (so alerts), an issued plan with a placement and costs, a
    late plan last year (so the dashboard has a drill-down), and a built board paper."""
    team = TeamFactory(name="North and North-West Locality Team")
    casey = UserFactory(
        username="casey",
        first_name="Bartholomew-Alexander",
        last_name="Montgomery-Worthington",
        role=CASEWORKER,
        teams=[team],
    )
    UserFactory(username="morgan", role=TEAM_MANAGER, teams=[team])
    harper = UserFactory(username="harper", role=HEAD_OF_SERVICE)
    today = timezone.localdate()

    # Overdue decisions: each raises an alert when it is recorded.
    waiting = []
    for n in range(3):
        child = ChildFactory(
            first_name=f"{LONG_FIRST}{'x' * n}",
            last_name=LONG_LAST,
            team=team,
            lead_caseworker=casey,
        )
        request = assessment.record_request(
            child=child,
            by=casey,
            regime="ehcp",
            source="parent",
            received_on=today - timedelta(weeks=8 + n),
        )
        waiting.append((child, request))
    ChildFactory.create_batch(4, team=team, lead_caseworker=casey)

    # A plan issued last year, late: a figure behind the dashboard's 20-week tile.
    last_year = today.year - 1
    plan = issued_after(170, by=casey, team=team, received=date(last_year, 1, 8))
    plan.child.first_name, plan.child.last_name = LONG_FIRST, f"{LONG_LAST}-Plan"
    plan.child.save(update_fields=["first_name", "last_name"])
    issued_after(130, by=casey, team=team, received=date(last_year, 2, 5))
    TargetFactory(kpi="T20", year=last_year, value=60, tolerance=10)
    setting = SettingFactory(
        name="The Royal Borough Specialist Communication and Interaction Academy Trust"
    )
    placement = PlacementFactory(child=plan.child, setting=setting, entry_on=date(last_year, 9, 1))
    CostLineFactory(placement=placement, amount=Decimal("123456.78"))

    report = BoardReportFactory.build(
        title="SEND performance",
        period_start=date(last_year, 1, 1),
        period_end=date(last_year, 12, 31),
        snapshot=today,
        meeting_date=today + timedelta(days=30),
        requested_by=harper,
        purpose="To report on the SEND service's performance.",
        recommendations="1. That the committee notes the report.",
    )
    report.content = build_report_content(report)
    report.status = BoardReport.Status.READY
    report.steps = report.progress = 1
    report.save()
    return {
        "child": waiting[0][0],
        "request": waiting[0][1],
        "plan": plan,
        "placement": placement,
        "report": report,
        "last_year": last_year,
    }


def test_a_caseworkers_pages_fit_a_phone(live_server, page, council):
    child, request, plan = council["child"], council["request"], council["plan"]
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "casey")
    report: dict = {}

    # The caseload: the filter waits behind the MOJ toggle, and once shown it sits above the
    # list instead of covering it.
    visit(page, live_server, reverse("cases:caseload"), report)
    # Each child's row stacks into a block, so the list need not scroll even in its own box,
    # and it is still a table of rows and cells to a screen reader.
    box = page.get_by_role("region", name="Caseload")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), box.evaluate(
        "box => [box.scrollWidth, box.clientWidth]"
    )
    assert box.get_by_role("row").count() == 1 + 9
    # The column's name before each cell is for the eye only: a screen reader has the header.
    assert box.get_by_role("cell", name="Date of birth:").count() == 0
    assert box.get_by_role("cell").count() >= 9 * 5
    filter_panel = page.locator(".moj-filter")
    toggle = page.get_by_role("button", name="Show filter")
    assert toggle.is_visible()
    assert filter_panel.is_hidden()
    toggle.click()
    assert filter_panel.is_visible()
    assert page.get_by_role("button", name="Hide filter").get_attribute("aria-expanded") == "true"
    panel, table = filter_panel.bounding_box(), page.locator("table").first.bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"], panel
    assert panel["y"] + panel["height"] <= table["y"], (panel, table)
    check(page, "caseload with its filter shown", report)

    for path in (
        reverse("home"),
        reverse("cases:child", args=[child.pk]),
        reverse("cases:requests", args=[child.pk]),
        reverse("cases:request", args=[child.pk, request.pk]),
        reverse("cases:alerts"),
        reverse("cases:children") + f"?q={LONG_LAST}",
        reverse("cases:chronology", args=[child.pk]),
        reverse("cases:contacts", args=[child.pk]),
        reverse("cases:documents", args=[child.pk]),
        reverse("cases:history", args=[child.pk]),
        reverse("cases:child_edit", args=[child.pk]),
        reverse("cases:note_new", args=[child.pk]),
        reverse("plans:plans", args=[plan.child.pk]),
        reverse("plans:plan", args=[plan.child.pk, plan.pk]),
        reverse("plans:versions", args=[plan.child.pk, plan.pk]),
        reverse("plans:sections", args=[plan.child.pk, plan.pk]),
        reverse("placements:placements", args=[plan.child.pk]),
        reverse("placements:placement", args=[plan.child.pk, council["placement"].pk]),
        reverse("placements:costs", args=[plan.child.pk]),
    ):
        visit(page, live_server, path, report)

    # The several-alerts page: two alerts ticked on the list, then "Snooze the chosen alerts".
    page.goto(live_server.url + reverse("cases:alerts"))
    # The alerts' table scrolls in its own box, which the keyboard reaches and scrolls.
    box = page.get_by_role("region", name="Open alerts")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('[aria-label=\"Open alerts\"]').scrollLeft > 0"
    )
    boxes = page.locator("input[name=alert]")
    for n in range(2):
        boxes.nth(n).check()
    page.get_by_role("button", name="Snooze the chosen alerts").click()
    page.wait_for_url("**/alerts/several/")
    check(page, "several alerts", report)

    assert_all_fit(report)
    assert page.console_errors == []


def test_a_managers_pages_fit_a_phone(live_server, page, council):
    page.set_viewport_size(PHONE)
    report: dict = {}
    sign_in(page, live_server, "morgan")
    for path in (reverse("home"), reverse("cases:caseload") + "?scope=team"):
        visit(page, live_server, path, report)
    page.context.clear_cookies()

    sign_in(page, live_server, "harper")
    year = council["last_year"]
    for path in (
        reverse("home"),
        reverse("dashboard") + f"?year={year}",
        reverse("dashboard:behind", args=["T20"]) + f"?year={year}",
        reverse("reports"),
        reverse("board:list"),
        reverse("board:detail", args=[council["report"].pk]),
        reverse("sen2:check"),
        reverse("reference:index"),
        reverse("reference:targets"),
        reverse("annex_a:list1"),
        reverse("placements:settings"),
        reverse("board:new"),
        reverse("reference:population"),
        reverse("reference:comparators"),
        reverse("reference:prevalence"),
        reverse("sen2:import"),
        reverse("account_security"),
    ):
        visit(page, live_server, path, report)
    page.context.clear_cookies()

    UserFactory(username="dee", role=DATA_PROTECTION_OFFICER)
    sign_in(page, live_server, "dee")
    for path in (reverse("records:retention"), reverse("records:subject_access_find")):
        visit(page, live_server, path, report)
    assert_all_fit(report)
    assert page.console_errors == []


def test_without_javascript_the_filter_sits_above_the_list(live_server, browser, council):
    context = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "casey")
    page.goto(live_server.url + reverse("cases:caseload"))
    panel = page.locator(".moj-filter")
    assert panel.is_visible()
    assert page.get_by_role("button", name="Show filter").count() == 0
    box, table = panel.bounding_box(), page.locator("table").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] + box["height"] <= table["y"], (box, table)
    fit = page.evaluate(OVERFLOW)
    assert fit["scrollWidth"] <= fit["innerWidth"], fit
    context.close()


def test_the_caseload_takes_a_desktops_width(live_server, page, council):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "casey")
    page.goto(live_server.url + reverse("cases:caseload"))
    # The filter shows beside the list on a desktop, and the two take the window's width, not
    # GOV.UK's 960 px column (where the list had what the filter left of it: about 525 px).
    assert page.locator(".moj-filter").is_visible()
    layout = page.locator(".moj-filter-layout").bounding_box()
    table = page.locator("table").first
    print(
        f"\nAt 1280 px: the filter and list {layout['width']:.0f} px wide, the list's table "
        f"{table.bounding_box()['width']:.0f} px beside the filter"
    )
    assert layout["width"] > 1200, layout
    assert table.bounding_box()["width"] > 700, table.bounding_box()
    report: dict = {}
    check(page, "caseload", report)
    assert_all_fit(report)
    # Hidden with the toggle, the filter leaves the list all of it.
    page.get_by_role("button", name="Hide filter").click()
    assert page.locator(".moj-filter").is_hidden()
    print(f"the table {table.bounding_box()['width']:.0f} px with the filter hidden")
    assert table.bounding_box()["width"] > 960, table.bounding_box()
    # Compact rows: small text, tight padding.
    cell = page.locator("tbody td").first
    assert cell.evaluate("td => parseFloat(getComputedStyle(td).fontSize)") <= 16
    assert cell.evaluate("td => parseFloat(getComputedStyle(td).paddingTop)") <= 5
