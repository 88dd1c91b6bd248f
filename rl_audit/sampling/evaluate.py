"""Projecting the misstatement of a tested sample.

MUS (Stringer bound, AICPA Audit Guide *Audit Sampling*): for each item below the
interval J with a misstatement, tainting t = misstatement ÷ amount and projected
misstatement t × J; basic precision = factor(0) × J; the taintings in descending order
get the incremental factors factor(i) − factor(i−1), so the upper misstatement limit is

    UML = factor(0)·J + Σ tᵢ·J·(factor(i) − factor(i−1)) + known misstatement,

the known misstatement being the certainty items' (at or above J: not projected).
A `random` sample projects by ratio (sample misstatement ÷ sample amount × population
value), a `stratified` one so per stratum (× the stratum's value), summed; a `top` sample
is not projected: its known misstatement is what it found.
"""

from __future__ import annotations

from dataclasses import dataclass

from rl_audit.sampling.factors import factor
from rl_audit.sampling.readback import Paper


@dataclass(frozen=True)
class StratumResult:
    """One stratum's projection (sen): ratio of misstatement to sampled amount × its value."""

    number: int
    errors: int
    known: int
    sampled: int
    value: int
    projected: int


@dataclass(frozen=True)
class Evaluation:
    """The projected misstatement of a paper (sen), and its verdict against the tolerable."""

    method: str
    errors: int  # items with a misstatement (certainty items excluded for MUS)
    known: int  # misstatement found in certainty items (MUS) or in the whole sample
    projected: int  # the projection (MUS: Σ t·J; random: ratio; top: known)
    basic_precision: int = 0
    allowance: int = 0  # MUS: the incremental allowances
    upper_limit: int = 0  # MUS: the upper misstatement limit; else the projection
    tolerable: int | None = None
    strata: tuple[StratumResult, ...] = ()

    @property
    def acceptable(self) -> bool | None:
        """Upper limit within the tolerable misstatement (None when no tolerable is known)."""
        return None if self.tolerable is None else self.upper_limit <= self.tolerable


def stringer(
    taintings: list[float], interval: int, confidence: int, known: int = 0
) -> tuple[int, int, int, int]:
    """(basic precision, projected, incremental allowance, upper limit) in sen, rounded once."""
    ordered = sorted(taintings, reverse=True)
    basic = factor(confidence, 0) * interval
    projected = sum(t * interval for t in ordered)
    steps = [factor(confidence, i) - factor(confidence, i - 1) for i in range(1, len(ordered) + 1)]
    weighted = sum(t * interval * step for t, step in zip(ordered, steps, strict=True))
    limit = basic + weighted + known
    return round(basic), round(projected), round(weighted - projected), round(limit)


def evaluate(
    paper: Paper, tolerable: int | None = None, confidence: int | None = None
) -> Evaluation:
    """The evaluation of a read-back paper (tolerable/confidence default to the paper's)."""
    params = paper.params
    limit = tolerable if tolerable is not None else params.get("tolerable")
    if params["method"] == "mus":
        return _mus(paper, confidence or params.get("confidence") or 95, limit)
    if params["method"] == "stratified":
        return _stratified(paper, limit)
    found = sum(row.misstatement for row in paper.rows)
    errors = sum(1 for row in paper.rows if row.misstatement)
    projected = found
    sampled = sum(row.amount for row in paper.rows)
    if params["method"] == "random" and sampled:
        projected = round(found * params["population_value"] / sampled)
    return Evaluation(
        params["method"], errors, found, projected, upper_limit=projected, tolerable=limit
    )


def _mus(paper: Paper, confidence: int, tolerable: int | None) -> Evaluation:
    """The Stringer bound of a MUS paper."""
    interval = int(paper.params["interval"])
    known = sum(row.misstatement for row in paper.rows if row.certainty)
    taints = [r.misstatement / r.amount for r in paper.rows if not r.certainty and r.misstatement]
    basic, projected, allowance, limit = stringer(taints, interval, confidence, known)
    return Evaluation("mus", len(taints), known, projected, basic, allowance, limit, tolerable)


def stratum_values(params: dict[str, object]) -> dict[int, int]:
    """Each stratum's value in sen, from the `stratum_N` parameters (low..high:N:value)."""
    found = {}
    for key, value in params.items():
        if key.startswith("stratum_"):
            found[int(key.removeprefix("stratum_"))] = int(str(value).rsplit(":", 1)[1])
    return found


def _stratified(paper: Paper, tolerable: int | None) -> Evaluation:
    """Ratio projection per stratum, summed."""
    results = []
    for number, value in sorted(stratum_values(paper.params).items()):
        rows = [r for r in paper.rows if r.stratum == number]
        known = sum(r.misstatement for r in rows)
        sampled = sum(r.amount for r in rows)
        projected = round(known * value / sampled) if sampled else 0
        errors = sum(1 for r in rows if r.misstatement)
        results.append(StratumResult(number, errors, known, sampled, value, projected))
    total = sum(r.projected for r in results)
    known = sum(r.known for r in results)
    errors = sum(r.errors for r in results)
    return Evaluation("stratified", errors, known, total, 0, 0, total, tolerable, tuple(results))
