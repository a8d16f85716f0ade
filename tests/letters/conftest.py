import pytest

from letters import shipped

WORDING = """title: Test letter
serves: SI 2014/1530 reg 5(3)
recipients: parent or young person
subject: About {{ child.first_name }}
---
{{ recipient.salutation }}

We have decided. You may appeal until {{ appeal.by }}.

Yours sincerely
"""


@pytest.fixture
def one_letter(tmp_path, monkeypatch):
    """A wording folder holding one letter, `test_letter`, instead of the shipped ones."""
    (tmp_path / "test_letter.txt").write_text(WORDING)
    monkeypatch.setattr(shipped, "WORDING", tmp_path)
    shipped.shipped.cache_clear()
    yield "test_letter"
    shipped.shipped.cache_clear()
