"""What reading a file may cost and how it fails: `Limits`, `ReadError`, column letters.

Kept apart from `rl_audit.ingest.read` (which re-exports them) so that the guards that
run before a reader (`guards`, `inflate`, `extent`, `sheet_guards`, `read_csv`) depend
on this module only, never on the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Resource limits checked before a file is parsed, and the budget of its parse.

    The budget (`BUDGET_FIELDS`) applies to the reader process of each file
    (`rl_audit.ingest.isolate`); it never changes a file's result, only whether one comes.
    """

    max_bytes: int = 200 * 1024**2  # file size limit
    max_uncompressed: int = 2 * 1024**3  # total uncompressed size of a zip container
    max_ratio: float = 200.0  # compression ratio limit for any member > 1 MB
    max_members: int = 10_000
    max_rows: int = 1_100_000  # last filled row of a sheet (Excel's own limit is 1,048,576)
    max_columns: int = 1_000  # last filled column of a sheet
    max_cells: int = 50_000_000  # rows x columns of a sheet (the rectangle the reader allocates)
    file_seconds: float = 120.0  # wall time to parse one file
    file_memory_mb: float = 2048.0  # memory one file's parse may add to its reader process
    file_result_mb: float = 1024.0  # size of one file's parsed result (pickled)
    isolate: bool = True  # parse each file in a child process under the budget above
    jobs: int | None = None  # reader processes, and OPDs evaluated at once (None: the cores)


BUDGET_FIELDS = ("file_seconds", "file_memory_mb", "file_result_mb", "isolate", "jobs")


DEFAULT_LIMITS = Limits()


class ReadError(Exception):
    """A file (or one sheet) cannot be read; `key` names a message catalog entry.

    `params` holds the template parameters for the message (always `detail`,
    plus `size_mb`/`limit_mb` for `file_too_large`).
    """

    def __init__(self, key: str, detail: str = "", sheet: str | None = None, **params: Any) -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail
        self.sheet = sheet
        self.params: dict[str, Any] = {"detail": detail, **params}


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA"."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters
