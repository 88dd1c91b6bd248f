"""`plate(text)`: the number plate a text names, folded; look-alikes are no plates."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rl_audit.expr.evaluate import Scope, evaluate
from rl_audit.expr.parse import parse
from rl_audit.expr.plates import NOT_SUFFIX, REGIONS, plate
from rl_audit.expr.types import expression_errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BD 1234 AB", "BD1234AB"),
        ("BD1234AB", "BD1234AB"),
        ("BD-1234-AB", "BD1234AB"),
        ("bd.1234.ab", "BD1234AB"),
        ("Belanja BBM Pertalite kendaraan dinas BD 1027 FY (Kasi Yankes)", "BD1027FY"),
        ("Servis BD 6571 CA ganti oli", "BD6571CA"),
        ("BD 8 A", "BD8A"),
        ("B 1234 XYZ", "B1234XYZ"),
        ("BBM BD 1234", "BD1234"),
        ("BBM BD 1234 dan BD 5678 AB", "BD1234"),  # "dan" is no suffix; the first plate wins
        ("BBM mobil BD 1234 AB, BD 5678 CD", "BD1234AB"),
    ],
)
def test_plates_are_found_and_folded(text: str, expected: str) -> None:
    assert plate(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5.1.02.01",
        "5.1.02.01.01.0024 Belanja BBM",
        "No 12 A",
        "No. 12 A",
        "Rp 1.500.000",
        "Rp.1.500.000,-",
        "Gedung B 12",  # a one-letter region needs its letters after the number
        "B 1.500 liter",
        "BD 12345 AB",  # five digits
        "BD1234ABCD",  # four letters run on
        "KM 12",
        "Pertalite 50 L",
        "Tahun 2025",
        "BLUD 2025",
        "SPM 0012",
        "",
        None,
    ],
)
def test_look_alikes_are_no_plates(text: str | None) -> None:
    assert plate(text) is None


def test_a_column_gives_a_column_and_types_as_text() -> None:
    frame = pd.DataFrame({"uraian": pd.Series(["BBM BD 1 A", None, "ATK"], dtype="string")})
    found = evaluate("plate(uraian)", Scope(frame))
    assert list(found.fillna("")) == ["BD1A", "", ""]
    assert expression_errors(parse('plate(uraian) == "BD1A"'), {"uraian": "text"}) == []
    assert expression_errors(parse("plate(uraian) > 1"), {"uraian": "text"}) != []


_REGION = st.sampled_from(sorted(r for r in REGIONS if len(r) == 2))
_SUFFIX = st.text("ABCDEFGHJKLMNPRSTUVWXYZ", min_size=0, max_size=3).filter(
    lambda s: s not in NOT_SUFFIX
)
_SEP = st.sampled_from(["", " ", "  ", ".", "-", " - ", ". "])


@given(
    _REGION, st.integers(1, 9999), _SUFFIX, _SEP, _SEP, st.booleans(), st.sampled_from(["", "BBM "])
)
def test_any_spelling_of_a_plate_folds_to_one_text(
    region: str, number: int, suffix: str, sep1: str, sep2: str, lower: bool, lead: str
) -> None:
    written = f"{region}{sep1}{number}" + (f"{sep2}{suffix}" if suffix else "")
    written = written.lower() if lower else written
    assert plate(f"{lead}{written} bulan Maret") == f"{region}{number}{suffix}"


@given(st.text(alphabet="0123456789.,- ", max_size=30))
def test_numbers_and_codes_alone_are_never_plates(text: str) -> None:
    assert plate(text) is None


@given(st.text(max_size=40))
def test_plate_never_fails_and_gives_a_folded_plate_or_blank(text: str) -> None:
    found = plate(text)
    assert found is None or (found.isalnum() and found.upper() == found and found[0].isalpha())
