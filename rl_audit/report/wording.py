"""Texts every reporter shows about the run and each OPD, worded once here.

The period (year, where it came from, as-of date), what the run used (config, rule
pack, parameters, waivers), an OPD's own latest data date, its document coverage, its
band (or why it has none) and a budget without realisation read the same in the
terminal, Excel and HTML reports.
"""

from __future__ import annotations

import json

from rl_audit.engine.scoring import INCOMPLETE
from rl_audit.findings import AuditReport, Coverage, Measure, OpdSummary
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.provenance import Provenance
from rl_audit.report.finding_notes import day


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


SHORT_SHA = 12  # hex digits of a hash shown on a terminal
PARAM_SHOWN = 40  # characters of a parameter value shown


def _sha(sha: str | None, short: bool) -> str:
    return "-" if not sha else sha[:SHORT_SHA] if short else sha


def _config_text(p: Provenance, lang: str, short: bool) -> str:
    if p.config is None:
        return label("prov_config_none", lang)
    source = label(f"prov_source_{p.config_source}", lang)
    return label(
        "prov_config", lang, path=p.config.path, sha=_sha(p.config.sha256, short), source=source
    )


def _waivers_text(p: Provenance, lang: str, short: bool) -> str:
    if p.waivers is None:
        return label("prov_waivers_none", lang)
    if p.waivers.sha256 is None:
        return label("prov_waivers_missing", lang, path=p.waivers.path)
    return label("prov_waivers", lang, path=p.waivers.path, sha=_sha(p.waivers.sha256, short))


def _value(value: object) -> str:
    """A parameter value, compact: JSON for lists and mappings, cut at PARAM_SHOWN."""
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= PARAM_SHOWN else shown[: PARAM_SHOWN - 1] + "…"


def _params_text(p: Provenance, lang: str) -> str:
    if not p.parameter_sources:
        return label("prov_params_default", lang, count=len(p.parameters))
    given = ", ".join(
        f"{name}={_value(p.parameters[name])} ({label(f'prov_param_{source}', lang)})"
        for name, source in sorted(p.parameter_sources.items())
    )
    return label("prov_params", lang, given=given)


def provenance_lines(report: AuditReport, lang: str, short: bool = False) -> list[str]:
    """What the run used, in two lines: config and waivers; rule pack and parameters.

    `short`: hashes cut to SHORT_SHA hex digits (the terminal). No lines without a record.
    """
    p = report.provenance
    if p is None:
        return []
    rules = label("prov_rules", lang, sha=_sha(p.rules_sha256, short))
    return [
        f"{_config_text(p, lang, short)} · {_waivers_text(p, lang, short)}",
        f"{rules} · {_params_text(p, lang)}",
    ]
