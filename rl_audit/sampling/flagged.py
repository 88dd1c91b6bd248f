"""Rows already carrying a finding, for `sample --with-findings exclude`.

A row is flagged when an open (not waived) finding of the rule pack names it; such rows
are left out of the population, since they are reported already and tested anyway.
"""

from __future__ import annotations

from rl_audit.findings import AuditReport
from rl_audit.sampling.population import Population


def flagged_places(report: AuditReport) -> set[tuple[str, str, int]]:
    """(file, sheet, Excel row) of every row an open finding names."""
    return {
        (loc.file, loc.sheet, loc.row)
        for finding in report.findings
        if finding.status == "open"
        for loc in finding.locations
        if loc.row is not None
    }


def without(population: Population, places: set[tuple[str, str, int]]) -> Population:
    """`population` without the items at `places`."""
    kept = [item for item in population.items if item.place not in places]
    return Population(
        population.opd_code,
        population.opd_name,
        population.document,
        population.amount_column,
        kept,
    )
