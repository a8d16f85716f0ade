from django import template

from core.formatting import money

register = template.Library()


register.filter("money", money)  # core.formatting.money, the one way amounts read


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
