"""`rl-audit check --format lines`: one finding a line, for grep, editors and CI.

`dinkes/bku.xlsx › BKU!C18 KAS-05 tinggi Rp 7.350.000 Tunai melebihi batas [3f9a0c1d2e4b]`:
where (the first location), rule, severity, money (when known), message, then the short
fingerprint `rl-audit waive` accepts. A waived finding says so after its severity. Each
line is inert text (control characters made visible, line breaks of a message folded
into spaces): no colour, no markup, nothing wrapped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from rl_audit.findings import Finding
from rl_audit.messages import label, rupiah_sen
from rl_audit.report.untrusted import inert
from rl_audit.report.wording import SHORT_SHA


def place(finding: Finding) -> str:
    """`file › sheet!C18` (`file › sheet` without a cell, `-` without a location)."""
    if not finding.locations:
        return "-"
    first = finding.locations[0]
    cell = first.cell or (str(first.row) if first.row else "")
    return f"{first.file} › {first.sheet}" + (f"!{cell}" if cell else "")


def finding_line(finding: Finding, lang: str) -> str:
    """One finding on one line (see the module docstring)."""
    parts = [place(finding), finding.rule_id, label(f"sev_{finding.severity.value}", lang)]
    if finding.status != "open":
        parts.append(label(f"status_{finding.status}", lang))
    if finding.amount_sen is not None:
        parts.append(rupiah_sen(finding.amount_sen))
    parts.append(" ".join(finding.text("message", lang).split()))
    parts.append(f"[{finding.fingerprint[:SHORT_SHA]}]")
    return inert(" ".join(parts))


def finding_lines(findings: Iterable[Finding], lang: str) -> Iterator[str]:
    """`finding_line` of each finding, in the report's order."""
    return (finding_line(f, lang) for f in findings)


def write_lines(findings: Iterable[Finding], out: TextIO, lang: str) -> None:
    """Every finding's line on `out`, each ended by a line feed."""
    for text in finding_lines(findings, lang):
        out.write(text + "\n")
