"""Group check types: duplicate, interval_overlap, window_aggregate, sequence_gap, benford."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from rl_audit.checks import benford, duplicate, interval_overlap, sequence_gap, window_aggregate
from rl_audit.checks.base import CheckError
from tests.checks.conftest import make_input

JT = 1_000_000  # one juta rupiah
SEN = 100


def groups(out: pd.DataFrame) -> list[list[int]]:
    """The `_idx` lists of each finding, in a stable order."""
    found = [sorted(g["_idx"].tolist()) for _, g in out.groupby("_group", sort=False)]
    return sorted(found)


def amounts(out: pd.DataFrame) -> list[int]:
    """Each finding's amount in rupiah (first row of the group), by first location."""
    first = out.groupby("_group", sort=False).first().sort_values("_idx")
    return [int(a) // SEN for a in first["_amount"]]


# --- duplicate -------------------------------------------------------------------------

KAS03 = {"keys": ["tanggal", "pengeluaran"], "fold": ["uraian"], "amount_column": "pengeluaran"}


def bku(*rows: tuple[str, str, int]) -> list[dict[str, Any]]:
    """BKU rows (tanggal, uraian, pengeluaran)."""
    return [{"tanggal": t, "uraian": u, "pengeluaran": p} for t, u, p in rows]


@pytest.mark.parametrize(
    ("rows", "expected", "amount"),
    [
        (
            bku(("2025-01-02", "Belanja  ATK.", 500), ("2025-01-02", "belanja atk", 500)),
            [[0, 1]],
            [500],
        ),
        (bku(("2025-01-02", "Belanja ATK", 500), ("2025-01-03", "belanja atk", 500)), [], []),
        (bku(("2025-01-02", "Belanja ATK", 500), ("2025-01-02", "belanja atk", 501)), [], []),
        (
            bku(("2025-01-02", "ATK", 7), ("2025-01-02", "atk", 7), ("2025-01-02", "A.T.K", 7)),
            [[0, 1]],
            [7],
        ),
        (
            bku(("2025-01-02", "x", 9), ("2025-01-02", "X", 9), ("2025-01-02", "x", 9)),
            [[0, 1, 2]],
            [18],
        ),
        (bku(("2025-01-02", "", 500), ("2025-01-02", " ", 500)), [], []),
    ],
    ids=["folded", "other-day", "other-amount", "punct-not-space", "triple", "blank-key"],
)
def test_duplicate_kas03(rows: list, expected: list, amount: list) -> None:
    out = duplicate.run(make_input("bku", rows, KAS03))
    assert groups(out) == expected
    assert amounts(out) == amount


@pytest.mark.parametrize(("mode", "amount"), [("beyond_first", 200), ("each", 300), ("none", None)])
def test_duplicate_amount_modes(mode: str, amount: int | None) -> None:
    rows = bku(("2025-01-02", "x", 100), ("2025-01-02", "x", 100), ("2025-01-02", "x", 100))
    out = duplicate.run(make_input("bku", rows, {**KAS03, "amount_mode": mode}))
    assert len(out) == 3 and out["_group"].nunique() == 1
    got = out["_amount"].iloc[0]
    assert (None if pd.isna(got) else int(got) // SEN) == amount


RLS01 = {
    "keys": ["kode_rekening", "nilai_realisasi"],
    "fold": ["keterangan"],
    "date": "tanggal_dokumen",
    "window_days": 30,
    "distinct": "nomor_dokumen",
    "amount_column": "nilai_realisasi",
}


def realisasi(*rows: tuple[str, str | None, str]) -> list[dict[str, Any]]:
    """Identical realisasi lines (date, nomor_dokumen, sub kegiatan)."""
    return [
        {
            "kode_rekening": "5.1.02.01",
            "nilai_realisasi": 1_500_000,
            "keterangan": "Honor narasumber",
            "tanggal_dokumen": day,
            "nomor_dokumen": doc,
            "kode_sub_kegiatan": sub,
        }
        for day, doc, sub in rows
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (realisasi(("2025-03-01", "SPM-1", "a"), ("2025-03-31", "SPM-2", "a")), [[0, 1]]),
        (realisasi(("2025-03-01", "SPM-1", "a"), ("2025-04-01", "SPM-2", "a")), []),
        (realisasi(("2025-03-31", "SPM-1", "a"), ("2025-03-01", "SPM-2", "a")), [[0, 1]]),
        (realisasi(("2025-03-01", "SPM-1", "a"), ("2025-03-05", "SPM-1", "a")), []),
        (realisasi(("2025-03-01", "SPM-1", "a"), ("2025-03-05", None, "a")), []),
        (
            realisasi(("2025-01-01", "A", "a"), ("2025-01-25", "B", "a"), ("2025-01-31", "C", "a")),
            [[0, 1, 2]],
        ),
        (
            realisasi(("2025-01-01", "A", "a"), ("2025-01-25", "B", "a"), ("2025-02-20", "C", "a")),
            [[0, 1]],
        ),
        (
            realisasi(
                ("2025-04-01", "A", "a"),
                ("2025-04-25", "B", "a"),
                ("2025-05-20", "C", "a"),
                ("2025-06-14", "D", "a"),
                ("2025-06-30", "E", "a"),
            ),
            [[0, 1], [2, 3]],
        ),
        (realisasi(("2025-03-01", "TBP/GU/0031", "a"), ("2025-03-05", " tbp-gu 0031.", "a")), []),
        (
            realisasi(("2025-03-01", "TBP-GU0031", "a"), ("2025-03-05", "TBP GU 0032", "a")),
            [[0, 1]],
        ),
    ],
    ids=[
        "30-days",
        "31-days",
        "file-order",
        "same-doc",
        "blank-doc",
        "within-anchor",
        "anchored-not-chained",
        "monthly-bills-90-days",
        "same-doc-folded",
        "other-doc-folded",
    ],
)
def test_duplicate_rls01_window_and_distinct(rows: list, expected: list) -> None:
    out = duplicate.run(make_input("realisasi", rows, RLS01))
    assert groups(out) == expected


def test_duplicate_anchored_window_amounts_per_group() -> None:
    days = ("2025-04-01", "2025-04-25", "2025-05-20", "2025-06-14", "2025-07-09", "2025-07-10")
    rows = realisasi(*[(d, f"SPM-{i}", "a") for i, d in enumerate(days)])
    out = duplicate.run(make_input("realisasi", rows, RLS01))
    assert groups(out) == [[0, 1], [2, 3], [4, 5]]
    assert amounts(out) == [1_500_000, 1_500_000, 1_500_000]


def test_duplicate_anchored_window_per_key() -> None:
    rows = realisasi(("2025-01-01", "A", "a"), ("2025-01-20", "B", "a"), ("2025-02-15", "C", "a"))
    other = [{**r, "kode_rekening": "5.1.02.09"} for r in rows]
    out = duplicate.run(make_input("realisasi", rows + other, RLS01))
    assert groups(out) == [[0, 1], [3, 4]]


def test_duplicate_when_and_missing_column() -> None:
    rows = bku(("2025-01-02", "x", 0), ("2025-01-02", "x", 0))
    assert duplicate.run(make_input("bku", rows, {**KAS03, "when": "pengeluaran > 0"})).empty
    with pytest.raises(CheckError, match="no_bukti"):
        duplicate.run(make_input("bku", rows, {"keys": ["no_bukti"]}))


def test_duplicate_kib_register_without_amount() -> None:
    rows = [
        {"kode_barang": "1.3.2.10", "register": "0001", "harga": 5},
        {"kode_barang": "1.3.2.10", "register": "0001", "harga": 6},
        {"kode_barang": "1.3.2.10", "register": "0002", "harga": 5},
    ]
    out = duplicate.run(make_input("kib", rows, {"keys": ["kode_barang", "register"]}))
    assert groups(out) == [[0, 1]] and out["_amount"].isna().all()


# --- interval_overlap ------------------------------------------------------------------

PD01 = {"key": "nip", "start": "tgl_berangkat", "end": "tgl_kembali", "amount_column": "jumlah"}


def trips(*rows: tuple[str | None, str, str, int]) -> list[dict[str, Any]]:
    """Perjadin rows (nip, departure, return, jumlah)."""
    return [
        {"nip": nip, "tgl_berangkat": a, "tgl_kembali": b, "jumlah": j} for nip, a, b, j in rows
    ]


@pytest.mark.parametrize(
    ("rows", "touching", "expected", "amount"),
    [
        (
            trips(("1", "2025-05-01", "2025-05-03", 10), ("1", "2025-05-03", "2025-05-05", 20)),
            "allowed",
            [],
            [],
        ),
        (
            trips(("1", "2025-05-01", "2025-05-03", 10), ("1", "2025-05-03", "2025-05-05", 20)),
            "overlap",
            [[0, 1]],
            [20],
        ),
        (
            trips(("1", "2025-05-01", "2025-05-04", 10), ("1", "2025-05-03", "2025-05-05", 20)),
            "allowed",
            [[0, 1]],
            [20],
        ),
        (
            trips(("1", "2025-05-03", "2025-05-05", 20), ("1", "2025-05-01", "2025-05-04", 10)),
            "allowed",
            [[0, 1]],
            [20],
        ),
        (
            trips(("1", "2025-05-01", "2025-05-04", 10), ("2", "2025-05-03", "2025-05-05", 20)),
            "allowed",
            [],
            [],
        ),
        (
            trips((None, "2025-05-01", "2025-05-04", 10), (None, "2025-05-03", "2025-05-05", 20)),
            "allowed",
            [],
            [],
        ),
        (
            trips(
                ("1", "2025-05-01", "2025-05-10", 10),
                ("1", "2025-05-02", "2025-05-03", 20),
                ("1", "2025-05-06", "2025-05-07", 30),
                ("1", "2025-05-20", "2025-05-21", 40),
            ),
            "allowed",
            [[0, 1, 2]],
            [50],
        ),
    ],
    ids=[
        "touching-allowed",
        "touching-overlap",
        "one-day",
        "file-order",
        "other-nip",
        "blank-nip",
        "cluster",
    ],
)
def test_interval_overlap(rows: list, touching: str, expected: list, amount: list) -> None:
    out = interval_overlap.run(make_input("perjadin", rows, {**PD01, "touching": touching}))
    assert groups(out) == expected
    assert amounts(out) == amount


def test_interval_overlap_missing_column() -> None:
    rows = trips(("1", "2025-05-01", "2025-05-03", 10))
    with pytest.raises(CheckError, match="tgl_pulang"):
        interval_overlap.run(make_input("perjadin", rows, {**PD01, "end": "tgl_pulang"}))


# --- window_aggregate ------------------------------------------------------------------

KTR02 = {
    "keys": ["nama_penyedia", "kode_sub_kegiatan"],
    "fold": ["nama_penyedia"],
    "fallback_keys": ["nama_penyedia", "jenis_pengadaan"],
    "date": "tanggal_kontrak",
    "window_days": 30,
    "value": "nilai_kontrak",
    "ceiling": "pl_ceiling",
    "when": 'fold(metode_pemilihan) == "pengadaan langsung"',
}
PARAMS = {"pl_ceiling": 200 * JT}


def contracts(
    *rows: tuple[str, int, str], vendor: str = "CV Maju", sub: str | None = "1.02"
) -> list[dict[str, Any]]:
    """Kontrak rows (date, value in juta, method); the vendor's spelling alternates."""
    return [
        {
            "nama_penyedia": vendor if i % 2 else vendor.upper() + ".",
            "kode_sub_kegiatan": sub,
            "jenis_pengadaan": "Barang",
            "metode_pemilihan": method,
            "tanggal_kontrak": day,
            "nilai_kontrak": value * JT,
        }
        for i, (day, value, method) in enumerate(rows)
    ]


PL = "Pengadaan Langsung"


@pytest.mark.parametrize(
    ("rows", "expected", "amount"),
    [
        (
            contracts(("2025-02-01", 80, PL), ("2025-02-10", 80, PL), ("2025-03-03", 80, PL)),
            [[0, 1, 2]],
            [240],
        ),
        (contracts(("2025-02-01", 80, PL), ("2025-02-10", 80, PL), ("2025-02-20", 40, PL)), [], []),
        (contracts(("2025-02-01", 150, PL), ("2025-03-04", 150, PL)), [], []),
        (contracts(("2025-02-01", 150, PL), ("2025-03-03", 150, PL)), [[0, 1]], [300]),
        (
            contracts(("2025-03-03", 80, PL), ("2025-02-01", 80, PL), ("2025-02-15", 80, PL)),
            [[0, 1, 2]],
            [240],
        ),
        (contracts(("2025-02-01", 250, PL), ("2025-02-02", 150, PL)), [], []),
        (contracts(("2025-02-01", 150, PL), ("2025-02-02", 150, "Tender")), [], []),
        (
            contracts(
                ("2025-01-01", 120, PL),
                ("2025-01-20", 120, PL),
                ("2025-03-01", 120, PL),
                ("2025-03-15", 120, PL),
            ),
            [[0, 1], [2, 3]],
            [240, 240],
        ),
        (
            contracts(("2025-01-01", 120, PL), ("2025-01-25", 120, PL), ("2025-02-20", 120, PL)),
            [[0, 1, 2]],
            [360],
        ),
        (
            contracts(("2025-01-01", 150, PL), ("2025-01-10", 60, PL), ("2025-02-05", 10, PL)),
            [[0, 1]],
            [210],
        ),
    ],
    ids=[
        "three-80",
        "exactly-200",
        "31-days",
        "30-days",
        "file-order",
        "above-ceiling",
        "tender",
        "two-windows",
        "merged",
        "tail-outside",
    ],
)
def test_window_aggregate_split(rows: list, expected: list, amount: list) -> None:
    out = window_aggregate.run(make_input("kontrak", rows, KTR02, PARAMS))
    assert groups(out) == expected
    assert amounts(out) == [a * JT for a in amount]


def test_window_aggregate_keys_and_fallback() -> None:
    rows = contracts(("2025-02-01", 120, PL), ("2025-02-05", 120, PL), sub=None)
    rows += contracts(("2025-02-01", 120, PL), ("2025-02-05", 120, PL), vendor="PT Lain", sub="9.9")
    rows[3]["kode_sub_kegiatan"] = "9.8"  # other sub kegiatan: not one package
    out = window_aggregate.run(make_input("kontrak", rows, KTR02, PARAMS))
    assert groups(out) == [[0, 1]]
    no_sub = [{k: v for k, v in r.items() if k != "kode_sub_kegiatan"} for r in rows[:2]]
    out = window_aggregate.run(make_input("kontrak", no_sub, KTR02, PARAMS))
    assert groups(out) == [[0, 1]]
    with pytest.raises(CheckError, match="kode_sub_kegiatan"):
        window_aggregate.run(make_input("kontrak", no_sub, {**KTR02, "fallback_keys": []}, PARAMS))


def test_window_aggregate_ceiling_expr() -> None:
    rows = contracts(("2025-02-01", 60, PL), ("2025-02-05", 60, PL))
    opts = {k: v for k, v in KTR02.items() if k != "ceiling"} | {"ceiling_expr": "pl_ceiling / 2"}
    out = window_aggregate.run(make_input("kontrak", rows, opts, PARAMS))
    assert groups(out) == [[0, 1]] and out["_ceiling"].iloc[0] == 100 * JT * SEN
    with pytest.raises(CheckError):
        window_aggregate.run(make_input("kontrak", rows, {**opts, "ceiling": 1}, PARAMS))
    with pytest.raises(CheckError):
        window_aggregate.run(make_input("kontrak", rows, {**opts, "ceiling_expr": "no_such"}))


@pytest.mark.parametrize(
    ("ceilings", "exceeds"),
    [([100.0, 200.0], [False, False]), ([100.0, 100.0], [False, True])],
    ids=["highest-ceiling-applies", "same-ceiling"],
)
def test_window_aggregate_mixed_ceilings(ceilings: list[float], exceeds: list[bool]) -> None:
    key, days, money = np.zeros(2, "int64"), np.array([0, 5]), np.array([60, 60])
    left, flags = window_aggregate.windows(key, days, money, np.array(ceilings), 30)
    assert left.tolist() == [0, 0] and flags.tolist() == exceeds


def test_range_max_matches_naive() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 100, 257)
    left = np.maximum(0, np.arange(257) - rng.integers(0, 40, 257))
    naive = [x[lo : i + 1].max() for i, lo in enumerate(left)]
    assert np.allclose(window_aggregate.range_max(x, left), naive)


