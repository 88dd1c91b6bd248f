"""Windows habits: paths with spaces and backslashes where copies are placed, and
`check --open` showing the HTML report in the default browser (path always printed)."""

from __future__ import annotations

import shutil
import webbrowser
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.documents import InputFile, OpdRef
from rl_audit.findings import AuditReport, Finding, Location, Severity
from rl_audit.report.annotate.workbook import annotate, output_path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DINKES = OpdRef("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", short="Dinkes")


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("C:\\Users\\Bendahara Dinkes\\BKU 2025.csv", "Dinkes/BKU 2025.csv.xlsx"),
        ("\\\\server\\berbagi data\\Pajak Juni.xlsx", "Dinkes/Pajak Juni.xlsx"),
        ("Data Keuangan/2025/bku.xlsm", "Dinkes/bku.xlsx"),
    ],
)
def test_copies_go_per_opd_whatever_the_input_path(display: str, expected: str, tmp_path: Path):
    out = tmp_path / "Salinan Bertanda"
    assert output_path(out, display, set(), "Dinkes") == out / expected


def test_same_file_names_of_one_opd_stay_unique(tmp_path: Path) -> None:
    taken: set[Path] = set()
    out = tmp_path / "out"
    names = [output_path(out, d, taken, "Dinkes").name for d in ("a\\bku.xlsx", "b/bku.xlsx")]
    names.append(output_path(out, "c\\bku.xlsx", taken, "Dinkes").name)
    assert names == ["bku.xlsx", "bku.xlsx.xlsx", "bku (2).xlsx"]


def _grid(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "BKU"
    for i in range(1, 6):
        wb.active.append([i, f"baris {i}", i * 1000])
    wb.save(path)
    return path


def test_two_inputs_named_alike_in_folders_with_spaces(tmp_path: Path) -> None:
    import hashlib

    items, findings = [], []
    for folder in ("Januari 2025", "Februari 2025"):
        (tmp_path / folder).mkdir()
        path = _grid(tmp_path / folder / "bku.xlsx")
        display = f"{folder}\\bku.xlsx"  # as a Windows display path
        items.append(InputFile(path, display, hashlib.sha256(path.read_bytes()).hexdigest(), "ok"))
        loc = Location(display, "BKU", 2, None, "C2")
        findings.append(
            Finding("KAS-05", "1.04", Severity.HIGH, DINKES, "bku", "T", "M", 1, (loc,), display)
        )
    report = AuditReport("2026-01-01T02:00:00+07:00", 2025, None, [], items, [], findings)
    result = annotate(report, tmp_path / "Salinan Bertanda")
    assert result.problems == []
    folder = tmp_path / "Salinan Bertanda" / "Dinkes"
    assert result.written == [folder / "bku.xlsx", folder / "bku.xlsx.xlsx"]
    assert {d: c.path for d, c in result.copies.items()} == {
        "Januari 2025\\bku.xlsx": folder / "bku.xlsx",
        "Februari 2025\\bku.xlsx": folder / "bku.xlsx.xlsx",
    }


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    inbox = tmp_path / "Data OPD" / "dispusip"
    shutil.copytree(SAMPLES / "dispusip", inbox)
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(app, ["check", "-q", *args, str(inbox)])


def test_open_writes_and_opens_the_html_report(tmp_path: Path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    result = _check(tmp_path, monkeypatch, "--open")
    assert result.exit_code == 0, result.output
    page = tmp_path / "rl-audit-report.html"
    assert opened == [page.resolve().as_uri()] and page.is_file()
    assert f"written: {Path('rl-audit-report.html')}" in result.stderr  # printed, even with -q


def test_open_uses_the_html_report_asked_for(tmp_path: Path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    target = tmp_path / "Laporan Saya" / "laporan audit.html"
    result = _check(tmp_path, monkeypatch, "--format", "html", "--output", str(target), "--open")
    assert result.exit_code == 0, result.output
    assert opened == [target.resolve().as_uri()]  # spaces escaped in the file URI
    assert "%20" in opened[0]


def test_no_browser_says_where_the_report_is(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    result = _check(tmp_path, monkeypatch, "--open", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "No browser could be opened; open the report yourself: rl-audit-report.html" in (
        " ".join(result.stderr.split())
    )


def test_without_open_no_browser_is_started(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("opened a browser"))
    result = _check(tmp_path, monkeypatch, "--format", "html")
    assert result.exit_code == 0 and (tmp_path / "rl-audit-report.html").is_file()
