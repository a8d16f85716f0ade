"""Display formats for British English (settings.FORMAT_MODULE_PATH), replacing Django's own
"j M Y" with GOV.UK's "4 December 2026" for every `{{ value|date }}` and the admin site.
Input formats are Django's: how people may type dates is a separate question (core/forms.py).
Times with am/pm the GOV.UK way need Python: core.formatting.date_time, `|date_time`."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \a\t H:i"
SHORT_DATETIME_FORMAT = r"j F Y \a\t H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
