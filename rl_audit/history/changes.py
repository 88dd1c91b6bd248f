"""A run compared with the recorded runs: changes per OPD and each OPD's score trend.

Built by rl_audit.history (compare, store) and carried in `AuditReport.changes` / `.trend`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rl_audit.documents import OpdRef


@dataclass(frozen=True)
class OpdChange:
    """One OPD compared with the previous recorded run (deltas None when it was absent)."""

    opd: OpdRef
    new: int
    resolved: int
    persisting: int
    score_delta: float | None
    amount_delta_sen: int | None
    waived: int = 0  # open in the previous run, waived now (not resolved)


@dataclass(frozen=True)
class Changes:
    """A run compared with the previous recorded run, by finding fingerprint."""

    previous_run: str | None  # started_at of the run compared with (None: first run)
    new: int
    resolved: int
    persisting: int
    per_opd: tuple[OpdChange, ...] = ()
    new_fingerprints: frozenset[str] = frozenset()
    waived: int = 0  # open in the previous run and waived now: accepted, not resolved


@dataclass(frozen=True)
class TrendPoint:
    """An OPD's score and money at risk in one recorded run."""

    started_at: str
    score: float
    amount_sen: int
