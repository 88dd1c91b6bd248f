"""The safe expression language: parsing, evaluation, errors."""

from __future__ import annotations

import pandas as pd
import pytest

from rl_audit.expr.evaluate import Scope, evaluate, mask
from rl_audit.expr.parse import ExprError, names, parse

FRAME = pd.DataFrame(
    {
        "pengeluaran": pd.array([600_000_000, 10_000, None], dtype="Int64"),  # sen
        "cara_bayar": pd.Series(["Tunai", "tunai", None], dtype="string"),
        "a": pd.to_datetime(["2025-01-05", "2025-01-01", None]),
        "b": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-01"]),
        "no_bukti": pd.Series(["", None, "X"], dtype="object"),
        "jenis": pd.Series(["Pekerjaan Konstruksi", "Barang", None], dtype="string"),
    }
)
SCOPE = Scope(FRAME, {"cash_limit": 5_000_000, "kinds": ["Barang"]}, frozenset({"pengeluaran"}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('lower(cara_bayar) == "tunai" and pengeluaran > cash_limit', [True, False, False]),
        ("pengeluaran > 100", [True, False, False]),  # money seen in rupiah (10_000 sen = 100)
        ("pengeluaran >= 100", [True, True, False]),
        ("no_bukti is blank", [True, True, False]),
        ("no_bukti is not blank", [False, False, True]),
        ("days(a, b) > 1", [True, False, False]),
        ("a - b >= 4", [True, False, False]),
        ('a > "2025-01-02"', [True, False, False]),
        ('cara_bayar in ["Tunai", "CMS"]', [True, False, False]),
        ("jenis in kinds", [False, True, False]),
        ('not (cara_bayar matches "(?i)^tun")', [False, False, True]),
        ("-pengeluaran < 0 or cara_bayar is blank", [True, True, True]),
        ('startswith(jenis, "Pek")', [True, False, False]),
    ],
)
def test_conditions(text: str, expected: list[bool]) -> None:
    assert mask(text, SCOPE).tolist() == expected


def test_if_picks_a_value_per_row() -> None:
    out = evaluate('if(jenis == "Pekerjaan Konstruksi", 400000000, 200000000)', SCOPE)
    assert out.tolist() == [400000000, 200000000, 200000000]


def test_arithmetic_and_names() -> None:
    assert evaluate("pengeluaran * 2", SCOPE).tolist()[:2] == [12_000_000.0, 200.0]
    assert names(parse("x > y and f(z) or w in [1, 2]")) == {"x", "y", "z", "w"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a >", "incomplete"),
        ('__import__("os")', "unknown function"),
        ("a.b", "unexpected character"),
        ("x ==== 2", "unexpected"),
        ("nosuchname > 1", "unknown name: nosuchname"),
        ("(a > 1", r"expected \)"),
        ("a ; b", "unexpected character"),
    ],
)
def test_errors_are_exprerror_with_position(text: str, message: str) -> None:
    with pytest.raises(ExprError, match=message):
        mask(text, SCOPE)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Pengadaan kursi kerja staf 20 unit", 20),
        ("Kursi lipat x 20 bh", 20),
        ("Pembelian meja sebanyak 20 buah", 20),
        ("Belanja kursi (20 Unit @ Rp 300.000)", 20),
        ("Kursi tamu 1.000 buah", 1000),
        ("AC split 1 PK 2 unit", 2),
        ("Meja rapat 120 x 60 cm", None),
        ("Meja x 60 x 75 cm", None),
        ("Laptop core i5", None),
        ("Kursi 0 unit", None),
        ("Belanja buku 2025", None),
        (None, None),
    ],
)
def test_quantity_reads_a_count_of_items_not_a_dimension(text: str | None, count: int) -> None:
    scope = Scope(pd.DataFrame({"keterangan": pd.Series([text], dtype="string")}))
    found = evaluate("quantity(keterangan)", scope).iloc[0]
    assert (None if pd.isna(found) else int(found)) == count


@pytest.mark.parametrize(
    ("literal", "text"),
    [
        (r'"\bhonor\b"', r"\bhonor\b"),  # a regex's word boundaries, not backspaces
        ('"Bélanja jasa"', "Bélanja jasa"),  # non-ASCII kept as written
        (r'"say \"hi\""', 'say "hi"'),
        (r'"a\\b"', "a\\b"),
        (r"'it\'s'", "it's"),
        (r'"\n\t\x41"', r"\n\t\x41"),  # no other escape is processed
    ],
)
def test_string_literals_keep_their_text(literal: str, text: str) -> None:
    (lit,) = parse(f"x == {literal}").args[1:]
    assert lit.value == text


def test_word_boundary_pattern_matches_whole_words() -> None:
    scope = Scope(pd.DataFrame({"u": pd.Series(["Honor narasumber", "Honorarium", "Bélanja"])}))
    assert mask(r'u matches "(?i)\bhonor\b"', scope).tolist() == [True, False, False]
    assert mask('u == "Bélanja"', scope).tolist() == [False, False, True]


@pytest.mark.parametrize(
    "text",
    [
        "(" * 1000 + "1" + ")" * 1000,
        "not " * 1000 + "x",
        "-" * 5000 + "1",
        " + ".join(["1"] * 5000),  # flat to parse, but a tree 5000 deep to evaluate
        "f(" * 300 + "1" + ")" * 300,
        "[" * 300 + "]" * 300,
    ],
)
def test_nesting_past_the_cap_is_a_clear_error_not_recursionerror(text: str) -> None:
    with pytest.raises(ExprError, match="nested deeper than 100 levels"):
        parse(text)


def test_nesting_within_the_cap_parses_and_evaluates() -> None:
    text = "(" * 90 + "pengeluaran > 100" + ")" * 90
    assert mask(text, SCOPE).tolist() == [True, False, False]
    assert mask("not " * 98 + "no_bukti is blank", SCOPE).tolist() == [True, True, False]
    assert evaluate(" + ".join(["1"] * 90), SCOPE) == 90
