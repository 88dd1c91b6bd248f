"""report.xlsx for people who act on it: sorted findings, Excel dates, print setup and
links from each finding to its cell in the annotated copy (`check --annotate`)."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_from_string
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.findings import Finding, Location, Severity
from rl_audit.report.xlsx import links
from rl_audit.report.xlsx.links import AnnotatedCopy, cell_link
from rl_audit.report.xlsx.report import build_workbook
from tests.report.constructed import DINKES, constructed_report

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CELL_COLUMN, FP_COLUMN = 8, 15  # 0-based: col_cell, col_fingerprint of the Temuan sheet


def _finding(fp: str, sev: Severity, sen: int | None, status: str = "open", **kw) -> Finding:
    loc = kw.pop("loc", Location("dinkes/bku.csv", "bku", 18, "nilai", "C18"))
    return Finding("KAS-05", "1.04", sev, DINKES, "bku", "T", "M", sen, (loc,), fp, status=status)


def _temuan(report, copies=None) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(report, "id", copies)))
    return list(book["Temuan"].iter_rows(min_row=2, values_only=True))


def test_open_findings_first_then_by_severity_and_amount() -> None:
    findings = [
        _finding("waived-high", Severity.HIGH, 10**12, status="waived"),
        _finding("low-big", Severity.LOW, 10**11),
        _finding("high-none", Severity.HIGH, None),
        _finding("high-small", Severity.HIGH, 100),
        _finding("high-big", Severity.HIGH, 10**9),
        _finding("medium", Severity.MEDIUM, 5),
    ]
    report = constructed_report()
    rows = _temuan(replace(report, findings=findings))
    assert [r[FP_COLUMN] for r in rows] == [
        "high-big", "high-small", "high-none", "medium", "low-big", "waived-high",
    ]  # fmt: skip


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_repeated() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(constructed_report(), "id")))
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        top = int(ws.freeze_panes[1:]) - 1  # the header row, frozen below
        assert ws.print_title_rows == f"${top}:${top}", ws.title


def test_dates_are_excel_dates() -> None:
    report = constructed_report()
    ws = openpyxl.load_workbook(io.BytesIO(build_workbook(report, "id")))["Ringkasan"]
    generated = ws["B3"]
    assert generated.is_date and ws["A3"].value == "Dibuat:"
    assert generated.value.isoformat() == report.generated_at[:19]  # WIB wall time, no zone
    header = [c.value for c in ws[int(ws.freeze_panes[1:]) - 1]]
    column = header.index("Data terakhir")
    first = int(ws.freeze_panes[1:])
    rows = ws.iter_rows(min_row=first)
    dated = [(row[column], s.last_data_date) for row, s in zip(rows, report.opds, strict=True)]
    assert any(iso for _, iso in dated)
    for cell, iso in dated:
        if iso is None:
            assert cell.value is None
        else:
            assert cell.is_date and cell.value.date() == date.fromisoformat(iso)
            assert cell.number_format == "dd/mm/yyyy"


def test_a_link_is_relative_quoted_and_points_at_the_first_cell(tmp_path: Path) -> None:
    loc = Location('di"nkes/bku.csv', "Buku 'Kas'", 18, "nilai", "C18")
    f = _finding("x", Severity.HIGH, 1, loc=loc)
    copy = AnnotatedCopy(tmp_path / "marked" / "Dinkes" / 'bku".csv.xlsx', {"Buku 'Kas'": "Kas"})
    formula = cell_link(f, "C18", {loc.file: copy}, tmp_path / "laporan")
    assert formula == '=HYPERLINK("../marked/Dinkes/bku"".csv.xlsx#\'Kas\'!C18","C18")'
    same = AnnotatedCopy(copy.path, {})  # the sheet kept its name: quotes doubled
    assert "#'Buku ''Kas'''!C18" in str(cell_link(f, "", {loc.file: same}, tmp_path))
    assert cell_link(f, "C18", {}, tmp_path) is None  # no copy of that file
    far = AnnotatedCopy(tmp_path / ("x" * 300 + ".xlsx"))
    assert cell_link(f, "C18", {loc.file: far}, tmp_path) is None  # too long for Excel
    odd = _finding("y", Severity.LOW, 1, loc=Location(loc.file, "S", None, None, "C18:D20"))
    assert cell_link(odd, "", {loc.file: copy}, tmp_path) is None  # not one A1 cell


def test_another_drive_gives_an_absolute_target(tmp_path: Path, monkeypatch) -> None:
    def other_drive(path: str, start: str) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(links.os.path, "relpath", other_drive)
    copy = tmp_path / "Bendahara Dinkes" / "bku.xlsx"
    assert links.relative_target(copy, tmp_path / "laporan") == copy.absolute().as_posix()


def test_check_links_findings_to_the_annotated_cells(tmp_path: Path) -> None:
    """A real run into folders with spaces: each linked cell exists in its copy."""
    inbox = tmp_path / "Kotak Masuk"
    shutil.copytree(SAMPLES / "dinkes", inbox / "dinkes")
    out = tmp_path / "Laporan OPD"
    args = ["check", "-q", "--fail-on", "never", "--format", "xlsx", "--output"]
    args += [str(out / "laporan.xlsx"), "--annotate", str(out / "bertanda"), str(inbox)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / "laporan.xlsx")["Temuan"]
    formulas = [c.value for c in ws[chr(ord("A") + CELL_COLUMN)][1:] if c.data_type == "f"]
    assert formulas
    for formula in formulas:
        target, _ = formula.removeprefix('=HYPERLINK("').split('","')
        file, place = target.split("#")
        sheet, cell = place.rsplit("!", 1)
        copy = out / file
        assert copy.is_file() and copy.parent.parent == out / "bertanda"  # per OPD
        marked = openpyxl.load_workbook(copy)[sheet.strip("'").replace("''", "'")]
        column, row = coordinate_from_string(cell)
        assert marked[cell].fill.fill_type == "solid" or marked[cell].comment is not None, cell
        assert row >= 1 and column
    others = [c for row in ws.iter_rows() for c in row if c.column != CELL_COLUMN + 1]
    assert not [c.coordinate for c in others if c.data_type == "f"]  # input text never a formula


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_links_without_annotated_copies(lang: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(constructed_report(), lang)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
