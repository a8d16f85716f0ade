"""Validation, normalisation and generation of the identifiers SEND casework records.

The algorithms are those in docs/domain/code-lists.md "Identifiers":

* UPN (unique pupil number, DfE): 13 characters. Character 1 is a check letter, 2-4 the LA
  code, 5-8 the establishment number, 9-10 the year of allocation, 11-13 a serial. A temporary
  UPN ends in a letter instead of the last digit.
* ULN (unique learner number): 10 digits, a mod-11 check digit with weights 10..2.
* NHS number: 10 digits, a mod-11 check digit with weights 10..2. 999 000 0000 to
  999 999 9999 are test numbers and validate like any other.
* URN 6 digits, UKPRN 8 digits, LA code 3 digits, LAESTAB 7 digits.

Decisions on input handling, the same for every identifier:

* Only ``str`` values can be valid; anything else (``None``, ``int``, ``bytes``) is invalid
  rather than an error, so form and import code can call these on raw values. Ints are refused
  because an int has already lost any leading zeros (LA code "001", NHS number "012...").
* Surrounding whitespace is stripped. Inside the value nothing is tolerated, except spaces in
  an NHS number, which is conventionally written 3-3-4 ("943 476 5919").
* UPN letters are case-insensitive: the value is uppercased before checking.
* "Digits" means the ASCII digits 0-9 only, not other Unicode digits.

For forms, ``upn_error``, ``uln_error`` and ``nhs_number_error`` return ``None`` for a valid
value or a short message naming the check that failed; ``is_valid_*`` is ``*_error(v) is None``.
"""

from __future__ import annotations

ASCII_DIGITS = frozenset("0123456789")

# --- UPN ------------------------------------------------------------------------------------------

UPN_LENGTH = 13
UPN_CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The 23 check letters, A to Z without I, O and S; index 0 is A."""
UPN_CHECK_MODULUS = len(UPN_CHECK_ALPHABET)  # 23
UPN_FIRST_WEIGHT = 2  # characters 2..13 are weighted 2..13
UPN_LA_CODE_DIGITS = 3
UPN_ESTABLISHMENT_DIGITS = 4
UPN_YEAR_DIGITS = 2
UPN_SERIAL_DIGITS = 3
TEMPORARY_UPN_SERIALS = 100 * UPN_CHECK_MODULUS
"""Temporary serials 0..2299: two digits (serial // 23) then the letter ``serial % 23``."""

UPN_WRONG_LENGTH = "A UPN must be 13 characters long"
UPN_BAD_FIRST = "A UPN must start with a letter (A to Z, but not I, O or S)"
UPN_BAD_MIDDLE = "Characters 2 to 12 of a UPN must be digits"
UPN_BAD_LAST = (
    "The last character of a UPN must be a digit, or a letter (not I, O or S) for a temporary UPN"
)
UPN_CHECK_MISMATCH = "The check letter does not match the rest of the UPN"

# --- ULN and NHS number ---------------------------------------------------------------------------

MOD11 = 11
TEN_DIGIT_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)  # on the first nine digits of a ULN / NHS no.

ULN_LENGTH = 10
ULN_NOT_DIGITS = "A ULN must contain only digits"
ULN_WRONG_LENGTH = "A ULN must be 10 digits long"
ULN_LEADING_ZERO = "A ULN cannot start with 0"
ULN_NO_CHECK_DIGIT = "The first nine digits cannot form a valid ULN (no check digit fits them)"
ULN_CHECK_MISMATCH = "The check digit does not match the rest of the ULN"

NHS_NUMBER_LENGTH = 10
NHS_NOT_DIGITS = "An NHS number must contain only digits (spaces are allowed)"
NHS_WRONG_LENGTH = "An NHS number must be 10 digits long"
NHS_NO_CHECK_DIGIT = (
    "The first nine digits cannot form a valid NHS number (no check digit fits them)"
)
NHS_CHECK_MISMATCH = "The check digit does not match the rest of the NHS number"

NOT_TEXT = "The value must be text"

# --- Other references -----------------------------------------------------------------------------

URN_DIGITS = 6
UKPRN_DIGITS = 8
LA_CODE_DIGITS = 3
LAESTAB_DIGITS = 7


def _is_ascii_digits(text: str) -> bool:
    return bool(text) and _has_only_ascii_digits(text)


def _has_only_ascii_digits(text: str) -> bool:
    return all(char in ASCII_DIGITS for char in text)


def _is_n_digits(value: object, length: int) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    return len(text) == length and _is_ascii_digits(text)


# --- UPN ------------------------------------------------------------------------------------------


def normalise_upn(value: str) -> str:
    """Return ``value`` stripped of surrounding whitespace and uppercased, as stored."""
    return value.strip().upper()


