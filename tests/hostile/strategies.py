"""Hypothesis strategies for hostile input: text, numbers, dates, ids and files.

Each strategy mixes a few hand-picked values that have broken real systems (NUL, a formula, a
year 0, NaN, a 20-digit id) with generated ones, so a small number of examples still reaches
every kind of trouble.
"""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

NUL = "\x00"

# Values that look like attacks or that have caused server errors elsewhere.
NASTY_TEXT = [
    "",
    " ",
    NUL,
    f"Amelia{NUL}Stone",
    "\x00\x01\x02\x1b[31m\x7f",
    "\r\n\r\nSet-Cookie: x=1",
    "\u202eevil.exe\u202d",  # right-to-left override
    "مرحبا بالعالم",  # right-to-left text
    "👩‍👩‍👧‍👦🏳️‍🌈",  # emoji with joiners
    "Z̷̢͔̈́a̸̗͋l̴͓̓g̶̱̈́o̵͍͐",  # combining marks
    "\ud7ff\ue000\uffff",
    "'; DROP TABLE cases_child; --",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user }}{% debug %}",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "-2+3",
    "../../../../etc/passwd",
    "%s%s%s%n",
    "${jndi:ldap://127.0.0.1/a}",
    "x" * 5000,
    "\u0661\u0662\u0663",  # Arabic-Indic digits: str.isdigit() is True, int() is not ASCII
    "²³",  # superscripts: isdigit() True, int() fails
]
NASTY_NUMBERS = [
    "0",
    "-1",
    "-0",
    "1e309",
    "1E+999999",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "sNaN",
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 400,
    "0x10",
    "1_000",
    "1,5",
    "1.2.3",
    "12.345678",
    "£1,000",
    "١٢٣",
    "²",
]
NASTY_DAYS = ["0", "31", "32", "29", "-1", "00", "1e1", "٣", "", " 1", "9" * 30]
NASTY_MONTHS = ["0", "2", "13", "-1", "02", "", "99999999999999999999", "²"]
NASTY_YEARS = ["0", "0000", "1", "1899", "1900", "9999", "10000", "-2020", "", "²⁰²⁰", "9" * 30]
NASTY_IDS = [
    "0",
    "-1",
    "999999999",
    "99999999999999999999",
    "1.0",
    "1e3",
    "abc",
    "",
    NUL,
    "1 OR 1=1",
]


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any unicode (controls and surrogate-free), long strings, and the nasty list."""
    generated = st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=max_size
    )
    long = st.integers(min_value=201, max_value=20_000).map(lambda n: "A" * n)
    return st.one_of(st.sampled_from(NASTY_TEXT), generated, long)


def hostile_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY_NUMBERS),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def date_parts() -> st.SearchStrategy[tuple[str, str, str]]:
    """(day, month, year): real dates, impossible ones (31 Feb, year 0) and junk."""
    real = st.dates().map(lambda d: (str(d.day), str(d.month), str(d.year)))
    nasty = st.tuples(
        st.sampled_from(NASTY_DAYS), st.sampled_from(NASTY_MONTHS), st.sampled_from(NASTY_YEARS)
    )
    return st.one_of(real, nasty, st.just(("31", "2", "2024")), st.tuples(*[hostile_text(20)] * 3))


def hostile_scalar() -> st.SearchStrategy[str]:
    return st.one_of(hostile_text(), hostile_number(), st.sampled_from(NASTY_IDS))


# --- files -------------------------------------------------------------------------------------


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def csv_files(header: list[str], good_row: list[str]) -> st.SearchStrategy[bytes]:
    """CSV files: the header with rows of hostile cells (ragged, wide, formulas, NUL), in odd
    encodings, truncated, or not CSV at all."""
    cell = st.one_of(st.sampled_from(good_row), hostile_text(60), hostile_number())
    row = st.lists(cell, min_size=0, max_size=len(header) + 3)  # ragged on purpose
    table = st.lists(row, min_size=0, max_size=6).map(lambda rows: _csv_bytes([header, *rows]))
    mostly_good = st.lists(
        st.lists(cell, min_size=len(header), max_size=len(header)), min_size=1, max_size=4
    ).map(lambda rows: _csv_bytes([header, good_row, *rows]))
    encodings = st.sampled_from(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"]).map(
        lambda enc: (",".join(header) + "\n" + ",".join(good_row) + ",Éé€\n").encode(enc, "replace")
    )
    latin_with_bom = st.just(
        b"\xef\xbb\xbf" + (",".join(header) + "\nÉcole,\xe9\n").encode("latin-1")
    )
    wide = st.integers(min_value=50, max_value=3000).map(
        lambda n: _csv_bytes([[*header, *(f"extra{i}" for i in range(n))], good_row])
    )
    huge_field = st.integers(min_value=131_073, max_value=300_000).map(
        lambda n: _csv_bytes([header, [good_row[0] + "x" * n, *good_row[1:]]])
    )
    unclosed_quote = st.just((",".join(header) + '\n"' + "a" * 1000).encode())
    truncated = table.flatmap(lambda data: st.integers(0, len(data)).map(lambda n: data[:n]))
    return st.one_of(
        table,
        mostly_good,
        encodings,
        latin_with_bom,
        wide,
        huge_field,
        unclosed_quote,
        truncated,
        st.binary(max_size=2000),
        st.just(b""),
        st.just(b"\n\n\n"),
        st.just((",".join(header) + "\n").encode()),
    )
