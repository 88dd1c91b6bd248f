"""The Excel report of `rl-audit check` (`--format xlsx`): sheets, cells, styles, safety."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rl_audit.config import Config
from rl_audit.documents import Document, InputFile, Issue, OpdRef, SheetResult
from rl_audit.findings import (
    AuditReport,
    Finding,
    Location,
    Measure,
    OpdSummary,
    RuleOutcome,
    RuleSetInfo,
    Severity,
    Status,
)
from rl_audit.messages import render
from rl_audit.report.xlsx import report as xlsx_report
from rl_audit.report.xlsx.report import build_workbook, sheet_title, write_xlsx
from rl_audit.report.xlsx.sheets import summary_lines
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DINKES = OpdRef("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
EVIL_OPD = OpdRef("9.99", "@SUM(A1)")
CLEAN = OpdRef("2.23.2.24.0.00.01.0000", "Dinas Perpustakaan dan Kearsipan")
GREEN, AMBER, RED = "FFC6EFCE", "FFFFEB9C", "FFFFC7CE"
SEVERITY_RGB = {"high": RED, "medium": AMBER, "low": "FFDDEBF7", "info": "FFEDEDED"}
FINDING_HEADER_ID = [
    "Kode OPD", "Nama OPD", "Aturan", "Kode BPK", "Tingkat", "Status", "Berkas", "Sheet",
    "Sel", "Baris", "Nilai", "Judul", "Uraian", "Perbaikan", "Catatan", "Sidik temuan",
]  # fmt: skip


def _finding(rule: str, sev: Severity, opd: OpdRef, sen: int | None, **kw: object) -> Finding:
    base: dict = dict(
        rule_id=rule, bpk_code="1.04.10", severity=sev, opd=opd, document="bku",
        title=f"Judul {rule}", message=f"Uraian {rule}", amount_sen=sen,
        locations=(Location("exports/bku.xlsx", "BKU", 12, "nilai", "F12"),),
        fingerprint=f"fp-{rule}", remediation="Perbaiki",
    )  # fmt: skip
    base.update(kw)
    return Finding(**base)


FINDINGS = [
    _finding("KAS-05", Severity.HIGH, DINKES, 725_000_001),  # Rp 7.250.000,01
    _finding(
        "PD-01",
        Severity.MEDIUM,
        DINKES,
        None,
        locations=(
            Location("exports/pd.xlsx", "Perjadin", 42, "tgl", "I42"),
            Location("exports/pd.xlsx", "Perjadin", 43, "tgl", "I43"),
        ),
    ),
    _finding("PJK-03", Severity.LOW, DINKES, 17_045_050, status="waived"),
    _finding(
        "ANL-01",
        Severity.INFO,
        EVIL_OPD,
        99,
        message='=HYPERLINK("http://x","klik")',
        title="+1",
        remediation="-2",
        locations=(Location("@SUM(A1).xlsx", "\x01=cmd|' /C calc'!A0", None),),
    ),
]


def _summary(opd: OpdRef, score: float, band: str, sen: int, m: Measure | None) -> OpdSummary:
    counts = {"high": 1, "medium": 1, "low": 0, "info": 0}
    return OpdSummary(opd, score, band, (), counts, sen, m, FINDINGS[0], 2025, "2025-12-31")


OPDS = [
    _summary(EVIL_OPD, 40.0, "belum_siap", 99, None),
    _summary(DINKES, 72.5, "perlu_perbaikan", 725_000_001, Measure(7_400, 12_000, 70.0)),
    _summary(CLEAN, 100.0, "siap", 0, Measure(1, 2, None)),
]
OUTCOMES = [
    RuleOutcome("KAS-05", "Tunai", "2.02.03", Severity.HIGH, Status.FAILED, 1, opd=DINKES),
    RuleOutcome("PJK-01", "Pajak", "1.04.10", Severity.HIGH, Status.PASSED, opd=DINKES),
    RuleOutcome(
        "ANG-02", "Serapan", "3.03.05", Severity.LOW, Status.ERROR, 0, "=kolom pagu hilang", CLEAN
    ),
]


def _sheet_result(name: str, issues: list[Issue]) -> SheetResult:
    doc = Document("exports/bku.xlsx", name, "bku", 0.93, DINKES, pd.DataFrame(), {}, [7], [])
    return SheetResult(name, [doc], "bku", 0.93, [7], [], 412, {}, [], [], issues)


INPUTS = [
    InputFile(
        Path("exports/bku.xlsx"),
        "exports/bku.xlsx",
        "ab" * 32,
        "ok",
        [
            _sheet_result("BKU", [Issue("csv_encoding", params={"encoding": "cp1252"})] * 2),
            SheetResult(
                "-Catatan",
                [],
                None,
                0.0,
                [],
                [],
                0,
                {},
                [],
                [],
                [Issue("sheet_unreadable", "error", {"detail": "rusak"})],
            ),  # fmt: skip
        ],
    ),
    InputFile(
        Path("=rusak.xlsx"),
        "=rusak.xlsx",
        None,
        "error",
        error=Issue("file_corrupt", "error", {"detail": "bad zip"}),
    ),
]

SORTED = [FINDINGS[i] for i in (0, 1, 3, 2)]  # the Temuan sheet's order: the waived one last


def _report() -> AuditReport:
    return AuditReport(
        generated_at="2026-11-27T02:00:00+07:00",
        year=2025,
        as_of="2025-12-31",
        rule_sets=[RuleSetInfo("bpk-wtp", "2025.1", 34)],
        inputs=INPUTS,
        outcomes=OUTCOMES,
        findings=FINDINGS,
        opds=OPDS,
    )


def _open(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def book() -> Workbook:
    return _open(build_workbook(_report(), "id"))


def _rows(ws: Worksheet, first: int = 2) -> list[tuple]:
    return list(ws.iter_rows(min_row=first, values_only=True))


def _summary_top(report: AuditReport) -> int:
    """The header row of the summary table: below the heading lines and a blank row."""
    return len(summary_lines(report, "id")) + 2


def test_sheet_names_follow_the_language() -> None:
    assert _open(build_workbook(_report())).sheetnames == [
        "Ringkasan", "Masalah input", "Temuan", "Aturan", "Input",
    ]  # fmt: skip
    english = _open(build_workbook(_report(), "en"))
    assert english.sheetnames == ["Summary", "Input problems", "Findings", "Rules", "Inputs"]
    assert _rows(english["Findings"], 1)[0][:5] == (
        "OPD code", "OPD name", "Rule", "BPK code", "Severity",
    )  # fmt: skip
    assert english["Findings"]["E2"].value == "high"


def test_sheet_titles_are_made_valid() -> None:
    assert sheet_title("Temuan") == "Temuan"
    assert sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("'quoted'") == "quoted" and sheet_title("") == "Sheet"


def test_findings_sheet_has_one_row_per_finding_with_exact_cells(book: Workbook) -> None:
    ws = book["Temuan"]
    assert _rows(ws, 1)[0] == tuple(FINDING_HEADER_ID)
    assert all(c.font.bold for c in ws[1])
    rows = _rows(ws)
    assert len(rows) == len(FINDINGS)
    cash, overlap, evil, waived = rows  # open first (by severity), the waived one last
    assert cash[:10] == (
        DINKES.code, DINKES.name, "KAS-05", "1.04.10", "tinggi", "terbuka",
        "exports/bku.xlsx", "BKU", "F12", 12,
    )  # fmt: skip
    assert cash[11:] == ("Judul KAS-05", "Uraian KAS-05", "Perbaiki", None, "fp-KAS-05")
    assert (overlap[8], overlap[9], overlap[10]) == ("I42, I43", 42, None)
    assert (waived[4], waived[5]) == ("rendah", "diterima (waiver)")
    assert (evil[8], evil[9]) == (None, None)  # a whole-sheet location: no cell, no row
    for row, finding in zip(rows, SORTED, strict=True):
        if finding.amount_sen is None:
            assert row[10] is None
        else:
            assert Decimal(str(row[10])) == Decimal(finding.amount_sen) / 100
    assert ws["K2"].number_format == "#,##0.00" and ws["K2"].data_type == "n"


def test_tables_have_autofilter_and_frozen_header(book: Workbook) -> None:
    expected = {"Temuan": "A1:P5", "Aturan": "A1:I4", "Input": "A1:K4", "Masalah input": "A1:F1"}
    for name, ref in expected.items():
        assert book[name].auto_filter.ref == ref
        assert book[name].freeze_panes == "A2"
    summary = book["Ringkasan"]
    assert summary.freeze_panes == "A7" and summary.auto_filter.ref == "A6:S9"
    assert book["Temuan"].column_dimensions["M"].width > book["Temuan"].column_dimensions["J"].width


def test_summary_heading_and_opd_rows(book: Workbook) -> None:
    ws = book["Ringkasan"]
    heading = [r[0] for r in _rows(ws, 1)[:5]]
    assert heading[0] == "Laporan Kesiapan Audit BPK" and ws["A1"].font.bold
    assert heading[1] == "Tahun anggaran 2025, posisi per 31/12/2025"
    assert heading[2] == "Dibuat:"
    assert ws["B3"].value == datetime(2026, 11, 27, 2, 0)  # an Excel date, WIB wall time
    assert ws["B3"].is_date and ws["B3"].number_format == "dd/mm/yyyy hh:mm"
    assert "bpk-wtp 2025.1" in heading[3] and heading[4] is None
    assert ws["A6"].value == "Kode" and ws["I6"].value == "Nilai berisiko"
    evil, dinkes, clean = _rows(ws, 7)
    assert [r[0] for r in (evil, dinkes, clean)] == [o.opd.code for o in OPDS]
    assert dinkes[1:8] == ("Dinas Kesehatan", 72.5, "Perlu perbaikan", 1, 1, 0, 0)
    assert Decimal(str(dinkes[8])) == Decimal("7250000.01")
    assert dinkes[9] == pytest.approx(7_400 / 12_000) and dinkes[10] == pytest.approx(0.70)
    assert (Decimal(str(dinkes[11])), Decimal(str(dinkes[12]))) == (Decimal(120), Decimal(74))
    assert dinkes[13] == "KAS-05 — Judul KAS-05"
    assert evil[9:13] == (None, None, None, None)  # no budget document
    assert clean[10] is None  # absorption without a target
    assert ws["C8"].number_format == "0.0" and ws["I8"].number_format == "#,##0.00"
    assert ws["J8"].number_format == "0.0%"


def test_score_and_band_cells_are_filled_by_band(book: Workbook) -> None:
    ws = book["Ringkasan"]
    for row, rgb in ((7, RED), (8, AMBER), (9, GREEN)):
        assert ws[f"C{row}"].fill.fgColor.rgb == rgb
        assert ws[f"D{row}"].fill.fgColor.rgb == rgb
        assert ws[f"D{row}"].fill.fill_type == "solid"
    assert ws["B8"].fill.fill_type is None


def test_severity_cells_are_filled_by_severity(book: Workbook) -> None:
    ws = book["Temuan"]
    for row, finding in enumerate(SORTED, 2):
        assert ws[f"E{row}"].fill.fgColor.rgb == SEVERITY_RGB[finding.severity.value]
    assert ws["D2"].fill.fill_type is None


def test_rules_sheet_has_one_row_per_outcome(book: Workbook) -> None:
    rows = _rows(book["Aturan"])
    assert len(rows) == len(OUTCOMES)
    assert rows[0][2:] == ("KAS-05", "Tunai", "2.02.03", "tinggi", "ada temuan", 1, None)
    assert rows[1][6] == "lulus"
    assert rows[2][6:] == ("tidak dapat dijalankan", 0, "'=kolom pagu hilang")


def test_inputs_sheet_has_one_row_per_file_and_sheet(book: Workbook) -> None:
    bku, notes, broken = _rows(book["Input"])
    encoding = render("csv_encoding", "id", encoding="cp1252")
    assert bku == (
        "exports/bku.xlsx", "ab" * 32, "terbaca", f"{encoding}; {encoding}", "BKU", "bku", 0.93,
        DINKES.code, DINKES.name, 412, 2,
    )  # fmt: skip
    assert notes[3] == render("sheet_unreadable", "id", detail="rusak")
    assert (notes[4], notes[5], notes[6], notes[7], notes[10]) == ("'-Catatan", None, None, None, 0)
    assert broken[:4] == (
        "'=rusak.xlsx", None, "gagal dibaca", render("file_corrupt", "id", detail="bad zip"),
    )  # fmt: skip
    assert broken[4:] == (None,) * 7


def test_spreadsheet_text_is_neutralised_and_no_cell_is_a_formula(book: Workbook) -> None:
    evil = book["Temuan"][4]
    by_header = {h.value: c for h, c in zip(book["Temuan"][1], evil, strict=True)}
    assert by_header["Uraian"].value == '\'=HYPERLINK("http://x","klik")'
    assert by_header["Judul"].value == "'+1"
    assert by_header["Perbaikan"].value == "'-2"
    assert by_header["Nama OPD"].value == "'@SUM(A1)"
    assert by_header["Berkas"].value == "'@SUM(A1).xlsx"
    assert by_header["Sheet"].value == "'=cmd|' /C calc'!A0"  # control character dropped
    for name in ("Uraian", "Judul", "Perbaikan", "Nama OPD", "Berkas", "Sheet"):
        assert by_header[name].data_type == "s"
    assert book["Ringkasan"]["B7"].value == "'@SUM(A1)"
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]


def test_write_is_atomic_over_an_existing_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "laporan.xlsx"
    target.write_bytes(b"old report")
    write_xlsx(_report(), target)
    assert _open(target.read_bytes()).sheetnames[2] == "Temuan"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.xlsx"]

    class Broken:
        def save(self, fh: object) -> None:  # fails half-way through writing the file
            fh.write(b"PK half a zip")  # type: ignore[attr-defined]
            raise RuntimeError("boom")

    before = target.read_bytes()
    monkeypatch.setattr(xlsx_report, "fill_workbook", lambda *args, **kw: Broken())
    with pytest.raises(RuntimeError):
        write_xlsx(_report(), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.xlsx"]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[AuditReport, Workbook]:
    report = run_check(CheckRequest(paths=[SAMPLES], config=Config()))
    path = tmp_path_factory.mktemp("xlsx") / "laporan.xlsx"
    write_xlsx(report, path)
    return report, openpyxl.load_workbook(path)


def test_sample_run_lists_every_finding_and_sums_money_per_opd(sample_run) -> None:
    report, book = sample_run
    assert len(report.findings) == 73
    assert book["Temuan"].max_row - 1 == len(report.findings)
    shown = [r[15] for r in _rows(book["Temuan"])]
    assert sorted(shown) == sorted(f.fingerprint for f in report.findings)
    by_fp = {f.fingerprint: f for f in report.findings}
    keys = [xlsx_report.finding_order(by_fp[fp]) for fp in shown]
    assert keys == sorted(keys)  # open first, then by severity and amount
    summary = _rows(book["Ringkasan"], _summary_top(report) + 1)
    assert [r[0] for r in summary] == [s.opd.code for s in report.opds]
    assert len(summary) == 6
    for row in summary:
        mine = [f for f in report.findings if f.opd and f.opd.code == row[0] and f.status == "open"]
        assert Decimal(str(row[8])) == Decimal(sum(f.amount_sen or 0 for f in mine)) / 100
        assert sum(row[4:8]) == len(mine)
    assert book["Aturan"].max_row - 1 == len(report.outcomes)
    inputs = sum(max(1, len(i.sheets)) for i in report.inputs)
    assert book["Input"].max_row - 1 == inputs


def test_notes_column_names_waivers_and_repeats() -> None:
    from tests.report.constructed import constructed_report

    report = constructed_report()
    ws = _open(build_workbook(report))["Temuan"]
    notes = {r[15]: r[14] for r in _rows(ws)}
    assert notes["fp-PJK-01-10"].startswith("Pengecualian waivers.yaml:6 berakhir 30/09/2025")
    repeat = next(f.fingerprint for f in report.findings if f.rule_id == "KTR-03")
    assert notes[repeat].startswith("Temuan berulang: LHP 12.B/LHP/XVIII.BKL/05/2025")


def test_summary_lists_open_recommendations_and_outstanding_money() -> None:
    from rl_audit.config import Config
    from rl_audit.run import CheckRequest, run_check

    samples = Path(__file__).parent.parent.parent / "samples" / "puprkp"
    report = run_check(CheckRequest(paths=[samples], config=Config()))
    ws = _open(build_workbook(report))["Ringkasan"]
    head, row = _summary_top(report), _summary_top(report) + 1
    assert ws[f"O{head}"].value == "Rekomendasi BPK terbuka"
    assert ws[f"P{head}"].value == "Belum dikembalikan"
    assert ws[f"O{row}"].value == 3 and Decimal(str(ws[f"P{row}"].value)) == Decimal("91090250.50")
