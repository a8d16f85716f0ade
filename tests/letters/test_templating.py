"""Letter wording runs in a sandbox and may use only the fixed placeholders (issue 20)."""

import pytest

from letters import templating
from letters.placeholders import NAMES, PLACEHOLDERS

VALUES = {
    "child": {"first_name": "<b>Ayo</b>", "full_name": "Ayo Bello"},
    "recipient": {"salutation": "Dear Ms O'Connor", "is_young_person": False},
    "appeal": {"by": "4 February 2027"},
}


def test_placeholders_are_filled_in_as_text():
    text = templating.render_text(
        "{{ recipient.salutation }}\n\nYou may appeal until {{ appeal.by }}.\n", VALUES
    )
    assert text == "Dear Ms O'Connor\n\nYou may appeal until 4 February 2027.\n"


def test_an_if_chooses_the_words_for_a_parent_or_a_young_person():
    wording = "{% if recipient.is_young_person %}you{% else %}your child{% endif %}"
    assert templating.render_text(wording, VALUES) == "your child"
    young = {**VALUES, "recipient": {"is_young_person": True}}
    assert templating.render_text(wording, young) == "you"
    assert templating.render_text("{% if not appeal.by %}none{% endif %}", VALUES) == ""


def test_the_html_form_escapes_the_values_and_the_words():
    html = templating.render_html("{{ child.first_name }} & <script>x</script>", VALUES)
    assert html == "&lt;b&gt;Ayo&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    assert templating.render_html("{{ recipient.salutation }}", VALUES) == "Dear Ms O&#39;Connor"


@pytest.mark.parametrize(
    ("wording", "line", "words"),
    [
        ("Hello\n\n{{ child.nickname }}", 3, "{{ child.nickname }} is not a placeholder we know"),
        ("{{ child.first_name|upper }}", 1, "only a placeholder may go between"),
        ("{{ child.__class__ }}", 1, "{{ child.__class__ }} is not a placeholder we know"),
        ("{{ ''.__class__.__mro__ }}", 1, "only a placeholder may go between"),
        ("{{ council.name() }}", 1, "only a placeholder may go between"),
        ("{{ 7 * 7 }}", 1, "only a placeholder may go between"),
        ("a\nb\n{% for x in child %}{% endfor %}", 3, "only placeholders and {% if %}"),
        ("{% set x = 1 %}", 1, "only placeholders and {% if %}"),
        ("{% include 'base.html' %}", 1, "only placeholders and {% if %}"),
        ("{% if child.secret %}x{% endif %}", 1, "{{ child.secret }} is not a placeholder"),
        ("{% if child.first_name %}x", 1, "an {% if %} is not closed"),
        ("Dear {{ recipient.name ", 1, "a placeholder is not closed"),
    ],
)
def test_anything_else_is_refused_with_its_line(wording, line, words):
    problems = templating.check(wording)
    assert problems, wording
    assert problems[0].line == line
    assert words in problems[0].message
    with pytest.raises(templating.WordingError) as refused:
        templating.render_text(wording, VALUES)
    assert f"Line {line}: " in str(refused.value)


def test_every_problem_is_listed_not_only_the_first():
    problems = templating.check("{{ a.b }}\n{{ child.first_name }}\n{{ c.d }}")
    assert [(p.line, p.message.split(" is ")[0]) for p in problems] == [
        (1, "{{ a.b }}"),
        (3, "{{ c.d }}"),
    ]


def test_every_placeholder_in_the_list_may_be_used():
    wording = "\n".join(f"{{{{ {name} }}}}" for name in NAMES)
    assert templating.check(wording) == []
    assert len({p.name for p in PLACEHOLDERS}) == len(PLACEHOLDERS)


def test_a_placeholder_without_a_value_is_an_error_not_a_blank():
    with pytest.raises(Exception, match="council"):
        templating.render_text("{{ council.name }}", VALUES)
