"""The leadership view of the Excel report (issue 21): monthly, focus and chart sheets."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from rl_audit.config import load_config
from rl_audit.documents import OpdRef
from rl_audit.figures import FocusFigures, FocusGroup, MonthPoint
from rl_audit.findings import AuditReport, OpdSummary
from rl_audit.messages import label
from rl_audit.report.xlsx.report import build_workbook, write_xlsx
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PUPRKP = "1.03.1.04.0.00.01.0000"
EVIL = OpdRef("9.01", '=HYPERLINK("http://x","klik")', short="=1+1\x01")
PLAIN = OpdRef("9.02", "Dinas Contoh")
SETDA = OpdRef("9.03", "Sekretariat")
UNKNOWN = OpdRef("?", "OPD tidak dikenal", registered=False, source="none")
POINTS = (
    MonthPoint("2025-01", 1_000_001, 1_000_001, 5.06, 4.5, None, True),
    MonthPoint("2025-02", 250, 1_000_251, 9.78, 10.0, 0.75),
)


def _opd(opd: OpdRef, monthly: tuple[MonthPoint, ...] = (), note: str | None = None) -> OpdSummary:
    counts = {"high": 0, "medium": 0, "low": 0, "info": 0}
    return OpdSummary(
        opd, 90.0, "siap", (), counts, 0, None, None, 2025, "2025-02-28",
        monthly=monthly, monthly_note=note,
    )  # fmt: skip


def _figures(codes: tuple[str, ...], score: float, previous: FocusFigures | None) -> FocusFigures:
    return FocusFigures(
        codes, score, 3, 1.25, 123_456_789, 42.5, 0.9, previous, "2025-01-31" if previous else None
    )


def _report(previous: bool = True) -> AuditReport:
    before = FocusFigures(("9.02",), 70.0, 4, None, 5, None, None) if previous else None
    focus = FocusGroup(
        ("9.02", "9.99"),
        _figures(("9.02",), 80.0, before),
        _figures(("9.01", "9.03"), 60.0, None),
    )
    opds = [
        _opd(EVIL, POINTS),
        _opd(UNKNOWN, POINTS),
        _opd(SETDA, note="monthly_no_document"),
        _opd(PLAIN, POINTS[:1]),
    ]
    return AuditReport(
        generated_at="2026-11-27T02:00:00+07:00", year=2025, as_of="2025-02-28",
        rule_sets=[], inputs=[], opds=opds, focus=focus,
    )  # fmt: skip


def _open(report: AuditReport, lang: str = "id") -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_workbook(report, lang)))


@pytest.fixture(scope="module")
def book() -> Workbook:
    return _open(_report())


def test_leadership_sheets_follow_the_language() -> None:
    tail = ["Fokus", "Bulanan", "Grafik"]
    assert _open(_report()).sheetnames[-3:] == tail
    english = _open(_report(), "en")
    assert english.sheetnames[-3:] == ["Focus", "Monthly", "Charts"]
    assert english["Monthly"]["C1"].value == "Month"


def test_no_leadership_sheets_without_focus_or_months() -> None:
    bare = AuditReport("2026-11-27T02:00:00+07:00", 2025, None, [], [])
    assert _open(bare).sheetnames == ["Ringkasan", "Masalah input", "Temuan", "Aturan", "Input"]


def test_monthly_rows_focus_first_unknown_left_out_and_exact(book: Workbook) -> None:
    rows = list(book["Bulanan"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["9.02", "9.01", "9.01", "9.03"]  # focus 9.02 first, no `?`
    first = rows[1]
    assert first[2] == datetime(2025, 1, 1)
    assert first[3:5] == (1_000_001 / 100, 1_000_001 / 100) == (10000.01, 10000.01)
    assert first[5:9] == (4.5 / 100, 5.06 / 100, None, label("lead_behind_mark", "id"))
    assert first[9:] == (None, None)  # no non-cash basis, no monthly note
    second = rows[2]
    assert second[3:9] == (2.5, 10002.51, 0.1, 9.78 / 100, 0.75, None)
    cell = book["Bulanan"]["C3"]
    assert cell.is_date and cell.number_format == "mmm yyyy"
    assert book["Bulanan"]["D3"].number_format == "#,##0.00"
    assert book["Bulanan"]["H3"].value is None  # None is blank, never 0
    assert book["Bulanan"].freeze_panes == "A2" and book["Bulanan"].auto_filter.ref == "A1:K5"


def test_opd_without_months_gets_its_note(book: Workbook) -> None:
    note = list(book["Bulanan"].iter_rows(min_row=5, values_only=True))[0]
    assert note[:2] == ("9.03", "Sekretariat")
    assert note[2] == label("monthly_no_document", "id") and note[3:] == (None,) * 8


def test_untrusted_opd_names_are_neutralised(book: Workbook) -> None:
    assert book["Bulanan"]["B3"].value == '\'=HYPERLINK("http://x","klik")'
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    titles = [c.title.tx.rich.p[0].r[0].t for c in book["Grafik"]._charts]
    assert label("lead_absorption_chart", "id", opd="=1+1") in titles  # control char dropped


def test_focus_sheet_holds_the_engine_figures_and_a_month_earlier(book: Workbook) -> None:
    ws = book["Fokus"]
    rows = list(ws.iter_rows(values_only=True))
    top = int(ws.freeze_panes[1:]) - 1
    assert "9.02 Dinas Contoh, 9.99" in rows[1][0]
    previous = label("lead_previous", "id", as_of="2025-01-31")
    assert rows[top - 1][3] == f"{label('lead_side_focus', 'id')} — {previous}"
    table = {r[0]: r[1:] for r in rows[top:]}
    assert table[label("lead_median_score", "id")] == (80.0, 60.0, 70.0, None)
    assert table[label("lead_findings", "id")] == (3, 3, 4, None)
    assert table[label("lead_findings_per_billion", "id")] == (1.25, 1.25, None, None)
    assert table[label("lead_amount_at_risk", "id")] == (1234567.89, 1234567.89, 0.05, None)
    assert table[label("lead_absorption", "id")] == (0.425, 0.425, None, None)
    assert table[label("lead_non_cash", "id")] == (0.9, 0.9, None, None)


def test_focus_sheet_says_when_there_is_no_history() -> None:
    ws = _open(_report(previous=False))["Fokus"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert label("lead_no_previous", "id") in values
    assert ws.max_column == 3  # no previous-month columns


def test_a_native_line_chart_per_opd_with_months(book: Workbook) -> None:
    charts = book["Grafik"]._charts
    assert len(charts) == 2  # the note-only OPD and the unknown OPD get none
    refs = [[s.val.numRef.f for s in c.series] for c in charts]
    assert refs == [
        ["'Bulanan'!$F$2", "'Bulanan'!$G$2"],  # one month: one cell
        ["'Bulanan'!$F$3:$F$4", "'Bulanan'!$G$3:$G$4"],
    ]
    assert charts[1].series[0].cat.numRef.f == "'Bulanan'!$C$3:$C$4"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[AuditReport, Workbook]:
    config = load_config(SAMPLES / "rl-audit.yaml")
    report = run_check(CheckRequest(paths=(SAMPLES,), config=config))
    path = tmp_path_factory.mktemp("lead") / "laporan.xlsx"
    write_xlsx(report, path)
    return report, openpyxl.load_workbook(path)


def test_samples_monthly_sheet_matches_the_engine_to_the_sen(sample) -> None:
    report, book = sample
    puprkp = next(s for s in report.opds if s.opd.code == PUPRKP)
    rows = [r for r in book["Bulanan"].iter_rows(min_row=2, values_only=True) if r[0] == PUPRKP]
    assert len(rows) == len(puprkp.monthly) == 12
    for row, point in zip(rows, puprkp.monthly, strict=True):
        assert row[2].strftime("%Y-%m") == point.month
        assert (row[3], row[4]) == (point.realised_sen / 100, point.realised_cumulative_sen / 100)
        assert row[7] == point.non_cash_share  # blank where None
        assert (row[8] is not None) == point.behind
    silent = [s for s in report.opds if not s.monthly]
    assert silent and all(s.monthly_note for s in silent)
    notes = {r[0]: r[2] for r in book["Bulanan"].iter_rows(values_only=True) if r[3] is None}
    for s in silent:
        assert notes[s.opd.code] == label(s.monthly_note or "", "id")


def test_samples_focus_sheet_and_charts(sample) -> None:
    report, book = sample
    assert report.focus is not None
    ws = book["Fokus"]
    top = int(ws.freeze_panes[1:])
    table = {r[0]: r[1:] for r in ws.iter_rows(min_row=top, values_only=True)}
    focus, others = report.focus.focus, report.focus.others
    assert table[label("lead_median_score", "id")] == (focus.median_score, others.median_score)
    assert table[label("lead_amount_at_risk", "id")] == (
        focus.amount_at_risk_sen / 100,
        others.amount_at_risk_sen / 100,
    )
    assert table[label("lead_non_cash", "id")] == (focus.non_cash_share, others.non_cash_share)
    assert len(book["Grafik"]._charts) == sum(1 for s in report.opds if s.monthly)
    codes = [r[0] for r in book["Bulanan"].iter_rows(min_row=2, values_only=True)]
    shown = [c for c in report.focus.opds if c in codes]
    assert list(dict.fromkeys(codes))[: len(shown)] == shown  # focus OPDs first


def test_leadership_sheets_print_landscape_with_their_header_repeated(book: Workbook) -> None:
    for name, top in (("Fokus", 4), ("Bulanan", 1), ("Grafik", 1)):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape" and ws.freeze_panes == f"A{top + 1}"
        assert ws.print_title_rows == f"${top}:${top}", name


NO_BUDGET = (
    MonthPoint("2025-01", 500_00, 500_00, 5.0, None, 0.5),
    MonthPoint("2025-02", 700_00, 1_200_00, 10.0, None, None),
)


def _followup_report() -> AuditReport:
    """An OPD whose months end early (realisasi basis), one without a budget (BKU basis),
    a focus side covering part of its OPDs and an empty other side."""
    ended = replace(_opd(PLAIN, POINTS, note="monthly_data_until"), non_cash_basis="realisasi")
    no_budget = replace(_opd(SETDA, NO_BUDGET, note="monthly_no_budget"), non_cash_basis="bku")
    previous = FocusFigures(("9.02", "9.03"), 70.0, 4, 1.5, 5, 40.0, 0.5)
    focus = FocusFigures(
        ("9.02", "9.03"), 97.2, 2, 1.25, 100, 42.5, 0.9, previous, "2025-01-31",
        scored=1, with_spending=2, with_non_cash=1,
    )  # fmt: skip
    empty = FocusFigures((), None, 0, None, 0, None, None)
    return AuditReport(
        generated_at="2026-11-27T02:00:00+07:00", year=2025, as_of="2025-03-31",
        rule_sets=[], inputs=[], opds=[ended, no_budget],
        focus=FocusGroup(("9.02", "9.03"), focus, empty),
    )  # fmt: skip


@pytest.fixture(scope="module")
def followup() -> Workbook:
    return _open(_followup_report())


def test_a_note_and_the_non_cash_basis_stand_beside_an_opd_with_months(followup) -> None:
    ws = followup["Bulanan"]
    assert ws["J1"].value == "Sumber non-tunai" and ws["K1"].value == "Catatan bulanan"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    plain = [r for r in rows if r[0] == "9.02"]
    assert len(plain) == 2 and plain[0][3] == 10000.01  # the months stay
    assert plain[0][9] == label("lead_basis_realisasi", "id")
    assert plain[0][10] == label("monthly_data_until", "id")
    assert plain[1][9:] == (None, None)  # once per OPD, beside its first row
    setda = [r for r in rows if r[0] == "9.03"]
    assert setda[0][9:] == (label("lead_basis_bku", "id"), label("monthly_no_budget", "id"))


def test_no_absorption_chart_without_a_budget_but_the_amounts_stay(followup) -> None:
    rows = [r for r in followup["Bulanan"].iter_rows(min_row=2, values_only=True)]
    setda = [r for r in rows if r[0] == "9.03"]
    assert [(r[3], r[4], r[5], r[7]) for r in setda] == [(500.0, 500.0, None, 0.5),
                                                         (700.0, 1200.0, None, None)]  # fmt: skip
    charts = followup["Grafik"]._charts
    assert len(charts) == 1  # only 9.02, whose budget is known
    assert charts[0].series[0].val.numRef.f == "'Bulanan'!$F$2:$F$3"


def test_focus_coverage_is_said_when_a_figure_covers_part_of_the_side(followup) -> None:
    ws = followup["Fokus"]
    top = int(ws.freeze_panes[1:])
    rows = {r[0].value: r[1:] for r in ws.iter_rows(min_row=top)}
    median = rows[label("lead_median_score", "id")]
    assert median[0].value == 97.2 and median[0].number_format == '0.0" (1 dari 2 OPD)"'
    share = rows[label("lead_non_cash", "id")][0]
    assert share.value == 0.9 and share.number_format == '0.0%" (1 dari 2 OPD)"'
    whole = rows[label("lead_absorption", "id")][0]  # both OPDs: no coverage
    assert whole.value == 0.425 and whole.number_format == "0.0%"
    earlier = median[2]  # a month earlier: coverage not recorded, none shown
    assert earlier.value == 70.0 and earlier.number_format == "0.0"


def test_a_side_without_opds_reads_no_opd_checked_never_zero(followup) -> None:
    ws = followup["Fokus"]
    top = int(ws.freeze_panes[1:])
    others = [r[2] for r in ws.iter_rows(min_row=top, values_only=True)]
    assert others == [label("lead_no_opds", "id")] * 6
    english = _open(_followup_report(), "en")["Focus"]
    assert english.cell(top + 3, 3).value == "no OPD checked"  # money at risk, not Rp 0
