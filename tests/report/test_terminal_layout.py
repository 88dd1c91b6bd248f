"""The terminal report at 80 and 120 columns: golden files, band, indents, "Rp", closing line."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table

from rl_audit.report.terminal.closing import ExitNote, closing_line, rupiah_short
from rl_audit.report.terminal.layout import trimmed
from rl_audit.report.terminal.summary import print_report
from tests.report.constructed import constructed_report

GOLDEN = Path(__file__).parent / "golden"
FAILED = ExitNote(1, "high")


def render(lang: str, width: int, statistics: bool = True) -> str:
    """The report at `width` columns, no colour, exactly as printed (nothing stripped)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, no_color=True, color_system=None, force_terminal=False
    )
    print_report(constructed_report(), console, lang, 5, FAILED, statistics)
    return buffer.getvalue()


@pytest.mark.parametrize(("lang", "width"), [("id", 80), ("id", 120), ("en", 80), ("en", 120)])
def test_golden_layout(lang: str, width: int) -> None:
    path = GOLDEN / f"terminal_{width}_{lang}.txt"
    text = render(lang, width)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
def test_no_trailing_blanks_and_lines_fit(width: int) -> None:
    for line in render("id", width).splitlines():
        assert line == line.rstrip(), repr(line)
        assert len(line) <= width


@pytest.mark.parametrize("width", [50, 64, 72, 80, 93, 120])
def test_rp_never_ends_a_line(width: int) -> None:
    lines = render("id", width).splitlines()
    assert not [line for line in lines if re.search(r"\bRp$", line)]
    assert not [line for line in lines if re.match(r"\s*[\d.,]+,\d\d\b", line)]


def _table_rows(text: str) -> list[str]:
    """The summary table: from its rule to the first blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("──"))
    rows = lines[start + 1 :]
    return rows[: rows.index("")]


def test_band_on_one_line_at_80_and_beside_the_score_at_120() -> None:
    narrow = _table_rows(render("id", 80))
    for band in ("Perlu perbaikan", "Data belum lengkap", "Tanpa skor"):
        assert any(band in row for row in narrow)  # never broken over lines
    wide = _table_rows(render("id", 120))
    assert "78,7 Perlu perbaikan" in wide[0] and "Dinkes" in wide[0]
    assert "(69) Data belum lengkap" in next(row for row in wide if "PUPRKP" in row)


def test_worst_shows_id_and_title() -> None:
    assert "PJK-01 Pajak belum disetor" in render("id", 120)
    text = render("id", 80)
    header = next(line for line in text.splitlines() if "Terberat" in line)
    assert "OPD ↳ Terberat" in header  # narrow: the worst rule under the OPD's name
    first = " ".join(row[: header.index("Skor")].strip() for row in _table_rows(text))
    assert "Dinkes ↳ PJK-01 Pajak belum disetor PUPRKP ↳ KTR-03" in first


def test_wrapped_rule_header_keeps_its_indent() -> None:
    lines = render("id", 80).splitlines()
    i = next(i for i, line in enumerate(lines) if "KTR-03 · 1.03.01" in line)
    assert lines[i].index("KTR-03") == 11
    assert lines[i + 1].startswith(" " * 11) and lines[i + 1].strip() == "Rp 35.675.675,68"


def test_legend_and_remedy_once_per_rule_group() -> None:
    text = render("id", 80)
    assert "T/S/R/I: temuan terbuka tinggi/sedang/rendah/info" in text
    assert text.count("Perbaikan: Perbaiki.") == 5  # PJK-01, KAS-05, KTR-03, AST-01 twice
    assert "How to fix: Perbaiki." in render("en", 80)


def test_closing_line_is_last_with_the_exit_passed_in() -> None:
    for width in (80, 200):
        last = render("id", width).rstrip("\n").split("\n\n")[-1].replace("\n", " ")
        assert last == (
            "10 temuan (8 tinggi, 2 sedang) di 3 OPD · Rp 36,7 jt berisiko · "
            "keluar 1 karena --fail-on high"
        )
    report = constructed_report()
    english = closing_line(report, "en", ExitNote(0, "never"))
    assert english == (
        "10 open findings (8 high, 2 medium) in 3 OPDs · Rp 36,7 m at risk · "
        "exit 0 (--fail-on never)"
    )
    assert closing_line(report, "id").endswith("berisiko")  # no decision given: none shown


def test_statistics_table_per_rule() -> None:
    text = render("id", 120)
    rows = [line.split() for line in text.splitlines()]
    assert ["PJK-01", "Pajak", "belum", "disetor", "7", "Rp", "1.050.000,21"] in rows
    assert ["AST-01", "Tanah", "belum", "bersertifikat", "2", "Rp", "0"] in rows
    assert ["Jumlah", "10", "Rp", "36.725.675,89"] in rows
    assert "Temuan terbuka per aturan" not in render("id", 120, statistics=False)


def test_roll_ups_per_severity_and_rule() -> None:
    report = constructed_report()
    open_ = [f for f in report.findings if f.status == "open"]
    by_sev = {t.code: (t.count, t.amount_sen) for t in report.by_severity}
    assert list(by_sev) == ["high", "medium", "low", "info"]
    for sev, (count, amount) in by_sev.items():
        mine = [f for f in open_ if f.severity.value == sev]
        assert (count, amount) == (len(mine), sum(f.amount_sen or 0 for f in mine))
    assert [t.code for t in report.by_rule] == ["PJK-01", "KTR-03", "AST-01"]  # KAS-05: waived
    assert sum(t.count for t in report.by_rule) == report.bpk_total.count == len(open_)


@pytest.mark.parametrize(
    ("sen", "lang", "text"),
    [
        (0, "id", "Rp 0"),
        (350_00, "id", "Rp 350"),
        (7_350_000_00, "id", "Rp 7,4 jt"),
        (1_200_000_000_00, "id", "Rp 1,2 M"),
        (1_200_000_000_00, "en", "Rp 1,2 bn"),
        (-45_000_00, "id", "-Rp 45 rb"),
    ],
)
def test_rupiah_short(sen: int, lang: str, text: str) -> None:
    assert rupiah_short(sen, lang) == text


def test_trimmed_console_drops_padding_only_inside_the_block() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=40, no_color=True, color_system=None)
    table = Table("a", "b", box=None, expand=True)
    table.add_row("x", "y")
    with trimmed(console):
        console.print(table)
    inside = buffer.getvalue()
    console.print(table)
    outside = buffer.getvalue()[len(inside) :]
    assert all(line == line.rstrip() for line in inside.splitlines())
    assert any(line != line.rstrip() for line in outside.splitlines())  # Rich pads by itself
