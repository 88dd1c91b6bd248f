"""`Jumlah` / `Nilai` / `Total` before a money column's wording names its amount.

`jumlah`, `nilai` and `total` are `block` words of the synonym table (`Jumlah Hari` is
no `lama_hari` by meaning, `Jumlah s.d. Bulan Lalu` no amount of this month); in front
of the wording of a money column they only say "the amount of" (`Jumlah Penerimaan`,
`Nilai Debet`, `Jumlah Biaya (Rp)`), as BKU, tax and travel registers head them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import ROW
from rl_audit.ingest.detect import score_kind
from rl_audit.ingest.pipeline import IngestOptions, ingest_file

DINKES = "1.02.0.00.0.00.01.0000"
HEADER = ["No", "Tanggal", "No. Bukti", "Uraian", "Jenis Pajak", "Jumlah Pungutan",
          "Tanggal Setor", "Jumlah Setoran", "NTPN"]  # fmt: skip


def matched(kind: str, header: str) -> tuple[str | None, str | None]:
    """(canonical, tier) of one header of a kind (None, None when kept as extra)."""
    found = score_kind(load_kinds()[kind], {0: [header]}, "").mapping
    return found.get(0), found.tiers.get(0)


AMOUNTS = [
    ("bku", "Jumlah Penerimaan", "penerimaan", "contained"),
    ("bku", "Jumlah Pengeluaran (Rp)", "pengeluaran", "contained"),
    ("bku", "Nilai Debet", "penerimaan", "contained"),
    ("bku", "Nilai Kredit", "pengeluaran", "contained"),
    ("bku", "Jml. Penerimaan", "penerimaan", "contained"),
    ("bku", "Total Pengeluaran", "pengeluaran", "contained"),
    ("pajak", "Jumlah Pungutan", "pungut", "synonym"),
    ("pajak", "Jumlah Setoran", "setor", "synonym"),
    ("pajak", "Nilai Pungut", "pungut", "contained"),
    ("pajak", "Nilai Setor", "setor", "contained"),
    ("perjadin", "Jumlah Biaya (Rp)", "jumlah", "synonym"),
    ("perjadin", "Jumlah Total", "jumlah", "contained"),
    ("perjadin", "Jumlah Uang Harian", "uang_harian", "contained"),
    ("penerimaan", "Nilai Penerimaan", "jumlah", "contained"),
    ("anggaran", "Total Anggaran", "anggaran", "contained"),
    ("anggaran", "Sisa Pagu Anggaran", "sisa", "synonym"),
    ("tindak_lanjut", "Jumlah Setoran", "nilai_setor", "contained"),
]


@pytest.mark.parametrize(("kind", "header", "canonical", "tier"), AMOUNTS)
def test_an_amount_word_before_a_money_wording_maps_it(
    kind: str, header: str, canonical: str, tier: str
) -> None:
    assert matched(kind, header) == (canonical, tier)


NOT_AMOUNTS = [
    # a period or a remainder left over: another figure than the amount
    ("bku", "Jumlah Penerimaan Bulan Ini"),
    ("bku", "Jumlah s.d. Bulan Lalu"),
    ("penerimaan", "Jumlah s.d. Bulan Ini"),
    ("penerimaan", "Jumlah Bulan Ini"),
    # a column that is no money: the amount word makes it a count or something else
    ("perjadin", "Jumlah Lama"),
    ("perjadin", "Nilai Tujuan"),
    ("tindak_lanjut", "Jumlah Rekomendasi"),
    ("kib", "Jumlah Tahun"),
    ("pajak", "Jumlah Jenis Pajak"),
    # the amount word alone, or before a date
    ("bku", "Jumlah"),
    ("kontrak", "Nilai (Rp)"),
    ("pajak", "Nilai Tanggal"),
    ("perjadin", "Jumlah Biaya Harian"),
]


@pytest.mark.parametrize(("kind", "header"), NOT_AMOUNTS)
def test_an_amount_word_never_maps_other_figures(kind: str, header: str) -> None:
    assert matched(kind, header) == (None, None)


def test_jumlah_hari_stays_the_exact_alias_of_lama_hari() -> None:
    assert matched("perjadin", "Jumlah Hari") == ("lama_hari", "exact")


def d(day: int) -> dt.datetime:
    return dt.datetime(2025, 3, day)


def test_a_tax_book_headed_jumlah_pungutan_is_read(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["BUKU PEMBANTU PAJAK"],
        [f"SKPD : {DINKES} Dinas Kesehatan"],
        [],
        HEADER,
        [1, d(3), "B/001", "PPN belanja ATK", "PPN", 100_000, d(4), 100_000, "AB12CD34EF56GH78"],
        [2, d(5), "B/002", "PPh 23 jasa kebersihan", "PPh 23", 40_000.5, None, None, None],
        [None, None, None, "Jumlah", None, 140_000.5, None, 100_000, None],
        *signature(left=1, right=6),
    ]
    path = write_xlsx(tmp_path / "pajak.xlsx", Sheet("Pajak", rows))
    (sheet,) = ingest_file(path, IngestOptions(root=tmp_path)).sheets
    assert sheet.kind == "pajak"
    got = {m.header: (m.canonical, m.match) for m in sheet.mapping}
    assert got["Jumlah Pungutan"] == ("pungut", "synonym")
    assert got["Jumlah Setoran"] == ("setor", "synonym")
    assert got["Tanggal Setor"] == (None, None)  # a date, not the amount deposited
    assert sheet.document is not None
    data = sheet.document.data()
    assert list(data[ROW]) == [6, 7]
    assert list(data["pungut"]) == [10_000_000, 4_000_050]  # sen
