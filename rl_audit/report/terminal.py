"""The terminal report of `rl-audit check`: per OPD, findings with cell and message.

Spreadsheet text goes through `rich.text.Text` (never parsed as markup).
"""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.text import Text

from rl_audit.findings import AuditReport, Finding, RuleOutcome, Status
from rl_audit.messages import LABELS, rupiah
from rl_audit.report.inspect_view import issue_text

STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
SHOWN = 20


def where(finding: Finding) -> str:
    """`file › sheet › F18` (more cells joined with commas)."""
    if not finding.locations:
        return ""
    first = finding.locations[0]
    cells = ", ".join(loc.cell or (str(loc.row) if loc.row else "-") for loc in finding.locations)
    return f"{first.file} › {first.sheet} › {cells}"


def _opd_header(console: Console, name: str, findings: list[Finding], lang: str) -> None:
    counts = {s: sum(f.severity.value == s for f in findings) for s in STYLE}
    money = sum(f.amount_sen or 0 for f in findings) / 100
    words = LABELS[lang]
    line = Text(f"■ {name}  ", style="bold")
    line.append(" ".join(f"{s}:{n}" for s, n in counts.items()))
    line.append(f"  {words['at_risk']}: {rupiah(money)}")
    console.print(line)


def _finding_lines(console: Console, findings: list[Finding], lang: str) -> None:
    for f in findings[:SHOWN]:
        head = Text(f"  [{f.severity.value}] ", style=STYLE[f.severity.value])
        head.append(f"{f.rule_id} ({f.bpk_code}) {where(f)}")
        console.print(head)
        console.print(Text(f"      {f.message}"))
    if len(findings) > SHOWN:
        console.print(Text(f"  … {len(findings) - SHOWN} {LABELS[lang]['more_findings']}"))


def _outcome_line(console: Console, outcomes: list[RuleOutcome], lang: str) -> None:
    errors = [o for o in outcomes if o.status is Status.ERROR]
    for o in errors:
        console.print(
            Text(f"  ! {o.rule_id}: {LABELS[lang]['rule_error']}: {o.reason}", style="red")
        )


def print_report(report: AuditReport, console: Console, lang: str = "id") -> None:
    """Findings grouped by OPD (most money at risk first), then input problems."""
    by_opd: dict[str, list[Finding]] = defaultdict(list)
    outcomes: dict[str, list[RuleOutcome]] = defaultdict(list)
    names: dict[str, str] = {}
    for doc in (d for f in report.inputs for d in f.documents()):
        names.setdefault(doc.opd.code if doc.opd else "?", doc.opd.name if doc.opd else "?")
    for o in report.outcomes:
        key = o.opd.code if o.opd else "?"
        outcomes[key].append(o)
        names[key] = o.opd.name if o.opd else "?"
    for f in report.findings:
        by_opd[f.opd.code if f.opd else "?"].append(f)
    order = sorted(names, key=lambda k: -sum(f.amount_sen or 0 for f in by_opd[k]))
    for key in order:
        findings = sorted(by_opd[key], key=lambda f: (-f.severity.rank, f.rule_id))
        _opd_header(console, f"{names[key]} ({key})", findings, lang)
        _finding_lines(console, findings, lang)
        _outcome_line(console, outcomes[key], lang)
        console.print()
    problems = [f.error for f in report.inputs if f.error] + [
        i for f in report.inputs for s in f.sheets for i in s.issues if i.level == "error"
    ]
    for issue in problems:
        if issue is not None:
            console.print(Text(f"✗ {issue_text(issue, lang)}", style="red"))
