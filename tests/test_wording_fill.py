"""Templates compiled once and filled as a join; a rule's wording checked column by column."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from rl_audit.messages import compiled, fill, fill_parts
from rl_audit.wording import Wording

TEMPLATE = "Belanja {nilai:rp} pada {tanggal:date} oleh {nama}; {lain} {{x}}"


def test_a_template_is_split_once_into_texts_and_placeholders() -> None:
    parts = compiled(TEMPLATE)
    assert parts == (
        "Belanja ",
        ("nilai", "rp", "{nilai:rp}"),
        " pada ",
        ("tanggal", "date", "{tanggal:date}"),
        " oleh ",
        ("nama", None, "{nama}"),
        "; ",
        ("lain", None, "{lain}"),
        " {",
        ("x", None, "{x}"),
        "}",
    )
    assert compiled(TEMPLATE) is parts  # cached
    assert compiled("") == ()


def test_fill_reads_values_then_the_fallback_and_keeps_unknown_names() -> None:
    values = {"nilai": 1250000.5, "tanggal": pd.Timestamp("2025-03-08"), "nama": "Ani"}
    assert fill_parts(compiled(TEMPLATE), values, {"nama": "Budi", "x": 7}) == (
        "Belanja Rp 1.250.000,50 pada 08/03/2025 oleh Ani; {lain} {7}"
    )
    shown = fill("{a} {b:int} {c:pct} {d:num} {e} {f:date} {g:rp}", {
        "a": None, "b": 1234567, "c": 12.345, "d": 2.5, "e": date(2025, 1, 2),
        "f": "2025-02-03", "g": float("nan"),
    })  # fmt: skip
    assert shown == "- 1.234.567 12,3 % 2,5 02/01/2025 03/02/2025 -"


def test_a_value_its_format_cannot_show_names_the_placeholder() -> None:
    with pytest.raises(ValueError, match=r"\{nilai:rp\}: 'dua juta'"):
        fill(TEMPLATE, {"nilai": "dua juta"})


def wording(message: str, params: tuple[tuple[str, object], ...] = ()) -> Wording:
    return Wording("X-1", (("id", "Judul tetap"),), (("id", message),), (), params)


def test_constant_parts_are_known_per_rule() -> None:
    shared = wording("Nilai {nilai:rp}")
    assert shared.constant("title", "en") == "Judul tetap"  # Indonesian when missing
    assert shared.constant("message", "id") is None
    assert shared.constant("remediation", "id") == ""
    assert shared.fill("message", "id", (("nilai", 5.0),)) == "Nilai Rp 5"


def test_check_columns_tries_each_column_and_the_parameters() -> None:
    shared = wording("{nilai:rp} {batas:int} {nama}", (("batas", 10),))
    shared.check_columns({"nilai": [1.0, 2.0, 1.0], "nama": ["a", 3], "lain": ()})
    with pytest.raises(ValueError, match="nilai"):
        shared.check_columns({"nilai": [1.0, "x"], "nama": []})
    bad = wording("{nilai:rp} {batas:int}", (("batas", "tinggi"),))
    bad.check_columns({"batas": [3]})  # a column stands in for the parameter
    with pytest.raises(ValueError, match="batas"):
        bad.check_columns({"nilai": [1.0]})  # no column: the parameter is tried
