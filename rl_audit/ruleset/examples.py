"""Run the `examples` of rules: small tables that must pass or fail.

Used by the test suite and by `rl-audit rules test`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import ROLE, ROW, Document, OpdRef, RowRole
from rl_audit.engine.evaluate import RunOptions, evaluate_opd, with_period
from rl_audit.findings import Status
from rl_audit.ingest.normalise import parse_column
from rl_audit.ingest.read import column_letter
from rl_audit.ruleset.load import Example, Rule, RuleSet

EXAMPLE_OPD = OpdRef("0.00.0.00.0.00.00.0000", "OPD Contoh", registered=False, source="example")


@dataclass(frozen=True)
class ExampleResult:
    """Whether one example behaved as declared, and why not."""

    rule_id: str
    example: str
    ok: bool
    detail: str = ""


def example_document(kind: str, rows: list[dict[str, Any]], name: str) -> Document:
    """A Document typed exactly as the importer would type it (header on row 1)."""
    spec = load_kinds()[kind]
    raw = pd.DataFrame(rows).astype(object)
    roles = raw.pop(ROLE) if ROLE in raw else pd.Series(RowRole.DATA.value, index=raw.index)
    frame = pd.DataFrame(index=raw.index)
    letters = {}
    for i, col in enumerate(raw.columns):
        ctype = spec.columns[col].type if col in spec.columns else "text"
        frame[col] = parse_column(raw[col].where(raw[col].notna(), None), ctype).values
        letters[col] = column_letter(i)
    frame[ROW] = raw.index + 2
    frame[ROLE] = roles.fillna(RowRole.DATA.value).to_numpy()
    return Document(f"contoh/{kind}.xlsx", name, kind, 1.0, EXAMPLE_OPD, frame, letters, [1], [])


def _check(
    rule: Rule, example: Example, rows: list[int], amount: float | None, status: Status
) -> str:
    if status is Status.ERROR:
        return "rule could not run"
    if example.expect == "pass":
        ok = status in (Status.PASSED, Status.NOT_APPLICABLE)
        return "" if ok else f"expected pass, found rows {rows}"
    if status is not Status.FAILED:
        return "expected a finding, none found"
    if example.rows is not None and sorted(set(rows)) != sorted(example.rows):
        return f"expected rows {sorted(example.rows)}, found {sorted(set(rows))}"
    if example.amount is not None and (amount is None or abs(amount - example.amount) > 0.005):
        return f"expected amount {example.amount}, found {amount}"
    return ""


EXAMPLE_YEAR = 2025  # the year of undated rule examples


def run_example(rule: Rule, example: Example, rule_set: RuleSet) -> ExampleResult:
    """Run one example through the real engine."""
    docs = [example_document(k, rows, example.name) for k, rows in example.data.items()]
    as_of = pd.Timestamp(example.as_of) if example.as_of else None
    params = {**rule_set.defaults(), **example.params}
    options, period = with_period(RunOptions(as_of=as_of), docs)
    if period.year is None:  # undated examples (a DPA, an LRA) are written for EXAMPLE_YEAR
        options, _ = with_period(RunOptions(year=EXAMPLE_YEAR, year_source="config"), docs)
    outcomes, findings, _ = evaluate_opd([rule], EXAMPLE_OPD, docs, params, options)
    first_kind = next(iter(example.data))
    rows = [
        loc.row - 2
        for f in findings
        for loc in f.locations
        if loc.row is not None and f.document == first_kind
    ]
    amounts = [f.amount_sen for f in findings if f.amount_sen is not None]
    amount = sum(amounts) / 100 if amounts else None
    problem = _check(rule, example, rows, amount, outcomes[0].status)
    if problem and outcomes[0].reason:
        problem = f"{problem}: {outcomes[0].reason}"
    return ExampleResult(rule.id, example.name, not problem, problem)


def run_examples(rule_set: RuleSet) -> list[ExampleResult]:
    """Every example of every rule in the set."""
    return [run_example(r, e, rule_set) for r in rule_set.rules for e in r.examples]
