"""Overdue looks overdue everywhere: one status-to-colour rule (cases.presentation) for the
child's overview, the plan and review pages, the caseload and the digest email (issue 19)."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from cases.presentation import STATUS_TAG_COLOURS, TAG_INLINE_STYLES, status_tag
from cases.services.alerts import scan_deadlines
from cases.services.reminders import send_digests

from ..factories import AnnualReviewFactory, DeadlineFactory, PlanFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 10)
RED = STATUS_TAG_COLOURS["overdue"]
# A literal tag colour around a status or status label ({{ row.status }}, {{ x.status_label }});
# a child's SEN status is not a deadline's.
STATUS_LITERAL = re.compile(r'govuk-tag--\w+">\{\{ *[\w.]*(?<!sen_)status(_label)?\b')


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2025, 3, 10, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


def tag_of(html: str, status: str) -> str:
    match = re.search(rf'<strong class="govuk-tag ([^"]+)" data-status="{status}"', html)
    assert match, f"no {status} tag"
    return match.group(1)


def test_every_status_has_a_colour_and_an_inline_style_for_email():
    for status, colour in STATUS_TAG_COLOURS.items():
        assert status_tag(status)["tag"] == colour
        assert TAG_INLINE_STYLES[colour] in status_tag(status)["style"]


def test_the_childs_overview_shows_an_overdue_deadline_red(client, caseworker, child):
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY - timedelta(days=3))
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY)
    client.force_login(caseworker)
    html = client.get(reverse("cases:child", args=[child.pk])).content.decode()
    assert tag_of(html, "overdue") == RED
    assert tag_of(html, "due_today") == STATUS_TAG_COLOURS["due_today"]


def test_the_plan_and_review_pages_show_an_overdue_review_red(client, caseworker, child):
    plan = PlanFactory(child=child, issued_on=TODAY - timedelta(days=400))
    review = AnnualReviewFactory(plan=plan, due_on=TODAY - timedelta(days=30))
    DeadlineFactory(
        child=child, source=f"review:{review.pk}", kind="review_complete", due_on=review.due_on
    )
    client.force_login(caseworker)
    html = client.get(reverse("plans:plan", args=[child.pk, plan.pk])).content.decode()
    assert tag_of(html, "overdue") == RED
    url = reverse("plans:review", args=[child.pk, plan.pk, review.pk])
    assert tag_of(client.get(url).content.decode(), "overdue") == RED


def test_the_digest_email_colours_overdue_as_the_pages_do(caseworker, child, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DeadlineFactory(child=child, owner=caseworker, due_on=TODAY - timedelta(days=3))
    scan_deadlines(today=TODAY)
    send_digests(today=TODAY)
    html, _ = mail.outbox[0].alternatives[0]
    assert f'<strong style="{status_tag("overdue")["style"]}">Overdue</strong>' in html


def test_no_template_colours_a_deadline_status_of_its_own():
    """A tag beside a deadline's status takes its class from status_tag, never a literal."""
    templates = Path(django_settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if re.search(STATUS_LITERAL, path.read_text())
    ]
    assert offenders == []
