"""Tests for cases.identifiers.

Expected values were worked out by hand from docs/domain/code-lists.md "Identifiers":

* UPN: weights 2..13 on characters 2-13, sum mod 23, index into ABCDEFGHJKLMNPQRTUVWXYZ
  (A=0 B=1 C=2 D=3 E=4 F=5 G=6 H=7 J=8 K=9 L=10 M=11 N=12 P=13 Q=14 R=15 T=16 U=17 V=18
  W=19 X=20 Y=21 Z=22); a letter in position 13 counts by that same index.
* ULN: S = sum of digits 1-9 times 10..2; r = S mod 11; r = 0 invalid; digit 10 = 10 - r.
  Equivalently: (S + digit 10) mod 11 == 10 (r = 0 would need digit 10 = 10).
* NHS: check = 11 - (S mod 11), 11 -> 0, 10 invalid. Equivalently (S + digit 10) mod 11 == 0.

The property tests use the "equivalently" forms as an oracle, so they check the implementation
against a differently written statement of the same rule.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.identifiers import (
    is_temporary_upn,
    is_valid_la_code,
    is_valid_laestab,
    is_valid_nhs_number,
    is_valid_ukprn,
    is_valid_uln,
    is_valid_upn,
    is_valid_urn,
    make_nhs_number,
    make_uln,
    make_upn,
    nhs_number_error,
    normalise_nhs_number,
    normalise_upn,
    uln_error,
    upn_error,
)

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
WEIGHTS_10_TO_2 = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def weighted_sum(nine_digits: str) -> int:
    return sum(w * int(d) for w, d in zip(WEIGHTS_10_TO_2, nine_digits, strict=True))


# --- Worked examples ------------------------------------------------------------------------------

VALID_UPNS = [
    # The rules' example: 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 mod 23 = 1 -> B.
    "B801200005001",
    # 938 4321 24 567: 9*2 + 3*3 + 8*4 + 4*5 + 3*6 + 2*7 + 1*8 + 2*9 + 4*10 + 5*11 + 6*12 + 7*13
    # = 18+9+32+20+18+14+8+18+40+55+72+91 = 395; 395 - 17*23 = 4 -> E.
    "E938432124567",
    # Temporary: last character A (0): 93 - 13 = 80; 80 - 3*23 = 11 -> M.
    "M80120000500A",
    # Temporary: last character Z (22): 80 + 22*13 = 366; 366 - 15*23 = 21 -> Y.
    "Y80120000500Z",
]

VALID_ULNS = [
    # The rules' example: 1*10 + 4*2 = 18; 18 mod 11 = 7; 10 - 7 = 3.
    "1000000043",
    # 1*10+2*9+3*8+4*7+5*6+6*5+7*4+8*3+9*2 = 210; 210 mod 11 = 1; 10 - 1 = 9.
    "1234567899",
    # 1*10 + 1*2 = 12; 12 mod 11 = 1; 10 - 1 = 9.
    "1000000019",
]

VALID_NHS_NUMBERS = [
    # The rules' example: 90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    "9434765919",
    # Test range. 999000001: 90+81+72 + 1*2 = 245; 245 mod 11 = 3; 11 - 3 = 8.
    "9990000018",
    # 999000002: 243 + 4 = 247; 247 mod 11 = 5; 11 - 5 = 6.
    "9990000026",
    # 999999999: 9 * (10+9+...+2) = 9 * 54 = 486; 486 mod 11 = 2; 11 - 2 = 9.
    "9999999999",
]


@pytest.mark.parametrize("upn", VALID_UPNS)
def test_worked_example_upns_are_valid(upn):
    assert is_valid_upn(upn)
    assert upn_error(upn) is None


@pytest.mark.parametrize("uln", VALID_ULNS)
def test_worked_example_ulns_are_valid(uln):
    assert is_valid_uln(uln)
    assert uln_error(uln) is None


@pytest.mark.parametrize("number", VALID_NHS_NUMBERS)
def test_worked_example_nhs_numbers_are_valid(number):
    assert is_valid_nhs_number(number)
    assert nhs_number_error(number) is None


def test_temporary_upns_are_recognised():
    assert is_temporary_upn("M80120000500A")
    assert is_temporary_upn("y80120000500z")
    assert not is_temporary_upn("B801200005001")
    assert not is_temporary_upn("C80120000500A")  # wrong check letter: not a UPN at all
    assert not is_temporary_upn(None)


def test_final_digit_and_letter_of_equal_value_share_a_check_letter():
    # A consequence of the rule, not a bug: in position 13 the digit d and the letter with
    # index d count the same, so B...001 and B...00B (B = 1) are both valid, as are
    # M...00A and M...000 (A = 0).
    assert is_valid_upn("B801200005001")
    assert is_valid_upn("B80120000500B")
    assert is_valid_upn("M80120000500A")
    assert is_valid_upn("M801200005000")


# --- Error messages -------------------------------------------------------------------------------

UPN_ERRORS = [
    ("B80120000500", "13 characters"),  # 12 characters
    ("B8012000050011", "13 characters"),  # 14 characters
    ("", "13 characters"),
    ("1801200005001", "start with a letter"),
    ("I801200005001", "start with a letter"),  # I is not a check letter
    ("B80120000A001", "characters 2 to 12"),
    ("B801200005O01", "characters 2 to 12"),  # letter O for zero in the serial
    ("B8012 0005001", "characters 2 to 12"),  # inner space
    ("B80120000500I", "last character"),  # I cannot end a temporary UPN
    ("B80120000500-", "last character"),
    ("C801200005001", "check letter does not match"),
    ("B801200005002", "check letter does not match"),  # 93 + 13 = 106 -> 14 -> Q, not B
    ("Q801200005002", None),  # ... so this one is valid
]


@pytest.mark.parametrize(("value", "fragment"), UPN_ERRORS)
def test_upn_error_names_the_failed_check(value, fragment):
    error = upn_error(value)
    if fragment is None:
        assert error is None
        assert is_valid_upn(value)
    else:
        assert error is not None
        assert fragment in error.lower()
        assert not is_valid_upn(value)


ULN_ERRORS = [
    ("100000004", "10 digits"),
    ("10000000433", "10 digits"),
    ("", "10 digits"),
    ("100000004X", "only digits"),
    ("1000 000043", "only digits"),
    ("-100000043", "only digits"),
    ("1000000044", "check digit does not match"),
    ("1000000042", "check digit does not match"),
    # 200000001: 2*10 + 1*2 = 22, remainder 0: no check digit works.
    ("2000000010", "cannot form a valid uln"),
    ("2000000019", "cannot form a valid uln"),
    # The check digit fits (0*10 + 1*9 + 2*8 + ... + 8*2 = 156; 156 mod 11 = 2; 10 - 2 = 8)
    # but the Learning Records Service issues no ULN starting with 0.
    ("0123456788", "cannot start with 0"),
    ("0000000019", "cannot start with 0"),
]


@pytest.mark.parametrize(("value", "fragment"), ULN_ERRORS)
def test_uln_error_names_the_failed_check(value, fragment):
    error = uln_error(value)
    assert error is not None
    assert fragment in error.lower()
    assert not is_valid_uln(value)


NHS_ERRORS = [
    ("943476591", "10 digits"),
    ("94347659190", "10 digits"),
    ("   ", "10 digits"),
    ("943-476-5919", "only digits"),
    ("943 476 591X", "only digits"),
    ("9434765918", "check digit does not match"),
    ("9434765910", "check digit does not match"),
    # 999000000: 90 + 81 + 72 = 243; 243 mod 11 = 1; 11 - 1 = 10: no check digit works.
    ("9990000000", "cannot form a valid nhs number"),
    ("999 000 0009", "cannot form a valid nhs number"),
]


@pytest.mark.parametrize(("value", "fragment"), NHS_ERRORS)
def test_nhs_number_error_names_the_failed_check(value, fragment):
    error = nhs_number_error(value)
    assert error is not None
    assert fragment in error.lower()
    assert not is_valid_nhs_number(value)


NOT_STRINGS = [None, 9434765919, 1000000043, 801, 123456, b"B801200005001", ["1000000043"], 1.5]


@pytest.mark.parametrize("value", NOT_STRINGS)
def test_non_strings_are_invalid_without_raising(value):
    for check in (
        is_valid_upn,
        is_valid_uln,
        is_valid_nhs_number,
        is_valid_urn,
        is_valid_ukprn,
        is_valid_la_code,
        is_valid_laestab,
        is_temporary_upn,
    ):
        assert check(value) is False
    for error in (upn_error, uln_error, nhs_number_error):
        message = error(value)
        assert isinstance(message, str)
        assert message


# --- Whitespace and case --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [" B801200005001", "B801200005001 ", "\tb801200005001\n", "b801200005001"]
)
def test_upn_whitespace_is_stripped_and_case_ignored(value):
    assert is_valid_upn(value)
    assert normalise_upn(value) == "B801200005001"


def test_temporary_upn_letters_are_case_insensitive():
    assert is_valid_upn("m80120000500a")
    assert normalise_upn(" m80120000500a ") == "M80120000500A"


@pytest.mark.parametrize("value", [" 1000000043", "1000000043\n", "\t1000000043 "])
def test_uln_surrounding_whitespace_is_stripped(value):
    assert is_valid_uln(value)


@pytest.mark.parametrize(
    "value", ["943 476 5919", " 9434765919 ", "943 4765919", "9434765919\n", "999 000 0018"]
)
def test_nhs_number_spaces_are_allowed(value):
    assert is_valid_nhs_number(value)


def test_normalise_nhs_number_keeps_only_the_digits_of_a_spaced_number():
    assert normalise_nhs_number(" 943 476 5919 ") == "9434765919"


def _full_width(ascii_digits: str) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in ascii_digits)  # FULLWIDTH DIGIT ZERO + d


def _arabic_indic(ascii_digits: str) -> str:
    return "".join(chr(0x0660 + int(d)) for d in ascii_digits)


def test_unicode_digits_are_not_digits():
    # Full-width and Arabic-Indic digits pass str.isdigit() but are not ASCII digits.
    assert _full_width("801").isdigit()
    assert not is_valid_uln(_full_width("1000000043"))
    assert not is_valid_nhs_number(_full_width("9434765919"))
    assert not is_valid_la_code(_full_width("801"))
    assert not is_valid_urn(_arabic_indic("123456"))
    assert not is_valid_upn("B" + _full_width("801200005001"))


# --- Other identifiers (format only) --------------------------------------------------------------

FORMAT_CASES = [
    (is_valid_urn, "100000", True),
    (is_valid_urn, " 123456 ", True),
    (is_valid_urn, "12345", False),
    (is_valid_urn, "1234567", False),
    (is_valid_urn, "12345a", False),
    (is_valid_urn, "", False),
    (is_valid_ukprn, "10012345", True),
    (is_valid_ukprn, "1001234", False),
    (is_valid_ukprn, "100123456", False),
    (is_valid_ukprn, "1001 345", False),
    (is_valid_la_code, "801", True),
    (is_valid_la_code, "001", True),
    (is_valid_la_code, "80", False),
    (is_valid_la_code, "8011", False),
    (is_valid_la_code, "E80", False),
    (is_valid_laestab, "8012000", True),
    (is_valid_laestab, "801-2000", False),
    (is_valid_laestab, "801200", False),
    (is_valid_laestab, "80120001", False),
]


@pytest.mark.parametrize(("check", "value", "expected"), FORMAT_CASES)
def test_reference_formats(check, value, expected):
    assert check(value) is expected


# --- Generators -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((801, 2000, 5, 1), {}, "B801200005001"),
        (("801", "2000", 5, 1), {}, "B801200005001"),
        ((938, 4321, 24, 567), {}, "E938432124567"),
        # 001 0002 03 004: 1*4 + 2*8 + 3*10 + 4*13 = 102; 102 - 4*23 = 10 -> L.
        ((1, 2, 3, 4), {}, "L001000203004"),
        # Temporary serial 0 -> digits 00 and letter A; 22 -> 00 and Z (see VALID_UPNS).
        ((801, 2000, 5, 0), {"temporary": True}, "M80120000500A"),
        ((801, 2000, 5, 22), {"temporary": True}, "Y80120000500Z"),
    ],
)
def test_make_upn_examples(args, kwargs, expected):
    assert make_upn(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1000, 2000, 5, 1), {}),
        ((-1, 2000, 5, 1), {}),
        (("80", 2000, 5, 1), {}),
        ((801, 10000, 5, 1), {}),
        ((801, 2000, 100, 1), {}),
        ((801, 2000, 5, 1000), {}),
        ((801, 2000, 5, -1), {}),
        ((801, 2000, 5, 2300), {"temporary": True}),
    ],
)
def test_make_upn_rejects_parts_out_of_range(args, kwargs):
    with pytest.raises(ValueError):
        make_upn(*args, **kwargs)


def test_make_uln_and_nhs_number_examples():
    assert make_uln("100000004") == "1000000043"
    assert make_uln("123456789") == "1234567899"
    assert make_uln("200000001") is None  # 20 + 2 = 22, remainder 0
    assert make_uln("012345678") is None  # a check digit fits, but no ULN starts with 0
    assert make_nhs_number("943476591") == "9434765919"
    assert make_nhs_number("999000002") == "9990000026"
    assert make_nhs_number("999000000") is None  # 243 mod 11 = 1 -> check 10
    # 000000000: sum 0, 11 - 0 = 11 -> 0.
    assert make_nhs_number("000000000") == "0000000000"


@pytest.mark.parametrize("bad", ["12345678", "1234567890", "12345678a", ""])
def test_generators_reject_anything_but_nine_digits(bad):
    with pytest.raises(ValueError):
        make_uln(bad)
    with pytest.raises(ValueError):
        make_nhs_number(bad)


upn_parts = (
    st.integers(min_value=100, max_value=999),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=99),
)


@given(*upn_parts, st.integers(min_value=0, max_value=999))
def test_make_upn_round_trip(la, establishment, year, serial):
    upn = make_upn(la, establishment, year, serial)
    assert len(upn) == 13
    assert upn[1:] == f"{la:03d}{establishment:04d}{year:02d}{serial:03d}"
    assert is_valid_upn(upn)
    assert not is_temporary_upn(upn)
    assert make_upn(str(la), f"{establishment:04d}", year, serial) == upn


@given(*upn_parts, st.integers(min_value=0, max_value=2299))
def test_make_temporary_upn_round_trip(la, establishment, year, serial):
    upn = make_upn(la, establishment, year, serial, temporary=True)
    assert len(upn) == 13
    assert upn[1:10] == f"{la:03d}{establishment:04d}{year:02d}"
    assert upn[-1] in CHECK_ALPHABET
    assert is_valid_upn(upn)
    assert is_temporary_upn(upn)


@given(st.text(alphabet=string.digits, min_size=12, max_size=12))
def test_upn_check_letter_matches_the_rule(body):
    total = sum(weight * int(d) for weight, d in zip(range(2, 14), body, strict=True))
    expected_letter = CHECK_ALPHABET[total % 23]
    for letter in CHECK_ALPHABET:
        assert is_valid_upn(letter + body) is (letter == expected_letter)


@given(st.text(alphabet=string.digits, min_size=9, max_size=9))
def test_uln_check_digit_matches_the_rule(nine):
    total = weighted_sum(nine)
    valid_digits = [d for d in range(10) if (total + d) % 11 == 10 and nine[0] != "0"]
    for d in range(10):
        assert is_valid_uln(f"{nine}{d}") is (d in valid_digits)
    assert make_uln(nine) == (f"{nine}{valid_digits[0]}" if valid_digits else None)


@given(st.text(alphabet=string.digits, min_size=9, max_size=9))
def test_nhs_check_digit_matches_the_rule(nine):
    total = weighted_sum(nine)
    valid_digits = [d for d in range(10) if (total + d) % 11 == 0]
    for d in range(10):
        assert is_valid_nhs_number(f"{nine}{d}") is (d in valid_digits)
    assert make_nhs_number(nine) == (f"{nine}{valid_digits[0]}" if valid_digits else None)


@given(st.integers(min_value=0, max_value=999_999))
def test_nhs_test_range_numbers_with_valid_check_digits_pass(n):
    nine = f"999{n:06d}"
    total = weighted_sum(nine)
    for d in range(10):
        number = f"{nine}{d}"
        expected = (total + d) % 11 == 0
        assert is_valid_nhs_number(number) is expected
        assert is_valid_nhs_number(f"{number[:3]} {number[3:6]} {number[6:]}") is expected


# --- Single-character changes are caught ----------------------------------------------------------

REPLACEMENTS = string.digits + string.ascii_uppercase + string.ascii_lowercase + " -/.é"


def _value_in_position_13(char: str) -> int | None:
    char = char.upper()
    if char in string.digits:
        return int(char)
    return CHECK_ALPHABET.index(char) if char in CHECK_ALPHABET else None


def _single_changes(value: str):
    for position, original in enumerate(value):
        for replacement in REPLACEMENTS:
            if replacement.upper() == original.upper():
                continue  # not a change once case is ignored
            yield position, replacement, value[:position] + replacement + value[position + 1 :]


def _upn_change_should_be_caught(upn: str, position: int, replacement: str) -> bool:
    # The one documented blind spot: in position 13 a digit and the letter with the same index
    # (0/A, 1/B, ... 9/K) weigh the same, so swapping them gives another valid UPN.
    if position == 12:
        return _value_in_position_13(replacement) != _value_in_position_13(upn[12])
    return True


@pytest.mark.parametrize("upn", VALID_UPNS)
def test_every_single_character_change_of_a_upn_is_caught(upn):
    for position, replacement, changed in _single_changes(upn):
        if _upn_change_should_be_caught(upn, position, replacement):
            assert not is_valid_upn(changed), changed


@pytest.mark.parametrize("uln", VALID_ULNS)
def test_every_single_character_change_of_a_uln_is_caught(uln):
    for _position, _replacement, changed in _single_changes(uln):
        assert not is_valid_uln(changed), changed


@pytest.mark.parametrize("number", VALID_NHS_NUMBERS)
def test_every_single_character_change_of_an_nhs_number_is_caught(number):
    for _position, _replacement, changed in _single_changes(number):
        assert not is_valid_nhs_number(changed), changed


@given(
    *upn_parts,
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(string.digits + CHECK_ALPHABET),
)
def test_random_single_changes_of_generated_upns_are_caught(
    la, establishment, year, serial, position, replacement
):
    upn = make_upn(la, establishment, year, serial)
    changed = upn[:position] + replacement + upn[position + 1 :]
    if changed != upn and _upn_change_should_be_caught(upn, position, replacement):
        assert not is_valid_upn(changed)


@given(
    st.text(alphabet=string.digits, min_size=9, max_size=9),
    st.integers(min_value=0, max_value=9),
    st.sampled_from(string.digits),
)
def test_random_single_digit_changes_of_generated_ulns_and_nhs_numbers_are_caught(
    nine, position, digit
):
    for make, is_valid in ((make_uln, is_valid_uln), (make_nhs_number, is_valid_nhs_number)):
        value = make(nine)
        if value is None:
            continue
        changed = value[:position] + digit + value[position + 1 :]
        if changed != value:
            assert not is_valid(changed)
