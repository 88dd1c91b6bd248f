"""`repeated` (HIB-03): one key on two or more rows of one calendar year."""

from __future__ import annotations

import pytest

from rl_audit.checks.base import CheckError
from rl_audit.checks.registry import REGISTRY
from rl_audit.checks.repeated import run
from tests.checks.conftest import make_input

OPTIONS = {
    "key": 'if(digits(nik_npwp) != "", digits(nik_npwp), party(penerima))',
    "date": "tanggal_sp2d",
    "amount_column": "nilai",
    "absent_blank": ["nik_npwp"],
}


def grant(penerima: str, tanggal: str | None, nilai: float, nik: str | None = None) -> dict:
    """One hibah row."""
    return {"penerima": penerima, "nik_npwp": nik, "tanggal_sp2d": tanggal, "nilai": nilai}


def test_registered() -> None:
    assert REGISTRY["repeated"].run is run


def test_same_recipient_written_two_ways_amount_after_the_first_by_date() -> None:
    rows = [
        grant("YAYASAN AL IKHLAS", "2025-08-01", 300),  # later by date, first in the file
        grant("Masjid Al Ikhlas", "2025-05-01", 999),  # another recipient
        grant("Yay. Al-Ikhlas", "2025-03-01", 500),  # first by date
        grant("Yayasan Al-Ikhlas", "2025-09-15", 200.5),
    ]
    out = run(make_input("hibah", rows, OPTIONS))
    assert out["_idx"].tolist() == [0, 2, 3]
    assert set(out["_group"]) == {out["_group"].iloc[0]}
    assert out["_amount"].tolist() == [50_050] * 3  # 300 + 200,50, not the first 500
    assert out["_dates"].iloc[0] == "01/03/2025; 01/08/2025; 15/09/2025"
    assert out["_count"].tolist() == [3, 3, 3]
    assert out.attrs["evaluated"] == 4


def test_nik_first_then_name_and_years_apart() -> None:
    rows = [
        grant("Budi", "2025-02-01", 100, nik="1702 0123 4567 8901"),
        grant("H. BUDI SANTOSO", "2025-06-01", 100, nik="1702012345678901"),  # same NIK
        grant("Siti", "2024-12-31", 100),
        grant("SITI", "2025-01-01", 100),  # another year: not repeated
        grant("Siti", None, 100),  # no date: skipped
    ]
    out = run(make_input("hibah", rows, OPTIONS))
    assert out["_idx"].tolist() == [0, 1]
    assert out["_amount"].tolist() == [10_000, 10_000]
    assert out["_paid_year"].tolist() == ["2025", "2025"]


def test_single_payments_and_blank_keys_pass() -> None:
    rows = [grant("A", "2025-01-01", 1), grant("", "2025-01-02", 1), grant("", "2025-01-03", 1)]
    out = run(make_input("hibah", rows, OPTIONS))
    assert out.empty


def test_without_amount_column_no_amount() -> None:
    rows = [grant("A", "2025-01-01", 1), grant("a", "2025-01-02", 1)]
    options = {k: v for k, v in OPTIONS.items() if k != "amount_column"}
    out = run(make_input("hibah", rows, options))
    assert out["_amount"].isna().all() and len(out) == 2


def test_missing_date_column_is_an_error() -> None:
    rows = [{"penerima": "A", "nilai": 1}]
    with pytest.raises(CheckError, match="tanggal_sp2d"):
        run(make_input("hibah", rows, OPTIONS))
