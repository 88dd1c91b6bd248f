"""Import of the issue-18 kinds (persediaan, piutang, hibah, izin), beyond the layouts.

The layouts themselves (title block, `Saldo Awal` → `Jumlah` | `Nilai` under merged
parents, group headings, Jumlah rows, signatures; kind, mapping, values, row roles) are
the `BLUD` cases of `test_pipeline.py`, built in `blud_layouts.py`. Here: quantities
written as text (Indonesian notation, the locale rules of `number`), a unit in a quantity
cell, expiry dates that cannot be read, a stock list without `Saldo Akhir`.

Decision: a quantity is a `number` like any other. `1.250` is 1250 and `1,5` is 1.5
(Indonesian notation; a lone `1.250` in a column is ambiguous, read the Indonesian way
and warned about); `12 box` is not a quantity: reported as `value_unparsed` with its cell
(the unit belongs in `satuan`), never guessed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from blud_layouts import KARTU_HEADER, OBAT_MAPPING, build_persediaan_a, obat_rows
from builders import Sheet, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import ROLE, ROW, Document, SheetResult
from rl_audit.ingest.layout import find_layout
from rl_audit.ingest.normalise import parse_column
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.messages import render


def only_sheet(path: Path, root: Path) -> SheetResult:
    """Ingest `path` and return its one sheet."""
    result = ingest_file(path, IngestOptions(root=root))
    assert result.status == "ok", result.error
    assert len(result.sheets) == 1, [s.sheet for s in result.sheets]
    return result.sheets[0]


def at(doc: Document, row: int, column: str) -> object:
    """The parsed value of `column` in Excel row `row`."""
    hits = doc.frame[doc.frame[ROW] == row]
    assert len(hits) == 1, f"row {row}: {len(hits)} rows"
    return hits.iloc[0][column]


def id_text(value: Decimal) -> str:
    """A quantity as an Indonesian export writes it: `-1.250,5`."""
    whole, _, frac = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return ("-" if value < 0 else "") + grouped + (f",{frac}" if frac else "")


quantities = st.decimals(min_value=-(10**7), max_value=10**7, places=2).map(
    lambda d: d.normalize() if d != d.to_integral() else d.to_integral()
)


@settings(max_examples=300, deadline=None)
@given(value=quantities, anchor=st.booleans())
def test_quantity_text_in_indonesian_notation_reads_back(value: Decimal, anchor: bool) -> None:
    """`1.250` = 1250, `1,5` = 1.5, `-1.250,5`: alone or beside an unambiguous `2,5`."""
    cells = [id_text(value), *(["2,5"] if anchor else [])]
    parsed = parse_column(pd.Series(cells, dtype=object), "number")
    assert not parsed.bad.any(), cells
    assert parsed.values.iloc[0] == pytest.approx(float(value)), cells
    if anchor:
        assert parsed.note is None  # the `2,5` settles the column's locale


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1.250", "1,5"], [1250.0, 1.5]),
        (["1.250,5", "12"], [1250.5, 12.0]),
        (["-2", "(3)"], [-2.0, -3.0]),  # negative balances are kept (PRS-03)
        ([1250, "1.250"], [1250.0, 1250.0]),  # a number cell beside its text form
        (["12 box", "3"], [None, 3.0]),  # a unit is no part of a quantity
    ],
)
def test_quantity_cells(cells: list[object], expected: list[float | None]) -> None:
    parsed = parse_column(pd.Series(cells, dtype=object), "number")
    got = [None if pd.isna(v) else float(v) for v in parsed.values]
    assert got == expected
    assert list(parsed.bad) == [e is None for e in expected]


def test_bad_quantities_and_expiry_dates_are_reported_with_their_cells(tmp_path: Path) -> None:
    """`12 box` and `kosong` are input problems named by cell; a blank expiry is no problem."""
    rows = obat_rows()
    rows[9][4] = "12 box"  # E10: Parasetamol's saldo awal
    rows[13][13] = "31/02/2026"  # N14: no such day
    sheet = only_sheet(write_xlsx(tmp_path / "obat.xlsx", Sheet("Obat", rows)), tmp_path)
    doc = sheet.document
    assert doc is not None and doc.kind == "persediaan"
    unparsed = {i.params["column"]: i.params for i in doc.warnings if i.key == "value_unparsed"}
    assert unparsed["saldo_awal"]["cells"] == ["E10"]
    assert unparsed["saldo_awal"]["values"] == ["12 box"]
    assert unparsed["tanggal_kedaluwarsa"]["cells"] == ["N11", "N14"]
    assert unparsed["tanggal_kedaluwarsa"]["values"] == ["kosong", "31/02/2026"]
    assert pd.isna(at(doc, 10, "saldo_awal")) and at(doc, 10, "saldo_akhir") == 250
    assert pd.isna(at(doc, 13, "tanggal_kedaluwarsa"))  # blank: not reported
    assert at(doc, 11, "saldo_akhir") == -2  # negative, kept


def test_stock_list_without_saldo_akhir_is_close_but_not_persediaan(tmp_path: Path) -> None:
    cut = KARTU_HEADER.index("Sisa")
    rows = [
        ["DAFTAR STOK BARANG"],
        KARTU_HEADER[:cut] + KARTU_HEADER[cut + 1 :],
        [1, "1.1.7.01", "Masker", "box", 100, 0, 40, 1500, 90000, "01/06/2027"],
        [2, "1.1.7.02", "Kasa", "box", 10, 5, 2, 5000, 65000, "01/06/2027"],
    ]
    sheet = only_sheet(write_xlsx(tmp_path / "stok.xlsx", Sheet("Stok", rows)), tmp_path)
    assert sheet.document is None and sheet.kind is None
    issue = next(i for i in sheet.issues if i.key == "sheet_unknown_kind")
    assert issue.params["best"] == "persediaan"
    assert issue.params["missing"] == "saldo_akhir"
    text = render(issue.key, "en", **issue.params)
    assert "closest: persediaan" in text and text.endswith(
        "required columns not found: saldo_akhir"
    )


def test_group_headings_are_layout_not_items(tmp_path: Path) -> None:
    """`A. OBAT` / `B. BMHP` get the heading role and are never the header's last row."""
    doc = only_sheet(build_persediaan_a(tmp_path), tmp_path).document
    assert doc is not None
    headings = doc.frame.loc[doc.frame[ROLE] == "heading", ROW].tolist()
    assert headings == [8, 12]
    assert doc.header_rows == [6, 7]
    assert {m.header for m in doc.mapping} == set(OBAT_MAPPING)
    assert "A. OBAT" not in doc.data()["no"].dropna().tolist()


