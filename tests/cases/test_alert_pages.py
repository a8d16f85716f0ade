"""Alerts in the app: the header's count, the alerts page and its tabs, acknowledge and snooze."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Alert, CaseEvent, Deadline
from cases.services.alert_actions import acknowledge_alert, snooze_alert

from ..factories import AlertFactory, ChildFactory, ReminderLogFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = date(2025, 3, 10)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2025, 3, 10, 12, tzinfo=LONDON), tick=False)
    return TODAY


def make_alert(
    child, owner, *, kind=Alert.Kind.DUE_7, due_on=TODAY + timedelta(days=5), **deadline
):
    """An alert raised today on a deadline for health advice: a thin name for AlertFactory,
    which these tests and the hostile-input tests use throughout."""
    deadline.setdefault("label", "Health advice")
    return AlertFactory(
        deadline__child=child,
        deadline__kind=Deadline.Kind.ADVICE,
        deadline__due_on=due_on,
        deadline__owner=owner,
        **{f"deadline__{field}": value for field, value in deadline.items()},
        owner=owner,
        kind=kind,
        raised_on=TODAY,
    )


@pytest.fixture
def other_child(other_team, outsider):
    return ChildFactory(
        team=other_team, lead_caseworker=outsider, first_name="Barnaby", last_name="Quill"
    )


def badge(response) -> str | None:
    html = response.content.decode()
    if 'data-testid="alert-count"' not in html:
        return None
    start = html.rindex("<a ", 0, html.index('data-testid="alert-count"'))
    return html[start : html.index("</a>", start)]


# --- The header ----------------------------------------------------------------------------


def test_the_header_counts_open_alerts_on_deadlines_the_user_owns(
    client, caseworker, outsider, child
):
    for _ in range(3):
        make_alert(child, caseworker)
    acknowledged = make_alert(child, caseworker)
    acknowledged.acknowledged_at = datetime(2025, 3, 9, tzinfo=ZoneInfo("UTC"))
    acknowledged.save()
    snoozed = make_alert(child, caseworker)
    snoozed.snoozed_until = TODAY  # snoozed through today: back tomorrow
    snoozed.save()
    make_alert(child, caseworker, completed_on=TODAY)  # the deadline is met: not counted
    make_alert(child, caseworker, exempt=True)

    client.force_login(caseworker)
    html = badge(client.get(reverse("cases:caseload")))
    assert html is not None
    # On the Alerts item of the navigation, read out as "Alerts, 3 open".
    assert (
        'Alerts<span class="govuk-visually-hidden">,</span> <span class="moj-notification-badge">'
        '3<span class="govuk-visually-hidden"> open</span>'
    ) in html
    assert 'class="moj-primary-navigation__link"' in html
    assert f'href="{reverse("cases:alerts")}"' in html

    client.force_login(outsider)
    assert badge(client.get(reverse("cases:caseload"))) is None  # hidden at zero


def test_the_count_is_not_beside_the_users_name(client, caseworker, child):
    make_alert(child, caseworker)
    client.force_login(caseworker)
    html = client.get(reverse("home")).content.decode()
    header = html[html.index('class="moj-header"') : html.index('class="moj-primary-navigation"')]
    assert "moj-notification-badge" not in header
    assert '>1<span class="govuk-visually-hidden"> open</span>' in badge(
        client.get(reverse("home"))
    )


def test_the_count_costs_one_query_on_a_page(client, caseworker, child, monkeypatch):
    for _ in range(30):
        make_alert(child, caseworker)
    client.force_login(caseworker)
    # Not the home page: it lists the alerts themselves (cases.home), with queries of its own.
    client.get(reverse("cases:caseload"))  # warm up anything cached per process

    with CaptureQueriesContext(connection) as with_badge:
        response = client.get(reverse("cases:caseload"))
    assert badge(response) is not None
    counts = [q["sql"] for q in with_badge.captured_queries if "cases_alert" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0].upper()

    from send_portal import context_processors

    monkeypatch.setattr(context_processors, "_alert_count", lambda user: 0)
    with CaptureQueriesContext(connection) as without_badge:
        response = client.get(reverse("cases:caseload"))
    assert badge(response) is None
    assert len(with_badge.captured_queries) <= len(without_badge.captured_queries) + 1


# --- The alerts page -----------------------------------------------------------------------


def test_mine_lists_my_open_alerts_with_their_columns(client, caseworker, child):
    make_alert(child, caseworker, kind=Alert.Kind.OVERDUE, due_on=TODAY - timedelta(days=2))
    client.force_login(caseworker)
    response = client.get(reverse("cases:alerts"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{child.get_absolute_url()}">Amelia Stone</a>' in html
    assert "Health advice" in html and "8 March 2025" in html
    assert 'govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "Overdue" in html and "10 March 2025" in html  # kind in words, raised on
    assert reverse("cases:alert_acknowledge", args=[Alert.objects.get().pk]) in html
    assert [label for _, label in response.context["tabs"]] == ["Mine"]


def test_an_empty_list_says_so(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:alerts"))
    assert 'data-testid="alerts-empty"' in response.content.decode()


def test_outsider_sees_no_alert_of_another_team(client, caseworker, outsider, child, other_child):
    make_alert(child, caseworker, label="North advice")
    make_alert(other_child, outsider, label="South advice")
    client.force_login(outsider)
    for tab in ("mine", "team"):
        html = client.get(reverse("cases:alerts"), {"tab": tab}).content.decode()
        assert "South advice" in html
        assert "North advice" not in html and "Amelia Stone" not in html


def test_team_manager_sees_the_team_and_head_of_service_sees_all(
    client, caseworker, outsider, team_manager, head_of_service, child, other_child
):
    make_alert(child, caseworker, label="North advice")
    make_alert(other_child, outsider, label="South advice")

    client.force_login(team_manager)
    assert "North advice" not in client.get(reverse("cases:alerts")).content.decode()  # not his
    response = client.get(reverse("cases:alerts"), {"tab": "team"})
    html = response.content.decode()
    assert "North advice" in html and "South advice" not in html
    assert [label for _, label in response.context["tabs"]] == ["Mine", "My team"]

    client.force_login(head_of_service)
    html = client.get(reverse("cases:alerts"), {"tab": "team"}).content.decode()
    assert "North advice" in html and "South advice" in html
    assert "alert_acknowledge" not in html and "/acknowledge/" not in html  # reads, cannot act


def test_the_page_is_paged_by_fifty(client, caseworker, child):
    for _ in range(51):
        make_alert(child, caseworker)
    client.force_login(caseworker)
    first = client.get(reverse("cases:alerts"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("cases:alerts"), {"page": 2})
    assert len(second.context["page"].object_list) == 1


# --- Acknowledge and snooze ----------------------------------------------------------------


def test_acknowledge_needs_a_reason(client, caseworker, child):
    alert = make_alert(child, caseworker)
    client.force_login(caseworker)
    url = reverse("cases:alert_acknowledge", args=[alert.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "<title>Error: " in html
    assert "Enter a reason" in html
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_keeps_history_and_a_chronology_line(client, caseworker, child):
    alert = make_alert(child, caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:alert_acknowledge", args=[alert.pk]),
        {"reason": "Chased the health team; report promised for Friday"},
    )
    assert response.status_code == 302 and response.url == reverse("cases:alerts")
    alert.refresh_from_db()
    assert alert.acknowledged_by == caseworker and alert.acknowledged_at is not None
    record = alert.history.latest()
    assert record.history_user == caseworker
    assert record.history_change_reason == (
        "Acknowledged: Chased the health team; report promised for Friday"
    )
    event = CaseEvent.objects.get(child=child)
    assert event.recorded_by == caseworker and event.happened_on == TODAY
    assert event.title.startswith("Alert acknowledged")
    assert event.detail == "Chased the health team; report promised for Friday"
    # It leaves the count and the list.
    page = client.get(reverse("cases:alerts"))
    assert page.context["page"].paginator.count == 0
    assert badge(page) is None


def _snooze(client, alert, until, reason="Waiting for the EP's visit"):
    return client.post(
        reverse("cases:alert_snooze", args=[alert.pk]),
        {"until_0": until.day, "until_1": until.month, "until_2": until.year, "reason": reason},
    )


@pytest.mark.parametrize(
    ("days", "error"),
    [
        (0, "The date must be after today"),
        (-3, "The date must be after today"),
        (29, "The date must be no more than 28 days from today"),
    ],
)
def test_snooze_date_rules(client, caseworker, child, days, error):
    alert = make_alert(child, caseworker)
    client.force_login(caseworker)
    response = _snooze(client, alert, TODAY + timedelta(days=days))
    assert response.status_code == 200
    assert error in response.content.decode()
    alert.refresh_from_db()
    assert alert.snoozed_until is None
    assert not alert.history.filter(history_type="~").exists()


def test_snooze_needs_a_period_or_a_date_and_a_reason(client, caseworker, child):
    alert = make_alert(child, caseworker)
    client.force_login(caseworker)
    response = client.post(reverse("cases:alert_snooze", args=[alert.pk]), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a reason" in html and "Choose how long to snooze the alert" in html
    chose_a_date = client.post(
        reverse("cases:alert_snooze", args=[alert.pk]), {"period": "date", "reason": "x"}
    )
    assert "Enter the date to snooze the alert until" in chose_a_date.content.decode()


@pytest.mark.parametrize(("period", "days"), [("1w", 7), ("2w", 14)])
def test_snooze_for_a_week_or_two(client, caseworker, child, period, days):
    """Issue 19: quick periods, no date to type."""
    alert = make_alert(child, caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:alert_snooze", args=[alert.pk]), {"period": period, "reason": "Away"}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.snoozed_until == TODAY + timedelta(days=days)


def test_several_alerts_acknowledged_at_once_and_only_those_the_user_may_act_on(
    client, caseworker, child, other_child, outsider
):
    """Issue 19: tick several alerts on the list, give one reason. Another team's alert posted
    by id is not taken; a ticked alert already acknowledged by someone else refuses the lot."""
    mine = [make_alert(child, caseworker, due_on=TODAY + timedelta(days=d)) for d in (1, 2, 3)]
    theirs = make_alert(other_child, outsider)
    client.force_login(caseworker)
    page = client.get(reverse("cases:alerts")).content.decode()
    assert page.count('name="alert" type="checkbox"') == 3
    url = reverse("cases:alerts_bulk")
    chosen = [a.pk for a in mine] + [theirs.pk]
    step = client.post(url, {"action": "acknowledge", "alert": chosen})
    assert step.status_code == 200
    assert "Acknowledge 3 alerts" in step.content.decode()
    done = client.post(
        url, {"action": "acknowledge", "alert": chosen, "confirm": "1", "reason": "Chased"}
    )
    assert done.status_code == 302
    for alert in mine:
        alert.refresh_from_db()
        assert alert.acknowledged_by == caseworker and alert.note == "Chased"
    theirs.refresh_from_db()
    assert theirs.acknowledged_at is None


def test_several_alerts_snoozed_for_two_weeks(client, caseworker, child):
    alerts = [make_alert(child, caseworker, due_on=TODAY + timedelta(days=d)) for d in (1, 2)]
    client.force_login(caseworker)
    done = client.post(
        reverse("cases:alerts_bulk"),
        {
            "action": "snooze",
            "alert": [a.pk for a in alerts],
            "confirm": "1",
            "period": "2w",
            "reason": "Waiting for the school",
        },
    )
    assert done.status_code == 302
    for alert in alerts:
        alert.refresh_from_db()
        assert alert.snoozed_until == TODAY + timedelta(days=14)


def test_no_alert_chosen_or_an_unknown_action(client, caseworker):
    client.force_login(caseworker)
    url = reverse("cases:alerts_bulk")
    assert client.post(url, {"action": "acknowledge"}).status_code == 302
    assert client.post(url, {"action": "delete", "alert": ["1"]}).status_code == 404
    assert client.get(url).status_code == 405


def test_the_services_check_the_same_rules(caseworker, child):
    from django.core.exceptions import ValidationError

    alert = make_alert(child, caseworker)
    with pytest.raises(ValidationError):
        acknowledge_alert(alert=alert, by=caseworker, reason="")
    with pytest.raises(ValidationError):
        snooze_alert(alert=alert, by=caseworker, until=TODAY + timedelta(days=29), reason="x")
    snooze_alert(alert=alert, by=caseworker, until=TODAY + timedelta(days=28), reason="x")
    acknowledge_alert(alert=alert, by=caseworker, reason="Done")
    with pytest.raises(ValidationError):
        acknowledge_alert(alert=alert, by=caseworker, reason="Again")
    changes = alert.history.filter(history_type="~")
    assert [r.history_user for r in changes] == [caseworker, caseworker]
    assert CaseEvent.objects.filter(child=child).count() == 2


def test_a_snoozed_alert_comes_back_after_its_date(client, caseworker, child, time_machine):
    alert = make_alert(child, caseworker)
    client.force_login(caseworker)
    until = TODAY + timedelta(days=3)
    assert _snooze(client, alert, until).status_code == 302
    alert.refresh_from_db()
    assert alert.snoozed_until == until
    record = alert.history.latest()
    assert record.history_user == caseworker
    assert record.history_change_reason == "Snoozed until 13 March 2025: Waiting for the EP's visit"
    assert "snoozed until 13 March 2025" in CaseEvent.objects.get(child=child).title

    for day, expected in [(TODAY, 0), (until, 0), (until + timedelta(days=1), 1)]:
        time_machine.move_to(datetime(day.year, day.month, day.day, 12, tzinfo=LONDON), tick=False)
        client.force_login(caseworker)  # the session would have timed out over the days
        page = client.get(reverse("cases:alerts"))
        assert page.context["page"].paginator.count == expected, day
        assert (badge(page) is not None) == bool(expected), day


@pytest.mark.parametrize("visitor", ["outsider", "head_of_service", "other_manager"])
def test_only_those_who_may_edit_the_child_may_act(client, request, caseworker, child, visitor):
    from accounts.roles import TEAM_MANAGER

    from ..factories import UserFactory

    alert = make_alert(child, caseworker)
    if visitor == "other_manager":
        user = UserFactory(role=TEAM_MANAGER, teams=[request.getfixturevalue("other_team")])
    else:
        user = request.getfixturevalue(visitor)
    client.force_login(user)
    for name in ("cases:alert_acknowledge", "cases:alert_snooze"):
        url = reverse(name, args=[alert.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Not mine"}).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None and alert.snoozed_until is None


def test_a_team_manager_may_act_on_the_teams_alerts(client, caseworker, team_manager, child):
    alert = make_alert(child, caseworker)
    client.force_login(team_manager)
    response = client.post(
        reverse("cases:alert_acknowledge", args=[alert.pk]), {"reason": "Covered in supervision"}
    )
    assert response.status_code == 302
    assert alert.history.latest().history_user == team_manager


def test_an_unknown_alert_is_not_found(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("cases:alert_acknowledge", args=[999999])).status_code == 404


def test_no_count_query_for_those_who_own_no_deadlines(client, head_of_service):
    # A lead caseworker must be a caseworker, so heads of service own no deadlines.
    client.force_login(head_of_service)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200 and badge(response) is None
    assert not any("cases_alert" in q["sql"] for q in queries)


def test_the_admin_lists_pending_reminders_and_alerts_read_only(admin_client, caseworker, child):
    waiting = ReminderLogFactory(recipient=caseworker, kind="caseworker_digest", for_date=TODAY)
    ReminderLogFactory(
        recipient=caseworker,
        kind="caseworker_digest",
        for_date=TODAY - timedelta(days=1),
        claimed_at=datetime(2025, 3, 9, 7, tzinfo=LONDON),
        sent_at=datetime(2025, 3, 9, 7, 1, tzinfo=LONDON),
        attempts=1,
    )
    url = reverse("admin:cases_reminderlog_changelist")
    pending = admin_client.get(url, {"delivery": "pending"})
    assert pending.status_code == 200
    assert list(pending.context["cl"].queryset) == [waiting]
    assert len(admin_client.get(url).context["cl"].queryset) == 2

    alert = make_alert(child, caseworker)
    alerts = admin_client.get(reverse("admin:cases_alert_changelist"))
    assert alerts.status_code == 200 and list(alerts.context["cl"].queryset) == [alert]
    assert admin_client.get(reverse("admin:cases_alert_add")).status_code == 403
