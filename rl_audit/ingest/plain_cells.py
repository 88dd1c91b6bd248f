"""The last filled cell of plain xlsx sheet XML, found with array operations.

A plain sheet writes every cell as `<c r="B7" …>` (Excel, LibreOffice, openpyxl): the
reference first, in double quotes, and no other attribute named `r` anywhere but in
`<c r=` and `<row r=`. `plain_extent` reads the references of one block of such XML
(whole tags only, see `rl_audit.ingest.extent.blocks`) with numpy, at about the speed
of inflating it, and answers None as soon as the block holds anything else (a cell
without a reference, a namespace prefix, another quoting, a second `r`, a `>` inside a
quoted value): the caller then walks the sheet exactly. Self-closing cells
(`<c r="X9" s="1"/>`) are empty and do not count, as for calamine.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

REF_BYTES = 12  # 3 letters, 7 digits, the closing quote, one spare
_REF_AT = 6  # `<c r="` is 6 bytes
_SPACE = np.zeros(256, dtype=bool)
_SPACE[[32, 9, 10, 13]] = True
_AFTER_NAME = _SPACE.copy()  # what may follow an element name: whitespace, `/`, `>`
_AFTER_NAME[[47, 62]] = True
_OPEN = np.frombuffer(b' r="', dtype=np.uint8)
Bytes = npt.NDArray[np.uint8]
Index = npt.NDArray[np.intp]


def plain_extent(block: bytes) -> tuple[int, int] | None:
    """(last row, last column) of the filled cells of `block`, or None when it is not plain."""
    size = len(block)
    data = np.frombuffer(block + bytes(REF_BYTES + _REF_AT), dtype=np.uint8)
    if size < 2:
        return 0, 0
    if _prefixed(data, size):
        return None
    starts = _pairs(data, size, b"<c")
    starts = starts[_AFTER_NAME[data[starts + 2]]]
    tags = sliding_window_view(data, _REF_AT + REF_BYTES)[starts]  # each `<c` and 17 bytes on
    if not (tags[:, 2:_REF_AT] == _OPEN).all():
        return None
    if not _only_plain_r(data, size):
        return None
    if not len(starts):
        return 0, 0
    return _refs(data, size, starts, tags[:, _REF_AT:])


def _pairs(data: Bytes, size: int, pair: bytes) -> Index:
    """Sorted positions of the two bytes `pair` in the block (compared two at a time)."""
    key = np.frombuffer(pair, dtype="<u2")[0]
    found = []
    for first in (0, 1):
        stop = first + (size - first) // 2 * 2
        found.append(np.flatnonzero(data[first:stop].view("<u2") == key) * 2 + first)
    return np.sort(np.concatenate(found))


def _prefixed(data: Bytes, size: int) -> bool:
    """Whether a `:c` or `:row` element name (a namespace prefix) is in the block."""
    colons = np.flatnonzero(data[:size] == 58)
    c_tag = (data[colons + 1] == 99) & _AFTER_NAME[data[colons + 2]]
    row = (data[colons + 1] == 114) & (data[colons + 2] == 111) & (data[colons + 3] == 119)
    return bool(c_tag.any() or (row & _AFTER_NAME[data[colons + 4]]).any())


def _only_plain_r(data: Bytes, size: int) -> bool:
    """Whether every attribute named `r` is the first one of a `<c` or `<row` tag."""
    at = np.flatnonzero(data[:size] == 114)
    at = at[at >= 1]
    after = data[at + 1]
    named = _SPACE[data[at - 1]] & ((after == 61) | _SPACE[after])
    at = at[named]
    back = [data[np.maximum(at - k, 0)] for k in range(6)]  # back[k]: the byte k before
    cell = (back[3] == 60) & (back[2] == 99) & (back[1] == 32)
    row = (back[5] == 60) & (back[4] == 114) & (back[3] == 111) & (back[2] == 119)
    return bool((cell | (row & _SPACE[back[1]])).all())


def _refs(data: Bytes, size: int, starts: Index, ref: Bytes) -> tuple[int, int] | None:
    """The largest row and column of the non-empty cells (`ref`: the bytes after `<c r="`)."""
    letters = np.argmin((ref >= 65) & (ref <= 90), axis=1)  # the uppercase run
    after = np.arange(REF_BYTES) >= letters[:, None]
    end = np.argmax(after & ~((ref >= 48) & (ref <= 57)), axis=1)  # first non-digit after it
    digits = end - letters
    rows = np.arange(len(ref))
    ok = (letters >= 1) & (letters <= 3) & (digits >= 1) & (digits <= 7)
    if not (ok & (ref[rows, end] == 34)).all():
        return None
    filled = _filled(data, size, starts + _REF_AT + end)
    if filled is None:
        return None
    if not filled.any():
        return 0, 0
    column, row = _numbers(ref, letters, digits)
    return int(row[filled].max()), int(column[filled].max())


def _filled(data: Bytes, size: int, quotes: Index) -> npt.NDArray[np.bool_] | None:
    """Per cell, whether its tag is not self-closing; None if a `>` may sit in a quoted value."""
    closes = np.flatnonzero(data[:size] == 62)
    found = np.searchsorted(closes, quotes)
    if (found >= len(closes)).any():
        return None
    close = closes[found]
    marks = np.flatnonzero(data[:size] == 34)
    inside = np.searchsorted(marks, close) - np.searchsorted(marks, quotes, side="right")
    if (inside % 2).any():
        return None  # an odd number of quotes before the `>`: it is inside a value
    return data[close - 1] != 47


def _numbers(ref: Bytes, letters: Index, digits: Index) -> tuple[Index, Index]:
    """1-based column and row of each reference (`letters` + `digits` long)."""
    column = np.zeros(len(ref), dtype=np.int64)
    row = np.zeros(len(ref), dtype=np.int64)
    end = letters + digits
    for i in range(REF_BYTES - 1):
        value = ref[:, i].astype(np.int64)
        if i < 3:
            column = np.where(i < letters, column * 26 + value - 64, column)
        row = np.where((i >= letters) & (i < end), row * 10 + value - 48, row)
    return column, row
