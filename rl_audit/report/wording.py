"""Texts every reporter shows about the run and each OPD, worded once here.

The period (year, where it came from, as-of date), an OPD's own latest data date,
its document coverage, its band (or why it has none) and a budget without
realisation read the same in the terminal, Excel and HTML reports.
"""

from __future__ import annotations

from rl_audit.findings import AuditReport, Coverage, Measure, OpdSummary
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.report.notes import day
from rl_audit.scoring import INCOMPLETE


def period(report: AuditReport, lang: str) -> str:
    """`Tahun anggaran 2025 (dari tanggal transaksi), posisi per 31/12/2025` or unknown."""
    as_of = day(report.as_of)
    if report.year is None:
        return label("period_unknown", lang, as_of=as_of)
    source = label(f"year_source_{report.year_source}", lang)
    if source.startswith("year_source_"):  # a source without wording
        return label("period_line", lang, year=report.year, as_of=as_of)
    return label("period_line_source", lang, year=report.year, source=source, as_of=as_of)


def opd_period(s: OpdSummary, lang: str) -> str:
    """`Data terakhir OPD: 30/09/2025 · posisi laporan: 31/12/2025`."""
    last = day(s.last_data_date) if s.last_data_date else label("opd_period_no_dates", lang)
    return label("opd_period_line", lang, last=last, as_of=day(s.as_of))


def kinds(names: tuple[str, ...], lang: str) -> str:
    """`anggaran, bku` (`tidak ada` when empty)."""
    return ", ".join(names) or label("coverage_nothing", lang)


def coverage(c: Coverage | None, lang: str) -> str:
    """`Dokumen: anggaran, kib · belum ada: bku, pajak, realisasi/LRA` ('' when unknown)."""
    if c is None:
        return ""
    text = label("coverage_read", lang, kinds=kinds(c.read, lang))
    if c.missing:
        text += " · " + label("coverage_missing", lang, kinds=", ".join(c.missing))
    return text


def band(s: OpdSummary, lang: str) -> str:
    """The band's name; `Tanpa skor` for the unknown OPD."""
    return label(f"band_{s.band}", lang) if s.band else label("band_none", lang)


def score(s: OpdSummary) -> str:
    """`78,7`; `(96)` when only indicative; `-` without a score."""
    if s.score is None:
        return "-"
    return f"({number(s.score, 1)})" if s.band == INCOMPLETE else number(s.score, 1)


def band_note(s: OpdSummary, lang: str) -> str:
    """Why an OPD has no band ('' when it has one)."""
    if s.score is None:
        return label("unknown_opd_note", lang)
    if s.band == INCOMPLETE and s.coverage is not None:
        return label("incomplete_note", lang, missing=", ".join(s.coverage.missing_core))
    return ""


def budget_only(m: Measure, lang: str) -> str:
    """`Pagu Rp X, realisasi belum ada` for a budget without realisation."""
    return label("absorption_budget_only", lang, budget=rupiah_sen(m.denominator_sen))
