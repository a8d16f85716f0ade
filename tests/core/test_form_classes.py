"""Issue 19.11: labels and legends carry GOV.UK's own classes (a helper given the bare "s" wrote
`class="govuk-label s"`, which styles nothing)."""

import re

from crispy_forms.utils import render_crispy_form

from accounts.forms import TwoFactorCodeForm
from cases.forms.alerts import AcknowledgeForm, SnoozeForm
from plans.forms import IssueForm


def test_every_label_and_legend_class_is_a_govuk_one():
    forms = [AcknowledgeForm(), SnoozeForm(), IssueForm(), TwoFactorCodeForm()]
    classes = set()
    for form in forms:
        html = render_crispy_form(form)
        classes |= set(re.findall(r'class="(govuk-(?:label|fieldset__legend)[^"]*)"', html))
    assert classes
    for names in classes:
        for name in names.split():
            assert name.startswith("govuk-"), f"{name!r} in {names!r}"


def test_forms_are_novalidate_and_date_boxes_bring_up_the_number_pad():
    """The service's own messages, never the browser's pop-up; a numeric keypad for dates."""
    from cases.forms.child import ChildForm
    from cases.forms.notes import NoteForm

    for form in (IssueForm(), NoteForm(), AcknowledgeForm()):
        html = render_crispy_form(form)
        assert re.search(r"<form[^>]*\bnovalidate\b", html), type(form).__name__
    for form in (IssueForm(), SnoozeForm(), ChildForm(user=None)):
        boxes = re.findall(r"<input[^>]*govuk-date-input__input[^>]*>", render_crispy_form(form))
        assert boxes and all('inputmode="numeric"' in box for box in boxes)


def test_an_open_request_past_its_limit_says_how_late_not_week_24_of_20():
    from cases.presentation import clock_position

    assert clock_position(8, 20) == "Week 8 of 20"
    assert clock_position(20, 20) == "Week 20 of 20"
    assert clock_position(21, 20) == "1 week overdue"
    assert clock_position(24, 20) == "4 weeks overdue"
