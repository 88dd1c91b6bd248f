"""Evaluate rule expressions against a check's frame (money columns seen in rupiah)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from rl_audit.catalog.kinds import load_kinds
from rl_audit.checks.base import CheckError, CheckInput
from rl_audit.checks.spending import spending_function
from rl_audit.expr.evaluate import Scope, UnknownName, evaluate, mask
from rl_audit.expr.parse import ExprError


def money_columns(kind: str) -> frozenset[str]:
    """Canonical money columns of a document kind."""
    spec = load_kinds().get(kind)
    return (
        frozenset(c.name for c in spec.columns.values() if c.type == "money")
        if spec
        else frozenset()
    )


def scope(ci: CheckInput, kind: str, frame: pd.DataFrame | None = None) -> Scope:
    """The expression scope for `kind`'s frame (or a derived frame) in this check."""
    data = ci.frames[kind] if frame is None else frame
    functions = {**calendar_functions(ci), "spending": spending_function(ci.docs.get(kind), data)}
    return Scope(data, ci.params, money_columns(kind), functions)


def calendar_functions(ci: CheckInput) -> dict[str, Any]:
    """Functions that need the working-day calendar (when one is configured)."""
    cal = ci.calendar
    if cal is None:
        return {}
    return {
        "workdays": lambda a, b: cal.workdays_between(b, a),
        "is_holiday": lambda d: ~cal.is_workday(d),
    }


def condition(ci: CheckInput, kind: str, text: str, frame: pd.DataFrame | None = None) -> pd.Series:
    """A boolean mask; expression problems become CheckError (rule `error`)."""
    try:
        return mask(text, scope(ci, kind, frame))
    except UnknownName as err:
        raise _unknown(kind, text, err) from err
    except (ExprError, KeyError, TypeError, ValueError) as err:
        raise CheckError(f"ekspresi / expression {text!r}: {err}") from err


def value(ci: CheckInput, kind: str, text: str, frame: pd.DataFrame | None = None) -> Any:
    """The value of an expression (e.g. an amount in rupiah)."""
    try:
        return evaluate(text, scope(ci, kind, frame))
    except UnknownName as err:
        raise _unknown(kind, text, err) from err
    except (ExprError, KeyError, TypeError, ValueError) as err:
        raise CheckError(f"ekspresi / expression {text!r}: {err}") from err


def _unknown(kind: str, text: str, err: UnknownName) -> CheckError:
    """A canonical column of `kind` the document lacks is a missing column, worded as such.

    Any other unknown name is a mistake in the rule and keeps the expression's text.
    """
    spec = load_kinds().get(kind)
    if spec is not None and err.name in spec.columns:
        return CheckError(f"kolom tidak ada / missing column: {err.name} ({kind})")
    return CheckError(f"ekspresi / expression {text!r}: {err}")


def to_sen(rupiah: Any, index: pd.Index) -> pd.Series:
    """Rupiah values (float) → Int64 sen, rounded half away from zero.

    A date, a duration or a text that is not a number is no amount: CheckError (the rule
    is `error`), never a nonsense sum such as a date's nanoseconds.
    """
    series = rupiah if isinstance(rupiah, pd.Series) else pd.Series(rupiah, index=index)
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series):
        raise CheckError(f"jumlah bukan uang / amount is not money ({series.dtype})")
    numeric = pd.to_numeric(series, errors="coerce").astype("Float64")
    lost = series[numeric.isna() & series.notna()].astype("string").str.strip()
    if lost.ne("").any():
        shown = repr(lost[lost.ne("")].iloc[0][:60])
        raise CheckError(f"jumlah bukan angka / amount is not a number: {shown}")
    sen = (numeric * 100).round()
    return sen.astype("Int64")
