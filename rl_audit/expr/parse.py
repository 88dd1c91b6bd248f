"""A small, safe expression language for rule conditions, parsed into vectorised pandas.

    pengeluaran > cash_limit and lower(cara_bayar) == "tunai"
    no_bukti is blank
    jenis_pengadaan in ["Barang", "Jasa Lainnya"]
    keterangan matches "(?i)laptop|printer"
    days(tanggal_setor, tanggal_terima) > 1

Names are columns of the frame or rule parameters; functions come from a fixed
table. No `eval`, no attribute access: anything else is a syntax error naming the
position. Money columns (integer sen in documents) are seen in rupiah.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
    r"|(?P<op>==|!=|<=|>=|[<>+\-*/(),\[\]])|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)
_WORDS = {"and", "or", "not", "is", "blank", "in", "matches", "true", "false"}
COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class ExprError(ValueError):
    """A malformed expression or an unknown name; the message says where."""


@dataclass(frozen=True)
class Node:
    """A parsed expression node: `op` with children `args` (or a literal `value`)."""

    op: str
    args: tuple[Node, ...] = ()
    value: Any = None


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) tokens; raises ExprError on an unknown character."""
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ExprError(
                f"karakter tidak dikenal / unexpected character at {pos}: {text[pos:]!r}"
            )
        group = match.lastgroup or ""
        kind, value, start = group, match.group(group), match.start(group)
        if kind == "name" and value.lower() in _WORDS:
            kind, value = "word", value.lower()
        out.append((kind, value, start))
        pos = match.end()
    return out


_BINARY = {"or": 1, "and": 2, "+": 4, "-": 4, "*": 5, "/": 5}  # precedence, left-assoc
_COMPARE = 3  # one comparison (`==`, `is blank`, `matches`, `in`) between `and` and `+`
MAX_DEPTH = 100  # nesting (brackets, calls, lists, `not`, `-`) and tree depth


def _unquote(token: str) -> str:
    r"""A string literal's text: only `\\` and an escaped quote are escapes; the rest stays.

    `"\bhonor\b"` keeps its backslashes (a regular expression's word boundaries) and
    non-ASCII text is kept as written.
    """
    quote = token[0]
    return re.sub(r"\\([\\" + quote + "])", r"\1", token[1:-1])


class _Parser:
    """Precedence-climbing parser over the tokens (few stack frames per nesting level)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    def peek(self, *values: str) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos][1] in values

    def take(self, *values: str) -> str:
        if not self.peek(*values):
            where = self.tokens[self.pos][2] if self.pos < len(self.tokens) else len(self.text)
            raise ExprError(
                f"diharapkan / expected {' or '.join(values)} at {where} in {self.text!r}"
            )
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    def parse(self) -> Node:
        node = self.expr(1)
        if self.pos != len(self.tokens):
            raise ExprError(
                f"sisa teks / unexpected {self.tokens[self.pos][1]!r} "
                f"at {self.tokens[self.pos][2]} in {self.text!r}"
            )
        return node

    def enter(self) -> None:
        """One nesting level deeper; past `MAX_DEPTH` an ExprError (never a RecursionError)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise too_deep(self.text)

    def expr(self, floor: int) -> Node:
        """Operators binding at least as tightly as `floor` (or 1 … * / 5), left to right.

        A comparison is not chained (`a == b == c` is an error) and takes no arithmetic
        after it; `not` starts an operand only at comparison level or looser.
        """
        node = self.not_() if floor <= _COMPARE else self.unary()
        compared = False
        while self.pos < len(self.tokens):
            prec = _BINARY.get(self.tokens[self.pos][1])
            if prec is not None and prec >= floor and not (compared and prec > _COMPARE):
                op = self.take(self.tokens[self.pos][1])
                node = Node(op, (node, self.expr(prec + 1)))
            elif floor <= _COMPARE and not compared and self.at_comparison():
                node, compared = self.comparison(node), True
            else:
                break
        return node

    def not_(self) -> Node:
        if not self.peek("not"):
            return self.unary()
        self.take("not")
        self.enter()
        node = Node("not", (self.expr(_COMPARE),))
        self.depth -= 1
        return node

    def at_comparison(self) -> bool:
        return self.peek(*COMPARISONS, "is", "matches", "in", "not")

    def comparison(self, left: Node) -> Node:
        if self.peek(*COMPARISONS):
            return Node(self.take(*COMPARISONS), (left, self.expr(_COMPARE + 1)))
        if self.peek("is"):
            self.take("is")
            negate = self.peek("not") and bool(self.take("not"))
            self.take("blank")
            node = Node("blank", (left,))
            return Node("not", (node,)) if negate else node
        if self.peek("matches"):
            self.take("matches")
            return Node("matches", (left, self.primary()))
        negate = self.peek("not") and bool(self.take("not"))
        self.take("in")
        node = Node("in", (left, self.primary()))
        return Node("not", (node,)) if negate else node

    def unary(self) -> Node:
        if not self.peek("-"):
            return self.primary()
        self.take("-")
        self.enter()
        node = Node("neg", (self.unary(),))
        self.depth -= 1
        return node

    def primary(self) -> Node:
        if self.pos >= len(self.tokens):
            raise ExprError(f"ekspresi tidak lengkap / incomplete expression: {self.text!r}")
        kind, value, _ = self.tokens[self.pos]
        if self.peek("(", "["):
            self.enter()
            node = self._list() if value == "[" else self._group()
            self.depth -= 1
            return node
        self.pos += 1
        if kind == "num":
            return Node("lit", value=float(value))
        if kind == "str":
            return Node("lit", value=_unquote(value))
        if kind == "word" and value in ("true", "false"):
            return Node("lit", value=value == "true")
        if kind == "name" and self.peek("("):
            self.enter()
            node = Node("call", self._items("(", ")"), value)
            self.depth -= 1
            return node
        if kind == "name":
            return Node("name", value=value)
        raise ExprError(f"tidak terduga / unexpected {value!r} in {self.text!r}")

    def _group(self) -> Node:
        self.take("(")
        node = self.expr(1)
        self.take(")")
        return node

    def _list(self) -> Node:
        return Node("list", self._items("[", "]"))

    def _items(self, open_: str, close: str) -> tuple[Node, ...]:
        """Comma-separated expressions between `open_` and `close` (a trailing comma is fine)."""
        self.take(open_)
        items: list[Node] = []
        while not self.peek(close):
            items.append(self.expr(1))
            if not self.peek(close):
                self.take(",")
        self.take(close)
        return tuple(items)


def too_deep(text: str) -> ExprError:
    """The error for an expression nested deeper than `MAX_DEPTH`."""
    return ExprError(
        f"ekspresi terlalu bertingkat / expression nested deeper than {MAX_DEPTH} levels: "
        f"{text[:60]!r}…"
    )


def depth(node: Node) -> int:
    """The depth of the tree under `node` (counted without recursion)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack += [(arg, level + 1) for arg in current.args]
    return deepest


def parse(text: str) -> Node:
    """Parse an expression; raises ExprError with the position of the problem.

    Nesting deeper than `MAX_DEPTH` (also a left-deep chain such as `a + a + … + a`) is an
    ExprError, so evaluating the tree never runs out of stack.
    """
    node = _Parser(str(text)).parse()
    if depth(node) > MAX_DEPTH:
        raise too_deep(str(text))
    return node


def names(node: Node) -> set[str]:
    """Every name an expression refers to (columns or parameters)."""
    found = {node.value} if node.op == "name" else set()
    for arg in node.args:
        found |= names(arg)
    return found
