"""The alerts page (the caseworker's own open alerts, and their team's for managers) and the
two things to do with an alert: acknowledge it or snooze it, each with a reason; several at
once from the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.access import require
from core.forms import add_service_errors, posted
from core.ids import parse_ids

from ..access import may_change, visible_filter
from ..forms.alerts import AcknowledgeForm, SnoozeForm
from ..models import Alert
from ..presentation import status_tag
from ..services import alert_actions

PAGE_SIZE = 50
MINE, TEAM = "mine", "team"


def alert_tabs(user) -> list[tuple[str, str]]:
    """(key, label) of the tabs a user may choose, the default first."""
    tabs = [(MINE, "Mine")]
    if user.is_head_of_service:
        tabs.append((TEAM, "All teams"))
    elif user.is_team_manager:
        tabs.append((TEAM, "My team"))
    return tabs


def alerts_for(user, tab: str, today):
    """Open alerts (not acknowledged, not snoozed past today, deadline still open) on one tab:
    deadlines the user owns ("mine"); for a team manager, deadlines of their teams' children,
    for a head of service every deadline ("team")."""
    alerts = Alert.objects.unresolved(today)
    if tab == MINE:
        alerts = alerts.filter(deadline__owner=user)
    elif user.is_head_of_service or user.is_team_manager:
        alerts = alerts.filter(visible_filter(user, via="deadline__child__"))
    else:
        alerts = alerts.none()
    return alerts.select_related("deadline__child", "deadline__owner").order_by(
        "deadline__due_on", "raised_on", "pk"
    )


def _decorate(alerts, user, today):
    for alert in alerts:
        deadline = alert.deadline
        alert.tag = status_tag(deadline.status(today))
        alert.can_act = user.has_perm("cases.change_child_record", deadline.child)
    return alerts


@login_required
def alert_list(request):
    # Alerts name children: only those who hold a caseload, as the navigation shows (issue 17).
    require(request.user, "portal.view_caseload")
    tabs = alert_tabs(request.user)
    keys = [key for key, _ in tabs]
    tab = request.GET.get("tab")
    tab = tab if tab in keys else keys[0]
    today = timezone.localdate()
    paginator = Paginator(alerts_for(request.user, tab, today), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _decorate(list(page.object_list), request.user, today)
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2))
    page.ellipsis = Paginator.ELLIPSIS
    return render(
        request,
        "cases/alerts.html",
        {"page": page, "tab": tab, "tabs": tabs, "today": today},
    )


def access_alert(request, alert_pk: int) -> Alert:
    """The alert, if the user may edit its child's record (404 if there is none, else 403)."""
    alert = get_object_or_404(
        Alert.objects.select_related("deadline__child", "deadline__owner"), pk=alert_pk
    )
    require(request.user, "cases.change_child_record", alert.deadline.child)
    return alert


def _alert_action(request, alert_pk: int, *, form_class, heading: str, act, done: str):
    alert = access_alert(request, alert_pk)
    if alert.acknowledged_at is not None:
        messages.info(request, "That alert has already been acknowledged.")
        return redirect("cases:alerts")
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            act(alert, request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done.format(child=alert.deadline.child.full_name))
            return redirect("cases:alerts")
    return render(
        request,
        "cases/alert_form.html",
        {
            "alert": alert,
            "form": form,
            "heading": heading,
            "status": status_tag(alert.deadline.status(timezone.localdate())),
        },
    )


@login_required
def alert_acknowledge(request, alert_pk: int):
    return _alert_action(
        request,
        alert_pk,
        form_class=AcknowledgeForm,
        heading="Acknowledge an alert",
        act=lambda alert, by, data: alert_actions.acknowledge_alert(
            alert=alert, by=by, reason=data["reason"]
        ),
        done="Alert acknowledged for {child}.",
    )


@login_required
def alert_snooze(request, alert_pk: int):
    return _alert_action(
        request,
        alert_pk,
        form_class=SnoozeForm,
        heading="Snooze an alert",
        act=lambda alert, by, data: alert_actions.snooze_alert(
            alert=alert, by=by, until=data["until"], reason=data["reason"]
        ),
        done="Alert snoozed for {child}.",
    )


BULK_ACTIONS = {
    "acknowledge": (AcknowledgeForm, "Acknowledge {count} alerts", "{count} alerts acknowledged."),
    "snooze": (SnoozeForm, "Snooze {count} alerts", "{count} alerts snoozed."),
}


@login_required
@require_POST
def alerts_bulk(request):
    """Several alerts at once (issue 19): the list's ticked alerts, then one reason (and for a
    snooze, one period) for them all. Only alerts on records the user may change are taken;
    the service acts on all of them or none."""
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        raise Http404
    form_class, heading, done = BULK_ACTIONS[action]
    today = timezone.localdate()
    chosen = parse_ids(request.POST.getlist("alert"))
    alerts = [
        alert
        for alert in Alert.objects.unresolved(today)
        .filter(pk__in=chosen)
        .filter(visible_filter(request.user, via="deadline__child__"))
        .select_related("deadline__child", "deadline__owner")
        .order_by("deadline__due_on", "pk")
        if may_change(request.user, alert.deadline.child)
    ]
    if not alerts:
        messages.info(request, "Choose at least one alert you can act on.")
        return redirect("cases:alerts")
    form = form_class(request.POST if "confirm" in request.POST else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "acknowledge":
                count = alert_actions.acknowledge_alerts(
                    alerts=alerts, by=request.user, reason=data["reason"]
                )
            else:
                count = alert_actions.snooze_alerts(
                    alerts=alerts, by=request.user, until=data["until"], reason=data["reason"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done.format(count=count))
            return redirect("cases:alerts")
    form.helper.form_tag = False  # the page's own form carries the chosen alerts
    return render(
        request,
        "cases/alerts_bulk.html",
        {
            "alerts": _decorate(alerts, request.user, today),
            "form": form,
            "action": action,
            "heading": heading.format(count=len(alerts)),
        },
    )


urlpatterns = [
    path("alerts/", alert_list, name="alerts"),
    path("alerts/several/", alerts_bulk, name="alerts_bulk"),
    path("alerts/<id:alert_pk>/acknowledge/", alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<id:alert_pk>/snooze/", alert_snooze, name="alert_snooze"),
]
