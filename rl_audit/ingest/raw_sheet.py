"""The sheet interface of the reader: `RawSheet`, and `RefusedSheet` for a refused one.

Kept apart from `rl_audit.ingest.read` (which re-exports them) so the text readers
(`read_text`) do not import the workbook reader that dispatches to them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import pandas as pd

from rl_audit.documents import Issue
from rl_audit.ingest.limits import ReadError


class RawSheet(ABC):
    """One sheet of an input file, before any interpretation.

    `peek(n)` returns the first n rows as text; `load(first_row)` returns the
    rows from `first_row` on, typed where the format has types. Both raise
    `ReadError("sheet_unreadable", sheet=name)` when the sheet cannot be read.
    """

    def __init__(self, name: str, fmt: str, issues: list[Issue] | None = None) -> None:
        self.name = name
        self.fmt = fmt
        self.issues: list[Issue] = list(issues or [])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.fmt} {self.name!r}>"

    @abstractmethod
    def peek(self, n_rows: int) -> pd.DataFrame:
        """Return the first `n_rows` rows from row 1, every cell a `str` or None."""

    @abstractmethod
    def load(self, first_row: int) -> pd.DataFrame:
        """All rows from row `first_row` (1-based) to the end."""


class RefusedSheet(RawSheet):
    """A sheet the guards refused before the reader saw it (e.g. `sheet_too_large`).

    It stays in the workbook so the refusal is reported as that sheet's error; `peek`
    and `load` raise it.
    """

    def __init__(self, name: str, fmt: str, error: ReadError) -> None:
        super().__init__(name, fmt)
        self.error = error

    def peek(self, n_rows: int) -> pd.DataFrame:
        """Raise the refusal."""
        raise self.error

    def load(self, first_row: int) -> pd.DataFrame:
        """Raise the refusal."""
        raise self.error


def check_row_args(value: int, minimum: int, what: str) -> None:
    """Raise ValueError when a row count/number argument is below `minimum` (a caller bug)."""
    if value < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {value}")
