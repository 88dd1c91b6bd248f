"""The terminal report: golden files (80 columns, no colour) in both languages, escaping."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from rl_audit.catalog.opds import default_registry
from rl_audit.options import OptionError, opd_summary
from rl_audit.report.terminal.summary import print_explanation, print_report
from tests.report.constructed import DINKES, PUPR, constructed_report

GOLDEN = Path(__file__).parent / "golden"


def render(lang: str, width: int = 80, explain: str | None = None) -> str:
    """The report as plain text, trailing spaces removed."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, no_color=True, color_system=None, force_terminal=False
    )
    report = constructed_report()
    if explain:
        print_explanation(opd_summary(default_registry(), report.opds, explain), console, lang)
    else:
        print_report(report, console, lang)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_golden_report(lang: str) -> None:
    path = GOLDEN / f"terminal_{lang}.txt"
    text = render(lang)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_golden_explanation(lang: str) -> None:
    path = GOLDEN / f"explain_{lang}.txt"
    text = render(lang, explain="dinkes")
    assert "PJK-01" in text and "KAS-06" in text
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_fits_80_columns_and_shows_markup_text_literally() -> None:
    text = render("id")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "[red]x[/red]" in text and "[bold]Rp 12.500.000,50[/bold]" in text


def test_summary_order_money_and_cut_lists() -> None:
    text = render("id")
    assert text.index(" Dinkes ") < text.index(" PUPRKP ")  # lower score first
    assert "… dan 2 lagi" in text  # 7 tax findings, 5 shown
    assert "Rp 35.675.675,68" in text
    assert "! KAS-06: kolom tidak ada: cara_bayar (bku)" in text
    assert "Masalah input" in text and "rusak.xlsx" in text


def test_english_words() -> None:
    text = render("en")
    assert "… and 2 more" in text and "Input problems" in text and "Needs work" in text


def test_explanation_adds_up() -> None:
    report = constructed_report()
    dinkes = opd_summary(default_registry(), report.opds, DINKES.code)
    assert dinkes.points == sum(i.points for i in dinkes.items)  # summed once, by the engine
    assert dinkes.score == round(100 - dinkes.points, 1)
    assert opd_summary(default_registry(), report.opds, "puprkp").opd == PUPR
    with pytest.raises(OptionError, match="tidak ada dalam laporan ini"):
        opd_summary(default_registry(), report.opds, "tidak ada")


def test_waivers_and_repeat_findings_are_shown() -> None:
    text = render("id")
    assert "Diterima sebagai pengecualian (waivers.yaml:3" in text
    assert "Pengecualian waivers.yaml:6 berakhir 30/09/2025: temuan terbuka lagi" in text
    assert "Temuan berulang: LHP 12.B/LHP/XVIII.BKL/05/2025 (20/05/2025)" in text
    assert "waivers.yaml:9: KAS-01" in text
    report = constructed_report()
    dinkes = opd_summary(default_registry(), report.opds, "dinkes")
    assert dinkes.counts["medium"] == 0  # the waived KAS-05 finding does not count
