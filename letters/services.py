"""Changing a letter's wording: one function per write, each in one transaction (issue 20)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from . import templating
from .models import LetterTemplate, LetterTemplateVersion
from .shipped import shipped

if TYPE_CHECKING:
    from accounts.models import User


class UnknownLetter(LookupError):
    """No letter of this kind ships with the product."""


def wording(kind: str) -> LetterTemplateVersion:
    """The wording letters of this kind are drafted from now: the latest version, or the
    shipped wording saved as version 1 the first time the kind is asked for."""
    if kind not in shipped():
        raise UnknownLetter(kind)
    version = (
        LetterTemplateVersion.objects.filter(template__kind=kind)
        .select_related("template")
        .order_by("-number")
        .first()
    )
    if version is not None:
        return version
    text = shipped()[kind]
    try:
        with transaction.atomic():
            template, _ = LetterTemplate.objects.get_or_create(kind=kind)
            return LetterTemplateVersion.objects.create(
                template=template, number=1, subject=text.subject, body=text.body
            )
    except IntegrityError:  # someone else saved version 1 first: theirs is the same words
        return LetterTemplateVersion.objects.get(template__kind=kind, number=1)


def change_wording(
    *, kind: str, subject: str, body: str, reason: str, by: User, based_on: int
) -> LetterTemplateVersion:
    """Save new wording as the next version (the versions record who changed what, and why).
    Refused (WordingError, with the lines) when it uses anything but the placeholders; refused
    (StaleWording) when someone saved a version after `based_on`, the one the editor began from."""
    problems = [
        templating.Problem(p.line, f"Subject: {p.message}") for p in templating.check(subject)
    ] + templating.check(body)
    if problems:
        raise templating.WordingError(problems)
    current = wording(kind)
    with transaction.atomic():
        template = LetterTemplate.objects.select_for_update().get(pk=current.template_id)
        latest = template.versions.order_by("-number").values_list("number", flat=True)[0]
        if latest != based_on:
            raise StaleWording(template.versions.get(number=latest))
        version = LetterTemplateVersion.objects.create(
            template=template,
            number=latest + 1,
            subject=subject,
            body=body,
            written_by=by,
            reason=reason,
        )
    return version


class StaleWording(Exception):
    """Someone saved a newer version while this one was being edited."""

    def __init__(self, saved: LetterTemplateVersion):
        super().__init__(f"version {saved.number} was saved meanwhile")
        self.saved = saved
