"""Evaluate a parsed expression (`rl_audit.expr.parse`) over a DataFrame, vectorised.

Columns become Series, parameters scalars (or lists); money columns (integer sen)
are divided by 100 so rules speak rupiah. Missing values compare as False.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from rl_audit.expr.names import next_year_on, party
from rl_audit.expr.parse import COMPARISONS, ExprError, Node, parse
from rl_audit.expr.plates import plate
from rl_audit.ingest.values import fold_text

_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def _text(value: Any) -> Any:
    return value.astype("string") if isinstance(value, pd.Series) else value


def _is_date(value: Any) -> bool:
    return isinstance(value, pd.Series) and pd.api.types.is_datetime64_any_dtype(value)


def _days(a: Any, b: Any) -> Any:
    """Calendar days from b to a (a − b)."""
    return (pd.to_datetime(a) - pd.to_datetime(b)) / pd.Timedelta(days=1)


def _contains(s: Any, sub: Any) -> Any:
    return _text(s).str.contains(str(sub), case=False, regex=False)


def _if(cond: Any, then: Any, other: Any) -> Any:
    """`if(cond, a, b)`: per row, a where cond holds, else b (scalars broadcast)."""
    index = next((v.index for v in (cond, then, other) if isinstance(v, pd.Series)), None)
    if index is None:
        return then if cond else other

    def series(v: Any) -> pd.Series:
        return v if isinstance(v, pd.Series) else pd.Series([v] * len(index), index=index)

    mask = series(cond).fillna(False).astype(bool)
    return series(then).where(mask, series(other))


# eselon / golongan text → level I..IV: "Kepala Bidang / III.a", "Eselon 3", "IV/a",
# "Penata Tk.I (III/d)", "Pembina" (pangkat names give the golongan)
_ESELON = (
    r"(?i)\b(?:eselon|es)\s*\.?\s*(IV|III|II|I|[1-4])\b",
    r"\b(IV|III|II|I)\s*[./-]?\s*[abAB]\b",
    r"^\s*(IV|III|II|I)\s*$",
)
_GOLONGAN = (
    r"\b(IV|III|II|I)\s*[./-]?\s*[a-eA-E]\b",
    r"(?i)\b(iv|iii|ii|i)\s*[./-]\s*[a-e]\b",
    r"(?i)\bgol(?:ongan)?\s*\.?\s*(IV|III|II|I|[1-4])\b",
    r"\b([1-4])\s*[./]\s*[a-eA-E]\b",
    r"^\s*(IV|III|II|I)\s*$",
    r"(?i)\b(pembina|penata|pengatur|juru)\b",
)
_LEVEL = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_LEVEL.update(PEMBINA="IV", PENATA="III", PENGATUR="II", JURU="I")


def _level(text: pd.Series, patterns: tuple[str, ...]) -> pd.Series:
    out = pd.Series(pd.NA, index=text.index, dtype="string")
    for pattern in patterns:
        found = text.str.extract(pattern, expand=False).astype("string").str.upper()
        out = out.fillna(found.replace(_LEVEL))
    return out


def _grade(eselon: Any, golongan: Any) -> Any:
    """`grade(eselon, golongan)`: "eselon I".."eselon IV", else "gol I".."gol IV", else blank.

    The eselon text decides where it names an eselon; otherwise the golongan (or pangkat).
    """
    given = [v for v in (eselon, golongan) if isinstance(v, pd.Series)]
    index = given[0].index if given else pd.RangeIndex(1)

    def text(v: Any) -> pd.Series:
        return _text(v) if isinstance(v, pd.Series) else pd.Series(v, index=index, dtype="string")

    found = ("eselon " + _level(text(eselon), _ESELON)).fillna(
        "gol " + _level(text(golongan), _GOLONGAN)
    )
    return found if given else found.iloc[0]


def _has_word(s: Any, words: Any) -> Any:
    """`has_word(text, ["mobil", "pick up"])`: the text holds one of the words or phrases.

    Whole words only, compared after folding case, spacing and punctuation.
    """
    items = pd.Series([words] if isinstance(words, str) else list(words), dtype="object")
    folded = fold_text(items.astype("string")).dropna()
    series = s if isinstance(s, pd.Series) else pd.Series([s], dtype="object")
    if folded.empty:
        return pd.Series(False, index=series.index) if isinstance(s, pd.Series) else False
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in folded) + r")\b"
    found = fold_text(series.astype("string")).str.contains(pattern, regex=True)
    found = found.fillna(False).astype(bool)
    return found if isinstance(s, pd.Series) else bool(found.iloc[0])


# a count of items in a description: "20 unit", "x 20 bh", "sebanyak 20 buah", "qty: 5";
# not a dimension ("120 x 60 cm", "x 2 m") nor a capacity ("1 PK")
_NUM = r"\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?![\d.,]?\d)"
_UNIT = r"unit|units|buah|bh|pcs|pc|set|stel|pasang|psg|biji|bj|eks|ea"
_DIM = r"(?!\s*(?:x\s*\d|%|(?:cm|mm|m|meter|inch|inci|kg|gb|tb|pk|watt|w|va|liter|l)\b))"
_QTY = (
    rf"(?<![a-z0-9])(?:sebanyak|banyaknya|jumlah|volume|vol|qty|x|×)\s*[:.]?\s*(?P<a>{_NUM}){_DIM}"
    rf"|(?<![\d.,])(?P<b>{_NUM})\s*(?:{_UNIT})\b"
)


def _quantity(text: Any) -> Any:
    """`quantity(keterangan)`: the count of items the text names (first one), else blank.

    `20 unit`, `x 20 bh`, `sebanyak 20 buah`, `1.000 buah`; 0 counts as blank.
    """
    series = text if isinstance(text, pd.Series) else pd.Series([text], dtype="object")
    found = _text(series).str.lower().str.extract(_QTY)
    digits = found["a"].fillna(found["b"]).str.replace(".", "", regex=False)
    count = pd.to_numeric(digits, errors="coerce").astype("Float64")
    count = count.where(count > 0)
    return count if isinstance(text, pd.Series) else count.iloc[0]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "if": _if,
    "lower": lambda s: _text(s).str.lower(),
    "upper": lambda s: _text(s).str.upper(),
    "fold": lambda s: fold_text(s),
    "len": lambda s: _text(s).str.len(),
    "digits": lambda s: _text(s).str.replace(r"[^0-9]", "", regex=True),
    "startswith": lambda s, p: _text(s).str.startswith(str(p)),
    "contains": _contains,
    "abs": lambda x: abs(x),
    "round": lambda x, n=0: np.round(x, int(n)),
    "coalesce": lambda x, d: x.fillna(d) if isinstance(x, pd.Series) else (d if x is None else x),
    "min": lambda a, b: np.minimum(a, b),
    "max": lambda a, b: np.maximum(a, b),
    "days": _days,
    "year": lambda d: pd.to_datetime(d).dt.year,
    "month": lambda d: pd.to_datetime(d).dt.month,
    "day": lambda d: pd.to_datetime(d).dt.day,
    "weekday": lambda d: pd.to_datetime(d).dt.weekday,
    "date": lambda s: pd.Timestamp(str(s)),
    "grade": _grade,
    "has_word": _has_word,
    "quantity": _quantity,
    "plate": plate,
    "party": party,
    "next_year_on": next_year_on,
}


class UnknownName(ExprError):
    """A name that is neither a column of the frame nor a parameter (`name` says which)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"nama tidak dikenal / unknown name: {name}")
        self.name = name


