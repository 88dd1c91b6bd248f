"""`cumulative_limit`: running sums per folded key in date order against per-row limits."""

from __future__ import annotations

import pytest

from rl_audit.checks.base import CheckError, NoData
from rl_audit.checks.cumulative_limit import NO_VALUE, run
from rl_audit.checks.notices import notices_of, unchecked_of
from rl_audit.checks.registry import REGISTRY
from tests.checks.conftest import make_input

TERMIN = {
    "keys": ["nomor_kontrak"],
    "date": "tanggal",
    "value": "nilai_bruto",
    "ceiling_expr": "nilai_kontrak * progres_fisik / 100",
    "tolerance": 1,
}
FILL = {"kind": "kontrak", "key": "nomor_kontrak", "columns": ["nilai_kontrak"]}


def pay(nomor: str, tanggal: str | None, progres: float, bruto: float, nilai: float | None):
    """One pembayaran row."""
    return {
        "nomor_kontrak": nomor,
        "jenis_pembayaran": "Termin",
        "tanggal": tanggal,
        "progres_fisik": progres,
        "nilai_bruto": bruto,
        "nilai_kontrak": nilai,
    }


def kontrak(nomor: str, nilai: float) -> dict[str, object]:
    """One kontrak row."""
    return {"nomor_kontrak": nomor, "nama_paket": "Paket", "nilai_kontrak": nilai}


def test_registered() -> None:
    assert REGISTRY["cumulative_limit"].run is run


def test_running_sum_follows_dates_not_file_order() -> None:
    rows = [
        pay("A/1", "2025-08-01", 60, 100, 500),  # cum 300 at 60 % → limit 300: ok
        pay("A/1", "2025-06-01", 30, 200, 500),  # first by date: 200 > 150 → excess 50
    ]
    out = run(make_input("pembayaran", rows, TERMIN))
    assert out["_idx"].tolist() == [1]
    assert out["_amount"].tolist() == [5000]
    assert out["_sum"].tolist() == [20000] and out["_ceiling"].tolist() == [15000]


def test_largest_excess_is_the_finding() -> None:
    rows = [
        pay("B", "2025-03-01", 10, 60, 500),  # excess 10
        pay("B", "2025-04-01", 20, 100, 500),  # cum 160, limit 100: excess 60
        pay("B", "2025-05-01", 40, 50, 500),  # cum 210, limit 200: excess 10
    ]
    out = run(make_input("pembayaran", rows, TERMIN))
    assert out["_idx"].tolist() == [1] and out["_amount"].tolist() == [6000]


def test_tolerance_is_strict_and_in_rupiah() -> None:
    at = [pay("C", "2025-03-01", 50, 50.01, 100)]  # 1 sen over: inside Rp1
    over = [pay("C", "2025-03-01", 50, 51.01, 100)]  # Rp1,01 over
    assert run(make_input("pembayaran", at, TERMIN)).empty
    assert run(make_input("pembayaran", over, TERMIN))["_amount"].tolist() == [101]


def test_undated_row_keeps_its_place_after_the_row_above() -> None:
    rows = [
        pay("D", "2025-03-01", 50, 50, 100),
        pay("D", None, 50, 10, 100),  # after the first: cum 60 > 50
        pay("D", "2025-02-01", 10, 0, 100),  # first by date (cum 0)
    ]
    out = run(make_input("pembayaran", rows, TERMIN))
    assert out["_idx"].tolist() == [1] and out["_amount"].tolist() == [1000]


def test_keys_fold_case_spacing_and_punctuation() -> None:
    rows = [
        pay("027/SPK/PUPRKP/2025", "2025-03-01", 50, 50, 100),
        pay("027 / spk / PUPRKP / 2025", "2025-04-01", 50, 10, 100),
    ]
    out = run(make_input("pembayaran", rows, TERMIN))
    assert out["_idx"].tolist() == [1] and out["_sum"].tolist() == [6000]


def test_fill_takes_the_value_from_the_other_document_by_folded_key() -> None:
    rows = [pay("027 / SPK / PUPRKP / 2025", "2025-03-01", 45, 100, None)]
    ci = make_input(
        "pembayaran",
        rows,
        {**TERMIN, "fill": FILL},
        others={"kontrak": [kontrak("027/SPK/PUPRKP/2025", 200)]},
    )
    out = run(ci)
    assert out["_amount"].tolist() == [1000]  # 100 − 200 × 45 %
    assert out["nilai_kontrak"].tolist() == [20000]
    assert unchecked_of(out) == 0


def test_own_value_wins_over_the_filled_one() -> None:
    rows = [pay("X", "2025-03-01", 50, 100, 200)]
    ci = make_input(
        "pembayaran", rows, {**TERMIN, "fill": FILL}, others={"kontrak": [kontrak("x", 100)]}
    )
    assert run(ci).empty  # 100 ≤ 200 × 50 %; the kontrak's 100 would have failed


