"""Columns filled from another document of the same OPD by a folded key, and a scope for them.

`cumulative_limit`'s `fill: {kind: kontrak, key: nomor_kontrak, columns: [nilai_kontrak],
required: false}`: where a row's column is blank (or the document lacks it), the value
comes from the `kind` row whose `key` has the same folded text (`fold_text`: case,
spacing and punctuation ignored, so `027/SPK/PUPRKP/2025` = `027 / SPK / PUPRKP /
2025`); among several such rows, the first non-blank value in document order. Both
documents are the same OPD's (a check sees one OPD). `required: true`: only rows whose
key is found take part, and without a `kind` document (or one lacking `key` or the
columns) the rule is not applicable, saying why; otherwise such a document fills nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, NoData
from rl_audit.checks.exprscope import calendar_functions, money_columns
from rl_audit.checks.sides import data_rows, with_blank
from rl_audit.expr.evaluate import Scope, UnknownName, evaluate
from rl_audit.expr.parse import ExprError
from rl_audit.ingest.values import fold_text


@dataclass(frozen=True)
class Filled:
    """The frame after the fill: which rows found their key, which columns were filled."""

    frame: pd.DataFrame
    matched: np.ndarray  # the row's key is in the other document
    columns: tuple[str, ...]  # the filled columns (empty without `fill`)
    money: frozenset[str]  # money columns of the frame (its kind's and the filled ones)


def fill(ci: CheckInput, frame: pd.DataFrame, key: str) -> Filled:
    """`frame` with the `fill` option applied (unchanged without it)."""
    spec = ci.options.get("fill")
    money = money_columns(ci.kind)
    if not spec:
        return Filled(frame, np.ones(len(frame), dtype=bool), (), money)
    kind, columns = str(spec["kind"]), tuple(spec["columns"])
    money = money | (money_columns(kind) & set(columns))
    other_key = str(spec.get("key", key))
    other = data_rows(ci.frames[kind]) if kind in ci.frames else pd.DataFrame()
    lacking = [c for c in (other_key, *columns) if c not in other.columns]
    if other.empty or lacking:
        if spec.get("required"):
            raise NoData(_unusable(kind, lacking if len(other) else []))
        none = np.zeros(len(frame), dtype=bool)
        return Filled(with_blank(frame, kind, columns), none, columns, money)
    own = fold_text(frame[key])
    folded = fold_text(other[other_key])
    table = other.loc[folded.notna(), list(columns)].groupby(folded.dropna().to_numpy()).first()
    out = with_blank(frame, kind, columns)
    for col in columns:
        found = own.map(table[col]).astype(other[col].dtype)
        out[col] = out[col].where(out[col].notna(), found)
    return Filled(out, own.isin(table.index).to_numpy(dtype=bool), columns, money)


def _unusable(kind: str, lacking: list[str]) -> str:
    """Why a required fill cannot be made: no document, or one without the columns."""
    if not lacking:
        return f"tidak ada dokumen {kind} / no {kind} document"
    cols = ", ".join(lacking)
    return f"dokumen {kind} tanpa kolom {cols} / {kind} document without column {cols}"


def evaluated(ci: CheckInput, filled: Filled, text: str) -> Any:
    """An expression over the filled frame (money in rupiah, filled money too)."""
    scope = Scope(filled.frame, ci.params, filled.money, calendar_functions(ci))
    try:
        return evaluate(text, scope)
    except UnknownName as err:
        raise CheckError(f"kolom tidak ada / missing column: {err.name} ({ci.kind})") from err
    except (ExprError, KeyError, TypeError, ValueError) as err:
        raise CheckError(f"ekspresi / expression {text!r}: {err}") from err


def holds(ci: CheckInput, filled: Filled, text: str | None) -> np.ndarray:
    """A condition as a bool array over the filled frame (all True without one)."""
    if not text:
        return np.ones(len(filled.frame), dtype=bool)
    found = evaluated(ci, filled, text)
    if not isinstance(found, pd.Series):
        found = pd.Series(bool(found), index=filled.frame.index)
    return found.fillna(False).astype(bool).to_numpy()