@dataclass
class Scope:
    """What names mean while evaluating: the frame, parameters, money columns."""

    frame: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    money: frozenset[str] = frozenset()
    functions: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def lookup(self, name: str) -> Any:
        """A column (money in rupiah) or a parameter; ExprError when neither."""
        if name in self.frame.columns:
            col = self.frame[name]
            return col.astype("Float64") / 100 if name in self.money else col
        if name in self.params:
            return self.params[name]
        raise UnknownName(name)


def blank_mask(value: Any) -> Any:
    """True where `value` is missing or only spaces (a Series gives a mask)."""
    if isinstance(value, pd.Series):
        empty = value.astype("string").str.strip() == ""
        return value.isna() | empty.fillna(False)
    return value is None or (isinstance(value, str) and not value.strip())


def _compare(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, pd.Series) and isinstance(right, str) and _is_date(left):
        right = pd.Timestamp(right)
    result = COMPARISONS[op](left, right)
    return result.fillna(False) if isinstance(result, pd.Series) else result


def _arith(op: str, left: Any, right: Any) -> Any:
    if op == "-" and _is_date(left) and _is_date(right):
        return _days(left, right)
    if op in "+-" and _is_date(left) and not _is_date(right):
        return _ARITH[op](left, pd.to_timedelta(right, unit="D"))
    return _ARITH[op](left, right)


def _logic(op: str, values: list[Any]) -> Any:
    a, b = (v.fillna(False) if isinstance(v, pd.Series) else v for v in values)
    return (a & b) if op == "and" else (a | b)


def _eval(node: Node, scope: Scope) -> Any:
    if node.op == "lit":
        return node.value
    if node.op == "name":
        return scope.lookup(node.value)
    if node.op == "list":
        return [_eval(a, scope) for a in node.args]
    values = [_eval(a, scope) for a in node.args]
    return _apply(node, values, scope)


def _apply(node: Node, values: list[Any], scope: Scope) -> Any:
    op = node.op
    if op in ("and", "or"):
        return _logic(op, values)
    if op == "not":
        v = values[0]
        return ~v.fillna(False).astype(bool) if isinstance(v, pd.Series) else not v
    if op in COMPARISONS:
        return _compare(op, *values)
    if op in _ARITH:
        return _arith(op, *values)
    if op == "neg":
        return -values[0]
    if op == "blank":
        return blank_mask(values[0])
    if op == "in":
        return (
            values[0].isin(values[1])
            if isinstance(values[0], pd.Series)
            else values[0] in values[1]
        )
    if op == "matches":
        return _text(values[0]).str.contains(str(values[1]), regex=True).fillna(False)
    return _call(node.value, values, scope)


def _call(name: str, values: list[Any], scope: Scope) -> Any:
    func = scope.functions.get(name) or FUNCTIONS.get(name)
    if func is None:
        raise ExprError(f"fungsi tidak dikenal / unknown function: {name}")
    try:
        return func(*values)
    except TypeError as err:
        raise ExprError(f"{name}(): {err}") from err


def evaluate(text: str | Node, scope: Scope) -> Any:
    """Evaluate an expression (text or parsed) in `scope`."""
    node = parse(text) if isinstance(text, str) else text
    return _eval(node, scope)


def mask(text: str | Node, scope: Scope) -> pd.Series:
    """Evaluate a condition to a boolean Series aligned with the frame."""
    value = evaluate(text, scope)
    if not isinstance(value, pd.Series):
        value = pd.Series(bool(value), index=scope.frame.index)
    return value.fillna(False).astype(bool)
