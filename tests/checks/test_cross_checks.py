from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from rl_audit.checks import aggregate_target, lookup, match, reconcile
from rl_audit.checks.base import CheckError, NoData
from tests.checks.conftest import make_input

# ---------------------------------------------------------------- match (PJK-01)


class FakeCalendar:
    """Deadline = the 15th (pph) or the last day (ppn) of the next month."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def deadline(self, dates: pd.Series, rule: str) -> pd.Series:
        self.calls.append(rule)
        start = pd.to_datetime(dates) + pd.offsets.MonthBegin(1)
        if rule == "ppn":
            return start + pd.offsets.MonthEnd(0)
        return start + pd.Timedelta(days=14)


PJK = {
    "left_when": "pungut > 0",
    "right_when": "setor > 0",
    "keys": ["jenis_pajak", "no_bukti"],
    "fallback_keys": ["jenis_pajak"],
    "left_amount": "pungut",
    "right_amount": "setor",
    "left_date": "tanggal",
    "right_date": "tanggal",
}


def tax(day: str, bukti: str, jenis: str, pungut: float = 0, setor: float = 0) -> dict:
    return {
        "tanggal": day,
        "no_bukti": bukti,
        "jenis_pajak": jenis,
        "pungut": pungut,
        "setor": setor,
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # fully covered by bukti (case and spacing of jenis folded)
        (
            [
                tax("2025-01-05", "B1", "PPh 21", 100_000),
                tax("2025-01-06", "B1", "pph  21", 0, 100_000),
            ],
            {},
        ),
        # partly covered: the uncovered part is the amount, to the sen
        (
            [
                tax("2025-01-05", "B1", "PPh 21", 100_000.55),
                tax("2025-01-06", "B1", "PPh 21", 0, 60_000),
            ],
            {0: 4_000_055},
        ),
        # within the Rp 1 tolerance
        (
            [
                tax("2025-01-05", "B1", "PPh 21", 100_000),
                tax("2025-01-06", "B1", "PPh 21", 0, 99_999),
            ],
            {},
        ),
        # fallback: other bukti, same jenis and amount, deposited later
        ([tax("2025-01-05", "B1", "PPN", 50_000), tax("2025-01-20", "S9", "PPN", 0, 50_000)], {}),
        # fallback refused: deposit dated before the withholding
        (
            [tax("2025-01-05", "B1", "PPN", 50_000), tax("2025-01-02", "S9", "PPN", 0, 50_000)],
            {0: 5_000_000},
        ),
        # fallback refused: other jenis, or another amount
        (
            [tax("2025-01-05", "B1", "PPN", 50_000), tax("2025-01-20", "S9", "PPh 23", 0, 50_000)],
            {0: 5_000_000},
        ),
        (
            [tax("2025-01-05", "B1", "PPN", 50_000), tax("2025-01-20", "S9", "PPN", 0, 40_000)],
            {0: 5_000_000},
        ),
        # one deposit covers one withholding only: FIFO, the earliest first
        (
            [
                tax("2025-01-05", "B1", "PPN", 50_000),
                tax("2025-01-07", "B2", "PPN", 50_000),
                tax("2025-01-20", "S9", "PPN", 0, 50_000),
            ],
            {1: 5_000_000},
        ),
        # FIFO by date within one bukti: the later withholding is the uncovered one
        (
            [
                tax("2025-01-09", "B1", "PPh 21", 30_000),
                tax("2025-01-05", "B1", "PPh 21", 70_000),
                tax("2025-01-10", "B1", "PPh 21", 0, 80_000),
            ],
            {0: 2_000_000},
        ),
    ],
)
def test_match_coverage(rows: list[dict], expected: dict[int, int]) -> None:
    out = match.run(make_input("pajak", rows, PJK))
    assert dict(zip(out["_idx"], out["_amount"], strict=True)) == expected
    assert out["_amount"].dtype == "Int64"
    assert (out["_covered"] + out["_uncovered"]).tolist() == [
        round(rows[i]["pungut"] * 100) for i in out["_idx"]
    ]


@pytest.mark.parametrize(
    ("as_of", "found", "deadline"),
    [
        ("2025-02-15", [], None),  # the deadline day itself: not yet overdue
        ("2025-02-16", [0], "2025-02-15"),
    ],
)
def test_match_due_at_as_of(as_of: str, found: list[int], deadline: str | None) -> None:
    rows = [tax("2025-01-05", "B1", "PPh 21", 100_000), tax("2025-01-07", "B2", "PPN", 80_000)]
    rows.append(tax("2025-01-08", "B2", "PPN", 0, 80_000))
    opts = {
        **PJK,
        "due": True,
        "deadline": {"by": "jenis_pajak", "rules": {"ppn": "ppn"}, "default": "pph"},
    }
    cal = FakeCalendar()
    out = match.run(make_input("pajak", rows, opts, as_of=as_of, calendar=cal))
    assert list(out["_idx"]) == found
    if deadline:
        assert out["_deadline"].iloc[0] == pd.Timestamp(deadline)
    assert sorted(set(cal.calls)) == ["pph", "ppn"]


def test_match_deadline_from_parameter_and_other_kind() -> None:
    """Receipts (penerimaan) covered by deposits of another kind (bku), keyed by bukti."""
    receipts = [
        {
            "tanggal_terima": "2025-03-03",
            "no_bukti": "T1",
            "jumlah": 250_000,
            "tanggal_setor": None,
        },
        {
            "tanggal_terima": "2025-03-04",
            "no_bukti": "T2",
            "jumlah": 100_000,
            "tanggal_setor": None,
        },
    ]
    bku = [{"tanggal": "2025-03-04", "no_bukti": "T1", "uraian": "setor", "pengeluaran": 250_000}]
    opts = {
        "left_when": "jumlah > 0",
        "right_when": "pengeluaran > 0",
        "right_kind": "bku",
        "keys": ["no_bukti"],
        "left_amount": "jumlah",
        "right_amount": "pengeluaran",
        "left_date": "tanggal_terima",
        "due": True,
        "deadline": "deposit_rule",
    }
    ci = make_input(
        "penerimaan",
        receipts,
        opts,
        {"deposit_rule": "pph"},
        "2025-06-30",
        {"bku": bku},
        FakeCalendar(),
    )
    out = match.run(ci)
    assert list(out["_idx"]) == [1]
    assert list(out["_amount"]) == [10_000_000]


def test_match_deadline_without_calendar_is_error() -> None:
    rows = [tax("2025-01-05", "B1", "PPh 21", 100_000)]
    with pytest.raises(CheckError, match="calendar"):
        match.run(make_input("pajak", rows, {**PJK, "due": True, "deadline": "pph"}))


def test_match_missing_column_is_error() -> None:
    rows = [{"tanggal": "2025-01-05", "no_bukti": "B1", "pungut": 1, "setor": 0}]
    with pytest.raises(CheckError, match="jenis_pajak"):
        match.run(make_input("pajak", rows, PJK))


# ---------------------------------------------------------------- reconcile (ANG-01, AST-06)

LRA_OPTS = {
    "compare": "greater",
    "left": {"value": "realisasi", "keys": ["kode_rekening"]},
    "right": {"value": "anggaran"},
}


@pytest.mark.parametrize(
    ("realisasi", "expected"),
    [(1_000_000, []), (999_999.99, []), (1_000_000.01, [1]), (1_250_000, [25_000_000])],
)
def test_ang01_from_lra_columns(realisasi: float, expected: list[int]) -> None:
    rows = [
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 1_000_000, "realisasi": realisasi},
        {"kode_rekening": "5.1.02.01.01.0026", "anggaran": 500_000, "realisasi": 100_000},
    ]
    out = reconcile.run(make_input("anggaran", rows, LRA_OPTS))
    assert list(out["_amount"]) == expected
    if expected:
        assert out.loc[0, "_idx"] == 0 and out.loc[0, "_kind"] == "anggaran"
        assert out.loc[0, "_key"] == "5.1.02.01.01.0024"
        assert out.loc[0, "_right"] == 100_000_000
        assert out["_left"].dtype == "Int64"


def realisasi_row(kode: str, nilai: float, setoran: float | None, nomor: str = "SPM-1") -> dict:
    return {
        "kode_rekening": kode,
        "nomor_dokumen": nomor,
        "tanggal_dokumen": "2025-04-01",
        "nilai_realisasi": nilai,
        "nilai_setoran": setoran,
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # 700.000 + 500.000 − 200.000 returned = 1.000.000 = budget: not a finding
        (
            [
                realisasi_row("5.1.02.01.01.0024", 700_000, None),
                realisasi_row("5.1.02.01.01.0024", 500_000, 200_000),
            ],
            {},
        ),
        # 700.000 + 500.000,50 − 200.000 → excess 0,50
        (
            [
                realisasi_row("5.1.02.01.01.0024", 700_000, None),
                realisasi_row("5.1.02.01.01.0024", 500_000.5, 200_000),
            ],
            {("anggaran", 0): 50},
        ),
        # an account without budget: the realisasi rows are the locations
        ([realisasi_row(" 5.1.02.01.01.0099 ", 300_000, 0)], {("realisasi", 0): 30_000_000}),
    ],
)
def test_ang01_from_realisasi_documents(rows: list[dict], expected: dict) -> None:
    lra = [{"kode_rekening": "5.1.02.01.01.0024", "anggaran": 1_000_000}]
    opts = {
        "compare": "greater",
        "left": {
            "kind": "realisasi",
            "value": "nilai_realisasi - nilai_setoran",
            "keys": ["kode_rekening"],
        },
        "right": {"kind": "anggaran", "value": "anggaran"},
    }
    out = reconcile.run(make_input("realisasi", rows, opts, others={"anggaran": lra}))
    assert (
        dict(zip(zip(out["_kind"], out["_idx"], strict=True), out["_amount"], strict=True))
        == expected
    )


def test_reconcile_missing_right_ignore_and_absent_zero() -> None:
    rows = [
        {
            "kode_rekening": "5.1.9",
            "nomor_dokumen": "a",
            "tanggal_dokumen": "2025-01-02",
            "nilai_realisasi": 5,
        }
    ]
    side = {
        "kind": "realisasi",
        "value": "nilai_realisasi - nilai_setoran",
        "keys": ["kode_rekening"],
    }
    opts = {"left": side, "right": {"kind": "anggaran", "value": "anggaran"}}
    lra = [{"kode_rekening": "5.1.1", "anggaran": 1}]
    with pytest.raises(CheckError, match="nilai_setoran"):
        reconcile.run(make_input("realisasi", rows, opts, others={"anggaran": lra}))
    opts["left"] = {**side, "absent_zero": ["nilai_setoran"]}
    assert len(reconcile.run(make_input("realisasi", rows, opts, others={"anggaran": lra}))) == 1
    opts["missing_right"] = "ignore"
    assert reconcile.run(make_input("realisasi", rows, opts, others={"anggaran": lra})).empty


AST06 = {
    "compare": "differs",
    "tolerance_pct": 1,
    "keys": [],
    "left": {"kind": "anggaran", "value": "realisasi", "when": 'startswith(kode_rekening, "5.2")'},
    "right": {"kind": "kib", "value": "harga", "when": "tahun == year"},
}


@pytest.mark.parametrize(
    ("harga_2025", "expected"),
    [(99_500_000, None), (101_000_000, None), (98_900_000, 110_000_000), (None, 10_000_000_000)],
)
def test_ast06_capital_spending_vs_kib(harga_2025: int | None, expected: int | None) -> None:
    lra = [
        {"kode_rekening": "5.2.02.10.01.0002", "anggaran": 80_000_000, "realisasi": 60_000_000},
        {"kode_rekening": "5.2.03.01.01.0001", "anggaran": 50_000_000, "realisasi": 40_000_000},
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 9_000_000, "realisasi": 9_000_000},
    ]
    kib = [
        {"kode_barang": "1.3.2.10", "nama_barang": "Laptop", "tahun": 2025, "harga": harga_2025},
        {"kode_barang": "1.3.2.10", "nama_barang": "Meja", "tahun": 2019, "harga": 7_000_000},
    ]
    kib = kib if harga_2025 is not None else kib[1:]  # no KIB row of the year at all
    ci = make_input("anggaran", lra, AST06, {"year": 2025}, others={"kib": kib})
    out = reconcile.run(ci)
    if expected is None:
        assert out.empty
        return
    assert out["_amount"].iloc[0] == expected
    assert out["_group"].nunique() == 1
    assert list(out["_kind"]) == (["kib"] if harga_2025 else ["anggaran", "anggaran"])


def test_reconcile_key_transform_prefix_levels() -> None:
    lra = [
        {"kode_rekening": "5.1.02.01.01.0024", "anggaran": 100, "realisasi": 0},
        {"kode_rekening": "5.1.02.01.01.0026", "anggaran": 100, "realisasi": 0},
    ]
    rls = [realisasi_row("5.1.02.01.01.0024", 150, 0), realisasi_row("5.1.02.01.01.0025", 60, 0)]
    opts = {
        "key_transform": {"kode_rekening": "prefix_levels:3"},
        "left": {"kind": "realisasi", "value": "nilai_realisasi", "keys": ["kode_rekening"]},
        "right": {"kind": "anggaran", "value": "anggaran"},
    }
    out = reconcile.run(make_input("realisasi", rls, opts, others={"anggaran": lra}))
    assert list(out["_idx"]) == [0, 1] and set(out["_key"]) == {"5.1.02"}
    assert list(out["_amount"]) == [1_000, 1_000]


# ---------------------------------------------------------------- aggregate_target (ANG-02, KAS-06)

QUARTERS = [
    {"until": "03-31", "target": 15},
    {"until": "06-30", "target": 40},
    {"until": "09-30", "target": 65},
    {"until": "12-31", "target": 90},
]
ABSORPTION = {
    "numerator": {"kind": "realisasi", "value": "nilai_realisasi - nilai_setoran"},
    "denominator": {"kind": "anggaran", "value": "anggaran"},
    "targets": "serapan_targets",
    "date": "tanggal_dokumen",
    "severity_below_fraction": 0.5,
}


def spent(day: str, nilai: float) -> dict:
    return {
        "kode_rekening": "5.1",
        "nomor_dokumen": day,
        "tanggal_dokumen": day,
        "nilai_realisasi": nilai,
        "nilai_setoran": 0,
    }


@pytest.mark.parametrize(
    ("as_of", "realised", "found", "severity"),
    [
        ("2025-09-30", 600_000_000, 60.0, None),
        ("2025-09-30", 300_000_000, 30.0, "medium"),
        ("2025-09-30", 650_000_000, None, None),
        ("2025-03-30", 10_000_000, None, None),  # before the first quarter end
        ("2025-03-31", 149_999_999, 14.9, None),
    ],
)
def test_ang02_absorption(
    as_of: str, realised: int, found: float | None, severity: str | None
) -> None:
    rows = [
        spent("2025-01-15", realised),
        spent("2025-12-15", 400_000_000),
    ]  # the later one is after as-of
    ci = make_input(
        "realisasi",
        rows,
        ABSORPTION,
        {"serapan_targets": QUARTERS},
        as_of,
        {"anggaran": [{"kode_rekening": "5", "anggaran": 1e9}]},
    )
    out = aggregate_target.run(ci)
    if found is None:
        assert out.empty
        return
    assert len(out) == 1 and out.loc[0, "_kind"] == "anggaran" and out.loc[0, "_idx"] == 0
    assert out.loc[0, "_ratio"] == found
    assert out.loc[0, "_numerator"] == realised * 100
    assert out.loc[0, "_denominator"] == 100_000_000_000
    assert pd.isna(out.loc[0, "_amount"])
    assert (
        pd.isna(out.loc[0, "_severity"])
        if severity is None
        else out.loc[0, "_severity"] == severity
    )


@pytest.mark.parametrize(("tunai", "found"), [(1_000_000, False), (1_100_000, True)])
def test_kas06_non_cash_share(tunai: int, found: bool) -> None:
    rows = [
        {"tanggal": "2025-01-01", "uraian": "Saldo awal", "pengeluaran": 0, "cara_bayar": None},
        {
            "tanggal": "2025-01-02",
            "uraian": "ATK",
            "pengeluaran": 9_000_000,
            "cara_bayar": "Transfer",
        },
        {"tanggal": "2025-01-03", "uraian": "BBM", "pengeluaran": tunai, "cara_bayar": "Tunai"},
    ]
    opts: dict[str, Any] = {
        "numerator": {
            "value": "pengeluaran",
            "when": 'lower(cara_bayar) != "tunai" and not (cara_bayar is blank)',
        },
        "denominator": {"value": "pengeluaran"},
        "target": "non_cash_target",
    }
    out = aggregate_target.run(make_input("bku", rows, opts, {"non_cash_target": 90}))
    assert (not out.empty) == found
    if found:
        assert out.loc[0, "_ratio"] == 89.1 and out.loc[0, "_target"] == 90


def test_aggregate_target_zero_budget_is_no_data_and_no_budget_document_an_error() -> None:
    rows = [spent("2025-01-15", 1)]
    opts = {**ABSORPTION, "targets": QUARTERS}
    with pytest.raises(NoData, match="no spending budget"):
        aggregate_target.run(
            make_input(
                "realisasi",
                rows,
                opts,
                others={"anggaran": [{"kode_rekening": "5", "anggaran": 0}]},
            )
        )
    with pytest.raises(CheckError, match="no budget"):
        aggregate_target.run(make_input("realisasi", rows, opts))


# ---------------------------------------------------------------- lookup (PD-03, PD-04)

RATES = [
    {"provinsi": "Bengkulu", "kategori": "luar_kota", "rate": 380_000},
    {"provinsi": "Jawa Barat", "kategori": "luar_kota", "rate": 430_000},
]
PD03 = {
    "table": "daily_allowance_rates",
    "match": {"provinsi": "provinsi_tujuan"},
    "default_match": {"provinsi": "Bengkulu", "kategori": "luar_kota"},
    "per_unit": "uang_harian / lama_hari",
    "units": "lama_hari",
}


def trip(provinsi: str | None, days: int, uang: float, nip: str = "1") -> dict:
    return {
        "nama": "x",
        "nip": nip,
        "provinsi_tujuan": provinsi,
        "lama_hari": days,
        "uang_harian": uang,
    }


@pytest.mark.parametrize(
    ("row", "amount", "rate"),
    [
        (trip("Bengkulu", 3, 1_200_000), 6_000_000, 38_000_000),  # 3 × (400.000 − 380.000)
        (trip("  BENGKULU ", 3, 1_140_000), None, None),  # exactly the rate passes
        (trip(None, 2, 800_000), 4_000_000, 38_000_000),  # blank province → default Bengkulu
        (trip("jawa barat", 2, 900_000), 4_000_000, 43_000_000),
        (trip("Jawa Barat", 1, 430_000.01), 1, 43_000_000),  # an excess of one sen
    ],
)
def test_pd03_daily_allowance(row: dict, amount: int | None, rate: int | None) -> None:
    out = lookup.run(make_input("perjadin", [row], PD03, {"daily_allowance_rates": RATES}))
    assert list(out["_amount"]) == ([] if amount is None else [amount])
    assert list(out["_rate"]) == ([] if rate is None else [rate])


def test_lookup_unmatched_rows_are_counted_or_an_error() -> None:
    params = {"daily_allowance_rates": RATES}
    rows = [trip("Bengkulu", 1, 500_000), trip("Bali", 1, 900_000)]
    out = lookup.run(make_input("perjadin", rows, PD03, params))
    assert list(out["_idx"]) == [0] and list(out["_unmatched"]) == [1]
    with pytest.raises(CheckError, match="provinsi=bali"):
        lookup.run(make_input("perjadin", rows[1:], PD03, params))


def test_lookup_default_when_column_missing_and_expression_match() -> None:
    rows = [{"nama": "x", "nip": "1", "lama_hari": 2, "uang_harian": 800_000}]
    assert lookup.run(make_input("perjadin", rows, PD03, {"daily_allowance_rates": RATES}))[
        "_amount"
    ].tolist() == [4_000_000]
    hotel = [{"tingkat": "IV", "rate": 692_000}, {"tingkat": "II", "rate": 1_628_000}]
    opts = {
        "table": hotel,
        "match": {"tingkat": "upper(eselon)"},
        "per_unit": "penginapan / (lama_hari - 1)",
        "units": "lama_hari - 1",
    }
    rows = [{"nama": "x", "nip": "1", "eselon": "iv", "lama_hari": 3, "penginapan": 1_500_000}]
    out = lookup.run(make_input("perjadin", rows, opts))
    assert out["_amount"].tolist() == [11_600_000] and out["_per_unit"].tolist() == [75_000_000]


def test_lookup_missing_column_is_error() -> None:
    rows = [trip("Bengkulu", 3, 1_200_000)]
    opts = {**PD03, "per_unit": "penginapan / lama_hari"}
    with pytest.raises(CheckError, match="penginapan"):
        lookup.run(make_input("perjadin", rows, opts, {"daily_allowance_rates": RATES}))
    no_default = {**PD03, "default_match": {"kategori": "luar_kota"}}
    with pytest.raises(CheckError, match="provinsi_tujuan"):
        lookup.run(
            make_input(
                "perjadin",
                [{"nama": "x", "nip": "1", "lama_hari": 1, "uang_harian": 1}],
                no_default,
                {"daily_allowance_rates": RATES},
            )
        )


def test_opening_rows_never_take_part() -> None:
    rows = [tax("2025-01-01", "", "", 500_000), tax("2025-01-05", "B1", "PPh 21", 100_000)]
    ci = make_input("pajak", rows, PJK)
    ci.frames["pajak"].loc[0, "_role"] = "opening"  # Saldo Sebelumnya
    assert list(match.run(ci)["_idx"]) == [1]
