"""What the letters app adds to an assessment request's page: the letter each recorded decision
calls for, until it has gone."""

from django.urls import reverse

from .drafting import letters_for_request
from .models import Letter
from .shipped import shipped


def letter_links(request, assessment, can_edit: bool) -> list[tuple[str, str]]:
    if not can_edit:
        return []
    kinds = letters_for_request(assessment)
    if not kinds:
        return []
    written = set(
        Letter.objects.filter(request=assessment, kind__in=kinds).values_list("kind", flat=True)
    )
    url = reverse("letters:letter_new", args=[assessment.child_id])
    return [
        (f"Write the letter: {shipped()[kind].title}", f"{url}?kind={kind}")
        for kind in kinds
        if kind not in written and kind in shipped()
    ]
