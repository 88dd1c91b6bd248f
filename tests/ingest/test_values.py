"""Tests for rl_audit.ingest.values: vectorised Indonesian value parsing."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rl_audit.ingest.values import (
    Parsed,
    blank_mask,
    fold_text,
    parse_code,
    parse_date,
    parse_int,
    parse_money,
    parse_number,
    parse_text,
)

NA = pd.NA


def one(func, cell):
    """Parse a single cell (object column) and return (value, bad)."""
    res = func(pd.Series([cell], dtype=object))
    return res.values.iloc[0], bool(res.bad.iloc[0])


def same(a, b) -> bool:
    """Equality that treats all missing markers as equal."""
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return bool(a == b)


# --------------------------------------------------------------------------- blank_mask


@pytest.mark.parametrize(
    "cell",
    [
        None,
        np.nan,
        pd.NaT,
        "",
        "   ",
        "\u00a0",
        " \u00a0\t",
        "null",
        "NULL",
        "undefined",
        "nan",
        "NaN",
        "None",
        " none ",
    ],
)
def test_blank_mask_blank(cell):
    assert blank_mask(pd.Series([cell], dtype=object)).tolist() == [True]


@pytest.mark.parametrize("cell", ["x", "0", 0.0, 5.0, "-", "nihil", pd.Timestamp("2025-01-01")])
def test_blank_mask_not_blank(cell):
    assert blank_mask(pd.Series([cell], dtype=object)).tolist() == [False]


def test_blank_mask_dtypes_and_index():
    s = pd.Series([1.0, np.nan], index=[10, 20])
    out = blank_mask(s)
    assert out.tolist() == [False, True]
    assert list(out.index) == [10, 20]
    assert blank_mask(pd.Series(["a", None, " "], dtype="string")).tolist() == [False, True, True]


# --------------------------------------------------------------------------- parse_money


@pytest.mark.parametrize(
    ("cell", "sen"),
    [
        ("1.234.567,89", 123456789),
        ("1.234.567,00", 123456700),
        ("(1.234,00)", -123400),
        ("-", 0),
        ("\u2013", 0),
        ("Rp -", 0),
        ("Rp 1.234.567", 123456700),
        ("Rp.1.234.567,-", 123456700),
        ("rp1.234.567,-", 123456700),
        ("IDR 1.234.567,50", 123456750),
        ("idr1.000", 100000),
        ("RP. 2.500.000,00", 250000000),
        ("1.234.567.-", 123456700),
        ("-1.234,56", -123456),
        ("- 1.234,56", -123456),
        ("Rp -1.234,56", -123456),
        ("(Rp 1.234,56)", -123456),
        ("\u00a01.234.567,89\u00a0", 123456789),
        ("1 234 567,89", 123456789),
        ("-2.61E+11", -26100000000000),
        ("1.5e3", 150000),
        ("0", 0),
        ("0,5", 50),
        ("12,345", 1235),
        ("1.234.567.890.123,45", 123456789012345),
        ("9.999.999.999.999,99", 999999999999999),
        (12345.67, 1234567),
        (1234567.89, 123456789),
        (-5.0, -500),
        (0.1 + 0.2, 30),
    ],
)
def test_parse_money_single(cell, sen):
    value, bad = one(parse_money, cell)
    assert value == sen
    assert not bad


def test_parse_money_us_column_with_trailing_spaces():
    s = pd.Series(["759,243,300,538.61 ", "1,234.50", "(2,000.00)"])
    res = parse_money(s)
    assert res.values.tolist() == [75924330053861, 123450, -200000]
    assert res.locale == "us"
    assert res.note is None
    assert not res.bad.any()


@pytest.mark.parametrize(
    "cell",
    [
        "12abc",
        "abc",
        "Rp",
        "1.2.3,4,5",
        "(1.234",
        "1.234)",
        "12/01/2025",
        "1,2.3",
        "--5x",
        "5%",
        "1.234,56,78",
        ".5",
    ],
)
def test_parse_money_bad(cell):
    value, bad = one(parse_money, cell)
    assert value is NA
    assert bad


@pytest.mark.parametrize("cell", [None, np.nan, "", "  ", "\u00a0", "null", "None"])
def test_parse_money_blank_is_na_not_bad(cell):
    value, bad = one(parse_money, cell)
    assert value is NA
    assert not bad


def test_parse_money_datetime_cells_are_bad():
    s = pd.Series([pd.Timestamp("2025-01-01"), "1.000"], dtype=object)
    res = parse_money(s)
    assert res.bad.tolist() == [True, False]
    assert res.values.tolist() == [NA, 100000]
    dts = pd.Series(pd.to_datetime(["2025-01-01", None]))
    assert parse_money(dts).bad.tolist() == [True, False]


def test_parse_money_mixed_object_column_and_index():
    s = pd.Series(
        [1234567.89, "1.234,5", None, np.nan, "Rp 10.000,-", 7], index=list("abcdef"), dtype=object
    )
    res = parse_money(s)
    assert isinstance(res, Parsed)
    assert str(res.values.dtype) == "Int64"
    assert list(res.values.index) == list("abcdef")
    assert list(res.bad.index) == list("abcdef")
    assert res.values.tolist() == [123456789, 123450, NA, NA, 1000000, 700]
    assert res.bad.tolist() == [False] * 6
    assert res.locale == "id"


def test_parse_money_float_column():
    res = parse_money(pd.Series([1.005, 2.675, np.nan, 1e12, -0.01, np.inf]))
    assert res.values.tolist() == [100, 268, NA, 100000000000000, -1, NA]
    assert res.bad.tolist() == [False, False, False, False, False, True]
    assert res.locale is None


def test_parse_money_string_dtype_inputs():
    for dtype in ("string", "str", object):
        res = parse_money(pd.Series(["1.234,00", None, "x"], dtype=dtype))
        assert res.values.tolist() == [123400, NA, NA]
        assert res.bad.tolist() == [False, False, True]


def test_parse_money_exact_near_1e13_rupiah():
    s = pd.Series(["9.876.543.210.987,65", "10.000.000.000.000,01", "1,234,567,890,123.45"])
    res = parse_money(s)
    assert res.values.tolist() == [987654321098765, 1000000000000001, 123456789012345]


@pytest.mark.parametrize(
    ("cells", "locale", "note", "sen"),
    [
        (["1.234", "5.678"], "id", "ambiguous", [123400, 567800]),
        (["1,234", "5,678"], "id", "ambiguous", [123, 568]),
        (["1.234", "1.234.567"], "id", None, [123400, 123456700]),
        (["1,234", "1,234,567"], "us", None, [123400, 123456700]),
        (["1,234", "2.50"], "us", None, [123400, 250]),
        (["1.234", "2,50"], "id", None, [123400, 250]),
        (["1.234,5", "1,234.5"], "id", "ambiguous", [123450, 123450]),
        (["1,234.5", "2,000.75", "1.234,5"], "us", "ambiguous", [123450, 200075, 123450]),
        (["100", "200"], None, None, [10000, 20000]),
        (["1234.567"], "us", None, [123457]),
        (["0.123"], "us", None, [12]),
    ],
)
def test_parse_money_locale_per_column(cells, locale, note, sen):
    res = parse_money(pd.Series(cells))
    assert res.values.tolist() == sen
    assert res.locale == locale
    assert res.note == note


def _fmt_id(sen: int, rp: bool, paren: bool, drop_zero_cents: bool) -> str:
    rupiah, cents = divmod(abs(sen), 100)
    body = f"{rupiah:,}".replace(",", ".")
    if cents or not drop_zero_cents:
        body += f",{cents:02d}"
    if rp:
        body = "Rp " + body
    if sen < 0:
        return f"({body})" if paren else "-" + body
    return body


def _fmt_us(sen: int, rp: bool, paren: bool) -> str:
    rupiah, cents = divmod(abs(sen), 100)
    body = f"{rupiah:,}.{cents:02d}"
    if rp:
        body = "Rp " + body
    if sen < 0:
        return f"({body})" if paren else "-" + body
    return body


_SEN = st.integers(min_value=-(10**15), max_value=10**15)
_STYLE = st.tuples(st.booleans(), st.booleans(), st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_SEN, _STYLE), min_size=1, max_size=30))
def test_property_money_roundtrip_indonesian(items):
    cells = [_fmt_id(sen, *style) for sen, style in items]
    res = parse_money(pd.Series(cells))
    assert res.values.tolist() == [sen for sen, _ in items], cells
    assert not res.bad.any()
    assert res.locale in ("id", None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_SEN, st.booleans(), st.booleans()), min_size=1, max_size=30))
def test_property_money_roundtrip_us(items):
    cells = [_fmt_us(sen, rp, paren) for sen, rp, paren in items]
    res = parse_money(pd.Series(cells))
    assert res.values.tolist() == [sen for sen, _, _ in items], cells
    assert not res.bad.any()
    assert res.locale == "us"


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15,26", 15.26),
        ("(9.26)", -9.26),
        ("(9,26)", -9.26),
        ("12,5%", 12.5),
        ("12,5 %", 12.5),
        ("100%", 100.0),
        ("-3,5", -3.5),
        ("1.234.567,5", 1234567.5),
        ("1,234,567.5", 1234567.5),
        ("1.5e3", 1500.0),
        ("-2.61E+11", -2.61e11),
        ("-", 0.0),
        (3.0, 3.0),
        (0.125, 0.125),
        (7, 7.0),
    ],
)
def test_parse_number_single(cell, expected):
    value, bad = one(parse_number, cell)
    assert value == pytest.approx(expected, rel=1e-15)
    assert not bad


@pytest.mark.parametrize("cell", ["abc", "12x", "1,2,3.4.5", "5 %%"])
def test_parse_number_bad(cell):
    value, bad = one(parse_number, cell)
    assert np.isnan(value)
    assert bad


def test_parse_number_column_dtype_note_and_index():
    s = pd.Series(["15,26", "1,009.26", None, "1.234"], index=[5, 6, 7, 8])
    res = parse_number(s)
    assert res.values.dtype == np.float64
    assert list(res.values.index) == [5, 6, 7, 8]
    assert res.values.tolist()[:2] == [15.26, 1009.26]
    assert np.isnan(res.values.iloc[2])
    assert res.note == "ambiguous"  # id and us evidence conflict
    assert res.bad.tolist() == [False] * 4


# --------------------------------------------------------------------------- parse_int


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3", 3),
        (3.0, 3),
        ("3 hari", 3),
        ("3 Hari", 3),
        ("2025", 2025),
        (" 14 ", 14),
        ("1.234", 1234),
        ("1,234", 1234),
        ("-2", -2),
        (7, 7),
    ],
)
def test_parse_int_single(cell, expected):
    value, bad = one(parse_int, cell)
    assert value == expected
    assert not bad


@pytest.mark.parametrize("cell", ["3,5", 3.5, "abc", "hari", "3 hari 4"])
def test_parse_int_bad(cell):
    value, bad = one(parse_int, cell)
    assert value is NA
    assert bad


def test_parse_int_column():
    res = parse_int(pd.Series([2024.0, np.nan, 2025.0], index=["x", "y", "z"]))
    assert str(res.values.dtype) == "Int64"
    assert res.values.tolist() == [2024, NA, 2025]
    assert list(res.values.index) == ["x", "y", "z"]
    assert not res.bad.any()


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12/01/2025", "2025-01-12"),
        ("1/2/2025", "2025-02-01"),
        ("12-01-2025", "2025-01-12"),
        ("12.01.2025", "2025-01-12"),
        ("12/01/25", "2025-01-12"),
        ("2025-01-12", "2025-01-12"),
        ("2025/01/12", "2025-01-12"),
        ("2025-01-07T00:00:00Z", "2025-01-07"),
        ("2025-01-07T13:45:10.123+07:00", "2025-01-07"),
        ("2025-01-05 00:00:00", "2025-01-05"),
        ("12 Januari 2025", "2025-01-12"),
        ("12 JANUARI 2025", "2025-01-12"),
        ("12 Jan 2025", "2025-01-12"),
        ("12-Agu-2025", "2025-08-12"),
        ("12 Agustus 2025", "2025-08-12"),
        ("12 Agt 2025", "2025-08-12"),
        ("12 Agust 2025", "2025-08-12"),
        ("12 Ags 2025", "2025-08-12"),
        ("1 Pebruari 2025", "2025-02-01"),
        ("1 Peb 2025", "2025-02-01"),
        ("3 Maret 2025", "2025-03-03"),
        ("3 Mei 2025", "2025-05-03"),
        ("3 Sept 2025", "2025-09-03"),
        ("3 Okt 2025", "2025-10-03"),
        ("3 Nopember 2025", "2025-11-03"),
        ("3 Nop 2025", "2025-11-03"),
        ("25 Des 2025", "2025-12-25"),
        ("12 August 2025", "2025-08-12"),
        ("12-Aug-2025", "2025-08-12"),
        ("12 October 2025", "2025-10-12"),
        ("Senin, 13 Januari 2025", "2025-01-13"),
        ("\u00a012/01/2025 ", "2025-01-12"),
        ("45678", "2025-01-21"),
        ("45678.75", "2025-01-21"),
        (45678.0, "2025-01-21"),
        (45678.5, "2025-01-21"),
        (pd.Timestamp("2025-03-04 15:30"), "2025-03-04"),
        (dt.datetime(2025, 3, 4, 8, 0), "2025-03-04"),
        (dt.date(2025, 3, 4), "2025-03-04"),
    ],
)
def test_parse_date_single(cell, expected):
    value, bad = one(parse_date, cell)
    assert value == pd.Timestamp(expected)
    assert not bad


@pytest.mark.parametrize(
    "cell",
    [
        "31/02/2025",
        "29/02/2025",
        "32/01/2025",
        "12/13/2025",
        "bogus",
        "12 Foo 2025",
        "2025",
        "123",
        5.0,
        100000.0,
        "12/01/202",
        "1.234,00",
    ],
)
def test_parse_date_bad(cell):
    value, bad = one(parse_date, cell)
    assert value is pd.NaT
    assert bad


def test_parse_date_never_month_first():
    res = parse_date(pd.Series(["01/02/2025", "02/01/2025"]))
    assert res.values.tolist() == [pd.Timestamp("2025-02-01"), pd.Timestamp("2025-01-02")]


def test_parse_date_leap_day_and_blanks():
    res = parse_date(pd.Series(["29/02/2024", "", None, "null"], index=[3, 2, 1, 0]))
    assert res.values.iloc[0] == pd.Timestamp("2024-02-29")
    assert res.values.iloc[1:].isna().all()
    assert res.bad.tolist() == [False] * 4
    assert list(res.values.index) == [3, 2, 1, 0]


def test_parse_date_datetime_input_normalised():
    s = pd.Series(pd.to_datetime(["2025-01-01 10:00:00", None, "2025-12-31 23:59:59"]))
    res = parse_date(s)
    assert str(res.values.dtype) == "datetime64[ns]"
    assert res.values.tolist()[0] == pd.Timestamp("2025-01-01")
    assert res.values.iloc[2] == pd.Timestamp("2025-12-31")
    assert res.bad.tolist() == [False, False, False]
    tz = pd.Series(pd.to_datetime(["2025-01-07 03:00"]).tz_localize("Asia/Jakarta"))
    assert parse_date(tz).values.tolist() == [pd.Timestamp("2025-01-07")]


def test_parse_date_excel_serial_origin():
    # Excel 1900 system: 1 Jan 2025 is serial 45658; 1 Jan 2000 is 36526
    res = parse_date(pd.Series([45658.0, 36526.0, np.nan]))
    assert res.values.tolist()[:2] == [pd.Timestamp("2025-01-01"), pd.Timestamp("2000-01-01")]
    assert res.bad.tolist() == [False, False, False]


_MONTH_WORDS = {
    1: ["Januari", "Jan", "January"],
    2: ["Februari", "Pebruari", "Feb", "Peb", "February"],
    3: ["Maret", "Mar", "March"],
    4: ["April", "Apr"],
    5: ["Mei", "May"],
    6: ["Juni", "Jun", "June"],
    7: ["Juli", "Jul", "July"],
    8: ["Agustus", "Agu", "Agt", "Agust", "Ags", "Aug", "August"],
    9: ["September", "Sep", "Sept"],
    10: ["Oktober", "Okt", "Oct", "October"],
    11: ["November", "Nopember", "Nov", "Nop"],
    12: ["Desember", "Des", "Dec", "December"],
}


def _date_formats(d: dt.date, word: str) -> list[str]:
    forms = [
        d.strftime("%d/%m/%Y"),
        f"{d.day}/{d.month}/{d.year}",
        d.strftime("%d-%m-%Y"),
        d.strftime("%d.%m.%Y"),
        d.strftime("%Y-%m-%d"),
        d.strftime("%Y/%m/%d"),
        d.strftime("%Y-%m-%dT00:00:00Z"),
        d.strftime("%Y-%m-%d 00:00:00"),
        f"{d.day} {word} {d.year}",
        f"{d.day:02d}-{word}-{d.year}",
        f"{d.day} {word.upper()} {d.year}",
        f"{d.day} {word.lower()} {d.year}",
        str((d - dt.date(1899, 12, 30)).days),
    ]
    if d.year >= 2000:
        forms.append(d.strftime("%d/%m/%y"))
    return forms


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)), st.data())
def test_property_date_roundtrip(d, data):
    word = data.draw(st.sampled_from(_MONTH_WORDS[d.month]))
    forms = _date_formats(d, word)
    serial = float((d - dt.date(1899, 12, 30)).days)
    res = parse_date(pd.Series(forms + [serial, pd.Timestamp(d)], dtype=object))
    assert (res.values == pd.Timestamp(d)).all(), list(zip(forms, res.values, strict=False))
    assert not res.bad.any()


# --------------------------------------------------------------------------- parse_code


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.01 . 1.01.02 . 00.00 . 5.1 ", "1.01.1.01.02.00.00.5.1"),
        (" 5.1.02.", "5.1.02"),
        ("5.1.02.01.01.0024", "5.1.02.01.01.0024"),
        ("\u00a05.1\u00a0", "5.1"),
        ("01.234.567.8-901.000", "01.234.567.8-901.000"),
        ("196512121990031001", "196512121990031001"),
        ("1.03.01", "1.03.01"),
        (1.0, "1"),
        (5.1, "5.1"),
        (1.1, "1.1"),
        (123456789012345678.0, "123456789012345680"),
        (1e16, "10000000000000000"),
        (196512121990031001, "196512121990031001"),
        ("", NA),
        (None, NA),
        ("null", NA),
    ],
)
def test_parse_code_single(cell, expected):
    value, bad = one(parse_code, cell)
    assert same(value, expected)
    assert not bad


def test_parse_code_note_and_dtype():
    res = parse_code(pd.Series(["5.1.02", 5.1, None], index=[9, 8, 7], dtype=object))
    assert res.note == "code_as_number"
    assert isinstance(res.values.dtype, pd.StringDtype)
    assert res.values.tolist() == ["5.1.02", "5.1", NA]
    assert list(res.values.index) == [9, 8, 7]
    assert parse_code(pd.Series(["5.1.02"])).note is None


def test_parse_code_int_column_keeps_all_digits():
    res = parse_code(pd.Series([196512121990031001, 5], dtype="int64"))
    assert res.values.tolist() == ["196512121990031001", "5"]
    assert res.note == "code_as_number"


_SCI = re.compile(r"[0-9][eE][-+]?[0-9]")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=False, width=64),
            st.integers(min_value=-(10**18), max_value=10**18).map(float),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_property_code_numbers_never_scientific(nums):
    res = parse_code(pd.Series(nums, dtype="float64"))
    for num, value in zip(nums, res.values, strict=True):
        if np.isnan(num):
            assert value is NA
            continue
        assert not _SCI.search(value), value
        assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value), value
        assert float(value) == num


_CODE_TEXT = st.text(alphabet="0123456789. \u00a0\t-abcXY", max_size=25)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CODE_TEXT, st.none(), st.floats(allow_infinity=False)), max_size=20))
def test_property_code_idempotent(cells):
    first = parse_code(pd.Series(cells, dtype=object)).values
    second = parse_code(first).values
    assert first.tolist() == second.tolist() or all(
        same(a, b) for a, b in zip(first, second, strict=True)
    )
    for value in first.dropna():
        assert value == value.strip(" .")
        assert " ." not in value and ". " not in value


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("  Belanja\u00a0 Alat   Tulis\tKantor ", "Belanja Alat Tulis Kantor"),
        ("-", NA),
        (" \u2013 ", NA),
        ("", NA),
        ("null", NA),
        (None, NA),
        (12.0, "12"),
        (12.5, "12.5"),
        ("a\nb", "a b"),
    ],
)
def test_parse_text_single(cell, expected):
    value, bad = one(parse_text, cell)
    assert same(value, expected)
    assert not bad


def test_parse_text_dtype_and_index():
    res = parse_text(pd.Series(["x", 1.0], index=["p", "q"], dtype=object))
    assert isinstance(res.values.dtype, pd.StringDtype)
    assert res.values.tolist() == ["x", "1"]
    assert list(res.values.index) == ["p", "q"]
    assert parse_text(pd.Series([3.0, np.nan])).values.tolist() == ["3", NA]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Belanja Alat/Bahan,  Kantor!", "belanja alat bahan kantor"),
        ("BELANJA\u00a0MODAL - Peralatan", "belanja modal peralatan"),
        ("Honorarium (Narasumber)", "honorarium narasumber"),
        ("Jasa   Tenaga_Kerja.", "jasa tenaga kerja"),
    ],
)
def test_fold_text_matches(a, b):
    out = fold_text(pd.Series([a, b]))
    assert out.iloc[0] == out.iloc[1] == b


def test_fold_text_blank_and_index():
    out = fold_text(pd.Series(["--", None, "Ré Sumé"], index=[1, 2, 3]))
    assert out.tolist() == [NA, NA, "ré sumé"]
    assert list(out.index) == [1, 2, 3]


def test_machine_rendered_numbers_do_not_vote_for_us_locale():
    # a mixed column: number cells arrive as '750000.5', text cells in Indonesian style
    s = pd.Series(["750000.5", "4500000.5", "2.250.000,00", "1.500"])
    res = parse_money(s)
    assert res.values.tolist() == [75000050, 450000050, 225000000, 150000]
    assert res.locale == "id" and res.note is None


def test_dash_is_empty_for_dates_and_codes():
    assert parse_date(pd.Series(["-", "\u2013"])).bad.tolist() == [False, False]
    assert parse_date(pd.Series(["-"])).values.isna().all()
    assert parse_code(pd.Series([" - ", "5.1"])).values.isna().tolist() == [True, False]


def test_fold_text_of_a_long_column_without_text_is_all_blank() -> None:
    """A long column with no value folds to blanks (no take from an empty set)."""
    folded = fold_text(pd.Series([None] * 1500, dtype="object"))
    assert len(folded) == 1500 and folded.isna().all()
