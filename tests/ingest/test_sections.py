"""Consolidated sheets: one document per OPD section (`rl_audit.ingest.sections`).

BPKAD's `LRA per SKPD` lists several SKPDs one after the other, each headed by a row
with its code and name (often with its own totals) and closed by `JUMLAH BELANJA …`,
then a grand total. Every section must become its own document with its OPD and its
Excel rows; an OPD name inside an account's uraian, a sub unit, or a sheet of one OPD
must not start anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from builders import (
    CONSOLIDATED_HEADER,
    TITLE_PEMKAB,
    Leaf,
    Sheet,
    consolidated_lra_rows,
    lra_tree_rows,
    signature,
    write_csv,
    write_xlsx,
)
from typer.testing import CliRunner

from rl_audit.cache.files import IngestCache
from rl_audit.checks.spending import spending_total
from rl_audit.cli.app import app
from rl_audit.documents import ROLE, ROW, Document, InputFile, RowRole, SheetResult
from rl_audit.engine.money_caps import cap_amounts, sheet_totals
from rl_audit.findings import Finding, Location, Severity
from rl_audit.ingest import pipeline
from rl_audit.ingest.pipeline import IngestOptions, ingest_file

DINKES = ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
DPMPTSP = ("2.18.0.00.0.00.01.0000", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
SETDA = ("4.01.0.00.0.00.01.0000", "Sekretariat Daerah")
# fmt: off
DINKES_LEAVES: list[Leaf] = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
     25_000_000, 20_000_000),
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak",
     10_000_000, 8_500_000),
]
RSUD_LEAVES: list[Leaf] = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
     20_000_000, 21_000_000),
    ("5.2.02.05.01.0001", "Belanja Modal Mebel", 300_000_000, 250_000_000),
]
DPMPTSP_LEAVES: list[Leaf] = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
     5_000_000, 1_000_000),
    ("5.1.02.02.01.0013", "Belanja Jasa Tenaga Administrasi", 15_000_000, 4_000_000),
]
# fmt: on
SECTIONS = [(DINKES, DINKES_LEAVES), (RSUD, RSUD_LEAVES), (DPMPTSP, DPMPTSP_LEAVES)]
SHEET = "LRA per SKPD"


def read(path: Path, root: Path, **kw: object) -> tuple[InputFile, SheetResult]:
    result = ingest_file(path, IngestOptions(root=root, **kw))  # type: ignore[arg-type]
    assert result.status == "ok", result.error
    return result, result.sheets[0]


def consolidated(tmp: Path, **kw: bool) -> tuple[Path, dict[tuple[str, str], int]]:
    rows, where = consolidated_lra_rows(SECTIONS, **kw)
    path = write_xlsx(tmp / "bpkad" / "lra_per_skpd_2025.xlsx", Sheet(SHEET, rows))
    return path, where


def roles(doc: Document) -> dict[int, str]:
    return dict(zip(doc.frame[ROW], doc.frame[ROLE], strict=True))


def test_each_section_is_a_document_of_its_opd_with_its_own_rows(tmp_path: Path) -> None:
    path, at = consolidated(tmp_path)
    result, sheet = read(path, tmp_path)
    docs = sheet.documents
    assert [(d.opd.code, d.opd.source) for d in docs if d.opd] == [
        (DINKES[0], "section"),
        (RSUD[0], "section"),
        (DPMPTSP[0], "section"),
    ]
    assert all(a is b for a, b in zip(result.documents(), docs, strict=True))
    assert sheet.document is docs[0]
    for doc, ((code, _), leaves) in zip(docs, SECTIONS, strict=True):
        rows = list(doc.frame[ROW])
        # from the heading to the closing JUMLAH BELANJA row, Excel rows unchanged
        assert rows == list(range(at[code, "heading"], at[code, "total"] + 1))
        assert roles(doc)[at[code, "heading"]] == RowRole.SECTION.value
        assert roles(doc)[at[code, "total"]] == RowRole.TOTAL.value
        assert sorted(doc.data()[ROW]) == sorted(at[code, leaf[0]] for leaf in leaves)
        assert list(doc.data()["kode_rekening"]) == [leaf[0] for leaf in leaves]
        assert spending_total(doc.frame, "anggaran") == sum(x[2] for x in leaves) * 100
        assert (doc.kind, doc.sheet, doc.columns["anggaran"]) == ("anggaran", SHEET, "C")
    # the grand total and the signature belong to no section; the sheet still shows them
    grand = at["", "grand"]
    assert all(grand not in set(d.frame[ROW]) for d in docs)
    assert (grand, "total") in [(row, role) for row, role, _ in sheet.special_rows]
    assert sheet.role_counts["section"] == 3 and sheet.role_counts["footer"] == 4
    assert sheet.data_rows == 6 == sum(len(d.data()) for d in docs)


def test_a_heading_that_carries_the_skpds_total_is_not_data(tmp_path: Path) -> None:
    path, at = consolidated(tmp_path, heading_money=True)
    _, sheet = read(path, tmp_path)
    rsud = sheet.documents[1]
    heading = rsud.frame[rsud.frame[ROW] == at[RSUD[0], "heading"]].iloc[0]
    assert heading[ROLE] == "section" and heading["anggaran"] == 320_000_000_00
    assert at[RSUD[0], "heading"] not in set(rsud.data()[ROW])
    assert (sheet.kind, sheet.data_rows) == ("anggaran", 6)
    assert not [i for i in sheet.issues if i.key.startswith("code_tree_")]
    # without money on the heading rows: the same sections
    path, at = consolidated(tmp_path / "bare", heading_money=False)
    _, bare = read(path, tmp_path / "bare")
    assert [len(d.frame) for d in bare.documents] == [len(d.frame) for d in sheet.documents]


def test_no_grand_total_leaves_the_last_section_its_own_total(tmp_path: Path) -> None:
    path, at = consolidated(tmp_path, grand_total=False)
    _, sheet = read(path, tmp_path)
    last = sheet.documents[-1]
    assert last.frame[ROW].max() == at[DPMPTSP[0], "total"]
    assert set(last.frame[ROLE]) == {"section", "subtotal", "data", "total"}


def test_a_recap_of_the_skpds_below_the_grand_total_belongs_to_none(tmp_path: Path) -> None:
    rows, at = consolidated_lra_rows(SECTIONS)
    grand = at["", "grand"]
    recap = [[None, "REKAPITULASI PER SKPD"]] + [
        [code, name, sum(x[2] for x in leaves), sum(x[3] for x in leaves)]
        for (code, name), leaves in SECTIONS
    ]
    rows[grand:grand] = recap  # rows grand+1 … grand+4, the grand total stays above them
    path = write_xlsx(tmp_path / "bpkad" / "lra.xlsx", Sheet(SHEET, rows))
    _, sheet = read(path, tmp_path)
    assert [(d.frame[ROW].min(), d.frame[ROW].max()) for d in sheet.documents] == [
        (at[code, "heading"], at[code, "total"]) for (code, _), _ in SECTIONS
    ]
    special = {row: role for row, role, _ in sheet.special_rows}
    assert [special.get(r, "data") for r in range(grand + 2, grand + 5)] == ["total"] * 3
    assert sheet.data_rows == 6 and sheet.role_counts["section"] == 3


def _one_opd_lra(tmp: Path, body: list[list[object]], skpd: tuple[str, str]) -> Path:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN"],
        ["SKPD : " + " ".join(skpd)],
        [],
        CONSOLIDATED_HEADER,
        [1, 2, 3, 4, "5 = (3 - 4)", 6],
        *body,
        *signature(left=1, right=4),
    ]
    return write_xlsx(tmp / "lra.xlsx", Sheet("LRA", rows))


def _line(kode: str | None, uraian: str, budget: int, real: int) -> list[object]:
    return [kode, uraian, budget, real, budget - real, round(real / budget * 100, 2)]


def _as_one(monkeypatch: pytest.MonkeyPatch, path: Path, root: Path) -> SheetResult:
    """The sheet as read without any section splitting."""
    with monkeypatch.context() as m:
        m.setattr(pipeline, "split_sections", lambda doc, *a, **k: (doc, [doc]))
        return read(path, root)[1]


def assert_unchanged(sheet: SheetResult, plain: SheetResult) -> None:
    (doc,), (ref,) = sheet.documents, plain.documents
    pd.testing.assert_frame_equal(doc.frame, ref.frame)
    assert (doc.opd, doc.warnings, sheet.role_counts, sheet.special_rows) == (
        ref.opd, ref.warnings, plain.role_counts, plain.special_rows,
    )  # fmt: skip
    assert RowRole.SECTION.value not in sheet.role_counts


def test_an_opd_name_inside_an_uraian_starts_no_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = [
        _line("5.1.05.05.01.0001", "Belanja Hibah kepada Dinas Kesehatan", 90_000_000, 0),
        _line("5.1.05.05.01.0002", "Belanja hibah kepada RSUD Curup", 80_000_000, 10_000),
        _line(None, "Honor tim RSUD Curup", 2_000_000, 1_000_000),
        _line("5.1.02.02.01.0003", "Honorarium Narasumber Dinas Penanaman Modal", 3_000_000, 0),
        _line(None, "Rapat koordinasi dengan Dinas Kesehatan dan RSUD", 1_000_000, 500_000),
        _line(None, "JUMLAH BELANJA", 176_000_000, 1_510_000),
    ]
    path = _one_opd_lra(tmp_path, body, SETDA)
    _, sheet = read(path, tmp_path)
    assert sheet.document is not None and sheet.document.opd is not None
    assert sheet.document.opd.code == SETDA[0]
    assert_unchanged(sheet, _as_one(monkeypatch, path, tmp_path))


def test_a_single_opd_lra_is_read_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # its own heading row and the rows of its sub units (UPTD Puskesmas) name one OPD only
    body = [_line(*DINKES, 35_000_000, 28_500_000)]
    body += [_line(*line) for line in lra_tree_rows(DINKES_LEAVES)]
    body += [
        _line("1.02.0.00.0.00.01.0001", "UPTD Puskesmas Curup", 4_000_000, 1_000_000),
        _line("1.02.0.00.0.00.01.0002", "UPTD Puskesmas Talang Rimbo", 4_000_000, 1_000_000),
        _line(None, "JUMLAH BELANJA DINAS KESEHATAN", 35_000_000, 28_500_000),
    ]
    path = _one_opd_lra(tmp_path, body, DINKES)
    _, sheet = read(path, tmp_path)
    assert_unchanged(sheet, _as_one(monkeypatch, path, tmp_path))


def test_headings_by_name_or_labelled_code_in_one_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN PER PERANGKAT DAERAH TAHUN ANGGARAN 2025"],
        [],
        CONSOLIDATED_HEADER,
        _line(None, "Dinas Kesehatan Kabupaten Rejang Lebong", 35_000_000, 28_500_000),
        *[_line(*line) for line in lra_tree_rows(DINKES_LEAVES)],
        _line(None, "JUMLAH", 35_000_000, 28_500_000),
        [None, "Unit Organisasi : 1.02.0.00.0.00.02.0000 - RSUD Curup"],
        *[_line(*line) for line in lra_tree_rows(RSUD_LEAVES)],
        _line(None, "JUMLAH", 320_000_000, 271_000_000),
    ]
    path = write_csv(tmp_path / "lra_konsolidasi.csv", rows, delimiter=";")
    _, sheet = read(path, tmp_path)
    assert [(d.opd.code if d.opd else None, d.frame[ROW].min(), d.frame[ROW].max())
            for d in sheet.documents] == [(DINKES[0], 5, 13), (RSUD[0], 14, 26)]  # fmt: skip
    assert [len(d.data()) for d in sheet.documents] == [2, 2]


def test_unregistered_code_and_repeated_headings_and_leading_rows(tmp_path: Path) -> None:
    other = ("2.09.0.00.0.00.07.0000", "Dinas Ketahanan Pangan Kabupaten Kepahiang")
    rsud = lra_tree_rows(RSUD_LEAVES)
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["REKAPITULASI REALISASI ANGGARAN 2025"],
        ["SKPD : Badan Pengelolaan Keuangan dan Aset Daerah"],
        [],
        CONSOLIDATED_HEADER,
        _line("5.1.02.01.01.0024", "Belanja ATK BPKAD", 1_000_000, 500_000),  # row 6: BPKAD's
        _line(None, "JUMLAH BELANJA BPKAD", 1_000_000, 500_000),
        [*RSUD],  # row 8
        *[_line(*line) for line in rsud[:6]],  # rows 9-14: the tree down to the first leaf
        [*other],  # row 15
        _line("5.1.02.01.01.0024", "Belanja ATK", 3_000_000, 1_000_000),
        _line(None, "JUMLAH BELANJA", 3_000_000, 1_000_000),
        [*RSUD],  # row 18: the RSUD heading again (a new printed page)
        *[_line(*line) for line in rsud[6:]],  # rows 19-23
        _line(None, "JUMLAH BELANJA RSUD", 320_000_000, 271_000_000),  # row 24
        _line(None, "JUMLAH BELANJA DAERAH", 324_000_000, 272_000_000),  # row 25: of none
    ]
    path = write_xlsx(tmp_path / "rekap.xlsx", Sheet("Rekap", rows))
    _, sheet = read(path, tmp_path)
    got = [(d.opd.code, d.opd.registered, d.opd.source, list(d.frame[ROW]))
           for d in sheet.documents if d.opd]  # fmt: skip
    assert got == [
        ("5.02.0.00.0.00.01.0000", True, "title", [6, 7]),
        (RSUD[0], True, "section", [*range(8, 15), *range(18, 25)]),
        (other[0], False, "section", [15, 16, 17]),
    ]
    assert [len(d.data()) for d in sheet.documents] == [1, 2, 1]
    (note,) = [i for i in sheet.issues if i.key == "opd_unregistered"]
    assert note.params["code"] == other[0] and note.sheet == "Rekap"


def test_a_split_sheet_round_trips_through_the_ingest_cache(tmp_path: Path) -> None:
    path, _ = consolidated(tmp_path)
    cache = IngestCache(tmp_path / "cache")
    options = IngestOptions(root=tmp_path, cache=cache)
    fresh = ingest_file(path, options)
    cached = ingest_file(path, options)
    assert (cache.stored, cache.hits) == (1, 1), cache.last_error
    a, b = fresh.sheets[0], cached.sheets[0]
    assert len(b.documents) == 3 and b.role_counts == a.role_counts
    for x, y in zip(a.documents, b.documents, strict=True):
        assert (x.opd, x.warnings) == (y.opd, y.warnings)
        pd.testing.assert_frame_equal(x.frame, y.frame)


def test_a_finding_is_capped_at_its_sections_total(tmp_path: Path) -> None:
    path, at = consolidated(tmp_path)
    _, sheet = read(path, tmp_path)
    docs = sheet.documents
    assert sheet_totals(docs) == {(docs[0].file, SHEET): 320_000_000_00}  # RSUD's total
    loc = Location(docs[0].file, SHEET, at[DINKES[0], "5.1.02.01.01.0024"], "anggaran", "C13")
    finding = Finding(
        "ANG-03", "2.01.01", Severity.LOW, None, "anggaran", "t", "m", 100_000_000_00, (loc,), "f"
    )
    (capped,), (notice,) = cap_amounts([finding], docs)
    assert capped.amount_sen == 35_000_000_00 and notice.key == "amount_capped"


def test_inspect_lists_the_sections(tmp_path: Path) -> None:
    path, at = consolidated(tmp_path)
    runner = CliRunner()
    table = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "3 OPD (lembar gabungan)" in table.output
    for code, name in (DINKES, RSUD, DPMPTSP):
        first, last = at[code, "heading"], at[code, "total"]
        assert f"baris {first}–{last}: {code} {name} — baris data: 2" in table.output
    out = runner.invoke(app, ["inspect", "--format", "json", str(path)])
    assert out.exit_code == 0, out.output
    (data,) = json.loads(out.output)["inputs"][0]["sheets"]
    assert data["opd"] is None and data["row_roles"]["section"] == 3
    assert [(s["rows"], s["opd"]["code"], s["opd"]["source"], s["data_rows"])
            for s in data["sections"]] == [
        ([at[c, "heading"], at[c, "total"]], c, "section", 2) for c, _ in (DINKES, RSUD, DPMPTSP)
    ]  # fmt: skip


def test_a_forced_opd_is_never_split(tmp_path: Path) -> None:
    path, _ = consolidated(tmp_path)
    _, forced = read(path, tmp_path, opd=DINKES[0])
    assert len(forced.documents) == 1 and "section" not in forced.role_counts


REALISASI_HEADER = ["Nomor", "Kode SKPD", "Nama SKPD", "Kode Rekening", "Nomor Dokumen",
                    "Jenis Transaksi", "Tanggal Dokumen", "Keterangan Dokumen",
                    "Nilai Realisasi"]  # fmt: skip


def _realisasi(tmp: Path, lines: list[tuple[tuple[str, str], str, int]]) -> Path:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI PER DOKUMEN SELURUH SKPD"],
        ["TAHUN ANGGARAN 2025"],
        [],
        REALISASI_HEADER,
    ]
    for i, ((kode, nama), text, nilai) in enumerate(lines, start=1):
        rows.append([i, kode, nama, "5.1.02.01.01.0024", f"{i:05d}/TBP/2025", "GU",
                     "14/04/2025", text, nilai])  # fmt: skip
    rows.append(["Total", *[None] * 7, sum(x[2] for x in lines)])
    return write_xlsx(tmp / "bpkad" / "realisasi_seluruh_skpd.xlsx", Sheet("Data", rows))


def test_a_flat_table_of_several_skpds_is_split_by_its_kode_skpd(tmp_path: Path) -> None:
    puskesmas = ("1.02.0.00.0.00.01.0001", "UPTD Puskesmas Curup")  # a sub unit: not registered
    path = _realisasi(
        tmp_path,
        [
            (DINKES, "Belanja ATK", 1_000_000),  # row 6
            (RSUD, "Belanja obat", 2_000_000),
            (DINKES, "Belanja bahan cetak", 3_000_000),
            (DPMPTSP, "Belanja ATK perizinan", 4_000_000),
            (puskesmas, "Belanja ATK puskesmas", 5_000_000),  # row 10
            (RSUD, "Belanja makan minum pasien", 6_000_000),
        ],
    )
    _, sheet = read(path, tmp_path)
    got = [(d.opd.code, d.opd.source, list(d.frame[ROW])) for d in sheet.documents if d.opd]
    # the sheet's own OPD (the most frequent kode SKPD) keeps the sub unit's row
    assert got == [
        (DINKES[0], "column", [6, 8]),
        (RSUD[0], "column", [7, 11]),
        (DPMPTSP[0], "column", [9]),
        (DINKES[0], "column", [10]),
    ]
    assert sheet.data_rows == 6 and sheet.role_counts["total"] == 1
    assert all(12 not in set(d.frame[ROW]) for d in sheet.documents)  # the Total row: of none


def test_a_flat_table_of_one_skpd_and_its_sub_units_is_not_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    puskesmas = ("1.02.0.00.0.00.01.0001", "UPTD Puskesmas Curup")
    lines = [(DINKES, "Belanja ATK", 1_000_000), (puskesmas, "Belanja ATK puskesmas", 2_000_000)]
    path = _realisasi(tmp_path, [*lines, (DINKES, "Belanja bahan cetak", 3_000_000)])
    _, sheet = read(path, tmp_path)
    assert_unchanged(sheet, _as_one(monkeypatch, path, tmp_path))
