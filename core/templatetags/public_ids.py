"""`{{ plan.pk|public_id }}`: a record key in a query string, written as URLs write it."""

from django import template

from core.public_ids import encode

register = template.Library()


@register.filter
def public_id(key: int) -> str:
    return encode(int(key))
