"""Extensions used by the perjadin/aset rules: lookup (absent_blank, parameter defaults,
labels), interval_overlap (digits keys, absent amount column), grade() and has_word()."""

from __future__ import annotations

import pandas as pd
import pytest

from rl_audit.checks import interval_overlap, lookup
from rl_audit.checks.base import CheckError
from rl_audit.expr.evaluate import FUNCTIONS, Scope, evaluate
from tests.checks.conftest import make_input

HOTEL = [
    {"provinsi": "Bengkulu", "tingkat": "eselon II", "rate": 1_628_000, "label": "Bengkulu II"},
    {"provinsi": "Bengkulu", "tingkat": "gol III", "rate": 692_000},
]
PD04 = {
    "table": "hotel",
    "match": {"provinsi": "provinsi_tujuan", "tingkat": "grade(eselon, golongan)"},
    "default_match": {"provinsi": "default_provinsi", "tingkat": "gol III"},
    "absent_blank": ["provinsi_tujuan", "eselon", "golongan", "jumlah_malam"],
    "per_unit": "penginapan / coalesce(jumlah_malam, lama_hari - 1)",
    "units": "coalesce(jumlah_malam, lama_hari - 1)",
}
PARAMS = {"hotel": HOTEL, "default_provinsi": "Bengkulu"}


def stay(penginapan: float, lama: int, **extra: object) -> dict:
    return {"nama": "x", "nip": "1", "lama_hari": lama, "penginapan": penginapan, **extra}


def test_lookup_absent_blank_columns_and_parameter_default() -> None:
    rows = [stay(1_500_000, 3, golongan="Penata Muda / III.a"), stay(600_000, 2)]
    out = lookup.run(make_input("perjadin", rows, PD04, PARAMS))
    assert out["_idx"].tolist() == [0]
    assert out["_amount"].tolist() == [11_600_000]  # (750.000 − 692.000) × 2 nights
    assert out["_label"].tolist() == ["Bengkulu / gol III"]  # no label: the match values
    without = {**PD04, "absent_blank": ["provinsi_tujuan", "eselon", "golongan"]}
    with pytest.raises(CheckError, match="jumlah_malam"):
        lookup.run(make_input("perjadin", rows, without, PARAMS))


def test_lookup_label_field_and_present_columns_win() -> None:
    rows = [
        stay(2_000_000, 3, eselon="Kepala Dinas / II.a", jumlah_malam=1),
        stay(2_000_000, 3, eselon="Staf", golongan="III/b", jumlah_malam=None),
    ]
    out = lookup.run(make_input("perjadin", rows, PD04, PARAMS))
    assert out["_label"].tolist() == ["Bengkulu II", "Bengkulu / gol III"]
    assert out["_amount"].tolist() == [37_200_000, 61_600_000]


def test_lookup_default_naming_no_parameter_is_a_literal() -> None:
    opts = {**PD04, "default_match": {"provinsi": "Bengkulu", "tingkat": "gol III"}}
    out = lookup.run(make_input("perjadin", [stay(700_000, 2)], opts, {"hotel": HOTEL}))
    assert out["_amount"].tolist() == [800_000]


def test_lookup_total_zero_units_is_the_whole_total() -> None:
    spread = {k: v for k, v in PD04.items() if k != "per_unit"}
    spread |= {"total": "penginapan", "units": "if(jumlah_malam > 0, jumlah_malam, lama_hari - 1)"}
    rows = [
        stay(350_000.5, 1),  # same-day return: 0 nights, the whole hotel bill
        stay(1_384_000, 3, jumlah_malam=0),  # 0 recorded, 2 nights by length: at the rate
        stay(0, 1),  # nothing paid: no finding
        stay(200_000, 0),  # −1 night (length 0): the whole bill
        stay(1_500_000, 3),  # (750.000 − 692.000) × 2
    ]
    out = lookup.run(make_input("perjadin", rows, spread, PARAMS))
    assert out["_idx"].tolist() == [0, 3, 4]
    assert out["_amount"].tolist() == [35_000_050, 20_000_000, 11_600_000]
    assert out["_units"].tolist() == [0, -1, 2]
    assert out["_per_unit"].isna().tolist() == [True, True, False]


PD01 = {"key": "nip", "digits": ["nip"], "start": "tgl_berangkat", "end": "tgl_kembali"}


def test_interval_overlap_digit_keys_and_absent_amount_column() -> None:
    nips = ["19800312 200604 2 015", "NIP. 198003122006042015", "-", "-"]
    starts = ["2025-05-01", "2025-05-03", "2025-05-03", "2025-05-03"]
    ends = ["2025-05-04", "2025-05-05", "2025-05-05", "2025-05-05"]
    rows = [
        {"nip": n, "tgl_berangkat": a, "tgl_kembali": b}
        for n, a, b in zip(nips, starts, ends, strict=True)
    ]
    out = interval_overlap.run(make_input("perjadin", rows, {**PD01, "amount_column": "jumlah"}))
    assert out["_idx"].tolist() == [0, 1] and out["_group"].nunique() == 1
    assert out["_amount"].isna().all()
    plain = interval_overlap.run(make_input("perjadin", rows, {**PD01, "digits": []}))
    assert plain["_idx"].tolist() == [2, 3]  # without digits: the NIPs differ, "-" = "-"


@pytest.mark.parametrize(
    ("eselon", "golongan", "grade"),
    [
        ("II.a", None, "eselon II"),
        ("Eselon III", "IV/a", "eselon III"),
        ("Kepala Bidang / III.a", "Pembina / IV.a", "eselon III"),
        ("eselon 4", None, "eselon IV"),
        ("Staf", "IV/a", "gol IV"),
        (None, "Penata Tk.I (III/d)", "gol III"),
        ("Non Eselon", "Penata Muda Tk. I / III.b", "gol III"),
        ("JF Ahli Muda", "iii/a", "gol III"),
        ("V.a", "II/c", "gol II"),
        (None, "Pengatur Tk.I", "gol II"),
        (None, "Juru Muda", "gol I"),
        (None, "Gol. 3", "gol III"),
        (None, "IX", None),
        (None, None, None),
    ],
)
def test_grade(eselon: str | None, golongan: str | None, grade: str | None) -> None:
    frame = pd.DataFrame({"eselon": [eselon], "golongan": [golongan]}, dtype="string")
    found = evaluate("grade(eselon, golongan)", Scope(frame)).iloc[0]
    assert (None if pd.isna(found) else found) == grade
    scalar = FUNCTIONS["grade"](eselon, golongan)  # literal arguments give a scalar
    assert (None if pd.isna(scalar) else scalar) == grade


def test_has_word_whole_words_after_folding() -> None:
    text = pd.Series(["Mobil Ambulance", "Konstruksi", "Pick-Up L300", "Busa", None, "Bus"])
    words = ["mobil", "pick up", "truk", "bus"]
    assert FUNCTIONS["has_word"](text, words).tolist() == [True, False, True, False, False, True]
    assert FUNCTIONS["has_word"]("Sepeda Motor", "sepeda motor") is True
    assert FUNCTIONS["has_word"](text, []).tolist() == [False] * 6
