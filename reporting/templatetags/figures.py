"""Figures as a report shows them: 52.3%, 1,204, £3,450,120; an en dash when there is none."""

from django import template

from ..rag import DASH, format_value

register = template.Library()


@register.filter
def figure(value, unit: str) -> str:
    return format_value(value, unit) or DASH


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
