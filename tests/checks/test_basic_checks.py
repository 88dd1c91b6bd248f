from __future__ import annotations

import pytest

from rl_audit.checks import pattern, required, row_condition
from rl_audit.checks.base import CheckError
from tests.checks.conftest import make_input

BKU = [
    {
        "tanggal": "2025-01-02",
        "uraian": "ATK",
        "pengeluaran": 6_000_000,
        "cara_bayar": "Tunai",
        "no_bukti": "B1",
    },
    {
        "tanggal": "2025-01-03",
        "uraian": "BBM",
        "pengeluaran": 5_000_000,
        "cara_bayar": "tunai",
        "no_bukti": None,
    },
    {
        "tanggal": "2025-01-04",
        "uraian": "Sewa",
        "pengeluaran": 9_000_000,
        "cara_bayar": "Transfer",
        "no_bukti": " ",
    },
    {
        "tanggal": "2025-01-05",
        "uraian": "Saldo",
        "pengeluaran": 0,
        "cara_bayar": None,
        "no_bukti": None,
    },
]


@pytest.mark.parametrize(
    ("where", "params", "rows"),
    [
        ('lower(cara_bayar) == "tunai" and pengeluaran > cash_limit', {"cash_limit": 5e6}, [0]),
        ('lower(cara_bayar) == "tunai" and pengeluaran >= cash_limit', {"cash_limit": 5e6}, [0, 1]),
        ("pengeluaran > 100000000", {}, []),
        ("cara_bayar is blank", {}, [3]),
    ],
)
def test_row_condition(where: str, params: dict, rows: list[int]) -> None:
    ci = make_input("bku", BKU, {"where": where}, params)
    assert list(row_condition.run(ci)["_idx"]) == rows


def test_row_condition_unknown_name_is_error() -> None:
    ci = make_input("bku", BKU, {"where": "pengeluaran > no_such_limit"})
    with pytest.raises(CheckError, match="no_such_limit"):
        row_condition.run(ci)


def test_required_with_when_and_whitespace_blank() -> None:
    ci = make_input("bku", BKU, {"columns": ["no_bukti"], "when": "pengeluaran > 0"})
    assert list(required.run(ci)["_idx"]) == [1, 2]


def test_required_missing_column_is_error() -> None:
    ci = make_input("bku", BKU, {"columns": ["saldo"]})
    with pytest.raises(CheckError, match="saldo"):
        required.run(ci)


@pytest.mark.parametrize(
    ("npwp", "blank_fails", "bad"),
    [
        (["01.234.567.8-901.000", "0123456789012345", "12345", None], False, [2]),
        (["01.234.567.8-901.000", "0123456789012345", "12345", None], True, [2, 3]),
    ],
)
def test_pattern_npwp_digits(npwp: list, blank_fails: bool, bad: list[int]) -> None:
    rows = [{"nama_paket": "p", "nama_penyedia": "v", "npwp": n} for n in npwp]
    opts = {
        "column": "npwp",
        "regex": "[0-9]{15,16}",
        "normalise": "digits",
        "blank_fails": blank_fails,
    }
    ci = make_input("kontrak", rows, opts)
    assert list(pattern.run(ci)["_idx"]) == bad


def test_pattern_bad_regex_is_error() -> None:
    ci = make_input("kontrak", [{"npwp": "1"}], {"column": "npwp", "regex": "(["})
    with pytest.raises(CheckError):
        pattern.run(ci)
