"""Import of the second-wave kinds (honor, sp2d, pembayaran; issue 17), beyond the layouts.

The layouts themselves (title block, merged `Potongan` header, Jumlah rows, signatures;
kind, confidence, mapping, values, row roles) are the `SECOND_WAVE` cases of
`test_pipeline.py`, built in `second_wave_layouts.py`. Here: a month without a year, a
sheet close to honor that is not one, `nomor_kontrak` read from `uraian`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from builders import Sheet, write_xlsx
from second_wave_layouts import HONOR_HEADER, SPK, build_sp2d_a, honor_rows

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import ROW, Document, SheetResult
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.messages import render


def only_sheet(path: Path, root: Path) -> SheetResult:
    """Ingest `path` and return its one sheet."""
    result = ingest_file(path, IngestOptions(root=root))
    assert result.status == "ok", result.error
    assert len(result.sheets) == 1, [s.sheet for s in result.sheets]
    return result.sheets[0]


def document(sheet: SheetResult, kind: str) -> Document:
    """The sheet's document, checked to be of `kind` and recognised with confidence."""
    doc = sheet.document
    assert doc is not None, [i.params for i in sheet.issues]
    assert (doc.kind, sheet.kind) == (kind, kind)
    assert doc.confidence >= 0.8, doc.confidence
    return doc


def at(doc: Document, row: int, column: str) -> object:
    """The parsed value of `column` in Excel row `row`."""
    hits = doc.frame[doc.frame[ROW] == row]
    assert len(hits) == 1, f"row {row}: {len(hits)} rows"
    return hits.iloc[0][column]


def test_month_without_a_year_is_not_guessed(tmp_path: Path) -> None:
    """No year in the title block: `Januari` stays unparsed, named by its cell."""
    path = write_xlsx(tmp_path / "honor.xlsx", Sheet("Honor", honor_rows(year_line=None)))
    doc = document(only_sheet(path, tmp_path), "honor")
    assert doc.title_year is None
    first = 6  # header on row 5
    assert pd.isna(at(doc, first, "bulan")) and pd.isna(at(doc, first + 1, "bulan"))
    assert at(doc, first + 2, "bulan") == pd.Timestamp(2025, 3, 1)  # `03/2025` names its year
    assert at(doc, first + 3, "bulan") == pd.Timestamp(2025, 4, 1)  # a date cell
    assert at(doc, first + 4, "bulan") == pd.Timestamp(2025, 5, 1)  # `Mei-25`
    issue = next(i for i in doc.warnings if i.key == "value_unparsed")
    assert issue.params["column"] == "bulan" and issue.params["type"] == "month"
    assert issue.params["cells"] == [f"F{first}", f"F{first + 1}"]
    assert issue.params["values"] == ["Januari", "Pebruari"]


def test_honor_list_without_jabatan_tim_is_close_but_not_honor(tmp_path: Path) -> None:
    cut = HONOR_HEADER.index("Jabatan dalam Tim")
    rows = [r[:cut] + r[cut + 1 :] if len(r) > cut else r for r in honor_rows()]
    sheet = only_sheet(write_xlsx(tmp_path / "honor.xlsx", Sheet("Honor", rows)), tmp_path)
    assert sheet.document is None and sheet.kind is None
    issue = next(i for i in sheet.issues if i.key == "sheet_unknown_kind")
    assert issue.params["best"] == "honor"
    assert issue.params["missing"] == "jabatan_tim"
    text = render(issue.key, "en", **issue.params)
    assert "closest: honor" in text and text.endswith("required columns not found: jabatan_tim")


def test_sp2d_nomor_kontrak_is_read_from_uraian(tmp_path: Path) -> None:
    doc = document(only_sheet(build_sp2d_a(tmp_path), tmp_path), "sp2d")
    assert "nomor_kontrak" not in {m.canonical for m in doc.mapping}  # no such column
    assert [at(doc, r, "nomor_kontrak") for r in (8, 9)] == [SPK, "602.1/15/PUPRKP/2025"]
    assert pd.isna(at(doc, 10, "nomor_kontrak")) and pd.isna(at(doc, 11, "nomor_kontrak"))
    assert doc.columns["nomor_kontrak"] == doc.columns["uraian"] == "E"  # its cell: uraian's


def test_reading_from_text_is_declared_only_for_sp2d_nomor_kontrak() -> None:
    """A property of the column in kinds.yaml, not a kind hard-coded in the importer."""
    declared = [
        (kind, col.name, col.from_text.column)
        for kind, spec in load_kinds().items()
        for col in spec.columns.values()
        if col.from_text is not None
    ]
    assert declared == [("sp2d", "nomor_kontrak", "uraian")]
    assert load_kinds()["honor"].columns["bulan"].type == "month"


def test_headers_matched_by_meaning(tmp_path: Path) -> None:
    """Wordings of synonyms.yaml: `Dlm`, `Honorarium (Rp)`, `Tanggal Pencairan`, `Rekanan`."""
    honor = [
        ["DAFTAR HONORARIUM NARASUMBER"],
        ["TAHUN ANGGARAN 2025"],
        ["No", "Nama", "Kedudukan Dlm Tim", "Bulan", "Honorarium (Rp)", "PPh 21", "Diterima"],
        [1, "Dr. ARIF", "Narasumber", "Maret", 900000, 45000, 855000],
    ]
    sp2d = [
        ["REGISTER SP2D"],
        ["No SP2D", "Tanggal Pencairan", "Jenis", "Uraian", "Nilai SP2D", "Nama Rekanan"],
        ["1/SP2D/LS/2025", "03/02/2025", "LS", "Termin I", 1000000, "CV Maju"],
    ]
    wanted = {
        "honor": {"Kedudukan Dlm Tim": "jabatan_tim", "Honorarium (Rp)": "bruto"},
        "sp2d": {"Tanggal Pencairan": "tanggal_sp2d", "Nama Rekanan": "penerima"},
    }
    for kind, rows in (("honor", honor), ("sp2d", sp2d)):
        path = write_xlsx(tmp_path / f"{kind}.xlsx", Sheet("Data", rows))
        doc = only_sheet(path, tmp_path).document
        assert doc is not None and doc.kind == kind
        found = {m.header: m.canonical for m in doc.mapping if m.match == "synonym"}
        assert found == wanted[kind]
    assert at(doc, 3, "tanggal_sp2d") == pd.Timestamp(2025, 2, 3)