def _upn_character_value(char: str) -> int:
    # A temporary UPN's final letter counts by its 0-based index in the check alphabet
    # (A = 0 ... Z = 22), the same table that turns the remainder into the check letter.
    if char in ASCII_DIGITS:
        return int(char)
    return UPN_CHECK_ALPHABET.index(char)


def _upn_check_letter(body: str) -> str:
    """Return the check letter for characters 2-13 of a UPN (``body``, 12 characters)."""
    total = sum(
        weight * _upn_character_value(char)
        for weight, char in enumerate(body, start=UPN_FIRST_WEIGHT)
    )
    return UPN_CHECK_ALPHABET[total % UPN_CHECK_MODULUS]


def upn_error(value: object) -> str | None:
    """Return ``None`` if ``value`` is a valid UPN (permanent or temporary), else the reason.

    Checks, in order: text, 13 characters, a check letter first, digits in characters 2-12, a
    digit or check-alphabet letter last, and the check letter: weights 2..13 on characters
    2-13, sum mod 23, indexed into ``ABCDEFGHJKLMNPQRTUVWXYZ``.
    """
    if not isinstance(value, str):
        return NOT_TEXT
    upn = normalise_upn(value)
    if len(upn) != UPN_LENGTH:
        return UPN_WRONG_LENGTH
    first, middle, last = upn[0], upn[1:-1], upn[-1]
    if first not in UPN_CHECK_ALPHABET:
        return UPN_BAD_FIRST
    if not _is_ascii_digits(middle):
        return UPN_BAD_MIDDLE
    if last not in ASCII_DIGITS and last not in UPN_CHECK_ALPHABET:
        return UPN_BAD_LAST
    if _upn_check_letter(upn[1:]) != first:
        return UPN_CHECK_MISMATCH
    return None


def is_valid_upn(value: object) -> bool:
    """Return whether ``value`` is a valid UPN, permanent or temporary (see :func:`upn_error`)."""
    return upn_error(value) is None


def is_temporary_upn(value: object) -> bool:
    """Return whether ``value`` is a valid temporary UPN (one ending in a letter)."""
    if not isinstance(value, str) or not is_valid_upn(value):
        return False
    return normalise_upn(value)[-1] in UPN_CHECK_ALPHABET


def _fixed_digits(value: int | str, digits: int, name: str) -> str:
    # Ints are zero-padded (LA 1 -> "001"); strings must already have the right width, so a
    # mistyped code is not silently padded.
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or a string of digits, not a bool")
    if isinstance(value, int):
        if not 0 <= value < 10**digits:
            raise ValueError(f"{name} must be 0 to {10**digits - 1}, not {value}")
        return f"{value:0{digits}d}"
    text = value.strip()
    if len(text) != digits or not _is_ascii_digits(text):
        raise ValueError(f"{name} must be {digits} digits, not {value!r}")
    return text


def make_upn(
    la_code: int | str,
    establishment: int | str,
    year: int,
    serial: int,
    temporary: bool = False,
) -> str:
    """Return the UPN with the given parts and its computed check letter.

    ``year`` is the 2-digit year of allocation (0-99). A permanent UPN takes ``serial`` 0-999 as
    characters 11-13. A temporary UPN ends in a letter, so its ``serial`` runs 0-2299: characters
    11-12 are ``serial // 23`` and character 13 the letter ``serial % 23`` of the check alphabet.
    Raises ``ValueError`` for parts out of range.
    """
    la = _fixed_digits(la_code, UPN_LA_CODE_DIGITS, "la_code")
    estab = _fixed_digits(establishment, UPN_ESTABLISHMENT_DIGITS, "establishment")
    yy = _fixed_digits(year, UPN_YEAR_DIGITS, "year")
    if temporary:
        if not 0 <= serial < TEMPORARY_UPN_SERIALS:
            raise ValueError(
                f"a temporary UPN serial must be 0 to {TEMPORARY_UPN_SERIALS - 1}, not {serial}"
            )
        high, letter_index = divmod(serial, UPN_CHECK_MODULUS)
        tail = f"{high:02d}{UPN_CHECK_ALPHABET[letter_index]}"
    else:
        tail = _fixed_digits(serial, UPN_SERIAL_DIGITS, "serial")
    body = la + estab + yy + tail
    return _upn_check_letter(body) + body


# --- ULN ------------------------------------------------------------------------------------------


def _weighted_sum(nine_digits: str) -> int:
    return sum(w * int(d) for w, d in zip(TEN_DIGIT_WEIGHTS, nine_digits, strict=True))


def _uln_check_digit(nine_digits: str) -> int | None:
    # Remainder 0 would need a check digit of 10, so those nine digits start no ULN.
    remainder = _weighted_sum(nine_digits) % MOD11
    return None if remainder == 0 else 10 - remainder


