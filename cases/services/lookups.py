"""Finding a child held by another team: need to know, not browsing.

A caseworker about to open a duplicate record may learn that another team holds the child and
whom to call. They learn it only by searching precisely (the whole UPN, or the first name, last
name and date of birth together), never by walking ids: each child found is logged
(`ChildLookup`), the number found in an hour is limited, and the "held by another team" card
answers only a user who found that child that way that day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from ..access import visible_children
from ..models import Child, ChildLookup
from ..search import UPN_SHAPE, split_search
from .children import find_likely_duplicates

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

LOOKUPS_PER_HOUR = 30
# The card stays open for the rest of a working day after the search that found the child.
CARD_OPEN_FOR = timedelta(hours=10)
MOST_FOUND = 5  # a precise search finds one child, or a handful of namesakes


class TooManyLookups(Exception):
    """The user has found as many children held by other teams as an hour allows."""


@dataclass(frozen=True)
class PreciseSearch:
    upn: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None


def precise_search(text: str) -> PreciseSearch | None:
    """The search as a precise one, or None: a whole UPN alone; or at least two name words and
    a date of birth (the first word is the first name, the last the last name)."""
    words = text.split()
    if len(words) == 1 and UPN_SHAPE.match(words[0]):
        return PreciseSearch(upn=words[0].upper())
    terms = split_search(text)
    names = terms.words
    if len(terms.dates) != 1 or len(names) < 2:
        return None
    return PreciseSearch(first_name=names[0], last_name=names[-1], date_of_birth=terms.dates[0])


def find_held_elsewhere(*, user: User, text: str) -> list[Child]:
    """Children held by teams the user is not in that the search names precisely; each one
    found is logged. Raises TooManyLookups past LOOKUPS_PER_HOUR in the last hour."""
    search = precise_search(text)
    if search is None:
        return []
    # The same match as registering a child uses to warn of a duplicate.
    matches = find_likely_duplicates(
        upn=search.upn,
        first_name=search.first_name,
        last_name=search.last_name,
        date_of_birth=search.date_of_birth,
    )
    found = list(matches.exclude(pk__in=visible_children(user).values("pk"))[:MOST_FOUND])
    if not found:
        return []
    since = timezone.now() - timedelta(hours=1)
    if ChildLookup.objects.filter(user=user, looked_up_at__gte=since).count() >= LOOKUPS_PER_HOUR:
        logger.warning("user %d refused a lookup: %d in the last hour", user.pk, LOOKUPS_PER_HOUR)
        raise TooManyLookups
    ChildLookup.objects.bulk_create(ChildLookup(user=user, child=child) for child in found)
    logger.info("user %d looked up %d child(ren) held by other teams", user.pk, len(found))
    return found


def may_see_holder(user: User, child: Child) -> bool:
    """Whether the user found this child by a precise search within CARD_OPEN_FOR."""
    since = timezone.now() - CARD_OPEN_FOR
    return ChildLookup.objects.filter(user=user, child=child, looked_up_at__gte=since).exists()
