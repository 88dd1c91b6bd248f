"""The explicit registry of check types: name used in rule files → `CheckType`."""

from __future__ import annotations

from importlib import import_module

from rl_audit.checks.base import CheckType

_MODULES = (
    "row_condition",
    "required",
    "pattern",
    "duplicate",
    "interval_overlap",
    "window_aggregate",
    "sequence_gap",
    "benford",
    "date_lag",
    "running_balance",
    "year_end_balance",
    "match",
    "reconcile",
    "aggregate_target",
    "lookup",
)


def _load() -> dict[str, CheckType]:
    found: dict[str, CheckType] = {}
    for name in _MODULES:
        try:
            module = import_module(f"rl_audit.checks.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"rl_audit.checks.{name}":
                raise
            continue  # not written yet
        check: CheckType = module.CHECK
        found[check.name] = check
    return found


REGISTRY: dict[str, CheckType] = _load()