def test_no_value_anywhere_is_an_input_problem_naming_the_contract() -> None:
    rows = [
        pay("099/SPK/2025", "2025-03-01", 50, 100, None),
        pay("099/SPK/2025", "2025-04-01", 60, 10, None),
    ]
    out = run(make_input("pembayaran", rows, {**TERMIN, "fill": FILL}))
    assert out.empty and out.attrs["evaluated"] == 0  # nothing else: the engine says error
    assert unchecked_of(out) == 2
    [notice] = notices_of(out)
    assert (notice.key, notice.kind, notice.rows, notice.column) == (
        NO_VALUE, "pembayaran", (0, 1), "nomor_kontrak",
    )  # fmt: skip
    assert notice.params["value"] == "099/SPK/2025"
    assert (notice.params["columns"], notice.params["other"]) == ("nilai_kontrak", "kontrak")


def test_unchecked_contracts_are_counted_beside_findings() -> None:
    rows = [
        pay("099/SPK/2025", "2025-03-01", 50, 100, None),
        pay("100/SPK/2025", "2025-03-01", 10, 100, 200),  # excess 80
    ]
    out = run(make_input("pembayaran", rows, {**TERMIN, "fill": FILL}))
    assert out["_idx"].tolist() == [1] and out["_amount"].tolist() == [8000]
    assert unchecked_of(out) == 1
    assert [n.params["value"] for n in notices_of(out)] == ["099/SPK/2025"]


def test_without_fill_nothing_is_unchecked() -> None:
    out = run(make_input("pembayaran", [pay("F", "2025-03-01", 50, 10, None)], TERMIN))
    assert out.empty and unchecked_of(out) == 0 and notices_of(out) == []


def test_required_fill_without_the_document_is_not_applicable() -> None:
    rows = [{"nomor_sp2d": "1", "tanggal_sp2d": "2025-03-01", "jenis": "LS", "nilai_bruto": 9}]
    options = {**TERMIN, "date": "tanggal_sp2d", "ceiling_expr": "nilai_kontrak"}
    options["fill"] = {**FILL, "required": True}
    options["absent_blank"] = ["nomor_kontrak"]
    with pytest.raises(NoData, match="kontrak"):
        run(make_input("sp2d", rows, options))


def test_required_fill_leaves_out_rows_without_a_match() -> None:
    rows = [
        {"nomor_sp2d": "1", "tanggal_sp2d": "2025-03-01", "jenis": "LS", "nilai_bruto": 150,
         "nomor_kontrak": "K-1"},
        {"nomor_sp2d": "2", "tanggal_sp2d": "2025-03-02", "jenis": "LS", "nilai_bruto": 900,
         "nomor_kontrak": "K-2"},
        {"nomor_sp2d": "3", "tanggal_sp2d": "2025-03-03", "jenis": "LS", "nilai_bruto": 60,
         "nomor_kontrak": "k 1"},
    ]  # fmt: skip
    options = {**TERMIN, "date": "tanggal_sp2d", "ceiling_expr": "nilai_kontrak"}
    options["fill"] = {**FILL, "required": True}
    out = run(make_input("sp2d", rows, options, others={"kontrak": [kontrak("K/1", 200)]}))
    assert out["_idx"].tolist() == [2] and out["_amount"].tolist() == [1000]
    assert out["nilai_kontrak"].tolist() == [20000]  # shown in rupiah although sp2d has none


def test_contract_list_without_numbers_cannot_fill() -> None:
    unnumbered = {"kontrak": [{"nama_paket": "Paket", "nilai_kontrak": 100}]}
    rows = [pay("G", "2025-03-01", 50, 10, None)]
    out = run(make_input("pembayaran", rows, {**TERMIN, "fill": FILL}, others=unnumbered))
    assert out.empty and unchecked_of(out) == 1
    sp2d = [{"nomor_sp2d": "1", "tanggal_sp2d": "2025-03-01", "jenis": "LS", "nilai_bruto": 9,
             "nomor_kontrak": "G"}]  # fmt: skip
    options = {**TERMIN, "date": "tanggal_sp2d", "fill": {**FILL, "required": True}}
    with pytest.raises(NoData, match="without column nomor_kontrak"):
        run(make_input("sp2d", sp2d, options, others=unnumbered))


def test_nothing_compared_says_so() -> None:
    rows = [pay("E", "2025-03-01", 50, 100, 100)]
    out = run(make_input("pembayaran", rows, {**TERMIN, "where": "progres_fisik > 60"}))
    assert out.empty and out.attrs["evaluated"] == 0


def test_missing_key_column_is_an_error() -> None:
    rows = [{"jenis_pembayaran": "Termin", "tanggal": "2025-03-01", "nilai_bruto": 1}]
    with pytest.raises(CheckError, match="nomor_kontrak"):
        run(make_input("pembayaran", rows, TERMIN))
