"""The form that records a letters step, for cases.step_links: a letter that was not delivered
opens on its own page, where it is sent again."""

from django.urls import reverse

from cases.step_links import add_step_links, source_id

from .models import Letter


def _letter_links(deadlines) -> dict[int, str]:
    letters = dict(
        Letter.objects.filter(pk__in=[source_id(d) for d in deadlines]).values_list(
            "pk", "child_id"
        )
    )
    return {
        d.pk: reverse("letters:letter", args=[letters[source_id(d)], source_id(d)])
        for d in deadlines
        if source_id(d) in letters
    }


def register() -> None:
    add_step_links("letter", _letter_links)
