"""Coverage said everywhere, scores only where they mean something (issue 12, items 1–4).

Input problems are computed once (rl_audit.engine.problems) and every reporter shows the same
list; an OPD without its core documents is `data_belum_lengkap` (score indicative), the
unknown OPD has no score; the period and each OPD's latest data date are in every report.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import Config, ConfigError, load_config
from rl_audit.documents import ROLE, Document, InputFile, Issue, OpdRef, SheetResult
from rl_audit.engine.coverage import DEFAULT_CORE, CoveragePolicy, carries_realisation, coverage
from rl_audit.engine.problems import collect, line
from rl_audit.engine.scoring import summarise
from rl_audit.findings import AuditReport, Measure, OpdRun, RuleSetInfo
from rl_audit.history.store import open_history
from rl_audit.messages import render
from rl_audit.report.html.report import render_html
from rl_audit.report.json_report import report_dict, validate
from rl_audit.report.terminal.summary import PROBLEMS_SHOWN, print_report
from rl_audit.report.xlsx.report import build_workbook
from rl_audit.run import CheckRequest, run_check
from tests.report.constructed import DINKES, PUPR, UNKNOWN, constructed_report

BALI = "dpa-realisasi-bali-2026.xlsx"


def _terminal(report: AuditReport, lang: str = "id") -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, no_color=True, color_system=None)
    print_report(report, console, lang)
    return buffer.getvalue()


def _sheet(name: str, issues: list[Issue], doc: Document | None = None) -> SheetResult:
    kind = doc.kind if doc else None
    return SheetResult(name, [doc] if doc else [], kind, 0.5, [3], [], 0, {}, [], [], issues)


def _doc(kind: str, opd: OpdRef | None, frame: dict[str, list]) -> Document:
    data = pd.DataFrame(frame).assign(**{ROLE: "data", "_row": range(10, 10 + len(frame["x"]))})
    return Document("lra.xlsx", "LRA", kind, 0.9, opd, data, {}, [7], [])


# --- the problems list ---------------------------------------------------------------


def _real_like_inputs() -> list[InputFile]:
    """A Bali-like workbook: 13 sheets naming no OPD, 2 not understood, ragged rows, notes."""
    no_opd = [_sheet(m, [Issue("opd_unknown", file=BALI, sheet=m)]) for m in ("Jan", "Peb", "Mar")]
    unknown = Issue("sheet_unknown_kind", params={"best": "kib", "confidence": "0.60"})
    ragged = [Issue("csv_ragged", params={"fields": 9, "expected": 8}, row=r) for r in (5, 9, 12)]
    unparsed = Issue(
        "value_unparsed",
        params={"count": 4, "column": "anggaran", "type": "money", "example": "x", "cell": "C84"},
        row=84,
        cell="C84",
    )
    registry = [
        Issue("opd_unregistered", params={"name": "Diskominfos", "code": "2.16"}),
        Issue("opd_unregistered", params={"name": "Diskominfos", "code": "2.16"}),
        Issue("opd_unregistered", params={"name": "Dinkes DIY", "code": "1.02"}),
    ]
    tree = Issue("account_tree_unusable", params={"why": "kode berulang"}, row=39, cell="B39")
    doc = _doc("anggaran", None, {"x": [1]})
    doc.warnings = [tree]  # a document warning raised after reading (not among sheet issues)
    return [
        InputFile(
            Path("rusak.xlsx"), "rusak.xlsx", None, "error", [], Issue("file_corrupt", "error")
        ),
        InputFile(
            Path(BALI),
            BALI,
            "ab" * 32,
            "ok",
            [
                _sheet("DPA", [registry[0], unparsed], doc),
                *no_opd,
                _sheet("KIBA", [unknown]),
                _sheet("KIBB", [unknown]),
                _sheet("Sheet2", [Issue("sheet_empty")]),
            ],
        ),
        InputFile(Path("a.csv"), "a.csv", "cd" * 32, "ok", [_sheet("a", [*ragged, *registry[1:]])]),
    ]


def test_problems_are_merged_ordered_and_located() -> None:
    found = collect(_real_like_inputs(), [Issue("year_unknown", "warning")])
    keys = [p.key for p in found]
    assert keys == [
        "file_corrupt",  # errors first
        "sheet_unknown_kind",  # then what was not read at all
        "value_unparsed",  # then unreadable cells
        "csv_ragged",
        "account_tree_unusable",  # then what was read but cannot be fully checked
        "opd_unknown",
        "year_unknown",
        "sheet_empty",  # informational notes last
        "problem_opd_unregistered",
    ]
    by_key = {p.key: p for p in found}
    assert by_key["sheet_unknown_kind"].sheets == ("KIBA", "KIBB")
    assert (
        by_key["opd_unknown"].sheets == ("Jan", "Peb", "Mar") and by_key["opd_unknown"].count == 3
    )
    ragged = by_key["csv_ragged"]
    assert (ragged.file, ragged.sheets, ragged.rows, ragged.count) == (
        "a.csv",
        ("a",),
        (5, 9, 12),
        3,
    )
    assert (by_key["value_unparsed"].cell, by_key["value_unparsed"].rows) == ("C84", ())
    assert by_key["account_tree_unusable"].sheets == ("DPA",)
    assert by_key["year_unknown"].file is None
    registry = by_key["problem_opd_unregistered"]
    assert registry.severity == "info" and registry.params["count"] == 2
    assert registry.params["opds"] == "Diskominfos (2.16); Dinkes DIY (1.02)"
    assert [p.severity for p in found].count("error") == 1


def test_problem_lines_name_file_sheets_and_cells() -> None:
    by_key = {p.key: p for p in collect(_real_like_inputs())}
    assert line(by_key["value_unparsed"], "id") == (
        f"{BALI} › DPA › C84: "
        + render(
            "value_unparsed",
            "id",
            count=4,
            column="anggaran",
            type="money",
            example="x",
            cell="C84",
        )
    )
    assert line(by_key["csv_ragged"], "en").startswith("a.csv › a › row(s) 5, 9, 12: CSV record")
    assert line(by_key["csv_ragged"], "en").endswith("(3 rows)")
    assert line(by_key["opd_unknown"], "id").startswith(f"{BALI} › Jan, Peb, Mar: OPD tidak")
    many = replace(by_key["opd_unknown"], sheets=tuple(f"S{i}" for i in range(13)))
    assert line(many, "id").startswith(f"{BALI} › S0, S1, S2, S3 dan 9 sheet lagi: ")


# --- coverage and bands --------------------------------------------------------------


def test_coverage_core_needs_alternatives_and_lra() -> None:
    rules = CoveragePolicy(DEFAULT_CORE, ("anggaran", "bku", "kib", "pajak", "realisasi"))
    dpa_only = coverage(("anggaran", "kib"), False, rules)
    assert dpa_only.read == ("anggaran", "kib")
    assert dpa_only.missing_core == ("bku", "pajak", "realisasi/LRA")
    assert dpa_only.missing == ("bku", "pajak", "realisasi/LRA") and not dpa_only.complete
    with_lra = coverage(("anggaran", "bku", "pajak"), True, rules)
    assert with_lra.complete and with_lra.missing == ("kib",)
    assert coverage(("bku", "pajak", "realisasi"), False, rules).missing == ("anggaran", "kib")
    assert coverage((), False, CoveragePolicy(())).complete  # core_documents: []


def test_only_an_anggaran_sheet_with_realisation_counts_as_lra() -> None:
    lra = _doc("anggaran", DINKES, {"x": [1, 2], "realisasi": [None, 5.0]})
    dpa = _doc("anggaran", DINKES, {"x": [1, 2], "realisasi": [None, None]})
    budget = _doc("anggaran", DINKES, {"x": [1]})
    assert carries_realisation(lra)
    assert not carries_realisation(dpa) and not carries_realisation(budget)
    assert not carries_realisation(_doc("realisasi", DINKES, {"x": [1], "realisasi": [1.0]}))


def test_incomplete_and_unknown_opds_and_their_order() -> None:
    report = constructed_report()
    dinkes, pupr, unknown = report.opds
    assert (dinkes.opd, pupr.opd, unknown.opd) == (DINKES, PUPR, UNKNOWN)
    assert dinkes.band == "perlu_perbaikan" and dinkes.coverage and dinkes.coverage.complete
    assert pupr.band == "data_belum_lengkap" and pupr.score == 69.0  # indicative, still computed
    assert pupr.coverage and pupr.coverage.missing_core == ("pajak", "realisasi/LRA")
    assert (unknown.score, unknown.band, unknown.items) == (None, None, ())
    assert unknown.counts["medium"] == 1  # its findings still count and are listed
    # a higher incomplete score never sorts before a complete OPD
    better = replace(report, opds=[])
    better.findings = [f for f in report.findings if f.opd != PUPR]
    assert [s.opd for s in summarise(better)][:2] == [DINKES, PUPR]


def test_core_documents_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "rl-audit.yaml"
    path.write_text("core_documents: [bku, [realisasi, lra, anggaran]]\n", encoding="utf-8")
    assert load_config(path).core_documents == (("bku",), ("realisasi", "lra", "anggaran"))
    path.write_text("core_documents: [bku, [pajakk]]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="core_documents: unknown document kind 'pajakk'"):
        load_config(path)
    path.write_text("core_documents: [bku, []]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="core_documents"):
        load_config(path)
    report = constructed_report()
    report.opds = summarise(report, CoveragePolicy((("bku",),)))
    # with a BKU alone as the core, PUPRKP is banded and, scoring lower, comes first
    assert [(s.opd, s.band) for s in report.opds] == [
        (PUPR, "perlu_perbaikan"),
        (DINKES, "perlu_perbaikan"),
        (UNKNOWN, None),
    ]


# --- every report says it ----------------------------------------------------------


def test_terminal_shows_problems_coverage_period_and_no_band() -> None:
    text = _terminal(constructed_report())
    assert text.index("Masalah input") < text.index("■ Dinas Kesehatan")
    assert "✗ rusak.xlsx: Berkas rusak" in text
    assert "! dinkes/bku_2025.xlsx › Aset: Bukan dokumen yang dikenal (paling mirip: kib" in text
    assert "! dinkes/bku_2025.xlsx › BKU › F31: 2 nilai pada kolom pengeluaran" in text
    assert "Tahun anggaran 2025 (dari tanggal transaksi), posisi per 31/12/2025" in text
    assert "Dokumen: anggaran, bku, kib · belum ada: pajak, realisasi/LRA" in text
    assert "Data terakhir OPD: 30/09/2025 · posisi laporan: 31/12/2025" in text
    assert "Data belum lengkap · skor indikatif 69" in text and "(69)" in text
    assert "Pagu Rp 2.000.000.000, realisasi belum ada" in text
    assert "Tanpa skor: OPD sheet-sheet ini tidak dikenali" in text
    assert "Skor: 100" not in text.split("■ OPD tidak dikenal")[1]


def test_terminal_cuts_a_long_problem_list_and_says_the_year_is_unknown() -> None:
    report = constructed_report()
    extra = [Issue("sheet_no_table", file="x.xlsx", sheet=f"S{i}", cell=f"A{i}") for i in range(15)]
    report.problems = collect(report.inputs, extra)
    report.year, report.as_of, report.year_source = None, None, "unknown"
    text = _terminal(report)
    block = text.split("Masalah input")[1].split("■")[0]
    assert block.count("x.xlsx") == PROBLEMS_SHOWN - 2  # after the corrupt file and Aset
    assert f"… dan {len(report.problems) - PROBLEMS_SHOWN} lagi" in block
    assert "Tahun anggaran tidak diketahui: aturan tenggat tidak dijalankan" in text
    english = _terminal(report, "en")
    assert "Fiscal year unknown: deadline rules did not run" in english
    assert "… and 8 more" in english and "Incomplete data" in english and "Not scored" in english


def test_json_problems_coverage_period_and_null_scores() -> None:
    doc = report_dict(constructed_report(), "en")
    validate(doc)
    assert doc["period"] == {"year": 2025, "as_of": "2025-12-31", "year_source": "data"}
    problems = doc["problems"]
    assert [p["severity"] for p in problems] == ["error", "warning", "warning"]
    assert problems[1] == {
        "severity": "warning",
        "key": "sheet_unknown_kind",
        "message": render(
            "sheet_unknown_kind", "en", best="kib", confidence="0.50", missing="nama_barang"
        ),
        "file": "dinkes/bku_2025.xlsx",
        "sheets": ["Aset"],
        "rows": [],
        "cell": None,
        "cells": [],
        "count": 1,
    }
    opds = {o["code"]: o for o in doc["opds"]}
    pupr = opds[PUPR.code]
    assert pupr["band"] == "data_belum_lengkap" and pupr["score"] == 69.0
    assert pupr["coverage"] == {
        "read": ["anggaran", "bku", "kib"],
        "missing": ["pajak", "realisasi/LRA"],
        "missing_core": ["pajak", "realisasi/LRA"],
        "complete": False,
    }
    assert pupr["period"] == {"year": 2025, "as_of": "2025-12-31", "last_data_date": "2025-09-30"}
    assert pupr["absorption"] == {"budget": 2e9, "realised": None, "percent": None, "target": None}
    unknown = opds["?"]
    assert unknown["score"] is None and unknown["band"] is None
    assert unknown["findings"]["medium"] == 1
    assert opds[DINKES.code]["coverage"]["complete"] is True


def test_xlsx_problem_sheet_and_summary_columns() -> None:
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(constructed_report(), "id")))
    rows = list(book["Masalah input"].iter_rows(values_only=True))
    assert rows[0] == ("Tingkat", "Berkas", "Sheet", "Sel", "Jumlah", "Uraian")
    assert [r[:5] for r in rows[1:]] == [
        ("galat", "rusak.xlsx", None, None, 1),
        ("peringatan", "dinkes/bku_2025.xlsx", "Aset", None, 1),
        ("peringatan", "dinkes/bku_2025.xlsx", "BKU", "F31", 1),
    ]
    summary = book["Ringkasan"]
    assert summary["A5"].value == "3 masalah input (1 galat, 2 peringatan, 0 info) → Masalah input"
    table = list(summary.iter_rows(min_row=7, values_only=True))
    head, dinkes, pupr, unknown = table
    assert head[16:] == ("Dokumen terbaca", "Dokumen belum ada", "Data terakhir")
    assert dinkes[16:] == ("anggaran, bku, pajak, realisasi", None, datetime(2025, 12, 30))
    assert pupr[2:4] == (69, "Data belum lengkap") and pupr[17] == "pajak, realisasi/LRA"
    assert pupr[9] is None and pupr[11] == 2e9 and pupr[12] is None  # budget only
    assert unknown[2:4] == (None, "Tanpa skor")
    inputs = list(book["Input"].iter_rows(min_row=2, values_only=True))
    assert inputs[1][3] == render(
        "sheet_unknown_kind", "id", best="kib", confidence="0.50", missing="nama_barang"
    )


class _Text:
    """The text of an HTML page without tags (the page is escaped, so `<` never occurs)."""

    def __init__(self, html: str) -> None:
        import re

        self.html = html
        self.text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_html_problems_coverage_period_and_bands() -> None:
    page = _Text(render_html(constructed_report(), "id"))
    assert "Semua berkas dapat dibaca" not in page.html
    assert page.html.count('class="problem problem-warning"') == 2
    assert "Ada 3 masalah input" in page.text
    assert "Tahun anggaran 2025 (dari tanggal transaksi), posisi per 31/12/2025" in page.text
    assert "Dokumen: anggaran, bku, kib · belum ada: pajak, realisasi/LRA" in page.text
    assert "Data terakhir OPD: 30/09/2025 · posisi laporan: 31/12/2025" in page.text
    assert "Dokumen inti belum ada (pajak, realisasi/LRA)" in page.text
    assert 'class="badge band-data_belum_lengkap"' in page.html
    assert 'class="badge band-none"' in page.html and "Tanpa skor" in page.text
    assert "Pagu Rp 2.000.000.000, realisasi belum ada" in page.text
    unknown = page.html.split("OPD tidak dikenal <span")[-1]
    assert 'class="score-box"' not in unknown.split("</section>")[0]


def test_unknown_opd_is_not_recorded_in_the_history(tmp_path: Path) -> None:
    report = constructed_report()
    with open_history(tmp_path / "h.sqlite") as hist:
        hist.record(report, "2026-11-28T02:00:00+07:00", "2026-11-28T02:00:09+07:00")
        (run,) = hist.runs()
    assert {o["code"] for o in run["opds"]} == {DINKES.code, PUPR.code}


def test_report_built_from_inputs_uses_every_opd_run_field() -> None:
    ref = OpdRef("1.01", "Dinas A")
    run = OpdRun(ref, None, None, {"absorption": Measure(None, 100, None)}, None, ("bku",))
    report = AuditReport("2026-01-01T00:00:00+07:00", None, None, [RuleSetInfo("x", "1", 0)], [])
    report.opd_runs = [run]
    (s,) = summarise(report)
    assert (s.year, s.as_of, s.last_data_date, s.band) == (None, None, None, "data_belum_lengkap")
    assert s.absorption == Measure(None, 100, None) and s.absorption.percent is None


# --- the real exports ---------------------------------------------------------------


def test_every_skipped_sheet_and_unreadable_cell_of_the_real_exports_is_said() -> None:
    realdata = Path(__file__).resolve().parents[1] / "data" / "realdata"
    result = CliRunner().invoke(app, ["check", "--no-color", "--fail-on", "never", str(realdata)])
    assert result.exit_code == 0, result.output
    report = run_check(CheckRequest(paths=[realdata], config=Config()))
    doc = report_dict(report)
    where = {(p["file"], s) for p in doc["problems"] for s in p["sheets"]}
    skipped = [
        (i["file"], s["sheet"]) for i in doc["inputs"] for s in i["sheets"] if s["document"] is None
    ]
    assert skipped and all(spot in where for spot in skipped)
    lines = result.stderr.splitlines()
    for file, sheet in skipped:  # each on stderr, by file and sheet
        assert any(file in line and sheet in line for line in lines), (file, sheet)
    stderr = " ".join(result.stderr.split())
    for p in (p for p in doc["problems"] if p["key"] == "value_unparsed"):
        assert f"{p['file']} › {', '.join(p['sheets'])} › {p['cell']}" in stderr
    assert "Semua berkas dapat dibaca" not in render_html(report, "id")
    by_code = {o["code"]: o for o in doc["opds"]}
    assert by_code["?"]["score"] is None and by_code["?"]["band"] is None
    for o in doc["opds"]:  # none of the real exports carries a BKU and a buku pajak
        assert o["band"] in {"data_belum_lengkap", None} and not o["coverage"]["complete"]


def test_the_five_sample_opds_have_their_core_documents_and_a_band() -> None:
    """Setda, the sixth, sends only its grant register: scored, but not banded."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    report = run_check(CheckRequest(paths=[samples], config=Config()))
    assert len(report.opds) == 6
    setda = report.opds[-1]
    assert setda.opd.name == "Sekretariat Daerah" and setda.band == "data_belum_lengkap"
    assert setda.coverage is not None and not setda.coverage.complete
    # the only problems: samples/rl-audit.yaml and waivers.yaml, never obeyed from an input
    assert [(p.key, p.severity) for p in report.problems] == [
        ("config_ignored", "info"),
        ("waivers_ignored", "info"),
    ]
    for s in report.opds[:-1]:
        assert s.coverage is not None and s.coverage.complete, s.opd.code
        assert s.band in {"siap", "perlu_perbaikan", "belum_siap"} and s.score is not None
        assert s.last_data_date is not None and s.as_of == report.as_of
