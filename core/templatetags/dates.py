"""`{{ moment|date_time }}`: 4 December 2026 at 2:05pm (core.formatting.date_time). Dates alone
use Django's `{{ day|date }}`, which reads DATE_FORMAT from send_portal/formats."""

from django import template

from core.formatting import date_time

register = template.Library()
register.filter("date_time", date_time)
