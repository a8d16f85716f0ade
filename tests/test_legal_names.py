"""Laws and bodies named as GOV.UK names them, on every page and in every email (issue 19.11):
an act or regulations by their full title in title case, the plan as an "EHC plan" (from
"education, health and care (EHC) plan"), "the tribunal" in lower case once it is not its full
title. Python strings people read were checked by hand; this keeps the templates right."""

import re
from pathlib import Path

WRONG = {
    r"\bEHCP\b": "EHC plan",
    r"\bEHC Plan": "EHC plan",
    r"Education,? [Hh]ealth,? and [Cc]are [Pp]lan": "education, health and care (EHC) plan",
    r"[Cc]hildren and [Ff]amilies [Aa]ct(?! 2014)|children and families act": "Children and "
    "Families Act 2014",
    r"SEND Regs\b|SEND [Rr]egulations 2014": "Special Educational Needs and Disability "
    "Regulations 2014",
    r"[Ee]quality act|equality Act": "Equality Act 2010",
    r"\bthe Tribunal\b": "the tribunal",
}


def test_templates_name_laws_and_the_plan_as_gov_uk_does(settings):
    found = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.*"):
        text = path.read_text()
        for pattern, right in WRONG.items():
            found += [
                f"{path.name}: {m.group(0)!r}, write {right!r}" for m in re.finditer(pattern, text)
            ]
    assert found == []


def test_the_check_finds_a_wrong_name():
    assert re.search(next(iter(WRONG)), "Your EHCP is ready")
    assert re.search(r"\bthe Tribunal\b", "appeal to the Tribunal")
