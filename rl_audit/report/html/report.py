"""The HTML report of `rl-audit check` (`--format html`): one self-contained file.

The page carries its CSS, its SVG charts and a small table-sorting script inline and
loads nothing from the network; a Content-Security-Policy `<meta>` allows only the
page's own style and script (by their SHA-256 hashes). The template
(`templates/report.html.j2`, shipped in the wheel) is rendered by Jinja2 with
autoescape on, so every text that came from a spreadsheet (OPD names, file and sheet
names, messages) is escaped wherever it lands, SVG labels included. This module only
reshapes the `AuditReport`; scores, bands and amounts are shown as computed.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from rl_audit import __version__
from rl_audit.atomic import write_text_atomic
from rl_audit.engine.scoring import CAP, MONEY_CAP, MONEY_FULL_SHARE, NEEDS_WORK, READY, WEIGHT
from rl_audit.findings import AuditReport, Finding, OpdSummary, RuleOutcome, by_opd_code
from rl_audit.messages import LANGS, label, number, rupiah_sen
from rl_audit.report import wording
from rl_audit.report.bounds import MAX_LOCATIONS
from rl_audit.report.finding_notes import stale_line
from rl_audit.report.html import charts as html_charts
from rl_audit.report.html import leadership as html_leadership
from rl_audit.report.html import overview as html_overview
from rl_audit.report.html import view as html_view
from rl_audit.report.html.charts import COMPACT
from rl_audit.report.html.view import OutcomeRow, RuleGroup, ScoreLine
from rl_audit.report.untrusted import printable

TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class OpdSection:
    """Everything the page shows about one OPD (or about findings without one)."""

    anchor: str
    name: str
    code: str
    band: str
    band_text: str
    score_text: str
    score_lines: tuple[ScoreLine, ...]
    score_total: str
    groups: tuple[RuleGroup, ...]  # the shown findings, by rule
    outcomes: tuple[OutcomeRow, ...]
    checklist: str
    follow_up: str = ""  # open BPK recommendations and money not returned
    band_note: str = ""  # why the OPD has no band (incomplete data, unknown OPD)
    coverage: str = ""  # documents read and missing
    period: str = ""  # the OPD's latest data date beside the report's as-of date
    count: int = 0  # its findings, shown or not


@cache
def _environment() -> Environment:
    """The Jinja2 environment over the shipped templates (autoescape always on)."""
    return Environment(
        loader=PackageLoader("rl_audit.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    """The text of a static asset beside the template (our own CSS or JS, trusted)."""
    env = _environment()
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def _csp_hash(text: str) -> str:
    """`'sha256-…'` of an inline `<style>`/`<script>` body, for the CSP."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(style: str, script: str) -> str:
    """Nothing from anywhere, except this page's own style and script."""
    return (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _section(
    s: OpdSummary,
    anchor: str,
    findings: list[Finding],
    outcomes: list[RuleOutcome],
    new: frozenset[str],
    lang: str,
    cap: int,
) -> OpdSection:
    """The section of one OPD: score explanation (or why none), findings, checklist."""
    return OpdSection(
        anchor,
        s.opd.name,
        s.opd.code,
        "" if s.score is None else s.band or "",
        wording.band(s, lang),
        wording.score(s),
        tuple(html_view.score_line(i, lang) for i in s.items),
        "" if s.score is None else html_view.score_total(s, lang),
        tuple(html_view.rule_groups(findings, lang, new, cap)),
        tuple(html_view.outcome_rows(outcomes, lang)),
        html_view.checklist_counts(outcomes, lang),
        _follow_up(s, lang),
        wording.band_note(s, lang),
        wording.coverage(s.coverage, lang),
        wording.opd_period(s, lang),
        len(findings),
    )


def _follow_up(s: OpdSummary, lang: str) -> str:
    """`Rekomendasi BPK terbuka: 2 · belum dikembalikan Rp …` (empty when none is open)."""
    if not s.follow_up_open:
        return ""
    amount = rupiah_sen(s.follow_up_outstanding_sen)
    return label("follow_up_line", lang, count=s.follow_up_open, amount=amount)


def _other_section(
    findings: list[Finding], outcomes: list[RuleOutcome], new: frozenset[str], lang: str, cap: int
) -> OpdSection | None:
    """Findings (and outcomes) of no OPD in the summary, or None when there are none."""
    if not findings:
        return None
    return OpdSection(
        "opd-other",
        label("html_other_findings", lang),
        "",
        "",
        "",
        "",
        (),
        "",
        tuple(html_view.rule_groups(findings, lang, new, cap)),
        tuple(html_view.outcome_rows(outcomes, lang)),
        html_view.checklist_counts(outcomes, lang) if outcomes else "",
        count=len(findings),
    )


def _sections(
    report: AuditReport, lang: str, cap: int
) -> tuple[list[OpdSection], OpdSection | None]:
    """One section per OPD in `report.opds` order, plus the leftovers (`cap` per rule)."""
    findings = by_opd_code(report.findings, none="")
    outcomes = by_opd_code(report.outcomes, none="")
    new = report.changes.new_fingerprints if report.changes else frozenset()
    sections = [
        _section(
            s,
            f"opd-{i}",
            findings.pop(s.opd.code, []),
            outcomes.pop(s.opd.code, []),
            new,
            lang,
            cap,
        )
        for i, s in enumerate(report.opds, 1)
    ]
    rest = [f for group in findings.values() for f in group]
    left = [o for group in outcomes.values() for o in group]
    return sections, _other_section(rest, left, new, lang, cap)


def _trends(report: AuditReport, lang: str) -> list[html_charts.TrendChart]:
    """A line chart per OPD with recorded runs, in summary order, then the rest."""
    names = {s.opd.code: s.opd.name for s in report.opds}
    order = [c for c in names if c in report.trend] + [c for c in report.trend if c not in names]
    return [
        html_charts.trend_chart(names.get(code, code), report.trend[code], lang)
        for code in order
        if report.trend[code]
    ]


def _header(report: AuditReport, lang: str) -> dict[str, Any]:
    """Title, period, generation time, versions and what the run used."""
    rule_sets = ", ".join(f"{r.name} {r.version} ({r.rules})" for r in report.rule_sets)
    found = report.problems
    return {
        "title": label("report_title", lang),
        "period": wording.period(report, lang),
        "problems": label("html_problems_banner", lang, count=len(found)) if found else "",
        "generated": html_view.timestamp(report.generated_at, seconds=True),
        "versions": label("tool_version", lang, version=__version__, rule_sets=rule_sets or "-"),
        "used": wording.provenance_lines(report, lang),
    }


def _context(report: AuditReport, lang: str, cap: int) -> dict[str, Any]:
    """Everything the template prints, already worded and formatted."""
    names = [s.opd.label for s in report.opds]  # the short name travels with the report
    sections, other = _sections(report, lang, cap)
    bpk, bpk_total = html_overview.bpk_rows(report, lang)
    changes = report.changes
    style, script = _asset("report.css"), _asset("report.js")
    return {
        "lang": lang,
        "csp": content_security_policy(style, script),
        "style": Markup(style),  # our own asset file, never spreadsheet text
        "script": Markup(script),  # idem
        "head": _header(report, lang),
        "summary": [
            html_overview.summary_row(s, f"opd-{i}", lang) for i, s in enumerate(report.opds, 1)
        ],
        "severities": html_overview.SEVERITIES,
        "score_chart": html_charts.score_chart(report.opds, names, lang),
        "score_chart_compact": html_charts.score_chart(report.opds, names, lang, COMPACT),
        "score_formula": score_formula(lang),
        "score_note": label(
            "html_chart_scores_note", lang, needs_work=number(NEEDS_WORK), ready=number(READY)
        ),
        "absorption_chart": html_charts.absorption_chart(report.opds, names, lang),
        "absorption_chart_compact": html_charts.absorption_chart(report.opds, names, lang, COMPACT),
        "bpk": bpk,
        "bpk_total": bpk_total,
        "changes": changes,
        "changes_intro": html_overview.changes_intro(changes, lang) if changes else "",
        "change_rows": [html_overview.change_row(c) for c in changes.per_opd] if changes else [],
        "trends": _trends(report, lang),
        "lead": html_leadership.leadership(report, lang),
        "sections": sections,
        "other": other,
        "problems": html_view.problems(report.problems, lang),
        "stale": [stale_line(w, lang) for w in report.stale_waivers],
    }


def score_formula(lang: str) -> str:
    """The scoring formula in words, its weights and thresholds from the scoring module."""
    weights = "; ".join(
        label(
            "html_score_weight",
            lang,
            severity=label(f"sev_{sev}", lang),
            weight=number(WEIGHT[sev]),
            cap=number(CAP[sev]),
        )
        for sev in ("high", "medium", "low")
    )
    return label(
        "html_score_formula",
        lang,
        weights=weights,
        money_cap=number(MONEY_CAP),
        share=number(MONEY_FULL_SHARE * 100) + " %",
        ready=number(READY),
        needs_work=number(NEEDS_WORK),
    )


def _translator(lang: str) -> Callable[..., str]:
    """`t(key, **params)` for the template: a label in the report's language."""

    def t(key: str, **params: Any) -> str:
        return label(key, lang, **params)

    return t


def render_html(report: AuditReport, lang: str = "id", max_locations: int = MAX_LOCATIONS) -> str:
    """The whole report as one self-contained HTML document (Indonesian by default).

    Each OPD section lists at most `max_locations` findings of one rule, then says how
    many more there are (all of them are in the JSON and xlsx reports).
    """
    lang = lang if lang in LANGS else "id"
    template = _environment().get_template(TEMPLATE)
    context = _context(report, lang, max_locations)
    return printable(template.render(t=_translator(lang), **context))


def write_html(
    report: AuditReport, path: Path, lang: str = "id", max_locations: int = MAX_LOCATIONS
) -> None:
    """Write `render_html(report, lang, max_locations)` to `path` atomically (UTF-8)."""
    write_text_atomic(path, render_html(report, lang, max_locations))
