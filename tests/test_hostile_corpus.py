"""The hostile corpus of issue 14 beside a good export: one office's file never takes the run down.

`rl-audit check` over a folder holding every hostile input (a far cell, a zip whose
headers lie, cells that made header detection quadratic, an HTML colspan bomb, an xls
column and ODS repeats asking for billions of cells, escape sequences in cells, sheet
and file names, a planted alias-bomb config and waivers file, a stray CR in a CSV
field) and the Dinas Kesehatan sample: the sample's findings are exactly those of a
run over it alone, each hostile file is named as an input problem in the report and
on stderr, nothing planted is obeyed and no control character reaches the terminal.
Time and memory are measured by `benchmarks/bench_hostile.py`, not here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from tests.ingest import hostile_builders as hb

SAMPLES = Path(__file__).parent.parent / "samples"


def _controls(text: str) -> list[str]:
    """Control characters of `text` other than the line feed."""
    return [hex(ord(c)) for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]


def _check(paths: list[Path], config: Path, out: Path) -> tuple[dict, str]:
    """Run `check` as JSON into `out`; the report and stderr."""
    args = ["check", *map(str, paths), "--config", str(config), "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--output", str(out)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text(encoding="utf-8")), result.stderr


def _good(report: dict) -> set[tuple[str, str, str]]:
    """(rule, cell, amount) of every finding located in the good folder."""
    return {
        (f["rule_id"], loc["cell"] or "", str(f["amount"]))
        for f in report["findings"]
        for loc in f["locations"][:1]
        if "/dinkes/" in loc["file"]
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, str, dict[str, str]]:
    """Reports of the good folder alone and of the whole corpus, stderr, expected problems."""
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "in"
    good = Path(shutil.copytree(SAMPLES / "dinkes", folder / "dinkes"))
    hb.stray_cr_copy(
        good / "bku_pengeluaran_2025.csv", good / "bku_pengeluaran_2025.csv", 21, b"Belanja"
    )
    config = root / "limits.yaml"
    config.write_text("limits:\n  max_uncompressed_mb: 10\n", encoding="utf-8")
    alone, _ = _check([good], config, root / "alone.json")
    expected = hb.corpus(folder, hb.lying_xlsx(root / "bku_lying.xlsx"))
    whole, stderr = _check([folder], config, root / "whole.json")
    return alone, whole, stderr, expected


def test_the_good_export_is_reported_in_full(runs) -> None:
    alone, whole, _, _ = runs
    assert len(_good(alone)) >= 10
    assert _good(whole) == _good(alone)
    assert ("KAS-05", "I48", "7250000.0") in _good(whole)  # the stray CR shifts nothing


def test_each_hostile_file_is_named_in_the_report_and_on_stderr(runs) -> None:
    _, whole, stderr, expected = runs
    problems = {(Path(p["file"]).name, p["key"]) for p in whole["problems"]}
    assert set(expected.items()) <= problems
    for name in expected:
        assert name in stderr


def test_planted_config_and_waivers_are_not_obeyed(runs) -> None:
    _, whole, stderr, _ = runs
    assert whole["provenance"]["config"]["path"].endswith("limits.yaml")
    assert whole["provenance"]["waivers"] is None
    ignored = [Path(path).name for path in whole["provenance"]["ignored_files"]]
    assert sorted(ignored) == ["rl-audit.yaml", "waivers.yaml"]
    notices = {(Path(p["file"]).name, p["key"], p["severity"]) for p in whole["problems"]}
    assert {("rl-audit.yaml", "config_ignored", "info")} <= notices
    assert {("waivers.yaml", "waivers_ignored", "info")} <= notices
    assert "rl-audit.yaml" in stderr and "waivers.yaml" in stderr
    assert whole["provenance"]["parameters"]["cash_limit"] == 5000000


def test_no_control_character_reaches_the_terminal(runs) -> None:
    _, whole, stderr, _ = runs
    assert _controls(stderr) == []
    names = {Path(loc["file"]).name for f in whole["findings"] for loc in f["locations"]}
    names |= {Path(p["file"]).name for p in whole["problems"]}
    assert "bku\x1b[31m_\x07evil.xlsx" in names  # the data keeps its text; only the view is inert
