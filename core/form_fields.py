"""Form fields every app's forms share."""

from typing import Any

from crispy_forms_gds.fields import DateInputField as GdsDateInputField
from django.core.exceptions import ValidationError


class DateInputField(GdsDateInputField):
    """The GOV.UK date input (day, month, year boxes), with two holes in crispy-forms-gds'
    version closed: a day, month or year too long for a C long (twenty 9s) raises OverflowError
    rather than ValueError, and boxes holding only spaces give None for a required date. Both
    reached the services as a server error. Checked in clean(), so that subclasses with their
    own compress() (and messages) are covered too."""

    def clean(self, value: Any) -> Any:
        try:
            date = super().clean(value)
        except OverflowError:
            raise ValidationError("Enter a real date", code="invalid") from None
        if date is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return date
