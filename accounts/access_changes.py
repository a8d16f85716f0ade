"""Changes to what someone may do (roles, teams, superuser and staff flags): who may make
them, the audit record of each, and the email to the other administrators (issue 17).

An administrator cannot widen their own access, nor make anyone a superuser unless they are
one: either would let one person give themselves the case files the roles keep from them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from .models import AccessChange, User
from .roles import ADMINISTRATOR

logger = logging.getLogger("accounts.access_changes")

# The fields an administrator may not change on their own account.
OWN_ACCESS_FIELDS = ("groups", "teams", "user_permissions", "is_superuser", "is_staff")
# The fields only a superuser may change on anyone's account: a permission granted one by one
# would be a side door round the roles.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")


@dataclass(frozen=True)
class Access:
    roles: tuple[str, ...]
    teams: tuple[str, ...]
    superuser: bool
    staff: bool

    def described(self) -> dict[str, str]:
        return {
            AccessChange.What.ROLES: ", ".join(self.roles),
            AccessChange.What.TEAMS: ", ".join(self.teams),
            AccessChange.What.SUPERUSER: "yes" if self.superuser else "no",
            AccessChange.What.STAFF: "yes" if self.staff else "no",
        }


def access_of(user: User | None) -> Access:
    """The user's access as stored now (not as an unsaved form has it)."""
    if user is None or user.pk is None:
        return Access(roles=(), teams=(), superuser=False, staff=False)
    stored = User.objects.get(pk=user.pk)
    return Access(
        roles=tuple(sorted(stored.groups.values_list("name", flat=True))),
        teams=tuple(sorted(stored.teams.values_list("name", flat=True))),
        superuser=stored.is_superuser,
        staff=stored.is_staff,
    )


def fields_refused(*, by: User, user: User | None) -> set[str]:
    """The access fields `by` may not change on `user` (None: an account being added)."""
    refused: set[str] = set()
    if user is not None and user.pk == by.pk:
        refused.update(OWN_ACCESS_FIELDS)
    if not by.is_superuser:
        refused.update(SUPERUSER_ONLY_FIELDS)
    return refused


def check_change(*, by: User, user: User, before: Access, after: Access) -> None:
    """Refuse a change `by` may not make, whatever form or request it came from."""
    own = user.pk is not None and user.pk == by.pk
    if own and before != after:
        raise PermissionDenied("You cannot change your own roles, teams or access")
    if before.superuser != after.superuser and not by.is_superuser:
        raise PermissionDenied("Only a superuser can grant or remove superuser status")


def record_change(*, by: User | None, user: User, before: Access, after: Access) -> list:
    """Write one audit row per kind of access changed, and tell the other administrators once
    the change is committed. Returns the rows."""
    old, new = before.described(), after.described()
    changes = [
        AccessChange.objects.create(user=user, by=by, what=what, before=old[what], after=new[what])
        for what in old
        if old[what] != new[what]
    ]
    _log_and_notify(changes)
    return changes


def record_password_set(*, by: User, user: User) -> AccessChange | None:
    """Audit and tell a password set for someone else in the admin site (one's own is not)."""
    if by.pk == user.pk:
        return None
    change = AccessChange.objects.create(
        user=user, by=by, what=AccessChange.What.PASSWORD, before="", after="set"
    )
    _log_and_notify([change])
    return change


def _log_and_notify(changes: list[AccessChange]) -> None:
    for change in changes:
        logger.info(
            "access change %s: user %s %s changed by user %s",
            change.pk,
            change.user_id,
            change.what,
            change.by_id,
        )
    if changes:
        ids = [change.pk for change in changes]
        transaction.on_commit(lambda: notify_administrators(change_ids=ids))


def notify_administrators(*, change_ids: list[int]) -> int:
    """Email the active administrators other than the one who made the change. Only names of
    the people and roles: nothing about any child. A failure is logged, not raised: the audit
    row is the record, the email a prompt to look at it."""
    changes = list(
        AccessChange.objects.filter(pk__in=change_ids).select_related("user", "by").order_by("pk")
    )
    if not changes:
        return 0
    user, by = changes[0].user, changes[0].by
    recipients = list(
        User.objects.filter(groups__name=ADMINISTRATOR, is_active=True)
        .exclude(email="")
        .exclude(pk=getattr(by, "pk", None))  # type: ignore[misc]  # None: IS NULL, no one
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    context = {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "user": user,
        "by": by,
        "changes": changes,
    }
    subject = render_to_string("emails/access_change_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("emails/access_change_body.txt", context),
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("emails/access_change_body.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:
        logger.exception("access change email for changes %s not sent", change_ids)
        return 0
    return len(recipients)
