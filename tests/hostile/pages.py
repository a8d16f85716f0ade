"""Read a page's POST form the way a browser would: its fields, their current values and the
choices on offer. The hostile tests then know what to send without being told per form."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, number, date-part, choice, checkbox, file, hidden
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str = "", option: str | None = None) -> None:
        existing = self.fields.setdefault(name, Field(name, kind, value))
        if option is not None and option not in existing.options:
            existing.options.append(option)
        if value and not existing.value and kind != "choice":
            existing.value = value


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.form = Form(action=a.get("action", ""))
            self.forms.append(self.form)
            return
        if self.form is None or (not a.get("name") and tag != "option"):
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                self.form.add(
                    name, "choice" if kind == "radio" else "checkbox", "", a.get("value", "on")
                )
                if "checked" in a:
                    self.form.fields[name].value = a.get("value", "on")
                return
            if kind == "file":
                self.form.add(name, "file")
                return
            if name.endswith(("_0", "_1", "_2")) and "numeric" in a.get("inputmode", ""):
                self.form.add(name, "date-part", a.get("value", ""))
                return
            numeric = a.get("inputmode") in ("numeric", "decimal") or kind == "number"
            self.form.add(
                name,
                "hidden" if kind == "hidden" else ("number" if numeric else "text"),
                a.get("value", ""),
            )
        elif tag == "select":
            self.select = name
            self.form.add(name, "choice")
        elif tag == "option" and self.select:
            option = a.get("value", "")
            self.form.add(self.select, "choice", option=option)
            if "selected" in a:
                self.form.fields[self.select].value = option
        elif tag == "textarea":
            self.textarea = name
            self.form.add(name, "text")

    def handle_data(self, data):
        if self.form is not None and self.textarea:
            self.form.fields[self.textarea].value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            if self.form is not None and self.textarea:
                self.form.fields[self.textarea].value = self.form.fields[
                    self.textarea
                ].value.lstrip("\n")
            self.textarea = None


def post_form(html: str, path: str) -> Form | None:
    """The page's own POST form (not the header's sign-out form): action empty or this path."""
    reader = _FormReader()
    reader.feed(html)
    own = [f for f in reader.forms if f.action in ("", path, "?", ".")]
    return own[0] if own else None
