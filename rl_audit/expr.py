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
_CMP: dict[str, Callable[[Any, Any], Any]] = {
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


class _Parser:
    """Recursive-descent parser over the tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0

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
        node = self.or_()
        if self.pos != len(self.tokens):
            raise ExprError(
                f"sisa teks / unexpected {self.tokens[self.pos][1]!r} "
                f"at {self.tokens[self.pos][2]} in {self.text!r}"
            )
        return node

    def _chain(self, word: str, sub: Callable[[], Node]) -> Node:
        node = sub()
        while self.peek(word):
            self.take(word)
            node = Node(word, (node, sub()))
        return node

    def or_(self) -> Node:
        return self._chain("or", self.and_)

    def and_(self) -> Node:
        return self._chain("and", self.not_)

    def not_(self) -> Node:
        if self.peek("not"):
            self.take("not")
            return Node("not", (self.not_(),))
        return self.cmp()

    def cmp(self) -> Node:
        left = self.add()
        if self.peek(*_CMP):
            return Node(self.take(*_CMP), (left, self.add()))
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
        if negate or self.peek("in"):
            self.take("in")
            node = Node("in", (left, self.primary()))
            return Node("not", (node,)) if negate else node
        return left

    def add(self) -> Node:
        node = self.mul()
        while self.peek("+", "-"):
            op = self.take("+", "-")
            node = Node(op, (node, self.mul()))
        return node

    def mul(self) -> Node:
        node = self.unary()
        while self.peek("*", "/"):
            op = self.take("*", "/")
            node = Node(op, (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.peek("-"):
            self.take("-")
            return Node("neg", (self.unary(),))
        return self.primary()

    def primary(self) -> Node:
        if self.pos >= len(self.tokens):
            raise ExprError(f"ekspresi tidak lengkap / incomplete expression: {self.text!r}")
        kind, value, _ = self.tokens[self.pos]
        if self.peek("("):
            self.take("(")
            node = self.or_()
            self.take(")")
            return node
        if self.peek("["):
            return self._list()
        self.pos += 1
        if kind == "num":
            return Node("lit", value=float(value))
        if kind == "str":
            return Node("lit", value=bytes(value[1:-1], "utf-8").decode("unicode_escape"))
        if kind == "word" and value in ("true", "false"):
            return Node("lit", value=value == "true")
        if kind == "name" and self.peek("("):
            return Node("call", self._args(), value)
        if kind == "name":
            return Node("name", value=value)
        raise ExprError(f"tidak terduga / unexpected {value!r} in {self.text!r}")

    def _list(self) -> Node:
        self.take("[")
        items: list[Node] = []
        while not self.peek("]"):
            items.append(self.or_())
            if not self.peek("]"):
                self.take(",")
        self.take("]")
        return Node("list", tuple(items))

    def _args(self) -> tuple[Node, ...]:
        self.take("(")
        args: list[Node] = []
        while not self.peek(")"):
            args.append(self.or_())
            if not self.peek(")"):
                self.take(",")
        self.take(")")
        return tuple(args)


def parse(text: str) -> Node:
    """Parse an expression; raises ExprError with the position of the problem."""
    return _Parser(str(text)).parse()


def names(node: Node) -> set[str]:
    """Every name an expression refers to (columns or parameters)."""
    found = {node.value} if node.op == "name" else set()
    for arg in node.args:
        found |= names(arg)
    return found