# --- sequence_gap ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "gaps", "dups"),
    [
        (["BKU-0011", "BKU-0012", "BKU-0016", "BKU-0017"], {2: "13–15"}, []),
        (["BKU-0012", "BKU-0011", "BKU-0014"], {2: "13"}, []),
        (["bku 1", "BKU-2", "BKU-2", "BKU-3"], {}, [[1, 2]]),
        (["SPJ-1", "BKU-2", "SPJ-2", "BKU-3"], {}, []),
        (["1", None, "", "2"], {}, []),
    ],
    ids=["range", "sorted-single", "duplicate", "prefixes", "blanks"],
)
def test_sequence_gap_text(numbers: list, gaps: dict, dups: list) -> None:
    rows = [{"no_bukti": n, "tanggal": "2025-01-01"} for n in numbers]
    out = sequence_gap.run(make_input("bku", rows, {"column": "no_bukti"}))
    gap = out[~out["_duplicate"].astype(bool)]
    assert dict(zip(gap["_idx"], gap["_missing"], strict=True)) == gaps
    assert groups(out[out["_duplicate"].astype(bool)]) == dups


def test_sequence_gap_numeric_by_and_missing_column() -> None:
    rows = [{"lama_hari": n, "nip": k} for n, k in [(1, "a"), (3, "a"), (2, "b"), (5, "b")]]
    out = sequence_gap.run(make_input("perjadin", rows, {"column": "lama_hari", "by": ["nip"]}))
    assert dict(zip(out["_idx"], out["_missing"], strict=True)) == {1: "2", 3: "3–4"}
    with pytest.raises(CheckError, match="no_spt"):
        sequence_gap.run(make_input("perjadin", rows, {"column": "no_spt"}))