def uln_error(value: object) -> str | None:
    """Return ``None`` if ``value`` is a valid ULN, else the reason.

    Checks: text, digits only, 10 digits, a first digit other than 0 (the Learning Records
    Service issues none), then the check digit: sum of digits 1-9 times weights 10..2,
    r = sum mod 11; r = 0 is invalid, otherwise digit 10 must be 10 - r.
    """
    if not isinstance(value, str):
        return NOT_TEXT
    uln = value.strip()
    if not _has_only_ascii_digits(uln):
        return ULN_NOT_DIGITS
    if len(uln) != ULN_LENGTH:
        return ULN_WRONG_LENGTH
    if uln[0] == "0":
        return ULN_LEADING_ZERO
    check = _uln_check_digit(uln[:9])
    if check is None:
        return ULN_NO_CHECK_DIGIT
    if int(uln[9]) != check:
        return ULN_CHECK_MISMATCH
    return None


def is_valid_uln(value: object) -> bool:
    """Return whether ``value`` is a valid ULN (see :func:`uln_error`)."""
    return uln_error(value) is None


def make_uln(nine_digits: str) -> str | None:
    """Return the ULN made by adding the check digit to ``nine_digits``, or ``None`` when no
    check digit works (weighted sum divisible by 11). Raises ``ValueError`` unless given
    exactly nine ASCII digits."""
    if len(nine_digits) != 9 or not _is_ascii_digits(nine_digits):
        raise ValueError(f"expected nine digits, not {nine_digits!r}")
    if nine_digits[0] == "0":
        return None
    check = _uln_check_digit(nine_digits)
    return None if check is None else f"{nine_digits}{check}"


# --- NHS number -----------------------------------------------------------------------------------


def normalise_nhs_number(value: str) -> str:
    """Return ``value`` without whitespace, as stored: "943 476 5919" -> "9434765919".

    Only whitespace is removed; any other character is kept so that validation can reject it
    rather than a typo turning silently into a different number.
    """
    return "".join(value.split())


def _nhs_check_digit(nine_digits: str) -> int | None:
    # 11 - (sum mod 11) gives 11 for remainder 0, read as 0; 10 (remainder 1) cannot be a digit.
    check = MOD11 - _weighted_sum(nine_digits) % MOD11
    if check == MOD11:
        return 0
    return None if check == 10 else check


def nhs_number_error(value: object) -> str | None:
    """Return ``None`` if ``value`` is a valid NHS number, else the reason.

    Spaces anywhere are ignored. Checks: text, digits only, 10 digits, then the check digit:
    11 - (sum of digits 1-9 times weights 10..2, mod 11), 11 read as 0, 10 invalid.
    """
    if not isinstance(value, str):
        return NOT_TEXT
    number = normalise_nhs_number(value)
    if not _has_only_ascii_digits(number):
        return NHS_NOT_DIGITS
    if len(number) != NHS_NUMBER_LENGTH:
        return NHS_WRONG_LENGTH
    check = _nhs_check_digit(number[:9])
    if check is None:
        return NHS_NO_CHECK_DIGIT
    if int(number[9]) != check:
        return NHS_CHECK_MISMATCH
    return None


def is_valid_nhs_number(value: object) -> bool:
    """Return whether ``value`` is a valid NHS number (see :func:`nhs_number_error`)."""
    return nhs_number_error(value) is None


def make_nhs_number(nine_digits: str) -> str | None:
    """Return the NHS number made by adding the check digit to ``nine_digits``, or ``None`` when
    the check digit would be 10. Raises ``ValueError`` unless given exactly nine ASCII digits.
    Use 999xxxxxx for test data: 999 000 0000 - 999 999 9999 is the NHS test range."""
    if len(nine_digits) != 9 or not _is_ascii_digits(nine_digits):
        raise ValueError(f"expected nine digits, not {nine_digits!r}")
    check = _nhs_check_digit(nine_digits)
    return None if check is None else f"{nine_digits}{check}"


# --- Other references (format only; no check digit) ----------------------------------------------


def is_valid_urn(value: object) -> bool:
    """Return whether ``value`` is a URN (unique reference number of a school): 6 digits."""
    return _is_n_digits(value, URN_DIGITS)


def is_valid_ukprn(value: object) -> bool:
    """Return whether ``value`` is a UKPRN (UK provider reference number): 8 digits."""
    return _is_n_digits(value, UKPRN_DIGITS)


def is_valid_la_code(value: object) -> bool:
    """Return whether ``value`` is a DfE local authority code: 3 digits."""
    return _is_n_digits(value, LA_CODE_DIGITS)


def is_valid_laestab(value: object) -> bool:
    """Return whether ``value`` is a LAESTAB (LA code + establishment number): 7 digits."""
    return _is_n_digits(value, LAESTAB_DIGITS)