def test_total_row_without_amounts_is_still_no_header() -> None:
    """Only sub-headers repeated under several parents make a row of `Jumlah` a header."""
    grid = pd.DataFrame(
        [
            ["No", "Nama Barang", "Saldo Awal", "Masuk", "Keluar", "Saldo Akhir"],
            [None, "Jumlah", None, None, None, None],
            [1, "Masker", 10, 2, 3, 9],
        ],
        index=[1, 2, 3],
    )
    layout = find_layout(grid)
    assert layout is not None and layout.header_rows == [1]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("LAPORAN STOK OBAT", "persediaan"),
        ("KLAIM BPJS KESEHATAN", "piutang"),
        ("DAFTAR TAGIHAN BPJS", "piutang"),
        ("DAFTAR TAGIHAN KONTRAK", None),  # a contract's bills are no receivables
        ("REKAP BIAYA PENGOBATAN", None),  # `obat` only as a word
        ("REGISTER STOKER", None),
    ],
)
def test_title_words_of_persediaan_and_piutang(title: str, kind: str | None) -> None:
    hits = {n for n in ("persediaan", "piutang") if load_kinds()[n].title_hit(title.lower())}
    assert hits == ({kind} if kind else set())


def test_headers_matched_by_meaning(tmp_path: Path) -> None:
    """Wordings of synonyms.yaml: `Tgl Expired`, `Tanggal Penerbitan`, `Nomor Pendaftaran`."""
    stock = [
        ["LAPORAN PERSEDIAAN"],
        ["Nama Barang", "Saldo Awal", "Masuk", "Keluar", "Saldo Akhir", "Tgl Expired"],
        ["Masker", 10, 5, 3, 12, "01/02/2026"],
    ]
    permits = [
        ["REGISTER IZIN"],
        ["Nomor Pendaftaran", "Jenis Izin", "Retribusi", "Tanggal Bayar", "Tanggal Penerbitan"],
        ["REG/1", "PBG", 1000000, "02/03/2025", "03/03/2025"],
    ]
    wanted = {
        "persediaan": {"Tgl Expired": "tanggal_kedaluwarsa"},
        "izin": {"Nomor Pendaftaran": "nomor_permohonan", "Tanggal Penerbitan": "tanggal_terbit"},
    }
    for kind, rows in (("persediaan", stock), ("izin", permits)):
        path = write_xlsx(tmp_path / f"{kind}.xlsx", Sheet("Data", rows))
        doc = only_sheet(path, tmp_path).document
        assert doc is not None and doc.kind == kind
        found = {m.header: m.canonical for m in doc.mapping if m.match == "synonym"}
        assert found == wanted[kind]
    assert at(doc, 3, "tanggal_terbit") == pd.Timestamp(2025, 3, 3)
