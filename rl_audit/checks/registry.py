"""The explicit registry of check types: name used in rule files → `CheckType`."""

from __future__ import annotations

from rl_audit.checks import (
    aggregate_target,
    benford,
    cumulative_limit,
    date_lag,
    distinct_limit,
    duplicate,
    follow_up,
    guarded,
    interval_overlap,
    listed,
    lookup,
    match,
    pattern,
    reconcile,
    repeated,
    required,
    row_condition,
    running_balance,
    sequence_gap,
    window_aggregate,
    year_end_balance,
)
from rl_audit.checks.base import CheckType

_CHECKS = (
    row_condition,
    required,
    pattern,
    duplicate,
    interval_overlap,
    window_aggregate,
    sequence_gap,
    benford,
    date_lag,
    running_balance,
    year_end_balance,
    match,
    reconcile,
    aggregate_target,
    lookup,
    distinct_limit,
    cumulative_limit,
    follow_up,
    listed,
    guarded,
    repeated,
)

REGISTRY: dict[str, CheckType] = {m.CHECK.name: m.CHECK for m in _CHECKS}
