import pytest

from cases.models import Child
from reporting.annex_a import columns as c
from reporting.annex_a.build import build_list1
from reporting.annex_a.supplement import SupplementRefused, read_supplement

from .conftest import DAY, UPN_HOME, UPN_LISTED

KNOWN = {UPN_LISTED, UPN_HOME}
HEADER = (
    "UPN,Suspensions,Permanent exclusions,Absence,Pupil Premium,Known to children's social care?\n"
)


def _refused(text: str) -> list[str]:
    with pytest.raises(SupplementRefused) as refused:
        read_supplement(text.encode(), known_upns=KNOWN)
    return [str(problem) for problem in refused.value.problems]


def test_values_are_read_by_upn_in_the_templates_formats():
    text = HEADER + f"{UPN_LISTED.lower()},2,0,7.5%,yes,No\n{UPN_HOME},,,,,\n"
    supplement = read_supplement(text.encode("utf-8-sig"), known_upns=KNOWN)
    assert supplement.columns == (
        c.SUSPENSIONS,
        c.EXCLUSIONS,
        c.ABSENCE,
        c.PUPIL_PREMIUM,
        c.KNOWN_TO_SOCIAL_CARE,
    )
    assert supplement.values[UPN_LISTED] == {
        c.SUSPENSIONS: 2,
        c.EXCLUSIONS: 0,
        c.ABSENCE: 7.5,
        c.PUPIL_PREMIUM: "Yes",
        c.KNOWN_TO_SOCIAL_CARE: "No",
    }
    assert supplement.values[UPN_HOME] == {}


def test_each_bad_row_is_reported_with_its_line():
    text = HEADER + (
        f"{UPN_LISTED},two,0,5,yes,no\n"
        f"{UPN_HOME},1,0,140,maybe,no\n"
        ",1,0,5,yes,no\n"
        f"{UPN_LISTED},1,0,5,yes,no\n"
        f"{UPN_HOME},1\n"
    )
    assert _refused(text) == [
        "Line 2: Suspensions: 'two' is not a whole number of 0 or more",
        "Line 3: Absence: '140' is not a percentage from 0 to 100",
        "Line 3: Pupil Premium: 'maybe' is not Yes or No",
        "Line 4: the UPN is empty",
        f"Line 5: UPN {UPN_LISTED} is also on line 2",
        "Line 6: 2 cells where the header has 6",
    ]


def test_a_header_it_cannot_read_is_refused():
    assert _refused("UPN,Exclusions\nA,1\n") == [
        "Line 1: unknown column 'Exclusions'",
        "Line 1: no column to import: use the template's names, e.g. 'Suspensions'",
    ]
    assert _refused("Suspensions\n1\n") == ["Line 1: there is no UPN column"]


def test_text_that_a_spreadsheet_would_run_is_refused():
    text = f'UPN,Which children\'s social care team?\n{UPN_LISTED},=HYPERLINK("x")\n'
    assert _refused(text) == [
        "Line 2: Which children's social care team?: '=HYPERLINK(\"x\")' starts like a "
        "spreadsheet formula"
    ]


def test_a_curly_apostrophe_in_a_heading_is_the_templates_column():
    text = f"UPN,Known to children\u2019s social care?\n{UPN_LISTED},yes\n"
    supplement = read_supplement(text.encode(), known_upns=KNOWN)
    assert supplement.values[UPN_LISTED] == {c.KNOWN_TO_SOCIAL_CARE: "Yes"}


def test_unknown_upns_are_reported_not_merged():
    text = f"UPN,Suspensions\n{UPN_LISTED},1\nA999400100099,3\n"
    supplement = read_supplement(text.encode(), known_upns=KNOWN)
    assert [str(p) for p in supplement.unknown_upns] == [
        "Line 3: UPN A999400100099 is not a child on the list (row ignored)"
    ]
    assert list(supplement.values) == [UPN_LISTED]


@pytest.mark.django_db
def test_the_supplement_merges_into_the_list_by_upn(council):
    text = (
        "UPN,Suspensions,Known to children's social care?,Which children's social care team?\n"
        f"{UPN_HOME},3,Yes,Children in need East\n"
        f"{UPN_LISTED},0,,\n"
    )
    supplement = read_supplement(text.encode(), known_upns=KNOWN)
    list1 = build_list1(day=DAY, children=Child.objects.all(), supplement=supplement)
    rows = {row[1]: dict(zip(c.HEADER, row, strict=True)) for row in list1.rows}
    assert rows[UPN_HOME][c.SUSPENSIONS] == 3
    assert rows[UPN_HOME][c.KNOWN_TO_SOCIAL_CARE] == "Yes"
    assert rows[UPN_HOME][c.SOCIAL_CARE_TEAM] == "Children in need East"
    assert rows[UPN_LISTED][c.SUSPENSIONS] == 0
    # Not given in the supplement: the product's looked-after flag still says Yes.
    assert rows[UPN_LISTED][c.KNOWN_TO_SOCIAL_CARE] == "Yes"
    assert list1.blank_columns == [
        c.EXCLUSIONS,
        c.ABSENCE,
        c.PUPIL_PREMIUM,
        c.DISABILITY,
    ]
