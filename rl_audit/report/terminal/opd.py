"""One OPD's section of the terminal report: findings grouped by rule, then a checklist.

Locations read `file › sheet › C18`; each rule shows at most `SHOWN_PER_RULE`
findings (fewer when the config's `report: max_locations` is lower) and then "… and N
more, all in the JSON/xlsx". Every text is
built with `terminal_safe.plain` (cell text, names and rule wording are untrusted).
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from rl_audit.documents import OpdRef
from rl_audit.engine.scoring import INCOMPLETE
from rl_audit.findings import Finding, OpdSummary, RuleOutcome, Status
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.report import wording
from rl_audit.report.bounds import MAX_LOCATIONS
from rl_audit.report.finding_notes import notes
from rl_audit.report.terminal.guard import plain
from rl_audit.report.terminal.layout import glued
from rl_audit.report.untrusted import inert

SHOWN_PER_RULE = 5
REMEDY_CHARS = 200  # the how-to-fix text of a rule group is cut (at a word) after this
BAND_STYLE = {"siap": "bold green", "perlu_perbaikan": "bold yellow", "belum_siap": "bold red"}
BAND_STYLE["data_belum_lengkap"] = "bold magenta"
BADGE_STYLE = {"high": "bold white on red", "medium": "black on yellow", "low": "black on cyan"}


def line(console: Console, text: str | RenderableType, indent: int = 2, style: str = "") -> None:
    """Print `text` indented by `indent`, wrapped lines indented too (text inert, never markup).

    "Rp" stays on the line of its amount (`layout.glued`).
    """
    body = plain(text, style) if isinstance(text, str) else text
    body = glued(body) if isinstance(body, Text) else body
    console.print(Padding(body, (0, 0, 0, indent), expand=False))


def opd_title(opd: OpdRef) -> str:
    """`Dinas Kesehatan (1.02.0.00.0.00.01.0000)`."""
    return f"{opd.name} ({opd.code})"


def where(finding: Finding) -> str:
    """`file › sheet › F18, F19` (the sheet alone when no row is known)."""
    if not finding.locations:
        return ""
    first = finding.locations[0]
    cells = [loc.cell or (str(loc.row) if loc.row else "") for loc in finding.locations]
    tail = ", ".join(c for c in cells if c)
    return f"{first.file} › {first.sheet}" + (f" › {tail}" if tail else "")


def _by_rule(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped by rule (open before waived), the worst and costliest rules first."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: f.status != "open"):
        groups[f.rule_id].append(f)
    return sorted(
        groups.values(),
        key=lambda g: (-max(f.severity.rank for f in g), -sum(f.amount_sen or 0 for f in g)),
    )


def _rule_head(group: list[Finding], lang: str) -> Table:
    """`[TINGGI] PJK-01 · 1.04.10 · title · 3 temuan · Rp …`, wrapped lines under the title."""
    worst = max(group, key=lambda f: f.severity.rank)
    sev = worst.severity.value
    badge = Text(f" {label(f'sev_{sev}', lang).upper()} ", style=BADGE_STYLE.get(sev, "dim"))
    head = Text()
    head.append(inert(f"{worst.rule_id} · {worst.bpk_code} · "), style="bold")
    head.append(inert(worst.text("title", lang)), style="bold")
    head.append(" · " + label("term_rule_head", lang, count=len(group)))
    amount = sum(f.amount_sen or 0 for f in group)
    if any(f.amount_sen is not None for f in group):
        head.append(f" · {rupiah_sen(amount)}")
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(badge, glued(head))
    return grid


def remedy(group: list[Finding], lang: str) -> str:
    """The rule's how-to-fix text on one paragraph, cut at a word after `REMEDY_CHARS`."""
    text = " ".join(group[0].text("remediation", lang).split())
    if len(text) > REMEDY_CHARS:
        text = text[: REMEDY_CHARS - 1].rsplit(" ", 1)[0] + " …"
    return text


def _print_group(group: list[Finding], console: Console, lang: str, cap: int) -> None:
    """One rule's findings: location, message and notes, cut after `cap` of them."""
    line(console, _rule_head(group, lang))
    if fix := remedy(group, lang):
        line(console, f"{label('col_remediation', lang)}: {fix}", 4, "green")
    for f in group[:cap]:
        line(console, where(f), 4, "cyan")
        line(console, f.text("message", lang), 6, "dim" if f.status == "waived" else "")
        for note in notes(f, lang):
            line(console, "↳ " + note, 6, "magenta")
    if len(group) > cap:
        more = label("term_more", lang, count=len(group) - cap)
        line(console, more, 4, "dim")


