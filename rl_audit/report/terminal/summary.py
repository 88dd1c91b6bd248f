"""The terminal report of `rl-audit check`: summary per OPD, input problems, OPD sections.

Everything shown comes from the `AuditReport` (scores and absorption from
`rl_audit.engine.scoring`) and the wording catalog. Spreadsheet text always goes through
`terminal_safe.plain`, so `[red]` in a cell is shown, never read as markup, and an
escape sequence is shown as `␛[…`, never obeyed. Colour is the console's business: a
Console with `no_color` (or not a terminal) prints plain text.
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rl_audit.engine import problems
from rl_audit.findings import AuditReport, OpdSummary, by_opd_code
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.report import wording
from rl_audit.report.bounds import MAX_LOCATIONS
from rl_audit.report.finding_notes import stale_line
from rl_audit.report.terminal.closing import ExitNote, print_closing, print_legend
from rl_audit.report.terminal.guard import plain
from rl_audit.report.terminal.layout import trimmed
from rl_audit.report.terminal.opd import BAND_STYLE, line, opd_title, print_opd
from rl_audit.report.terminal.statistics import print_statistics

SEV_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
PROBLEM_MARK = {"error": ("✗", "red"), "warning": ("!", "yellow"), "info": ("·", "dim")}
PROBLEMS_SHOWN = 10
WIDE = 110  # from this console width on, an OPD's band sits on its line of the summary table


def pct(value: float | None) -> str:
    """`93,6 %` (or `-`)."""
    return "-" if value is None else f"{number(value, 1)} %"


def _header(console: Console, report: AuditReport, lang: str) -> None:
    """Title, period, tool and rule-set versions, number of files; what the run used."""
    console.print(plain(label("report_title", lang), "bold"))
    period = wording.period(report, lang)
    sets = ", ".join(
        label("term_rules_line", lang, name=r.name, version=r.version, rules=r.rules)
        for r in report.rule_sets
    )
    files = label("term_files", lang, count=len(report.inputs))
    console.print(plain(f"{period} · {sets} · {files}"))
    for used in wording.provenance_lines(report, lang, short=True):
        console.print(plain(used, "dim"))
    console.print()


def _counts(s: OpdSummary) -> Text:
    """`4/3/2/0` with each count coloured by its severity when non-zero."""
    text = Text()
    for i, (sev, n) in enumerate(s.counts.items()):
        text.append(("/" if i else "") + str(n), style=SEV_STYLE[sev] if n else "")
    return text


def _absorption(s: OpdSummary, lang: str) -> str:
    """`94,1/65 %` (realised % / target %), `94,1 %` without target, `-` without budget."""
    m = s.absorption
    if m is None:
        return "-"
    if m.percent is None:
        return label("absorption_none_short", lang)
    if m.target is None:
        return pct(m.percent)
    return f"{number(m.percent, 1)}/{number(m.target, 1)} %"


def _worst(s: OpdSummary, lang: str) -> Text:
    """The rule of the OPD's worst finding: id (bold) and title."""
    if s.worst is None:
        return plain(label("term_worst_none", lang))
    text = plain(s.worst.rule_id, "bold")
    text.append_text(plain(" " + s.worst.text("title", lang)))
    return text


def _summary_row(s: OpdSummary, lang: str, wide: bool) -> list[Text]:
    """One row of the summary table.

    Wide: the band beside the score, the worst rule in its own column. Narrow: the band
    under the score, the worst rule under the OPD's name.
    """
    score = plain(wording.score(s))
    score.append((" " if wide else "\n") + wording.band(s, lang))
    score.stylize(BAND_STYLE.get(s.band or "", "dim"))
    opd, worst = plain(s.opd.label), _worst(s, lang)
    if not wide:
        opd.append_text(Text("\n↳ ", "dim") + worst)
    cells = [opd, score, _counts(s), Text(rupiah_sen(s.amount_sen)), Text(_absorption(s, lang))]
    return cells + [worst] if wide else cells


def print_summary(report: AuditReport, console: Console, lang: str) -> None:
    """The table of OPDs, the one needing most attention first; then its legend."""
    wide = console.width >= WIDE
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    opd = label("col_opd", lang) + ("" if wide else f" ↳ {label('col_worst', lang)}")
    table.add_column(opd, overflow="fold", min_width=12)
    table.add_column(label("col_score", lang), no_wrap=True)
    table.add_column(label("term_sev_counts", lang), no_wrap=True)
    table.add_column(label("col_at_risk", lang), justify="right", no_wrap=True)
    table.add_column(label("col_absorption", lang), justify="right", no_wrap=True)
    if wide:
        table.add_column(label("col_worst", lang), overflow="fold", min_width=12)
    for s in report.opds:
        table.add_row(*_summary_row(s, lang, wide))
    console.print(table)
    print_legend(console, lang)


