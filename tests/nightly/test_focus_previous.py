"""The nightly run gives the focus group its figures of a month earlier (issue 21)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rl_audit.config import load_config
from rl_audit.nightly.job import run_nightly

SAMPLES = Path(__file__).parent.parent.parent / "samples"
NIGHT = datetime(2026, 11, 25, 2, 0, tzinfo=timezone(timedelta(hours=7)))
CONFIG = """\
inputs: [inbox/]
reports: reports/
history: rl-audit.sqlite
year: 2025
as_of: {as_of}
nightly:
  formats: [json]
  annotate: false
"""


def night(tmp: Path, as_of: str, day: int):
    """One nightly run over Dinkes and Dispusip with `as_of`, on the n-th night."""
    cfg = tmp / "rl-audit.yaml"
    cfg.write_text(CONFIG.format(as_of=as_of), encoding="utf-8")
    return run_nightly(load_config(cfg), "en", NIGHT + timedelta(days=day))


def project(tmp: Path) -> None:
    """An inbox with a focus OPD (Dinkes) and another (Dispusip)."""
    for opd in ("dinkes", "dispusip"):
        shutil.copytree(SAMPLES / opd, tmp / "inbox" / opd)


def test_second_run_a_month_later_carries_the_first_runs_figures(tmp_path: Path) -> None:
    project(tmp_path)
    first = night(tmp_path, "2025-06-30", 0)
    assert first.report.focus is not None and first.report.focus.focus.opds
    assert first.report.focus.focus.previous is None  # nothing recorded before
    too_soon = night(tmp_path, "2025-07-15", 1)  # 15 days later: not a month
    assert too_soon.report.focus is not None and too_soon.report.focus.focus.previous is None
    second = night(tmp_path, "2025-07-31", 2)
    group = second.report.focus
    assert group is not None and group.focus.previous_as_of == "2025-06-30"
    assert group.focus.previous == first.report.focus.focus  # coverage counts included
    assert group.others.previous == first.report.focus.others
    assert group.focus.previous.findings != group.focus.findings  # a different run's figures
    doc = json.loads((second.folder / "report.json").read_text(encoding="utf-8"))
    previous = doc["focus"]["focus"]["previous"]
    assert previous["as_of"] == "2025-06-30"
    assert previous["findings"] == first.report.focus.focus.findings
    assert previous["amount_at_risk"] == first.report.focus.focus.amount_at_risk_sen / 100


def test_the_current_run_is_recorded_without_its_previous(tmp_path: Path) -> None:
    project(tmp_path)
    night(tmp_path, "2025-06-30", 0)
    second = night(tmp_path, "2025-07-31", 1)
    conn = sqlite3.connect(tmp_path / "rl-audit.sqlite")
    rows = conn.execute(
        "SELECT side, findings, amount_at_risk_sen FROM focus_figures WHERE run_id = ?"
        " ORDER BY side",
        (second.run_id,),
    ).fetchall()
    conn.close()
    group = second.report.focus
    assert group is not None and group.focus.previous is not None
    current = replace(group.focus, previous=None, previous_as_of=None)
    assert rows == [
        ("focus", current.findings, current.amount_at_risk_sen),
        ("others", group.others.findings, group.others.amount_at_risk_sen),
    ]
