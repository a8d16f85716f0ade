"""What a browser would send back from a page's form: enough HTML reading for the tests to
post an edit form as it was rendered (including its hidden version) without retyping it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VERSION_INPUT = re.compile(r'<input[^>]*name="version"[^>]*>')


class _FormReader(HTMLParser):
    """Collects the fields of the first <form> that holds a field named `marker`."""

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: tuple[str, list[tuple[str, str, bool]]] | None = None
        self._option: list | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._fields = []
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = (name, [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), [], "selected" in attrs]
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._option is not None:
            self._option[1].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            value, text, selected = self._option
            self._select[1].append((value if value is not None else "".join(text), selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [options[0][0]]
            self._fields.append((name, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            name, text = self._textarea
            # A browser drops the one newline that may follow <textarea>.
            self._fields.append((name, "".join(text).removeprefix("\n")))
            self._textarea = None
        elif tag == "form" and self._fields is not None:
            self.forms.append(self._fields)
            self._fields = None


def form_fields(html: str, marker: str = "version") -> dict[str, str]:
    """The fields of the page's form holding `marker`, as a browser would submit them."""
    reader = _FormReader(marker)
    reader.feed(html)
    for fields in reader.forms:
        if any(name == marker for name, _ in fields):
            return {name: value for name, value in fields if name != "csrfmiddlewaretoken"}
    raise AssertionError(f"no form with a field named {marker!r} on the page")
