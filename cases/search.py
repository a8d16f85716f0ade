"""Free-text search for a child: by name, UPN or date of birth, as typed in the header box."""

import re
from datetime import date, datetime

from django.db.models import Q

_UPN = re.compile(r"^[A-Za-z]\d{11}[A-Za-z0-9]$")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def child_search_filter(text: str) -> Q:
    text = " ".join(text.split())
    if not text:
        return Q()
    if _UPN.match(text):
        return Q(upn=text.upper())
    born = parse_date(text)
    if born:
        return Q(date_of_birth=born)
    query = Q()
    for word in text.split(" "):
        query &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
        )
    return query
