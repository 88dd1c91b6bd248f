"""Every unreadable cell is named, Excel error cells are reported, closing rows are not.

A BKU as an OPD exports it: unreadable amounts (`1.2OO.000`, `satu juta`), an
impossible date, Excel error cells (`#REF!`, …) and the closing "Sisa Kas … Terdiri
dari" breakdown under the table.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.documents import InputFile, Issue, SheetResult
from rl_audit.engine.problems import collect, line
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.messages import render
from tests.ingest.builders import Row, Sheet, signature, write_xlsx

REAL = Path(__file__).parent.parent / "data" / "realdata"
HEADER = ["No", "Tanggal", "No Bukti", "Uraian", "Penerimaan", "Pengeluaran", "Saldo"]
CLOSING: list[Row] = [
    [None, None, None, "Jumlah", 5_000_000, 7_000_000, None],
    [None, None, None, "Sisa Kas", None, None, 8_000_000],
    [None, None, None, "Terdiri dari:", None, None, None],
    [None, None, None, "a. Kas Tunai", None, None, 1_000_000],
    [None, None, None, "b. Saldo Bank", None, None, 7_000_000],
    [None, None, None, "c. Surat Berharga", None, None, 0],
]


def bku_rows(saldo: dict[int, object], dates: dict[int, object] | None = None) -> list[Row]:
    """BKU rows 1–5 title/header, row 6 Saldo Awal, rows 7–15 spending, 16–21 closing."""
    rows: list[Row] = [
        ["BUKU KAS UMUM PENGELUARAN"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
        ["Tahun Anggaran 2025"],
        [],
        HEADER,
        [None, None, None, "Saldo Awal", None, None, 10_000_000],
    ]
    for n in range(1, 10):
        excel_row = n + 6
        date = (dates or {}).get(excel_row, dt.date(2025, 1, 5 + n))
        amount = saldo.get(excel_row, 10_000_000 - n * 250_000)
        rows.append([n, date, f"B-{n}", f"Belanja {n}", 0, 250_000, amount])
    return rows + CLOSING + signature(left=1, right=5)


def write_bku(path: Path, rows: list[Row], errors: tuple[str, ...] = ()) -> Path:
    """The workbook, with `errors` cells turned into real Excel error cells."""
    write_xlsx(path, Sheet("BKU", rows))
    if errors:
        book = openpyxl.load_workbook(path)
        for cell in errors:
            book.active[cell].data_type = "e"
        book.save(path)
    return path


def read(path: Path) -> InputFile:
    result = ingest_file(path, IngestOptions(root=path.parent))
    assert result.status == "ok", result.error
    return result


def read_sheet(path: Path) -> SheetResult:
    return read(path).sheets[0]


def unparsed(sheet: SheetResult, column: str) -> Issue:
    return next(
        i for i in sheet.issues if i.key == "value_unparsed" and i.params["column"] == column
    )


def test_every_unreadable_amount_and_date_is_named(tmp_path: Path) -> None:
    rows = bku_rows({9: "1.2OO.000", 14: "satu juta"}, {10: "13/13/2025", 13: "32/01/2025"})
    sheet = read_sheet(write_bku(tmp_path / "bku.xlsx", rows))
    money = unparsed(sheet, "saldo")
    assert (money.cell, money.params["count"], money.params["cells"]) == ("G9", 2, ["G9", "G14"])
    text = render(money.key, "id", **money.params)
    assert text.endswith("'1.2OO.000' di G9, 'satu juta' di G14")
    dates = unparsed(sheet, "tanggal")
    assert dates.params["cells"] == ["B10", "B13"]
    assert "'32/01/2025' at B13" in render(dates.key, "en", **dates.params)
    problem = next(p for p in collect([read(tmp_path / "bku.xlsx")]) if p.cell == "G9")
    assert (problem.rows, problem.cells) == ((9, 14), ("G9", "G14"))
    assert line(problem, "id").startswith("bku.xlsx › BKU › G9: 2 nilai")


def test_a_long_list_names_ten_values_then_how_many_more(tmp_path: Path) -> None:
    rows = bku_rows({r: f"x{r}" for r in range(7, 16)})
    rows[6:6] = [[None, None, None, f"Belanja lain {k}", 0, 0, f"y{k}"] for k in range(3)]
    sheet = read_sheet(write_bku(tmp_path / "bku.xlsx", rows))
    issue = unparsed(sheet, "saldo")
    assert issue.params["count"] == 12 and len(issue.params["cells"]) == 12
    assert issue.params["cells"][-1] == "G18"
    text = render(issue.key, "id", **issue.params)
    assert text.count(" di G") == 10 and text.endswith("dan 2 lagi")


def test_excel_error_cells_are_unreadable_values_with_their_text(tmp_path: Path) -> None:
    errors = {8: "#REF!", 10: "#VALUE!", 11: "#N/A", 12: "#DIV/0!", 14: "#NAME?"}
    rows = bku_rows(dict(errors), {13: "#REF!"})
    path = write_bku(tmp_path / "bku.xlsx", rows, (*(f"G{r}" for r in errors), "B13"))
    sheet = read_sheet(path)
    money = unparsed(sheet, "saldo")
    assert money.params["cells"] == ["G8", "G10", "G11", "G12", "G14"]
    assert money.params["values"] == list(errors.values())
    assert unparsed(sheet, "tanggal").params["values"] == ["#REF!"]
    text = render(money.key, "en", **money.params)
    assert "'#DIV/0!' at G12" in text and "'#NAME?' at G14" in text
    data = sheet.document.data() if sheet.document else None
    assert data is not None and data.loc[data["_row"] == 9, "saldo"].iloc[0] == 925_000_000


def test_closing_breakdown_is_no_footer_warning_but_a_stray_number_is(tmp_path: Path) -> None:
    clean = read_sheet(write_bku(tmp_path / "clean.xlsx", bku_rows({})))
    assert not [i for i in clean.issues if i.key == "money_in_footer"]
    rows = bku_rows({})
    rows.append([None, "Catatan pemeriksa", None, None, None, None, 123_456])
    stray = read_sheet(write_bku(tmp_path / "stray.xlsx", rows))
    footer = [i for i in stray.issues if i.key == "money_in_footer"]
    assert [i.row for i in footer] == [len(rows)]


def test_real_ods_names_all_four_unreadable_cells() -> None:
    path = REAL / "apbd-diy" / "3403010011_1471190369.ods"
    issue = unparsed(read_sheet(path), "anggaran")
    assert issue.params["cells"] == ["C84", "C90", "C98", "C112"]
    problem = next(p for p in collect([read(path)]) if p.key == "value_unparsed")
    assert problem.rows == (84, 90, 98, 112)


def test_check_names_every_cell_on_stderr_and_in_json(tmp_path: Path) -> None:
    rows = bku_rows({9: "1.2OO.000", 14: "satu juta"})
    path = write_bku(tmp_path / "bku.xlsx", rows)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        app, ["check", "--no-color", "--format", "json", "--output", str(out), str(path)]
    )
    assert result.exit_code in (0, 1), result.output
    stderr = " ".join(result.stderr.split())
    assert "'satu juta' di G14" in stderr and "'1.2OO.000' di G9" in stderr
    problems = json.loads(out.read_text(encoding="utf-8"))["problems"]
    found = next(p for p in problems if p["key"] == "value_unparsed")
    assert (found["rows"], found["cells"], found["cell"]) == ([9, 14], ["G9", "G14"], "G9")
    assert "G14" in found["message"]


def test_no_balance_finding_is_built_on_an_amount_nobody_could_read(tmp_path: Path) -> None:
    from rl_audit.config import Config
    from rl_audit.run import CheckRequest, run_check

    rows = bku_rows({})
    spent = {7: 250_000, 8: 250_000, 9: "satu juta", 10: 250_000, 11: 250_000}
    balance = 10_000_000
    for excel_row in range(7, 12):
        amount = 1_000_000 if excel_row == 9 else 250_000
        balance -= amount
        rows[excel_row - 1][5], rows[excel_row - 1][6] = spent[excel_row], balance
    for excel_row in range(12, 16):
        balance -= 250_000
        rows[excel_row - 1][6] = balance
    rows[16][6] = balance  # Sisa Kas
    path = write_bku(tmp_path / "bku.xlsx", rows)
    report = run_check(CheckRequest(paths=(path,), config=Config(), select=("KAS-01",)))
    assert not [f for f in report.findings if f.rule_id == "KAS-01"]
    assert any("satu juta" in line(p, "id") for p in report.problems)
    # the same sheet with the amount readable but wrong does break the chain there
    rows[8][5] = 250_000
    path = write_bku(tmp_path / "bku2.xlsx", rows)
    report = run_check(CheckRequest(paths=(path,), config=Config(), select=("KAS-01",)))
    assert [f.locations[0].row for f in report.findings if f.rule_id == "KAS-01"] == [9]
