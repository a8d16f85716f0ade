"""Figures as a report shows them: 52.3%, 1,204, £3,450,120; an em dash when there is none."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


@register.filter
def figure(value, unit: str) -> str:
    if value is None:
        return "\u2013"  # an en dash
    if unit == "%":
        return f"{float(value):.1f}%"
    if unit == "£":
        return f"£{intcomma(round(Decimal(value)))}"
    if unit == "weeks":
        return f"{float(value):.1f} weeks"
    return intcomma(value)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
