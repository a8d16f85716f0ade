"""The letters' wording, edited on screen by administrators with a preview (issue 20)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from cases.access import require
from core.forms import posted

from . import services, templating
from .forms import WordingForm
from .models import LetterTemplateVersion
from .placeholders import PLACEHOLDERS
from .preview import example_values
from .shipped import shipped

PERMISSION = "portal.edit_letter_wording"


@require_safe
@login_required
def wordings(request):
    require(request.user, PERMISSION)
    current = {
        v.template.kind: v
        for v in LetterTemplateVersion.objects.select_related("template", "written_by").order_by(
            "template", "number"
        )
    }
    letters = [
        {"kind": kind, "text": text, "version": current.get(kind)}
        for kind, text in shipped().items()
    ]
    return render(request, "letters/wordings.html", {"letters": letters})


@require_http_methods(["GET", "POST"])
@login_required
def wording(request, kind: str):
    require(request.user, PERMISSION)
    try:
        current = services.wording(kind)
    except services.UnknownLetter:
        raise Http404("No such letter") from None
    form = WordingForm(
        posted(request),
        initial={"subject": current.subject, "body": current.body, "based_on": current.number},
    )
    preview = saved_meanwhile = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        problems = [f"Subject: {p}" for p in templating.check(data["subject"])] + [
            str(p) for p in templating.check(data["body"])
        ]
        for problem in problems:
            form.add_error("body" if not problem.startswith("Subject") else "subject", problem)
        if not problems and "save" in request.POST:
            if not data["reason"].strip():
                form.add_error("reason", "Say why you are changing the wording")
            else:
                try:
                    saved = services.change_wording(
                        kind=kind,
                        subject=data["subject"],
                        body=data["body"],
                        reason=data["reason"].strip(),
                        by=request.user,
                        based_on=data["based_on"],
                    )
                except services.StaleWording as stale:
                    current = saved_meanwhile = stale.saved
                    form.add_error(
                        None,
                        f"Someone saved version {stale.saved.number} while you were editing: "
                        "your words are below; compare them with theirs and save again",
                    )
                    # The next save goes over the version now shown, as the person decided.
                    form.data = {**form.data.dict(), "based_on": str(stale.saved.number)}  # type: ignore[attr-defined]
                else:
                    messages.success(request, f"Version {saved.number} of the letter is saved")
                    return redirect("letters:wording", kind=kind)
        if not form.errors:
            values = example_values()
            preview = {
                "subject": templating.render_text(data["subject"], values),
                "body": templating.render_html(data["body"], values),
            }
    return render(
        request,
        "letters/wording.html",
        {
            "form": form,
            "text": shipped()[kind],
            "current": current,
            "versions": current.template.versions.select_related("written_by"),
            "preview": preview,
            "saved_meanwhile": saved_meanwhile,
            "placeholders": PLACEHOLDERS,
        },
    )
