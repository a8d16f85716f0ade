"""Every form's errors are listed in the GOV.UK error summary (issue 19), not in crispy-forms'
Bootstrap alert, which GOV.UK Frontend leaves unstyled."""

from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_every_page_with_a_crispy_form_has_the_error_summary():
    missing = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "{% crispy " in path.read_text() and "error_summary" not in path.read_text()
    ]
    assert missing == []


def test_the_bootstrap_alert_is_not_rendered():
    class Form:
        non_field_errors = ["Someone else changed this record"]

    assert "alert" not in get_template("gds/errors.html").render({"form": Form()})
