"""The focus group in the history: migration, rows of a run, the figures a month earlier."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from rl_audit.figures import FocusFigures, FocusGroup
from rl_audit.findings import AuditReport
from rl_audit.history import schema as history_schema
from rl_audit.history.focus import month_earlier, run_day
from rl_audit.history.store import open_history

FOCUS = FocusFigures(("1.02", "1.03"), 71.5, 12, 3.25, 1_234_567_89, 48.6, 0.9312, scored=2,
                     with_spending=1, with_non_cash=2)  # fmt: skip
OTHERS = FocusFigures(("2.01",), None, 0, None, 0, None, None)
GROUP = FocusGroup(("1.02", "1.03", "1.04"), FOCUS, OTHERS)


def report(as_of: str | None, group: FocusGroup | None = GROUP) -> AuditReport:
    """An otherwise empty report with a focus group and an as-of date."""
    return AuditReport("2025-01-01T00:00:00+07:00", 2025, as_of, [], [], focus=group)


def scaled(n: int) -> FocusGroup:
    """The group with the focus side's findings set to `n` (to tell runs apart)."""
    return replace(GROUP, focus=replace(FOCUS, findings=n))


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "rl-audit.sqlite"


def test_an_old_history_file_gains_the_focus_table(db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in history_schema.statements(history_schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO runs (started_at, finished_at, status, tool_version, rule_sets, as_of,"
        " findings) VALUES ('2025-01-01T02:00:00+07:00', '2025-01-01T02:01:00+07:00', 'ok',"
        " '0.1', '[]', '2025-01-01', 3)"
    )
    conn.close()
    with open_history(db) as h:
        assert h.runs()[0]["findings"] == 3  # the old run is kept
        assert h.focus(1) is None and h.focus_month_before(date(2025, 6, 1)) is None
        new = h.record(
            report("2025-03-31"), "2025-04-01T02:00:00+07:00", "2025-04-01T02:01:00+07:00"
        )
        assert h.focus(new) == replace(GROUP, opds=FOCUS.opds)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone() == (history_schema.schema_version(),)
    assert history_schema.schema_version() == 2
    columns = [r[1] for r in conn.execute("PRAGMA table_info(focus_figures)")]
    conn.close()
    assert columns == [
        "run_id", "side", "opds", "median_score", "findings", "findings_per_billion",
        "amount_at_risk_sen", "absorption_percent", "non_cash_share", "scored",
        "with_spending", "with_non_cash",
    ]  # fmt: skip


def test_recorded_focus_rows_read_back_equal_with_nulls(db: Path) -> None:
    with open_history(db) as h:
        run = h.record(
            report("2025-03-31"), "2025-04-01T02:00:00+07:00", "2025-04-01T02:00:09+07:00"
        )
        none = h.record(
            report("2025-03-31", None), "2025-04-02T02:00:00+07:00", "2025-04-02T02:00:09+07:00"
        )
        back = h.focus(run)
        assert back is not None and (back.focus, back.others) == (FOCUS, OTHERS)
        assert h.focus(none) is None
        h.forget(run)  # ON DELETE CASCADE
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM focus_figures").fetchone() == (0,)
    conn.close()


def test_previous_month_picks_the_latest_run_old_enough(db: Path) -> None:
    with open_history(db) as h:
        h.record(
            report("2025-02-01", scaled(1)),
            "2025-02-02T02:00:00+07:00",
            "2025-02-02T02:01:00+07:00",
        )
        h.record(
            report("2025-02-19", scaled(40)),
            "2025-02-20T02:00:00+07:00",
            "2025-02-20T02:01:00+07:00",
        )
        h.record(
            report("2025-03-20", scaled(10)),
            "2025-03-21T02:00:00+07:00",
            "2025-03-21T02:01:00+07:00",
        )
        failed = h.record(
            report("2025-02-28", scaled(99)),
            "2025-03-01T02:00:00+07:00",
            "2025-03-01T02:01:00+07:00",
            "failed",
        )
        earlier = h.focus_month_before(date(2025, 3, 31))  # 40 and 10 days earlier
        assert earlier is not None and failed
        assert earlier.focus == replace(FOCUS, findings=40, previous_as_of="2025-02-19")
        assert earlier.others.previous_as_of == "2025-02-19"
        assert h.focus_month_before(date(2025, 2, 28)) is None  # 2025-01-28: none that old
        on_the_day = h.focus_month_before(date(2025, 3, 1))  # 2025-02-01 itself counts
        assert on_the_day is not None and on_the_day.focus.findings == 1  # fmt: skip


def test_a_run_without_as_of_is_dated_by_its_local_start(db: Path) -> None:
    with open_history(db) as h:
        # 2025-02-28T20:00 UTC is 2025-03-01 in Jakarta
        h.record(report(None), "2025-02-28T20:00:00+00:00", "2025-02-28T20:01:00+00:00")
        assert h.focus_month_before(date(2025, 3, 31), "UTC") is not None  # dated 02-28
        assert h.focus_month_before(date(2025, 3, 31), "Asia/Jakarta") is None  # 03-01
        found = h.focus_month_before(date(2025, 4, 1), "Asia/Jakarta")
    assert found is not None and found.focus.previous_as_of == "2025-03-01"


@pytest.mark.parametrize(
    ("day", "earlier"),
    [("2025-03-31", "2025-02-28"), ("2024-03-30", "2024-02-29"), ("2025-01-15", "2024-12-15")],
)
def test_month_earlier(day: str, earlier: str) -> None:
    assert month_earlier(date.fromisoformat(day)).isoformat() == earlier


def test_run_day_prefers_as_of() -> None:
    assert run_day("2025-05-31", "2025-06-02T01:00:00+07:00") == "2025-05-31"
    assert run_day(None, "2025-06-01T18:00:00+00:00") == "2025-06-02"
