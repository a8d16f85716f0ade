"""What the placements pages share: the one form page and the one confirmation page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from cases.pages import child_context
from core.forms import posted, run_form
from core.pagination import number_links

__all__ = ["child_confirm_page", "child_form_page", "chosen_year", "paginate", "posted", "run_form"]


def child_form_page(request, child, form, *, heading: str, back: str, save, done: str):
    answer = run_form(request, form, save, done)
    if answer is not None:
        return answer
    return render(
        request,
        "placements/form.html",
        child_context(request, child, form=form, heading=heading, back_url=back),
    )


def child_confirm_page(
    request, child, *, heading: str, body: list[str], back: str, button: str, save, done: str
):
    """GET asks; only POST acts (a link or a prefetch must never delete anything)."""
    if request.method == "POST":
        next_url = save()
        messages.success(request, done)
        return redirect(next_url)
    return render(
        request,
        "placements/confirm.html",
        child_context(request, child, heading=heading, body=body, back_url=back, button=button),
    )


def paginate(request, queryset, per_page: int):
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return number_links(paginator, page)


def chosen_year(request, years: list[int]) -> int | None:
    """The ?year= filter, if it names a year on offer."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if year in years else None