def print_input_problems(report: AuditReport, console: Console, lang: str) -> None:
    """The run's input problems (`report.problems`): the first `PROBLEMS_SHOWN`, then a count."""
    found = report.problems
    if not found:
        return
    console.print(plain(label("input_problems", lang), "bold red"))
    for p in found[:PROBLEMS_SHOWN]:
        mark, style = PROBLEM_MARK.get(p.severity, ("!", "yellow"))
        line(console, f"{mark} {problems.line(p, lang)}", 2, style)
    if len(found) > PROBLEMS_SHOWN:
        line(console, label("problems_more", lang, count=len(found) - PROBLEMS_SHOWN), 2, "dim")
    console.print()


def print_stale_waivers(report: AuditReport, console: Console, lang: str) -> None:
    """Waivers that matched nothing in this run."""
    if not report.stale_waivers:
        return
    console.print(plain(label("stale_waivers", lang), "bold yellow"))
    for w in report.stale_waivers:
        line(console, "? " + stale_line(w, lang), 2, "yellow")
    console.print()


def print_report(
    report: AuditReport,
    console: Console,
    lang: str = "id",
    max_locations: int = MAX_LOCATIONS,
    exit_note: ExitNote | None = None,
    statistics: bool = False,
) -> None:
    """The whole terminal report (at most `max_locations` findings per rule and OPD).

    `statistics`: the per-rule table after the OPDs. The closing line comes last, with
    the exit code the CLI decided (`exit_note`). No line ends in blanks (`trimmed`).
    """
    with trimmed(console):
        _body(report, console, lang, max_locations)
        if statistics:
            print_statistics(report, console, lang)
        print_closing(report, console, lang, exit_note)


def _body(report: AuditReport, console: Console, lang: str, max_locations: int) -> None:
    """Header, summary table, input problems, the OPD sections, stale waivers."""
    _header(console, report, lang)
    if not report.opds:
        console.print(plain(label("term_no_opd", lang)))
    else:
        print_summary(report, console, lang)
    print_input_problems(report, console, lang)
    findings, outcomes = by_opd_code(report.findings), by_opd_code(report.outcomes)
    for summary in report.opds:
        code = summary.opd.code
        print_opd(summary, findings[code], outcomes[code], console, lang, max_locations)
    print_stale_waivers(report, console, lang)


def _item_text(item_kind: str, lang: str, **values: object) -> str:
    """One explanation line's wording."""
    return label(f"score_{item_kind}", lang, **values)


def _explain_rows(s: OpdSummary, lang: str) -> list[tuple[str, str]]:
    """(what, points) for each item of the score that deducted something."""
    rows = []
    for it in s.items:
        sev = label(f"sev_{it.severity}", lang) if it.severity else ""
        if it.kind == "money":
            what = (
                _item_text("money_unknown", lang)
                if it.share is None
                else _item_text("money", lang, share=f"{number(it.share, 3)} %")
            )
        else:
            what = _item_text(it.kind, lang, rule=it.rule_id, count=it.count, severity=sev)
        if it.capped:
            what += " " + label("score_capped", lang)
        if it.points or it.kind == "money":
            rows.append((what, "−" + number(it.points, 1)))
    return rows


def print_explanation(s: OpdSummary, console: Console, lang: str) -> None:
    """How one OPD's score came out: every deduction, then the total."""
    console.print(plain(label("term_explain_title", lang, name=opd_title(s.opd)), "bold"))
    if s.score is None:
        console.print(plain(wording.band_note(s, lang)))
        console.print()
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(label("term_explain_item", lang), overflow="fold")
    table.add_column(label("col_points", lang), justify="right", no_wrap=True)
    for what, points in _explain_rows(s, lang):
        table.add_row(plain(what), Text(points))
    console.print(table)
    line = label("score_total", lang, points=number(s.points, 1), score=number(s.score, 1))
    style = BAND_STYLE.get(s.band or "", "")
    console.print(plain(f"{line} · {wording.band(s, lang)}", style))
    if note := wording.band_note(s, lang):
        console.print(plain(note, style))
    console.print(plain(label("score_formula", lang), "dim"))
    console.print()
