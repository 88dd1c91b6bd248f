"""Check extensions for the anggaran/analitik rules: side alternatives, blank columns,
row mode with subtotal rows and `tree_sum` (reconcile), per-side dates and parameter
targets (aggregate_target), several document kinds at once (benford)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from rl_audit.checks import aggregate_target, benford, reconcile
from rl_audit.checks.base import CheckError
from rl_audit.documents import Document
from rl_audit.expr_eval import FUNCTIONS
from tests.checks.conftest import frame_of, make_input

JT = 1_000_000
SEN = 100
BELANJA = 'startswith(kode_rekening, "5.")'
SPEND_DATE = (
    'if(fold(jenis_transaksi) == "ls", coalesce(tanggal_transfer, tanggal_dokumen), '
    "tanggal_dokumen)"
)
LRA_SIDE = {"kind": "anggaran", "value": "realisasi", "when": BELANJA}
DOC_SIDE = {
    "kind": "realisasi",
    "value": "nilai_realisasi - nilai_setoran",
    "absent_zero": ["nilai_setoran"],
    "absent_blank": ["jenis_transaksi", "tanggal_transfer"],
    "when": f"{BELANJA} and year({SPEND_DATE}) == year",
}
ANG01 = {
    "keys": ["kode_rekening"],
    "left": [LRA_SIDE, DOC_SIDE],
    "right": {"kind": "anggaran", "value": "anggaran", "when": BELANJA},
}


def line(kode: str, nilai: float, day: str = "2025-03-03", **extra: Any) -> dict[str, Any]:
    """A realisasi line (rupiah)."""
    return {
        "kode_rekening": kode,
        "nomor_dokumen": extra.pop("nomor", f"TBP/{day}"),
        "tanggal_dokumen": day,
        "nilai_realisasi": nilai,
        **extra,
    }


# --- reconcile: alternatives and blank columns (ANG-01) ------------------------------------


@pytest.mark.parametrize(
    ("lra_realisasi", "expected"),
    [
        (11 * JT, {("anggaran", 0): 1 * JT * SEN}),  # the LRA column is used
        (None, {("anggaran", 0): 2 * JT * SEN}),  # blank column: the documents are used
    ],
)
def test_ang01_alternative_sides(lra_realisasi: float | None, expected: dict) -> None:
    lra = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT, "realisasi": lra_realisasi}]
    docs = [
        line("5.1.02.01.01.0024", 7 * JT, jenis_transaksi="GU"),
        # LS: dated by its transfer, in 2025 although the SPP is from 2024
        line(
            "5.1.02.01.01.0024",
            5 * JT,
            "2024-12-30",
            jenis_transaksi="LS",
            tanggal_transfer="2025-01-02",
        ),
        # another year: not counted
        line("5.1.02.01.01.0024", 9 * JT, "2024-06-03", jenis_transaksi="GU"),
    ]
    ci = make_input("anggaran", lra, ANG01, {"year": 2025}, others={"realisasi": docs})
    out = reconcile.run(ci)
    found = dict(zip(zip(out["_kind"], out["_idx"], strict=True), out["_amount"], strict=True))
    assert found == expected


def test_ang01_documents_without_optional_columns() -> None:
    """No jenis_transaksi, tanggal_transfer, nilai_setoran: blank/zero, not an error."""
    lra = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT}]
    docs = [line("5.1.02.01.01.0024", 10 * JT + 0.01), line("4.1.02.01.01.0001", 99 * JT)]
    ci = make_input("anggaran", lra, ANG01, {"year": 2025}, others={"realisasi": docs})
    assert list(reconcile.run(ci)["_amount"]) == [1]


def test_ang01_no_realised_data_names_the_missing_document() -> None:
    lra = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT}]
    with pytest.raises(CheckError, match="realisasi"):
        reconcile.run(make_input("anggaran", lra, ANG01, {"year": 2025}))


def test_with_blank_types_the_missing_columns() -> None:
    frame = frame_of("realisasi", [line("5.1", 1)])
    out = aggregate_target.with_blank(frame, "realisasi", ["tanggal_transfer", "nilai_sp2d", "x"])
    assert pd.api.types.is_datetime64_any_dtype(out["tanggal_transfer"])
    assert str(out["nilai_sp2d"].dtype) == "Int64" and out["x"].isna().all()
    assert aggregate_target.with_blank(frame, "realisasi", None) is frame


# --- tree_sum -------------------------------------------------------------------------------


def test_tree_sum_blocks_follow_row_order() -> None:
    codes = pd.Series(
        [
            "5",
            "5.1",
            "5.1.02.",
            "5.1.02.01.01.0024",
            " 5.1.02.01.01.0026",
            "5.2",
            "5.2.02.10.01.0002",
            "4",
            None,
            "1",
            "1.02",
            "1.02.01",
            "1",
            "1.02.x",
        ],
        dtype="string",
    )
    values = pd.Series([0, 0, 0, 10, 20, 0, 5, 0, 7, 0, 0, 7, 0, None], dtype="Float64")
    got = FUNCTIONS["tree_sum"](codes, values)
    expected = [35, 30, 30, None, None, 5, None, None, None, 7, 7, None, 0, None]
    assert [None if np.isnan(v) else v for v in got] == expected


# --- reconcile row mode (ANG-03) --------------------------------------------------------------

ROWS = [
    {
        "label": "subtotal anggaran",
        "left": {"value": "anggaran"},
        "right": {"value": "tree_sum(kode_rekening, anggaran)"},
        "tolerance": "tol",
    },
    {
        "label": "sisa",
        "left": {"value": "abs(sisa)"},
        "right": {"value": "abs(anggaran - realisasi)"},
        "tolerance": "tol",
    },
    {
        "label": "persen",
        "left": {"value": "persen"},
        "right": {"value": "realisasi / anggaran * 100", "when": "anggaran != 0"},
        "tolerance": 0.01,
        "amount": "abs(realisasi - persen / 100 * anggaran)",
    },
]


def lra_doc(rows: list[dict[str, Any]]) -> Document:
    """An anggaran Document whose frame holds subtotal rows (role from `sub`)."""
    frame = frame_of("anggaran", [{k: v for k, v in r.items() if k != "sub"} for r in rows])
    frame["_role"] = ["subtotal" if r.get("sub") else "data" for r in rows]
    frame["_row"] = range(10, 10 + len(rows))
    frame = frame.drop(columns=["_doc", "_idx"])
    return Document("lra.xlsx", "LRA", "anggaran", 1.0, None, frame, {}, [9], [])


def row_input(rows: list[dict[str, Any]], options: dict[str, Any]) -> Any:
    doc = lra_doc(rows)
    data = doc.frame[doc.frame["_role"] == "data"]
    ci = make_input("anggaran", [], options, {"tol": 1})
    frames = {"anggaran": data.assign(_doc=0, _idx=data.index)}
    return replace(ci, frames=frames, docs={"anggaran": [doc]})


def lra_row(
    kode: str, anggaran: float, realisasi: float, sisa: float, persen: float, sub: bool = False
) -> dict[str, Any]:
    return {
        "kode_rekening": kode,
        "anggaran": anggaran,
        "realisasi": realisasi,
        "sisa": sisa,
        "persen": persen,
        "sub": sub,
    }


def test_rows_mode_subtotal_sisa_persen() -> None:
    rows = [
        lra_row("5.1.02", 31 * JT, 25.5 * JT, 5.5 * JT, 85, sub=True),  # ≠ its leaves
        lra_row("5.1.02.01.01.0024", 10 * JT, 9 * JT, 1 * JT + 2, 90),  # sisa off by 2
        lra_row("5.1.02.01.01.0026", 20 * JT, 16.5 * JT, -3.5 * JT, 82.51),  # within 0,01
        lra_row("5.1.02.01.01.0027", 0, 0, 0, 50),  # no budget: persen not judged
    ]
    out = reconcile.run(row_input(rows, {"subtotals": True, "rows": ROWS}))
    assert list(out["_idx"]) == [0, 1] and list(out["_label"]) == ["subtotal anggaran", "sisa"]
    assert list(out["_amount"]) == [1 * JT * SEN, 2 * SEN]
    assert list(out["_row"]) == [10, 11]  # the subtotal row carries its own Excel row
    assert out.loc[0, "kode_rekening"] == "5.1.02" and out.loc[0, "_left"] == 31 * JT * SEN
    assert out.loc[0, "_right"] == 30 * JT * SEN and out["_group"].is_unique


def test_rows_mode_persen_amount_and_first_failure_only() -> None:
    rows = [lra_row("5.1.02.01.01.0024", 10 * JT, 9 * JT, 2 * JT, 92)]
    out = reconcile.run(row_input(rows, {"rows": ROWS}))
    assert list(out["_label"]) == ["sisa"]  # persen also fails: one finding per row
    out = reconcile.run(row_input(rows, {"rows": ROWS[2:]}))
    assert list(out["_amount"]) == [200_000 * SEN] and out.loc[0, "_difference"] == 200


def test_rows_mode_skips_comparisons_on_missing_columns_and_blank_cells() -> None:
    rows = [
        {"kode_rekening": "5.2", "anggaran": 10, "sub": True},
        {"kode_rekening": "5.2.01", "anggaran": 6},
        {"kode_rekening": "5.2.02", "anggaran": None},
    ]
    out = reconcile.run(row_input(rows, {"subtotals": True, "rows": ROWS}))
    assert list(out["_idx"]) == [0] and out.loc[0, "_amount"] == 4 * SEN
    with pytest.raises(CheckError, match="not a number"):
        reconcile.run(row_input(rows, {"subtotals": True, "rows": [{**ROWS[0], "tolerance": "x"}]}))


def test_rows_mode_float_noise_is_not_a_difference() -> None:
    rows = [lra_row("5.1.02.01.01.0026", 20 * JT, 16.5 * JT, 3.5 * JT, 82.51)]
    assert reconcile.run(row_input(rows, {"rows": ROWS[2:]})).empty


# --- aggregate_target (ANG-02) ------------------------------------------------------------------

QUARTERS = [
    {"until": "03-31", "target": "tw1"},
    {"until": "06-30", "target": "tw2"},
    {"until": "09-30", "target": 65},
    {"until": "12-31", "target": "tw4"},
]
ANG02 = {
    "targets": QUARTERS,
    "severity_below_fraction": "half",
    "numerator": [LRA_SIDE, {**DOC_SIDE, "date": SPEND_DATE}],
    "denominator": {"kind": "anggaran", "value": "anggaran", "when": BELANJA},
}
PARAMS = {"tw1": 15, "tw2": 40, "tw4": 90, "half": 0.5, "year": 2025}


@pytest.mark.parametrize(
    ("transfer", "as_of", "ratio", "severity"),
    [
        ("2025-10-01", "2025-09-30", 59.0, None),  # LS transferred after the as-of date
        ("2025-09-30", "2025-09-30", None, None),
        (None, "2025-06-30", 39.9, None),  # not yet transferred: dated by its document
    ],
)
def test_ang02_documents_dated_by_transfer(
    transfer: str | None, as_of: str, ratio: float | None, severity: str | None
) -> None:
    docs = [
        line(
            "5.1.02.01.01.0024", 300 * JT, "2025-02-10", jenis_transaksi="GU", nilai_setoran=10 * JT
        ),
        line(
            "5.1.02.01.01.0024",
            109 * JT,
            "2025-06-30",
            jenis_transaksi="LS",
            tanggal_transfer=transfer,
            nilai_setoran=0,
        ),
        line("5.1.02.01.01.0024", 300 * JT, "2025-09-15", jenis_transaksi="GU", nilai_setoran=0),
        line("4.1.01.01.01.0001", 900 * JT, "2025-01-15", jenis_transaksi="GU", nilai_setoran=0),
    ]
    if transfer is None:
        docs = docs[:2]
    lra = [
        {"kode_rekening": "4.1.01.01.01.0001", "anggaran": 5e9},
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 1e9},
    ]
    out = aggregate_target.run(
        make_input("anggaran", lra, ANG02, PARAMS, as_of, {"realisasi": docs})
    )
    if ratio is None:
        assert out.empty
        return
    assert out.loc[0, "_ratio"] == ratio and out.loc[0, "_idx"] == 1
    assert (
        pd.isna(out.loc[0, "_severity"])
        if severity is None
        else out.loc[0, "_severity"] == severity
    )


def test_ang02_lra_column_first_and_bad_target_parameter() -> None:
    lra = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 1e9, "realisasi": 149.9 * JT}]
    out = aggregate_target.run(make_input("anggaran", lra, ANG02, PARAMS, "2025-03-31"))
    assert out.loc[0, "_ratio"] == 14.9 and out.loc[0, "_target"] == 15
    low = [{**lra[0], "realisasi": 74.9 * JT}]
    out = aggregate_target.run(make_input("anggaran", low, ANG02, PARAMS, "2025-03-31"))
    assert out.loc[0, "_severity"] == "medium"
    with pytest.raises(CheckError, match="bad entry"):
        aggregate_target.run(
            make_input("anggaran", lra, ANG02, {**PARAMS, "tw1": "x"}, "2025-03-31")
        )


# --- benford over several kinds (ANL-01) ---------------------------------------------------------


def test_benford_columns_test_every_kind_present() -> None:
    fives = 5 * 10 ** np.random.default_rng(3).integers(2, 7, 400)
    bku = [{"tanggal": "2025-01-02", "pengeluaran": float(v)} for v in fives]
    conforming = 10 ** np.random.default_rng(5).uniform(2, 8, 3000)
    rls = [line("5.1", round(float(v), 2)) for v in conforming]
    kib = [{"kode_barang": "1.3", "nama_barang": "x", "harga": float(v)} for v in fives]
    options = {"columns": ["pengeluaran", "nilai_realisasi", "harga"], "min_count": 300}
    ci = make_input("bku", bku, options, others={"realisasi": rls, "kib": kib})
    out = benford.run(ci)
    assert sorted(out["_kind"]) == ["bku", "kib"] and out["_group"].is_unique
    assert list(out["_count"]) == [400, 400] and out["_limit_pct"].iloc[0] == 1.5
    assert benford.run(make_input("pajak", [], {"columns": ["pengeluaran"]})).empty