# --- benford ---------------------------------------------------------------------------


def amounts_rows(values: np.ndarray) -> list[dict[str, Any]]:
    """BKU rows with the given spending amounts (rupiah)."""
    return [{"tanggal": "2025-01-01", "pengeluaran": round(float(v), 2)} for v in values]


@pytest.mark.parametrize(
    ("values", "found"),
    [
        (10 ** np.random.default_rng(7).uniform(2, 8, 3000), False),
        (5 * 10 ** np.random.default_rng(7).integers(2, 7, 400), True),
        (5 * 10 ** np.random.default_rng(7).integers(2, 7, 200), False),
        (np.r_[5 * 10 ** np.random.default_rng(7).integers(2, 7, 200), np.full(200, 5.0)], False),
    ],
    ids=["conforming", "all-fives", "below-min-count", "small-amounts-not-counted"],
)
def test_benford(values: np.ndarray, found: bool) -> None:
    ci = make_input(
        "bku", amounts_rows(values), {"column": "pengeluaran", "min_count": "n_min"}, {"n_min": 300}
    )
    out = benford.run(ci)
    assert len(out) == int(found)
    if found:
        assert out["_idx"].iloc[0] == 0 and out["_count"].iloc[0] == 400
        assert out["_mad"].iloc[0] > 0.015 and out["_digit"].iloc[0] == 5


def test_benford_first_digits_exact_powers() -> None:
    sen = np.array([1000, 9999, 10000, 99_999_999_999, 100_000_000_000, 5_000_000])
    assert benford.first_digits(sen).tolist() == [1, 9, 1, 9, 1, 5]


def test_benford_missing_column() -> None:
    with pytest.raises(CheckError, match="pungut"):
        benford.run(make_input("bku", amounts_rows(np.ones(3)), {"column": "pungut"}))


def test_window_aggregate_value_expression() -> None:
    rows = contracts(("2025-02-01", 60, PL), ("2025-02-05", 60, PL))
    out = window_aggregate.run(
        make_input("kontrak", rows, {**KTR02, "value": "nilai_kontrak * 2"}, PARAMS)
    )
    assert groups(out) == [[0, 1]] and amounts(out) == [240 * JT]
