"""Forms for case records, one module per part of the record (crispy-forms-gds)."""

from django.core.exceptions import ValidationError

from core.locking import StaleEdit, show_stale


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the field it names, or at the top of the form."""
    if isinstance(error, StaleEdit):
        # Someone else saved first: show what is saved now beside what was typed.
        show_stale(form, error)
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