def _score_lines(s: OpdSummary, lang: str) -> list[Text]:
    """`Skor 78,7 · Perlu perbaikan`, or why there is no band; coverage; the period."""
    style = BAND_STYLE.get(s.band or "", "bold")
    note = wording.band_note(s, lang)
    if s.score is None:
        lines = [plain(note, style)]
    elif note:
        indicative = label("score_indicative", lang, score=number(s.score, 1))
        lines = [plain(f"{wording.band(s, lang)} · {indicative}", style), plain(note)]
    else:
        band = wording.band(s, lang)
        lines = [plain(label("term_opd_header", lang, score=number(s.score, 1), band=band), style)]
    if s.coverage is not None:
        lines.append(plain(wording.coverage(s.coverage, lang)))
    return lines + [plain(wording.opd_period(s, lang))]


def _absorption_line(s: OpdSummary, lang: str) -> Text | None:
    """Absorption against budget and target; the budget alone without realisation."""
    m = s.absorption
    if m is None:
        return None
    if m.percent is None:
        return plain(wording.budget_only(m, lang))
    key = "term_absorption" if m.target is not None else "term_absorption_no_target"
    target = "-" if m.target is None else f"{number(m.target, 1)} %"
    text = label(
        key,
        lang,
        percent=f"{number(m.percent, 1)} %",
        budget=rupiah_sen(m.denominator_sen),
        target=target,
    )
    return plain(text)


def _opd_lines(s: OpdSummary, lang: str) -> list[Text]:
    """The OPD's title, score or why none, coverage, period, counts and money, absorption."""
    title = plain("■ " + opd_title(s.opd), "bold")
    counts = label("term_opd_counts", lang, **s.counts)
    lines = [
        title,
        *_score_lines(s, lang),
        plain(f"{counts} · {label('col_at_risk', lang)} {rupiah_sen(s.amount_sen)}"),
    ]
    if s.follow_up_open:
        text = label(
            "follow_up_line",
            lang,
            count=s.follow_up_open,
            amount=rupiah_sen(s.follow_up_outstanding_sen),
        )
        lines.append(plain(text, "magenta"))
    absorption = _absorption_line(s, lang)
    return lines + ([absorption] if absorption is not None else [])


def _checklist(outcomes: list[RuleOutcome], console: Console, lang: str) -> None:
    """Counts per status, the rules that could not run (with why), then the others by id."""
    by_status: dict[Status, list[RuleOutcome]] = defaultdict(list)
    for o in outcomes:
        by_status[o.status].append(o)
    counts = {
        k.value if k is not Status.NOT_APPLICABLE else "na": len(v) for k, v in by_status.items()
    }
    text = label(
        "term_checklist", lang, **{"passed": 0, "failed": 0, "error": 0, "na": 0, **counts}
    )
    line(console, text)
    for o in by_status[Status.ERROR]:
        line(console, f"! {o.rule_id}: {o.reason_in(lang)}", 4, "red")
    for status, key, mark in (
        (Status.PASSED, "term_passed_list", "✓"),
        (Status.NOT_APPLICABLE, "term_na_list", "–"),
    ):
        ids = " ".join(o.rule_id for o in by_status[status])
        if ids:
            line(console, f"{mark} {label(key, lang)}: {ids}", 4, "dim")


def print_opd(
    s: OpdSummary,
    mine: list[Finding],
    outcomes: list[RuleOutcome],
    console: Console,
    lang: str,
    max_locations: int = MAX_LOCATIONS,
) -> None:
    """The section of one OPD: its findings by rule, its rule checklist, its score line."""
    for i, text in enumerate(_opd_lines(s, lang)):
        line(console, text, 2 if i else 0)
    console.print()
    if not mine:
        line(console, label("no_findings", lang), 2, "green")
    for group in _by_rule(mine):
        _print_group(group, console, lang, min(SHOWN_PER_RULE, max_locations))
    console.print()
    _checklist(outcomes, console, lang)
    if s.score is not None:
        key = "term_score_line" if s.band != INCOMPLETE else "term_score_line_indicative"
        score, points = number(s.score, 1), number(s.points, 1)
        score_line = label(key, lang, points=points, score=score, code=s.opd.code)
        line(console, score_line, 2, "dim")
    console.print()
