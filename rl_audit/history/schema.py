"""The history database file: opening, checking and migrating it (stdlib sqlite3).

`connect` creates the file (and its folder) when absent, turns on WAL, foreign keys and a
busy timeout, refuses a corrupt file, another application's database and a schema newer
than this code, and brings an older schema up to date. An existing file of 0 bytes is
refused as corrupt (a truncated history must not silently restart it; moving it aside
starts a new one); a file `connect` created itself is removed again when it fails
before writing anything, so it never leaves such a file behind. Migrations are SQL scripts indexed
by version (`MIGRATIONS[0]` takes version 0 to 1, …), each applied in its own transaction;
the version lives in `PRAGMA user_version`, the owner in `PRAGMA application_id`.
Version 2 adds `focus_figures`: the focus OPDs against the rest, per recorded run (with how
many OPDs each figure covers).

Every sqlite3 error leaves this module as a `HistoryError` naming the file and the cause;
a corrupt file's error also says how to recover (move it aside: a new history starts).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rl_audit.messages import label

APPLICATION_ID = 0x524C4155  # "RLAU"
BUSY_MS = 10_000
LANGS = ("id", "en")

MIGRATIONS: list[str] = [
    """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    tool_version TEXT NOT NULL,
    rule_sets TEXT NOT NULL,
    year INTEGER,
    as_of TEXT,
    findings INTEGER NOT NULL
);
CREATE TABLE inputs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    sha256 TEXT,
    status TEXT NOT NULL
);
CREATE INDEX inputs_run ON inputs(run_id);
CREATE TABLE findings (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    bpk_code TEXT NOT NULL,
    opd_code TEXT,
    opd_name TEXT,
    severity TEXT NOT NULL,
    amount_sen INTEGER,
    status TEXT NOT NULL
);
CREATE INDEX findings_run_fingerprint ON findings(run_id, fingerprint);
CREATE TABLE opd_scores (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    score REAL NOT NULL,
    band TEXT NOT NULL,
    amount_sen INTEGER NOT NULL,
    high INTEGER NOT NULL,
    medium INTEGER NOT NULL,
    low INTEGER NOT NULL,
    info INTEGER NOT NULL,
    PRIMARY KEY (run_id, code)
);
CREATE INDEX opd_scores_code ON opd_scores(code);
PRAGMA application_id = 1380729173;
""",
    """
CREATE TABLE focus_figures (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('focus', 'others')),
    opds TEXT NOT NULL,
    median_score REAL,
    findings INTEGER NOT NULL,
    findings_per_billion REAL,
    amount_at_risk_sen INTEGER NOT NULL,
    absorption_percent REAL,
    non_cash_share REAL,
    scored INTEGER NOT NULL DEFAULT 0,
    with_spending INTEGER NOT NULL DEFAULT 0,
    with_non_cash INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, side)
);
""",
]


class HistoryError(Exception):
    """The history database cannot be used: the message names the file and the cause.

    `str()` gives the Indonesian and the English wording (one line each); `text(lang)`
    one language. `recovery` is True when the file is corrupt and moving it aside helps.
    """

    def __init__(self, key: str, path: Path, recovery: bool = False, **params: object) -> None:
        self.key, self.path, self.recovery, self.params = key, path, recovery, params
        super().__init__("\n".join(self.text(lang) for lang in LANGS))

    def text(self, lang: str = "id") -> str:
        """The message in `lang`, with the recovery advice when there is one."""
        message = label(self.key, lang, file=str(self.path), **self.params)
        if not self.recovery:
            return message
        aside = self.path.with_name(self.path.name + ".corrupt")
        return (
            message + " " + label("history_recovery", lang, aside=str(aside), name=self.path.name)
        )


def schema_version() -> int:
    """The newest schema version this code knows (one per migration)."""
    return len(MIGRATIONS)


def translate(path: Path, exc: sqlite3.Error) -> HistoryError:
    """The `HistoryError` for an sqlite3 error: corrupt/not-a-database, or unusable."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return HistoryError("history_corrupt", path, recovery=True, cause=str(exc))
    return HistoryError("history_unusable", path, cause=str(exc))


@contextmanager
def guard(path: Path) -> Iterator[None]:
    """Turn any sqlite3 error raised inside into a `HistoryError` about `path`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(path, exc) from exc


def connect(path: Path) -> sqlite3.Connection:
    """An open, checked, up-to-date connection to the history database at `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError("history_unusable", path, cause=str(exc)) from exc
    fresh = not path.exists()
    if not fresh and _empty(path):
        raise HistoryError("history_empty", path, recovery=True)
    with guard(path):
        conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    try:
        with guard(path):
            _prepare(conn, path)
    except BaseException:
        conn.close()
        if fresh and _empty(path):
            path.unlink(missing_ok=True)
        raise
    conn.row_factory = sqlite3.Row
    return conn


def _empty(path: Path) -> bool:
    """Whether `path` is a regular file of 0 bytes."""
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Pragmas, integrity check, owner check and migrations."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        cause = "; ".join(str(p) for p in problems[:3])
        raise HistoryError("history_corrupt", path, recovery=True, cause=cause)
    _check_owner(conn, path)  # before anything that would change another application's file
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, path)


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    """An integer pragma's value (`user_version`, `application_id`)."""
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def _check_owner(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite database that some other application made."""
    app_id = _pragma(conn, "application_id")
    if app_id == APPLICATION_ID:
        return
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if app_id != 0 or has_tables or _pragma(conn, "user_version") != 0:
        raise HistoryError("history_foreign", path)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations the database lacks, one transaction each; refuse a newer one."""
    known = schema_version()
    found = _pragma(conn, "user_version")
    if found > known:
        raise HistoryError("history_newer", path, found=found, known=known)
    for target in range(found + 1, known + 1):
        _apply(conn, target)


def _apply(conn: sqlite3.Connection, target: int) -> None:
    """Take the schema to version `target` (skipped when another process already did)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _pragma(conn, "user_version") < target:
            for statement in statements(MIGRATIONS[target - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(target)}")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def statements(script: str) -> list[str]:
    """The SQL statements of a script (each must end at the end of a line)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]}")
    return out
