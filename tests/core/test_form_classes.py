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
