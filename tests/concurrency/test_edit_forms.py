"""Two people open the same edit form; the first saves; the second's save is refused with a clear
message, keeps what they typed, shows what is saved now, and writes nothing. Saving the re-shown
form again (after checking) then goes through.

Every form that changes an existing record in place is here. The forms are posted as a browser
would send them back (tests/concurrency/browser.py), so the hidden version must be on the page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse

from reporting.models import BoardReport
from tests.factories import BoardReportFactory

from .browser import form_fields
from .conftest import signed_in

pytestmark = pytest.mark.django_db

REFUSED = "Someone else changed this record while you were editing it"
NOT_SAVED = "Your changes have not been saved"


def as_date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


@dataclass
class Edit:
    url: str
    record: models.Model
    first: dict[str, str]  # what the first person changes
    second: dict[str, str]  # what the second person types, to be refused
    saved: Callable[[models.Model], object]  # the stored value the two disagree on
    first_value: object
    second_value: object
    users: tuple[str, str] = ("caseworker", "colleague")
    fill: dict[str, str] = field(default_factory=dict)  # what both type on a blank step form
    audited: bool = True  # has a simple_history trail (a board paper's words have none)


def _child(get) -> Edit:
    child = get("child")
    return Edit(
        reverse("cases:child_edit", args=[child.pk]),
        child,
        {"preferred_name": "Mia"},
        {"preferred_name": "Millie"},
        lambda c: c.preferred_name,
        "Mia",
        "Millie",
    )


def _contact(get) -> Edit:
    child, contact = get("child"), get("contact")
    return Edit(
        reverse("cases:contact_edit", args=[child.pk, contact.pk]),
        contact,
        {"notes": "Calls after 3pm"},
        {"notes": "Calls before noon only"},
        lambda c: c.notes,
        "Calls after 3pm",
        "Calls before noon only",
    )


def _step(get, request_fixture: str, step: str, fill: dict, first: dict, second: dict, read):
    child, request = get("child"), get(request_fixture)
    return Edit(
        reverse("cases:request_step", args=[child.pk, request.pk, step]),
        request,
        first,
        second,
        read,
        read_value(first),
        read_value(second),
        fill=fill,
    )


def read_value(values: dict[str, str]) -> str:
    return next(iter(values.values()))


def _decision(get) -> Edit:
    return _step(
        get,
        "new_request",
        "decision",
        as_date("decided_on", date(2024, 2, 12)),
        {"decision": "yes"},
        {"decision": "no"},
        lambda r: r.assess_decision,
    )


def _issue_decision(get) -> Edit:
    return _step(
        get,
        "assessing_request",
        "issue-decision",
        as_date("decided_on", date(2024, 4, 1)),
        {"decision": "yes"},
        {"decision": "no"},
        lambda r: r.issue_decision,
    )


def _advice_received(get) -> Edit:
    child, advice = get("child"), get("advice")
    return Edit(
        reverse(
            "cases:request_item_step",
            args=[child.pk, advice.request_id, "advice-received", advice.pk],
        ),
        advice,
        as_date("received_on", date(2024, 3, 1)),
        as_date("received_on", date(2024, 3, 8)),
        lambda a: a.received_on,
        date(2024, 3, 1),
        date(2024, 3, 8),
    )


def _consultation_reply(get) -> Edit:
    child, consultation = get("child"), get("consultation")
    return Edit(
        reverse(
            "cases:request_item_step",
            args=[child.pk, consultation.request_id, "consultation-response", consultation.pk],
        ),
        consultation,
        {"outcome": "agreed"},
        {"outcome": "declined"},
        lambda c: c.outcome,
        "agreed",
        "declined",
        fill=as_date("responded_on", date(2024, 3, 10)),
    )


def _sections(get) -> Edit:
    child, plan = get("child"), get("draft_plan")
    return Edit(
        reverse("plans:sections", args=[child.pk, plan.pk]),
        plan,
        {"section_a": "Wants to be a vet."},
        {"section_a": "Wants to be a zookeeper."},
        lambda p: p.section_a,
        "Wants to be a vet.",
        "Wants to be a zookeeper.",
    )


def _review_settings(get) -> Edit:
    child, plan = get("child"), get("draft_plan")
    return Edit(
        reverse("plans:plan_review_settings", args=[child.pk, plan.pk]),
        plan,
        {"review_interval_months": "6", "reason": "Review termly while the placement settles"},
        {"review_interval_months": "9", "reason": "Every 9 months agreed with the family"},
        lambda p: p.review_interval_months,
        6,
        9,
    )


def _outcome(get) -> Edit:
    child, outcome = get("child"), get("outcome")
    return Edit(
        reverse("plans:outcome_edit", args=[child.pk, outcome.plan_id, outcome.pk]),
        outcome,
        {"description": "Reads a page aloud to the class"},
        {"description": "Reads a paragraph aloud to a friend"},
        lambda o: o.description,
        "Reads a page aloud to the class",
        "Reads a paragraph aloud to a friend",
    )


def _provision(get) -> Edit:
    child, item = get("child"), get("provision")
    return Edit(
        reverse("plans:provision_edit", args=[child.pk, item.plan_id, item.pk]),
        item,
        {"provider": "Riverside speech therapy"},
        {"provider": "Oakfield therapy team"},
        lambda i: i.provider,
        "Riverside speech therapy",
        "Oakfield therapy team",
    )


def _placement(get) -> Edit:
    child, placement = get("child"), get("placement")
    return Edit(
        reverse("placements:placement_edit", args=[child.pk, placement.pk]),
        placement,
        as_date("entry_on", date(2024, 9, 3)),
        as_date("entry_on", date(2024, 9, 4)),
        lambda p: p.entry_on,
        date(2024, 9, 3),
        date(2024, 9, 4),
    )


def _cost_line(get) -> Edit:
    child, line = get("child"), get("cost_line")
    return Edit(
        reverse("placements:cost_edit", args=[child.pk, line.placement_id, line.pk]),
        line,
        {"amount": "12500.00"},
        {"amount": "13000.00"},
        lambda c: c.amount,
        Decimal("12500.00"),
        Decimal("13000.00"),
    )


def _budget(get) -> Edit:
    child, budget = get("child"), get("budget")
    return Edit(
        reverse("placements:budget_edit", args=[child.pk, budget.pk]),
        budget,
        {"annual_amount": "3500.00"},
        {"annual_amount": "4000.00"},
        lambda b: b.annual_amount,
        Decimal("3500.00"),
        Decimal("4000.00"),
    )


def _setting(get) -> Edit:
    school = get("school")
    return Edit(
        reverse("placements:setting_edit", args=[school.pk]),
        school,
        {"name": "Riverside Primary Academy"},
        {"name": "Riverside Church of England Primary School"},
        lambda s: s.name,
        "Riverside Primary Academy",
        "Riverside Church of England Primary School",
        users=("team_manager", "head_of_service"),
    )


def _target(get) -> Edit:
    target = get("target")
    return Edit(
        reverse("reference:target_edit", args=[target.pk]),
        target,
        {"value": "61"},
        {"value": "65"},
        lambda t: t.value,
        Decimal("61"),
        Decimal("65"),
        users=("head_of_service", "administrator"),
    )


def _board_words(get) -> Edit:
    report = BoardReportFactory(
        title="SEND: the year in figures",
        report_to="Scrutiny Committee",
        reporting_officer="Morgan",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        snapshot=date(2026, 1, 15),
        status=BoardReport.Status.READY,
    )
    return Edit(
        reverse("board:edit", args=[report.pk]),
        report,
        {"report_to": "Cabinet"},
        {"report_to": "Full Council"},
        lambda r: r.report_to,
        "Cabinet",
        "Full Council",
        users=("team_manager", "head_of_service"),
        audited=False,
    )


EDITS = {
    "child details": _child,
    "contact": _contact,
    "decision whether to assess": _decision,
    "decision whether to issue": _issue_decision,
    "advice received": _advice_received,
    "consultation reply": _consultation_reply,
    "plan sections": _sections,
    "plan review settings": _review_settings,
    "section E outcome": _outcome,
    "section F provision": _provision,
    "placement": _placement,
    "cost line": _cost_line,
    "personal budget": _budget,
    "setting in the directory": _setting,
    "target": _target,
    "board paper's words": _board_words,
}


def _history_count(record) -> int:
    if not hasattr(type(record), "history"):
        return 0
    return type(record).history.filter(id=record.pk).count()


@pytest.mark.parametrize("kind", EDITS)
def test_the_second_of_two_saves_is_refused_and_loses_nothing(kind, request):
    get = request.getfixturevalue
    get("colleague")
    edit = EDITS[kind](get)
    first_user, second_user = (get(name) for name in edit.users)
    first, second = signed_in(first_user), signed_in(second_user)

    # Both open the form at the same version.
    first_form = form_fields(first.get(edit.url).content.decode())
    second_form = form_fields(second.get(edit.url).content.decode())
    assert first_form["version"] == second_form["version"] == str(edit.record.version)
    history_before = _history_count(edit.record)

    saved = first.post(edit.url, {**first_form, **edit.fill, **edit.first})
    assert saved.status_code == 302, saved.content.decode()[:2000]

    refused = second.post(edit.url, {**second_form, **edit.fill, **edit.second})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert REFUSED in page and NOT_SAVED in page
    if edit.audited:  # who, from the record's history
        assert html.escape(first_user.get_full_name()) in page
    assert "govuk-error-summary" in page
    # What is saved now, beside what they typed.
    assert "What is saved now and what you entered" in page

    edit.record.refresh_from_db()
    assert edit.saved(edit.record) == edit.first_value
    if edit.audited:
        assert _history_count(edit.record) == history_before + 1
        latest = type(edit.record).history.filter(id=edit.record.pk).first()
        assert latest.history_user == first_user

    # The re-shown form still holds what the second person typed, now at the saved version.
    reshown = form_fields(page)
    for name, value in edit.second.items():
        assert reshown[name] == value
    assert reshown["version"] == str(edit.record.version)

    # Both changed the same answers: the form will not save until they choose, for each.
    # (A record without history cannot say what the form was opened with: nothing to choose.)
    clashing = [name for name in reshown.get("stale_conflicts", "").split(",") if name]
    assert bool(clashing) == edit.audited
    assert all(f"keep_{name}" in page for name in clashing)
    if clashing:
        unchosen = second.post(edit.url, reshown)
        assert unchosen.status_code == 200
        assert "or the saved version" in unchosen.content.decode()
    # Having checked, they keep theirs: their answers go in, on top of the first person's.
    again = second.post(edit.url, {**reshown, **{f"keep_{name}": "mine" for name in clashing}})
    assert again.status_code == 302, again.content.decode()[:2000]
    edit.record.refresh_from_db()
    assert edit.saved(edit.record) == edit.second_value
    if edit.audited:
        assert _history_count(edit.record) == history_before + 2


@pytest.mark.parametrize("kind", ["child details", "placement", "target"])
def test_a_post_without_the_version_is_refused_with_a_clear_message(kind, request):
    get = request.getfixturevalue
    get("colleague")
    edit = EDITS[kind](get)
    user = get(edit.users[0])
    browser = signed_in(user)
    fields = form_fields(browser.get(edit.url).content.decode())
    history_before = _history_count(edit.record)
    del fields["version"]

    response = browser.post(edit.url, {**fields, **edit.fill, **edit.first})
    page = response.content.decode()
    assert response.status_code == 200
    assert "the form did not say which version you started from" in page
    assert NOT_SAVED in page
    assert _history_count(edit.record) == history_before
    # The re-shown form carries the version now, so saving it again works.
    reshown = form_fields(page)
    assert reshown["version"] == str(edit.record.version)
    assert browser.post(edit.url, reshown).status_code == 302
    edit.record.refresh_from_db()
    assert edit.saved(edit.record) == edit.first_value


def test_the_same_person_in_two_tabs_is_told_it_was_them(caseworker, child):
    browser = signed_in(caseworker)
    url = reverse("cases:child_edit", args=[child.pk])
    tab_one = form_fields(browser.get(url).content.decode())
    tab_two = form_fields(browser.get(url).content.decode())
    assert browser.post(url, {**tab_one, "preferred_name": "Mia"}).status_code == 302
    page = browser.post(url, {**tab_two, "preferred_name": "Millie"}).content.decode()
    assert "changed in another window or tab (by you, at " in page


def test_a_change_to_nothing_on_the_form_is_still_refused_but_says_so(caseworker, colleague, child):
    """The child was reassigned meanwhile (not on this form): refused all the same, since the
    record moved on, and the page says every answer matches what is saved."""
    first, second = signed_in(caseworker), signed_in(colleague)
    url = reverse("cases:child_edit", args=[child.pk])
    first_form = form_fields(first.get(url).content.decode())
    second_form = form_fields(second.get(url).content.decode())
    assert first.post(url, {**first_form, "postcode": "M1 1AE"}).status_code == 302
    page = second.post(url, {**second_form, "postcode": "M1 1AE"}).content.decode()
    assert REFUSED in page
    assert "Every answer on this form is the same as what is saved now" in page


def test_the_history_tab_does_not_list_the_version(caseworker, child):
    browser = signed_in(caseworker)
    url = reverse("cases:child_edit", args=[child.pk])
    fields = form_fields(browser.get(url).content.decode())
    assert browser.post(url, {**fields, "preferred_name": "Mia"}).status_code == 302
    page = browser.get(reverse("cases:history", args=[child.pk])).content.decode()
    assert "Mia" in page
    assert "Version" not in page


def test_a_clash_on_different_answers_keeps_both(caseworker, colleague, child, draft_plan):
    """Issue 19: the first saves section A, the second section B. The re-shown form holds the
    first's section A (saved now) and the second's section B, so saving it loses neither."""
    first, second = signed_in(caseworker), signed_in(colleague)
    url = reverse("plans:sections", args=[child.pk, draft_plan.pk])
    first_form = form_fields(first.get(url).content.decode())
    second_form = form_fields(second.get(url).content.decode())
    assert first.post(url, {**first_form, "section_a": "Wants to be a vet."}).status_code == 302

    page = second.post(url, {**second_form, "section_b": "Reads aloud."}).content.decode()
    assert REFUSED in page
    reshown = form_fields(page)
    assert reshown["section_a"] == "Wants to be a vet."
    assert reshown["section_b"] == "Reads aloud."
    assert not reshown.get("stale_conflicts")
    assert "Saved now (you did not change it)" in page

    assert second.post(url, reshown).status_code == 302
    draft_plan.refresh_from_db()
    assert (draft_plan.section_a, draft_plan.section_b) == ("Wants to be a vet.", "Reads aloud.")


def test_keeping_the_saved_version_of_a_clash(caseworker, colleague, child, draft_plan):
    first, second = signed_in(caseworker), signed_in(colleague)
    url = reverse("plans:sections", args=[child.pk, draft_plan.pk])
    first_form = form_fields(first.get(url).content.decode())
    second_form = form_fields(second.get(url).content.decode())
    assert first.post(url, {**first_form, "section_a": "Theirs"}).status_code == 302
    page = second.post(url, {**second_form, "section_a": "Mine"}).content.decode()
    reshown = form_fields(page)
    assert reshown["section_a"] == "Mine" and reshown["stale_conflicts"] == "section_a"

    refused = second.post(url, reshown).content.decode()
    assert "govuk-error-summary" in refused
    assert 'href="#id_keep_section_a' in refused
    assert second.post(url, {**reshown, "keep_section_a": "saved"}).status_code == 302
    draft_plan.refresh_from_db()
    assert draft_plan.section_a == "Theirs"


def test_a_date_saved_by_the_other_is_put_back_into_its_three_boxes(caseworker, colleague, child):
    first, second = signed_in(caseworker), signed_in(colleague)
    url = reverse("cases:child_edit", args=[child.pk])
    first_form = form_fields(first.get(url).content.decode())
    second_form = form_fields(second.get(url).content.decode())
    moved = {**first_form, **as_date("date_of_birth", date(2013, 5, 17))}
    assert first.post(url, moved).status_code == 302

    page = second.post(url, {**second_form, "preferred_name": "Millie"}).content.decode()
    assert REFUSED in page
    reshown = form_fields(page)
    assert reshown["preferred_name"] == "Millie"
    assert [reshown[f"date_of_birth_{i}"] for i in range(3)] == ["17", "5", "2013"]
    assert second.post(url, reshown).status_code == 302
    child.refresh_from_db()
    assert (child.date_of_birth, child.preferred_name) == (date(2013, 5, 17), "Millie")
