"""A plan transferred in from another council, in a real Chromium (SI 2014/1530 reg 15): the
caseworker records it, sees the first review due on the later of 12 months from its last review
and 3 months from the transfer, and the 6-week notice to the family; records the notice; then
sets the review interval with a reason."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import CASEWORKER
from cases import statutory
from tests.factories import ChildFactory, TeamFactory, UserFactory

from .conftest import axe_violations, sign_in
from .test_assessment_journey import fill_date

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_caseworker_records_a_plan_transferred_in(live_server, page):
    team = TeamFactory(name="North team")
    casey = UserFactory(username="casey", role=CASEWORKER, teams=[team])
    today = timezone.localdate()
    child = ChildFactory(
        first_name="Ayo",
        last_name="Bello",
        # Year 10 this year: no phase transfer within these dates.
        date_of_birth=today.replace(year=today.year - 15, month=1, day=15),
        team=team,
        lead_caseworker=casey,
        sen_status="ehc_plan",
    )
    transferred = today - timedelta(days=10)
    # Reviewed by the other council 11 months ago: its 12 months end within a month, before the
    # 3 months from the transfer do, so the later date (reg 15(5)(b)) applies.
    last_review = statutory.add_months(today, -11)
    issued = statutory.add_months(today, -30)
    review_due = statutory.transfer_in_review_due(transferred, last_review)
    assert review_due == statutory.months_starting_with(transferred, 3)
    notice_due = transferred + timedelta(weeks=6)

    sign_in(page, live_server, "casey")
    page.goto(live_server.url + reverse("plans:plans", args=[child.pk]))
    page.get_by_role("link", name="Record a plan transferred in").click()
    page.get_by_label("EHC plan").check()
    page.get_by_label("Council it came from (3-digit LA code)").fill("330")
    fill_date(page, "issued_on", issued)
    fill_date(page, "responsible_from", transferred)
    fill_date(page, "last_review_on", last_review)
    page.get_by_role("button", name="Record the plan").click()

    # The plan page: the notice due in 6 weeks, the review on the later date.
    transfer = page.get_by_test_id("transfer-in").inner_text()
    assert f"Tell the family by {notice_due:%-d %B %Y}" in transfer
    assert f"{review_due:%-d %B %Y}" in page.get_by_test_id("reviews").inner_text()
    assert axe_violations(page) == []

    # The caseload's deadlines: both steps, on their dates.
    page.goto(live_server.url + reverse("cases:child", args=[child.pk]))
    upcoming = page.get_by_test_id("next-deadlines").inner_text()
    assert "Tell the family about the transferred plan" in upcoming
    assert f"{notice_due:%-d %B %Y}" in upcoming

    # Record the notice: the step is met.
    page.goto(live_server.url + reverse("plans:plans", args=[child.pk]))
    page.get_by_role("link", name="EHC plan").first.click()
    page.get_by_role("link", name="Record the notice about the transfer").click()
    fill_date(page, "sent_on", today)
    page.get_by_label("No").check()
    page.get_by_role("button", name="Record the notice").click()
    assert f"Family told {today:%-d %B %Y}" in page.get_by_test_id("transfer-in").inner_text()

    # A shorter interval without a reason is refused, with the reason it is kept.
    page.get_by_role("link", name="Review settings").click()
    page.get_by_label("Review at least every (months, optional)").fill("6")
    page.get_by_role("button", name="Save review settings").click()
    assert "Say why" in page.locator("main").inner_text()
    page.get_by_label("Reason for the change").fill("New to the area: review termly")
    page.get_by_role("button", name="Save review settings").click()
    assert (
        "every 6 months (chosen for this plan)"
        in page.get_by_test_id("review-interval").inner_text()
    )
