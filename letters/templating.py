"""Letter wording as administrators write it, checked and filled in safely (issue 20).

The wording is Jinja2 text run in its sandbox, limited further to what a letter needs: a
placeholder from the fixed list (``{{ child.first_name }}``) and ``{% if placeholder %}``
with an optional ``{% else %}``. Anything else (another tag, a filter, a call, arithmetic, an
attribute outside the list) is refused with its line before the wording is saved, so no wording
can reach code, settings or another record. The HTML form escapes the wording's own text as well
as the values filled in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from .placeholders import NAMES

EXAMPLE = "{{ child.first_name }}"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


class WordingError(ValueError):
    """The wording uses something other than the placeholders and ``if`` it may use."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _environment(*, html: bool) -> SandboxedEnvironment:
    # keep_trailing_newline: the paragraphs are the administrator's, to the last line.
    return SandboxedEnvironment(
        autoescape=html, undefined=StrictUndefined, keep_trailing_newline=True
    )


_TEXT = _environment(html=False)
_HTML = _environment(html=True)


def _dotted(node: nodes.Node) -> str | None:
    """``child.first_name`` for the expression ``child.first_name``, else None."""
    if isinstance(node, nodes.Name) and node.ctx == "load":
        return node.name
    if isinstance(node, nodes.Getattr) and node.ctx == "load":
        parent = _dotted(node.node)
        return f"{parent}.{node.attr}" if parent else None
    return None


def _placeholder_problem(node: nodes.Node) -> Problem | None:
    name = _dotted(node)
    if name is None:
        return Problem(
            node.lineno,
            f"only a placeholder may go between {{{{ and }}}}, for example {EXAMPLE}",
        )
    if name not in NAMES:
        return Problem(
            node.lineno,
            f"{{{{ {name} }}}} is not a placeholder we know: choose one from the list",
        )
    return None


def _problems(body: list[nodes.Node]) -> Iterator[Problem]:
    for node in body:
        if isinstance(node, nodes.Output):
            for part in node.nodes:
                if isinstance(part, nodes.TemplateData):
                    continue
                if problem := _placeholder_problem(part):
                    yield problem
        elif isinstance(node, nodes.If):
            test = node.test.node if isinstance(node.test, nodes.Not) else node.test
            if problem := _placeholder_problem(test):
                yield Problem(
                    problem.line,
                    problem.message.replace("between {{ and }}", "after {% if"),
                )
            yield from _problems(node.body)
            for branch in node.elif_:
                yield from _problems([branch])
            yield from _problems(node.else_)
        else:
            yield Problem(
                node.lineno,
                "only placeholders and {% if %}...{% else %}...{% endif %} may be used",
            )


def _parse(text: str) -> nodes.Template:
    try:
        return _TEXT.parse(text)
    except TemplateSyntaxError as error:
        raise WordingError([Problem(error.lineno, _plain(error.message or ""))]) from None


def _plain(message: str) -> str:
    """Jinja's parser messages in words an administrator can act on."""
    if "Unexpected end of template" in message or "endif" in message:
        return "an {% if %} is not closed: add {% endif %} where its words end"
    if "unexpected '}'" in message or "unexpected end of" in message:
        return "a placeholder is not closed: write it as {{ child.first_name }}"
    return f"this is not valid wording ({message})"


def check(text: str) -> list[Problem]:
    """What is wrong with this wording, line by line; empty when it may be saved."""
    try:
        template = _parse(text)
    except WordingError as error:
        return error.problems
    return list(_problems(template.body))


def tested(text: str) -> set[str]:
    """The placeholders the wording tests with ``{% if %}``: those it may leave out when empty."""
    names = set()
    for branch in _parse(text).find_all(nodes.If):
        test = branch.test.node if isinstance(branch.test, nodes.Not) else branch.test
        if name := _dotted(test):
            names.add(name)
    return names


def _checked(text: str) -> nodes.Template:
    template = _parse(text)
    if problems := list(_problems(template.body)):
        raise WordingError(problems)
    return template


def render_text(text: str, values: Mapping[str, Any]) -> str:
    """The wording filled in, as plain text (an email's body, the letter's record)."""
    return _TEXT.from_string(_checked(text)).render(values)


def render_html(text: str, values: Mapping[str, Any]) -> str:
    """The wording filled in as HTML: its own words and every value escaped."""
    template = _checked(text)
    for data in template.find_all(nodes.TemplateData):
        data.data = str(escape(data.data))
    return _HTML.from_string(template).render(values)
