"""An incremental JSON encoder: an object written field by field, a long array item by item.

The text is what `json.dumps(obj, ensure_ascii=False, indent=2)` gives (values encoded
by orjson, indented to their depth), but a `Streamed` field is never held whole: its
items are encoded one at a time, so a report with 300,000 findings is written in
constant memory (`rl_audit.report.json_report.write_json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

INDENT = b"  "


@dataclass(frozen=True)
class Streamed:
    """A field value written as a JSON array, one item at a time."""

    items: Iterable[Any]


def encode(value: Any, depth: int = 0) -> bytes:
    """`value` as indented JSON whose inner lines sit at `depth` levels of indentation."""
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    return text.replace(b"\n", b"\n" + INDENT * depth) if depth else text


def _array(items: Iterable[Any], depth: int) -> Iterator[bytes]:
    """The items of an array at `depth`, `[` … `]` included (`[]` when empty)."""
    inner = b"\n" + INDENT * (depth + 1)
    opened = False
    for item in items:
        yield (b"," if opened else b"[") + inner + encode(item, depth + 1)
        opened = True
    yield b"\n" + INDENT * depth + b"]" if opened else b"[]"


def iter_object(fields: Iterable[tuple[str, Any]]) -> Iterator[bytes]:
    """A top-level JSON object from (key, value) pairs, `Streamed` values item by item."""
    yield b"{"
    first = True
    for key, value in fields:
        yield (b"\n" if first else b",\n") + INDENT + encode(key) + b": "
        first = False
        if isinstance(value, Streamed):
            yield from _array(value.items, 1)
        else:
            yield encode(value, 1)
    yield b"\n}" if not first else b"}"
