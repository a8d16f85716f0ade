"""What the letters app adds to a request's page, a plan's page and a review's page: the letter
each recorded step calls for, until it is written, and the letters written for the step with
the day each went (the day the family was told)."""

from django.urls import reverse

from cases.access import may_change
from core.public_ids import encode

from .drafting import letters_for_request
from .models import Letter
from .shipped import shipped, title_of
from .steps import letters_for_plan, letters_for_review


def letter_links(request, assessment, can_edit: bool) -> list[tuple[str, str]]:
    """The decision letters still to write, then a letter for each body asked for advice and
    each school or college consulted that has none yet."""
    if not can_edit:
        return []
    url = reverse("letters:letter_new", args=[assessment.child_id])
    letters = Letter.objects.filter(request=assessment)
    kinds = letters_for_request(assessment)
    written = set(letters.filter(kind__in=kinds).values_list("kind", flat=True))
    links = [
        (f"Write the letter: {shipped()[kind].title}", f"{url}?kind={kind}")
        for kind in kinds
        if kind not in written and kind in shipped()
    ]
    asked = set(letters.exclude(advice=None).values_list("advice_id", flat=True))
    links += [
        (
            f"Write the request for advice: {advice.get_body_display()}",
            f"{url}?kind=advice_request&advice={encode(advice.pk)}",
        )
        for advice in assessment.advice.all()
        if advice.pk not in asked
    ]
    consulted = set(letters.exclude(consultation=None).values_list("consultation_id", flat=True))
    links += [
        (
            f"Write the consultation letter: {consultation.setting_name}",
            f"{url}?kind=school_consultation&consultation={encode(consultation.pk)}",
        )
        for consultation in assessment.consultations.all()
        if consultation.pk not in consulted
    ]
    return links


def step_letters(request, child, plan, review):
    """The plan's letters on its page (those about none of its reviews), or one review's."""
    kinds = letters_for_review(review) if review is not None else letters_for_plan(plan)
    letters = Letter.objects.filter(plan=plan, review=review).order_by("drafted_at", "pk")
    written = [
        {
            "title": title_of(letter.kind, letter.kind),
            "letter": letter,
            "url": reverse("letters:letter", args=[child.pk, letter.pk]),
        }
        for letter in letters.only(
            "pk", "kind", "status", "sent_at", "recipient_name", "drafted_at", "child_id"
        )
    ]
    offered = []
    if may_change(request.user, child):
        url = reverse("letters:letter_new", args=[child.pk])
        about = f"&plan={encode(plan.pk)}" + (f"&review={encode(review.pk)}" if review else "")
        done = {row["letter"].kind for row in written}
        offered = [
            (f"Write the letter: {shipped()[kind].title}", f"{url}?kind={kind}{about}")
            for kind in kinds
            if kind not in done and kind in shipped()
        ]
    if not offered and not written:
        return None
    return "letters/includes/step_letters.html", {"offered": offered, "written": written}
