"""Static checks of rule expressions and message placeholders against column types.

Run by `rules validate` (and every rule load) so a rule that cannot work fails there,
not in the middle of a check: unknown functions and wrong argument counts, a date
function over a text or money column, arithmetic on text, an ordering comparison of
money with text, an invalid regular expression, an amount that is not a number
(`amount: tanggal`), a `{uraian:rp}` placeholder on a text column.

Types are the kinds' column types (`text`, `code`, `money`, `date`, `number`, `int`)
plus `str` (a string literal or text parameter), `bool` and `list`; `None` is unknown
and is never an error (a check's own columns, `if(…)`, a name of several types).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from typing import Any

from rl_audit.expr.evaluate import FUNCTIONS
from rl_audit.expr.parse import COMPARISONS, Node

Types = Mapping[str, str | None]

NUMERIC = frozenset({"money", "number", "int"})
TEXTUAL = frozenset({"text", "code", "str"})
NOT_A_NUMBER = TEXTUAL | {"date", "bool", "list"}
NOT_A_DATE = NUMERIC | {"text", "code", "bool", "list"}  # a `str` may be a date text

# functions a check adds to the scope (`rl_audit.checks.exprscope`): (min, max) arguments
SCOPE_FUNCTIONS = {"workdays": (2, 2), "is_holiday": (1, 1), "spending": (1, 1)}
DATE_FUNCTIONS = frozenset(
    {"days", "year", "month", "day", "weekday", "workdays", "is_holiday", "next_year_on"}
)
NUMBER_FUNCTIONS = frozenset({"abs", "round"})
_RESULT: dict[str, str | None] = {
    **dict.fromkeys(("lower", "upper", "fold", "digits", "grade", "plate", "party"), "text"),
    **dict.fromkeys(("len", "quantity", "days", "workdays", "round"), "number"),
    **dict.fromkeys(("year", "month", "day", "weekday"), "int"),
    **dict.fromkeys(("startswith", "contains", "has_word", "is_holiday", "spending"), "bool"),
    "date": "date",
    "next_year_on": "date",
}
_ORDER = frozenset({"<", "<=", ">", ">="})
_LOGIC = frozenset({"and", "or", "not", "blank", "in", "matches"})
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*):(rp|date|int|pct|num)\}")


def arity(name: str) -> tuple[int, int] | None:
    """(fewest, most) arguments of expression function `name`; None when unknown."""
    if name in SCOPE_FUNCTIONS:
        return SCOPE_FUNCTIONS[name]
    func = FUNCTIONS.get(name)
    if func is None:
        return None
    params = inspect.signature(func).parameters.values()
    return sum(p.default is p.empty for p in params), len(params)


def known_functions() -> list[str]:
    """Every function an expression may call."""
    return sorted({*FUNCTIONS, *SCOPE_FUNCTIONS})


def value_type(value: Any) -> str | None:
    """The type of a parameter's value (its default)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "str"
    return "list" if isinstance(value, list | tuple) else None


def _describe(node: Node) -> str:
    if node.op == "name":
        return str(node.value)
    if node.op == "lit":
        return repr(node.value)
    return f"{node.value}(…)" if node.op == "call" else f"'{node.op}'"


