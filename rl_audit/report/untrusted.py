"""Untrusted spreadsheet text on its way into outputs: control characters, formulas.

Cell text, sheet and file names come from the inputs. Before they reach a terminal,
`inert` makes every control character visible and harmless: an ESC sequence (colours,
clear-screen, an OSC 8 link), BEL, CR, DEL or a C1 code (0x80–0x9F, also what an
xlsx `_x001B_` escape decodes to) becomes a visible symbol (`␛`, `␇`, `␡`, `�`) and a
line break inside a cell becomes `⏎`, so one cell stays one line. `printable` drops
them from text for files (HTML, xlsx), keeping tabs and line breaks. `json_inert`
escapes what JSON leaves raw (DEL and C1) in JSON text.

A cell of an exported workbook whose text starts with `=`, `+`, `-`, `@`, a tab or a
carriage return could run as a formula when opened (CSV/formula injection, OWASP).
`cell_value` prefixes such text with an apostrophe so it is shown, never evaluated.
Numbers, dates and None pass through unchanged.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
LINE_MARK = "⏎"

# C0 controls as their Unicode control pictures (ESC → ␛), DEL → ␡, C1 controls and
# bidirectional overrides/isolates (which reorder what a terminal shows) → �
_PICTURES: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update({c: "\ufffd" for c in (*range(0x80, 0xA0), *range(0x202A, 0x202F))})
_PICTURES.update({c: "\ufffd" for c in range(0x2066, 0x206A)})
_FILE_TABLE = dict.fromkeys((c for c in _PICTURES if c not in (0x09, 0x0A, 0x0D)), None)
_LINE_BREAKS = {0x0A: LINE_MARK, 0x0D: LINE_MARK, 0x85: LINE_MARK, 0x2028: LINE_MARK}
_TERMINAL_TABLE = {**_PICTURES, 0x09: " ", **_LINE_BREAKS, 0x2029: LINE_MARK}
_JSON_TABLE = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0))}


def inert(text: object) -> str:
    """`text` safe to print on a terminal: control characters shown, never obeyed.

    CR LF, LF, CR, NEL and the Unicode line/paragraph separators become `⏎`, a tab a
    space; every other control character a visible symbol.
    """
    return str(text).replace("\r\n", "\n").translate(_TERMINAL_TABLE)


def printable(text: str) -> str:
    """`text` for a report file (HTML, xlsx): tabs and line breaks kept, other controls dropped.

    XML cannot hold most C0 controls at all (the xlsx would not open) and none of them
    is text a reader should get.
    """
    return text.translate(_FILE_TABLE)


def json_inert(text: str) -> str:
    r"""JSON text with DEL and C1 controls escaped (`\u009b`), as JSON allows in strings.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls but leaves these raw; they
    can only occur inside strings, so the escaped text is the same JSON.
    """
    return text.translate(_JSON_TABLE)


def neutralise(text: str) -> str:
    """`text`, prefixed with `'` when it could be read as a formula."""
    return "'" + text if text.startswith(DANGEROUS_START) else text


def cell_value(value: Any) -> Any:
    """A value safe to put in a workbook cell (strings neutralised, others unchanged)."""
    return neutralise(value) if isinstance(value, str) else value
