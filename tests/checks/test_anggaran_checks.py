"""Check extensions for the anggaran/analitik rules: side alternatives, blank columns,
per-document pairing, row mode with subtotal rows along the code tree and per-sheet
signs (reconcile), per-side dates, parameter targets and budgets read from the spending
root (aggregate_target), several document kinds at once (benford)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from rl_audit.checks import aggregate_target, benford, reconcile, sides
from rl_audit.checks.base import CheckError, NoData
from rl_audit.documents import Document
from rl_audit.findings import Measure
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


def test_ang01_no_realised_data_is_no_data_naming_the_documents() -> None:
    lra = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT}]
    with pytest.raises(NoData, match="anggaran, realisasi"):
        reconcile.run(make_input("anggaran", lra, ANG01, {"year": 2025}))


def test_with_blank_types_the_missing_columns() -> None:
    frame = frame_of("realisasi", [line("5.1", 1)])
    out = sides.with_blank(frame, "realisasi", ["tanggal_transfer", "nilai_sp2d", "x"])
    assert pd.api.types.is_datetime64_any_dtype(out["tanggal_transfer"])
    assert str(out["nilai_sp2d"].dtype) == "Int64" and out["x"].isna().all()
    assert sides.with_blank(frame, "realisasi", None) is frame


# --- reconcile row mode (ANG-03) --------------------------------------------------------------

ROWS = [
    {"label": "subtotal anggaran", "tree": "anggaran", "tolerance": "tol"},
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


# --- second wave: per-sheet sign, `unless`, the cell named, rows evaluated ----------------


def test_rows_mode_sign_follows_the_sheet_and_names_its_column() -> None:
    selisih = {
        "label": "selisih",
        "left": {"value": "selisih"},
        "right": {"value": "realisasi - anggaran"},
        "sign": "sheet",
        "column": "selisih",
        "tolerance": "tol",
    }
    rows = [
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10, "realisasi": 9, "selisih": 1},
        {"kode_rekening": "5.1.02.01.01.0025", "anggaran": 20, "realisasi": 15, "selisih": 5},
        {"kode_rekening": "5.1.02.01.01.0026", "anggaran": 20, "realisasi": 16, "selisih": -4},
    ]
    out = reconcile.run(row_input(rows, {"rows": [selisih]}))
    # the sheet writes anggaran − realisasi: only the row with the other sign is wrong
    assert list(out["_idx"]) == [2] and out.loc[0, "_amount"] == 8 * SEN
    assert out.loc[0, "_right"] == 4 * SEN and out.loc[0, "_column"] == "selisih"
    assert out.attrs["evaluated"] == 3


def test_rows_mode_tree_skipped_when_its_rows_are_checked_otherwise() -> None:
    rows = [
        lra_row("5.1.02", 30 * JT, 25 * JT, 5 * JT, 83.33, sub=True),
        lra_row("5.1.02.01.01.0024", 10 * JT, 9 * JT, 3 * JT, 90),  # sisa wrong: reported once
        lra_row("5.1.02.01.01.0026", 20 * JT, 16 * JT, 4 * JT, 80),
    ]
    sisa_tree = {"label": "subtotal sisa", "tree": "sisa", "tolerance": "tol"}
    both = {"subtotals": True, "rows": [sisa_tree, ROWS[1]]}
    out = reconcile.run(row_input(rows, both))  # the leaf's sisa explains the subtotal's
    assert list(out["_idx"]) == [1] and list(out["_case"]) == ["cell"]
    covered = {"subtotals": True, "rows": [{**sisa_tree, "unless": "realisasi"}, ROWS[1]]}
    out = reconcile.run(row_input(rows, covered))
    assert list(out["_idx"]) == [1] and list(out["_label"]) == ["sisa"]


def test_rows_mode_malformed_tree_is_not_judged_and_amounts_stop_at_the_top() -> None:
    repeated = [
        {"kode_rekening": "5.1.02.04", "anggaran": 42, "sub": True},
        {"kode_rekening": "5.1.02.04.01", "anggaran": 42, "sub": True},
        {"kode_rekening": "5.1.02.04.01.0001", "anggaran": 42},
        {"kode_rekening": "5.1.02.04.01", "anggaran": 42, "sub": True},  # a page's repeat
        {"kode_rekening": "5.1.02.04.01.0001", "anggaran": 42},
    ]
    out = reconcile.run(row_input(repeated, {"subtotals": True, "rows": ROWS[:1]}))
    assert out.empty and out.attrs["evaluated"] == 0
    wild = [lra_row("5.1.02.01.01.0024", 10 * JT, 9 * JT, 9e12, 90)]  # sisa typed 10^12 too big
    out = reconcile.run(row_input(wild, {"rows": ROWS[1:2]}))
    assert out.loc[0, "_amount"] == (9e12 - 1 * JT) * SEN  # its own top: that very cell
    capped = [lra_row("5", 10 * JT, 9 * JT, 1 * JT, 90, sub=True), *wild]
    out = reconcile.run(row_input(capped, {"subtotals": True, "rows": ROWS[1:2]}))
    assert list(out["_idx"]) == [1] and out.loc[0, "_amount"] == 10 * JT * SEN


# --- per_document (ANG-01) -----------------------------------------------------------------


def test_per_document_pairs_an_lra_with_itself_and_takes_one_restated_budget() -> None:
    month = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT, "realisasi": 4 * JT}]
    year = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT, "realisasi": 12 * JT}]
    ci = make_input("anggaran", month, {**ANG01, "per_document": True}, {"year": 2025})
    both = [frame_of("anggaran", month), frame_of("anggaran", year, 1)]
    frames = {"anggaran": pd.concat(both, ignore_index=True)}
    out = reconcile.run(replace(ci, frames=frames))
    # within each report: only the year's 12 > 10 (summed, 16 > 20 would pass)
    assert list(zip(out["_doc"], out["_amount"], strict=True)) == [(1, 2 * JT * SEN)]
    assert out.attrs["evaluated"] == 2
    docs = [line("5.1.02.01.01.0024", 12 * JT)]
    budgets = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT}]
    ci = make_input("anggaran", budgets, {**ANG01, "per_document": True}, {"year": 2025},
                    others={"realisasi": docs})  # fmt: skip
    restated = [frame_of("anggaran", budgets), frame_of("anggaran", budgets, 1)]
    restated = pd.concat(restated, ignore_index=True)
    out = reconcile.run(replace(ci, frames={**ci.frames, "anggaran": restated}))
    # a DPA and a report restating one budget: 10, not 20 (which would hide the excess)
    assert list(out["_amount"]) == [2 * JT * SEN] and list(out["_doc"]) == [0]


def test_ang01_without_spending_rows_evaluates_nothing() -> None:
    lra = [{"kode_rekening": "4.1.02.01.01.0001", "anggaran": 10 * JT, "realisasi": 12 * JT}]
    out = reconcile.run(make_input("anggaran", lra, ANG01, {"year": 2025}))
    assert out.empty and out.attrs["evaluated"] == 0


# --- aggregate_target from the spending root (ANG-02) -----------------------------------------

ROOT02 = {
    **ANG02,
    "numerator": [{"kind": "anggaran", "value": "realisasi", "from": "spending_root"}],
    "denominator": {"kind": "anggaran", "value": "anggaran", "from": "spending_root"},
}


def test_ang02_budget_without_realisation_is_measured_not_judged() -> None:
    dpa = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 1e9, "realisasi": None}]
    ci = make_input("anggaran", dpa, ROOT02, PARAMS, "2025-12-31")
    out = aggregate_target.run(ci)
    assert out.empty and out.attrs["evaluated"] == 0
    assert aggregate_target.measure(ci) == Measure(None, 1e9 * SEN, 90)


def test_ang02_spending_root_of_the_largest_document() -> None:
    def report(realised: float) -> list[dict[str, Any]]:
        return [
            {"kode_rekening": "5", "uraian": "BELANJA DAERAH", "anggaran": 1e9,
             "realisasi": realised, "_role": "subtotal"},
            {"kode_rekening": "5.1.02.01.01.0024", "uraian": "ATK", "anggaran": 1e9,
             "realisasi": realised},
        ]  # fmt: skip

    def document(rows: list[dict[str, Any]]) -> Document:
        frame = frame_of("anggaran", [{k: v for k, v in r.items() if k != "_role"} for r in rows])
        frame["_role"] = [r.get("_role", "data") for r in rows]
        return Document("r.xlsx", "m", "anggaran", 1.0, None, frame.drop(columns=["_doc", "_idx"]),
                        {}, [1], [])  # fmt: skip

    months = [report(100 * JT), report(300 * JT), report(200 * JT)]
    docs = [document(m) for m in months]
    data = pd.concat([d.frame[d.frame["_role"] == "data"].assign(_doc=i, _idx=d.frame.index[1:])
                      for i, d in enumerate(docs)], ignore_index=True)  # fmt: skip
    ci = replace(make_input("anggaran", [], ROOT02, PARAMS, "2025-06-30"),
                 frames={"anggaran": data}, docs={"anggaran": docs})  # fmt: skip
    # three cumulative reports of one budget: 300 of 1.000 (not 600 of 3.000)
    assert aggregate_target.measure(ci) == Measure(300 * JT * SEN, 1e9 * SEN, 40)
    out = aggregate_target.run(ci)
    assert out.loc[0, "_ratio"] == 30.0 and out.loc[0, "_doc"] == 2  # a tie: the last one


# --- ANG-03: the number a subtotal mismatch names ---------------------------------------------

WORDING = {
    "row": {"id": "{label} tercatat {left:num}, seharusnya {right:num}", "en": "{label} reads"},
    "lines": {"id": "rincian {label} berjumlah {left:num}, subtotal {right:num}", "en": "x"},
}


def test_rows_mode_a_leaf_whose_own_row_explains_the_subtotal_is_named_once() -> None:
    rows = [
        lra_row("5.1.02", 80 * JT, 60 * JT, 20 * JT, 75, sub=True),
        lra_row("5.1.02.01.01.0024", 68 * JT, 52 * JT, 16 * JT, 76.47),
        lra_row("5.1.02.01.01.0026", 15 * JT, 8 * JT, 4 * JT, 66.67),  # anggaran is 12 juta
    ]
    out = reconcile.run(row_input(rows, {"subtotals": True, "rows": ROWS, "wording": WORDING}))
    assert list(out["_idx"]) == [2] and list(out["_column"]) == ["anggaran"]
    assert out.loc[0, "_amount"] == 3 * JT * SEN and out.loc[0, "_right"] == 12 * JT * SEN
    assert out.loc[0, "_says_id"] == "anggaran tercatat 15.000.000, seharusnya 12.000.000"
    assert out.loc[0, "_account"] == "5.1.02.01.01.0026"


def test_rows_mode_a_subtotal_its_parent_upholds_names_its_lines() -> None:
    rows = [
        {"kode_rekening": "5.1", "anggaran": 30 * JT, "sub": True},
        {"kode_rekening": "5.1.02", "anggaran": 30 * JT, "sub": True},
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT},
        {"kode_rekening": "5.1.02.01.01.0026", "anggaran": 25 * JT},
    ]
    out = reconcile.run(row_input(rows, {"subtotals": True, "rows": ROWS, "wording": WORDING}))
    assert list(out["_idx"]) == [2, 3] and out["_group"].nunique() == 1
    assert set(out["_amount"]) == {5 * JT * SEN} and set(out["_account"]) == {"5.1.02"}
    assert out.loc[0, "_says_id"] == "rincian anggaran berjumlah 35.000.000, subtotal 30.000.000"
    rows[0]["anggaran"] = 35 * JT  # the parent follows the lines: the subtotal is wrong
    out = reconcile.run(row_input(rows, {"subtotals": True, "rows": ROWS}))
    assert list(out["_idx"]) == [1] and list(out["_case"]) == ["subtotal"]


def test_rows_mode_a_root_the_total_row_upholds_names_its_lines() -> None:
    doc = lra_doc([
        {"kode_rekening": "5.1.02", "anggaran": 30 * JT, "sub": True},
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 10 * JT},
        {"kode_rekening": "5.1.02.01.01.0026", "anggaran": 25 * JT},
        {"kode_rekening": None, "uraian": "JUMLAH BELANJA", "anggaran": 30 * JT},
    ])  # fmt: skip
    doc.frame.loc[3, "_role"] = "total"
    data = doc.frame[doc.frame["_role"] == "data"]
    ci = make_input("anggaran", [], {"subtotals": True, "rows": ROWS}, {"tol": 1})
    ci = replace(ci, frames={"anggaran": data.assign(_doc=0, _idx=data.index)},
                 docs={"anggaran": [doc]})  # fmt: skip
    out = reconcile.run(ci)
    assert list(out["_idx"]) == [1, 2] and set(out["_case"]) == {"lines"}
    doc.frame.loc[3, "anggaran"] = 35 * JT  # the total follows the lines: the root is wrong
    assert list(reconcile.run(ci)["_idx"]) == [0]
