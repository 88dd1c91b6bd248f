"""Text that reaches a terminal is inert: no escape sequence of an input is ever obeyed.

A workbook whose cells hold `_x001B_` escapes (which the reader decodes to ESC: an OSC 8
link, clear-screen, colours), BEL and CR, whose OPD name carries an escape and whose
file name holds ESC and BEL: `check` and `inspect` (table and JSON, stdout and stderr)
print none of them raw, and show where they were (`␛`, `␇`, `⏎`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.report.terminal.guard import guard
from rl_audit.report.terminal.history_view import print_history
from rl_audit.report.untrusted import inert, json_inert, printable
from tests.ingest.builders import write_xlsx
from tests.rules.test_e2e_kas import bku_sheet

runner = CliRunner()
ESC = "_x001B_"  # how an xlsx stores ESC; the reader decodes it
LINK = f"{ESC}]8;;http://evil.example/_x0007_klik di sini{ESC}]8;;_x0007_"
CLEAR = f"{ESC}[2J{ESC}[31mmerah_x000D_baris_x0085_dua"
EVIL_NAME = "bku\x1b[31m_\x07evil.xlsx"
BROKEN_NAME = "rusak\x1b]0;pwned\x07.xlsx"


def _raw_controls(text: str) -> list[str]:
    """Every control character of `text` but the line feed."""
    return [hex(ord(c)) for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder: one BKU whose cells, OPD name and file name carry escapes, one broken file."""
    folder = tmp_path_factory.mktemp("hostile")
    code = "5.1.02.01.01.0024"
    lines = [
        (dt.datetime(2025, 12, 2), "BKU-1", code, f"ATK {LINK}", 0, 750_000_000, "Tunai"),
        (dt.datetime(2025, 12, 3), None, code, f"Sewa {CLEAR}\rx", 0, 200_000, "Tunai"),
    ]
    skpd = f"1.02.0.00.0.00.01.0000 Dinas Kesehatan{ESC}[8m"
    sheet, _ = bku_sheet(skpd, "DESEMBER 2025", 1_000_000_000, lines)
    write_xlsx(folder / EVIL_NAME, sheet)
    (folder / BROKEN_NAME).write_bytes(b"PK\x03\x04 broken")
    return folder


def test_inert_shows_every_control_character_and_keeps_one_line() -> None:
    text = "a\x1b]8;;http://x\x07b\x1b[2J\r\nc\rd\ne\tf\x7f\x9b[2Jg\u202eh\x00"
    assert inert(text) == "a␛]8;;http://x␇b␛[2J⏎c⏎d⏎e f␡�[2Jg�h␀"
    assert not _raw_controls(inert(text)) and "\n" not in inert(text)
    assert inert("Belanja ATK — Rp 1.000") == "Belanja ATK — Rp 1.000"


def test_printable_drops_controls_but_keeps_tabs_and_line_breaks() -> None:
    assert printable("a\x1b[1m\tb\r\nc\x9b\x7f\u202ed") == "a[1m\tb\r\ncd"


def test_json_inert_escapes_what_json_leaves_raw_and_keeps_the_data() -> None:
    text = json.dumps({"k": "a\x1b\x9b\x7fé"}, ensure_ascii=False)
    assert not _raw_controls(json_inert(text))
    assert json.loads(json_inert(text)) == {"k": "a\x1b\x9b\x7fé"}


def test_guarded_console_strips_a_control_character_a_view_forgot() -> None:
    out = io.StringIO()
    console = guard(Console(file=out, force_terminal=True, width=80))
    console.print(Text("x\x1b]8;;http://evil\x07y\x1b[2Jz", style="bold"))
    printed = out.getvalue()
    assert "\x1b[1m" in printed  # Rich's own style codes still work
    assert "\x1b]8" not in printed and "\x07" not in printed and "\x1b[2J" not in printed
    assert "x]8;;http://evilyz" in printed.replace("[2J", "")


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_check_prints_no_raw_control_character(hostile: Path, fmt: str) -> None:
    result = runner.invoke(app, ["check", "--no-color", "--format", fmt, str(hostile)])
    assert result.exit_code in (0, 1), result.output
    assert not _raw_controls(result.stdout) and not _raw_controls(result.stderr)
    assert "rusak␛]0;pwned␇.xlsx" in result.stderr  # the broken file, named inertly
    if fmt == "table":
        assert "bku␛[31m_␇evil.xlsx" in result.stdout
        assert "␛]8;;http://evil.example/␇klik di sini␛]8;;␇" in result.stdout
        assert "␛[2J␛[31mmerah" in result.stdout
    else:
        doc = json.loads(result.stdout)  # the data itself is kept, escaped as JSON
        assert any("\x1b]8;;http://evil.example/" in f["message"] for f in doc["findings"])


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_inspect_prints_no_raw_control_character(hostile: Path, fmt: str) -> None:
    result = runner.invoke(app, ["inspect", "--no-color", "--format", fmt, str(hostile)])
    assert result.exit_code == 0, result.output
    assert not _raw_controls(result.stdout) and not _raw_controls(result.stderr)
    assert "rusak␛]0;pwned␇.xlsx" in result.stderr
    if fmt == "table":
        assert "■ " + str(hostile / "bku␛[31m_␇evil.xlsx") in result.stdout


def test_reports_and_annotated_copies_carry_no_control_character(
    hostile: Path, tmp_path: Path
) -> None:
    out, marked = tmp_path / "out", tmp_path / "marked"
    args = ["check", "-q", "--format", "html", "--format", "xlsx", "--output", str(out)]
    result = runner.invoke(app, [*args, "--annotate", str(marked), str(hostile)])
    assert result.exit_code in (0, 1), result.output
    html = (out / "rl-audit-report.html").read_text(encoding="utf-8")
    assert not [c for c in _raw_controls(html) if c not in ("0x9", "0xd")]
    assert "klik di sini" in html
    books = [out / "rl-audit-report.xlsx", *marked.rglob("*.xlsx")]
    assert len(books) == 2
    for book in books:
        openpyxl.load_workbook(book)  # the file opens
    with zipfile.ZipFile(out / "rl-audit-report.xlsx") as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert not [c for c in _raw_controls(xml) if c not in ("0x9", "0xd")]


def test_history_view_shows_stored_names_inertly() -> None:
    runs = [
        {
            "id": 1,
            "started_at": "2025-12-31T01:00:00\x1b[2J",
            "status": "ok",
            "findings": 3,
            "opds": [
                {"code": "1.02", "name": "Dinkes\x1b]8;;http://x\x07", "score": 80.0,
                 "amount_at_risk": 1000.0},
            ],
        }
    ]  # fmt: skip
    out = io.StringIO()
    print_history(runs, guard(Console(file=out, width=120, no_color=True)), "id")
    assert not _raw_controls(out.getvalue())
    assert "Dinkes␛]8;;http://x␇ (1.02)" in out.getvalue()
