"""The installed wheel (not only an editable install) carries the rule pack and data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"wheel build failed: {result.stderr[-2000:]}")
    (found,) = out.glob("rl_audit-*.whl")
    return found


def test_wheel_carries_rules_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_rules = {f"rl_audit/_rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")}
    assert "rl_audit/_rules/pack.yaml" in shipped_rules
    assert shipped_rules <= names
    assert {"rl_audit/data/kinds.yaml", "rl_audit/data/opds.yaml"} <= names
    assert "rl_audit/report/report.schema.json" in names
    assert "rl_audit/report/templates/report.html.j2" in names
    assert "rl_audit/data/labels/common.yaml" in names
    assert any(n.endswith("entry_points.txt") for n in names)
