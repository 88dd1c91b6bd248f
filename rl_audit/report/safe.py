"""Untrusted spreadsheet text on its way into outputs: formula-injection neutralising.

A cell of an exported workbook whose text starts with `=`, `+`, `-`, `@`, a tab or a
carriage return could run as a formula when opened (CSV/formula injection, OWASP).
`cell_value` prefixes such text with an apostrophe so it is shown, never evaluated.
Numbers, dates and None pass through unchanged.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text`, prefixed with `'` when it could be read as a formula."""
    return "'" + text if text.startswith(DANGEROUS_START) else text


def cell_value(value: Any) -> Any:
    """A value safe to put in a workbook cell (strings neutralised, others unchanged)."""
    return neutralise(value) if isinstance(value, str) else value