class _Checker:
    """Infers each node's type, collecting every problem found on the way."""

    def __init__(self, types: Types) -> None:
        self.types = types
        self.errors: list[str] = []

    def bad(self, node: Node, kind: str | None, refused: frozenset[str], what: str) -> None:
        if kind in refused:
            self.errors.append(f"{_describe(node)} ({kind}) {what}")

    def infer(self, node: Node) -> str | None:
        """The type of `node` (None when unknown)."""
        if node.op == "lit":
            return {bool: "bool", str: "str"}.get(type(node.value), "number")
        if node.op == "name":
            return self.types.get(str(node.value))
        kinds = [self.infer(a) for a in node.args]
        if node.op == "list":
            return "list"
        if node.op == "call":
            return self.call(node, kinds)
        return self.operator(node, kinds)

    def call(self, node: Node, kinds: list[str | None]) -> str | None:
        name = str(node.value)
        span = arity(name)
        if span is None:
            known = ", ".join(known_functions())
            self.errors.append(f"unknown function {name!r} (known: {known})")
            return None
        if not span[0] <= len(kinds) <= span[1]:
            want = str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"
            self.errors.append(f"{name}() takes {want} arguments, got {len(kinds)}")
        refused, what = (
            (NOT_A_DATE, f"is not a date for {name}()")
            if name in DATE_FUNCTIONS
            else (NOT_A_NUMBER, f"is not a number for {name}()")
        )
        if name in DATE_FUNCTIONS or name in NUMBER_FUNCTIONS:
            for arg, kind in zip(node.args, kinds, strict=False):
                self.bad(arg, kind, refused, what)
        if name in ("abs", "min", "max"):
            return kinds[0] if kinds else None
        return _RESULT.get(name)

    def operator(self, node: Node, kinds: list[str | None]) -> str | None:
        op, present = node.op, set(kinds)
        if op == "+" and present & TEXTUAL:  # joining texts; a number or date cannot join
            for arg, kind in zip(node.args, kinds, strict=False):
                if present & (NUMERIC | {"date"}):
                    self.bad(arg, kind, TEXTUAL, "cannot be added to a number or date")
            return "text"
        if op in ("+", "-", "*", "/", "neg"):
            for arg, kind in zip(node.args, kinds, strict=False):
                self.bad(arg, kind, TEXTUAL | {"list"}, f"cannot take part in '{op}'")
            return _arith_type(op, kinds)
        if op in _ORDER:
            self.ordering(node, kinds)
        if op == "in":
            self.bad(node.args[1], kinds[1], NOT_A_NUMBER - {"list"}, "is not a list for 'in'")
        if op == "matches":
            self.pattern(node.args[1])
        return "bool" if op in COMPARISONS or op in _LOGIC else None

    def ordering(self, node: Node, kinds: list[str | None]) -> None:
        """`<`/`>` of a number with text (or a date) cannot be evaluated."""
        numeric = [k in NUMERIC | {"bool"} for k in kinds]
        if any(numeric) and not all(numeric) and None not in kinds:
            left, right = node.args
            self.errors.append(
                f"{_describe(left)} ({kinds[0]}) cannot be compared with "
                f"{_describe(right)} ({kinds[1]})"
            )

    def pattern(self, node: Node) -> None:
        if node.op == "lit" and isinstance(node.value, str):
            try:
                re.compile(node.value)
            except re.error as err:
                self.errors.append(f"invalid regular expression {node.value!r}: {err}")


def _arith_type(op: str, kinds: list[str | None]) -> str | None:
    """The type of an arithmetic result: date − date is days, date ± days a date."""
    if op in ("+", "-") and kinds[0] == "date":
        return "number" if kinds[1] == "date" else "date"
    return "number" if all(k in NUMERIC for k in kinds) else None


def expression_errors(node: Node, types: Types, number: bool = False) -> list[str]:
    """Problems of a parsed expression; with `number`, its value must be a number (amount)."""
    checker = _Checker(types)
    kind = checker.infer(node)
    if number and kind in NOT_A_NUMBER:
        checker.errors.append(f"{_describe(node)} ({kind}) is not a number (an amount)")
    return checker.errors


def placeholder_errors(template: str, types: Types) -> list[str]:
    """`{name:rp}` (or pct/num/int) on a name that is not a number, `{name:date}` on a non-date."""
    out = []
    for name, fmt in _PLACEHOLDER.findall(template):
        kind = types.get(name)
        refused = NOT_A_DATE if fmt == "date" else NOT_A_NUMBER
        if kind in refused:
            out.append(f"placeholder {{{name}:{fmt}}}: {name} is {kind}, not a {_WANT[fmt]}")
    return out


_WANT = {"rp": "number", "pct": "number", "num": "number", "int": "number", "date": "date"}
