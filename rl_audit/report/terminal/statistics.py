"""`rl-audit check --statistics`: open findings and their money per rule, as a table.

The figures are the engine's roll-up `AuditReport.by_rule` (and `bpk_total` for the
total row); titles come from the report's rule roll-ups (`AuditReport.rules`).
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rl_audit.findings import AuditReport
from rl_audit.messages import label, rupiah_sen
from rl_audit.report.terminal.guard import plain


def _titles(report: AuditReport, lang: str) -> dict[str, str]:
    """Rule id → its title in `lang`."""
    return {rule.rule_id: rule.title_in(lang) for rule in report.rules}


def statistics_table(report: AuditReport, lang: str) -> Table:
    """One row per rule with an open finding: id, title, count, money; then the total."""
    table = Table(title=label("term_stats_title", lang), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column(label("term_stats_rule", lang), no_wrap=True)
    table.add_column(label("term_stats_rule_title", lang), overflow="fold")
    table.add_column(label("col_findings", lang), justify="right", no_wrap=True)
    table.add_column(label("col_at_risk", lang), justify="right", no_wrap=True)
    titles = _titles(report, lang)
    for tally in report.by_rule:
        title = plain(titles.get(tally.code, ""))
        table.add_row(
            plain(tally.code), title, str(tally.count), Text(rupiah_sen(tally.amount_sen))
        )
    total = report.bpk_total
    table.add_section()
    table.add_row(
        label("term_stats_total", lang), "", str(total.count), rupiah_sen(total.amount_sen)
    )
    return table


def print_statistics(report: AuditReport, console: Console, lang: str) -> None:
    """The per-rule table (a line saying none when no finding is open)."""
    if not report.by_rule:
        console.print(plain(label("no_findings", lang)))
        return
    console.print(statistics_table(report, lang))
