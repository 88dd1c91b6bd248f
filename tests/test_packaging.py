"""Packaging and habits: the wheel carries the rule pack and data files (not only an editable
install), the version is written once, CI runs the README's test command with lint and types."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

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


def test_the_wheel_version_is_the_package_version(wheel: Path) -> None:
    import rl_audit

    meta = next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("/METADATA"))
    lines = zipfile.ZipFile(wheel).read(meta).decode().splitlines()
    assert f"Version: {rl_audit.__version__}" in lines
    assert wheel.name.startswith(f"rl_audit-{rl_audit.__version__}-")


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_is_written_once() -> None:
    project = pyproject()
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "rl_audit/__init__.py"
    found = re.findall(
        r"^__version__ = \"([^\"]+)\"", (ROOT / "rl_audit/__init__.py").read_text(), re.M
    )
    assert len(found) == 1


def readme_test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    marker = "(this is what .ci/run runs)\n"
    return text[text.index(marker) + len(marker) :].splitlines()[0]


def test_ci_runs_exactly_the_readme_test_command_with_lint_and_types() -> None:
    command = readme_test_command()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == command
    steps = [s.strip() for s in command.split("&&")]
    for step in ("ruff check .", "ruff format --check .", "mypy rl_audit", "pytest -n auto"):
        assert step in steps, step
    assert steps.index("mypy rl_audit") < steps.index("pytest -n auto")


def test_a_fresh_machine_gets_the_tools_of_the_test_command() -> None:
    extras = {
        re.split(r"[<>=\[ ]", d)[0] for d in pyproject()["project"]["optional-dependencies"]["test"]
    }
    assert {"pytest", "pytest-xdist", "ruff", "mypy", "types-PyYAML"} <= extras


def test_pre_commit_runs_the_same_lint_and_type_checks() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {h["id"]: h.get("entry", "") for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "mypy"} <= set(entries)
    assert "mypy rl_audit" in entries["mypy"]


def test_the_readme_layout_names_every_package_and_top_level_module() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = text[text.index("## Layout") :].split("```")[1]
    names = set(re.findall(r"^ +([a-z_]+/|[a-z_]+\.py)\s", layout, re.M))
    package = ROOT / "rl_audit"
    wanted = {p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    wanted |= {
        p.name + "/" for p in (package / "report").iterdir() if (p / "__init__.py").is_file()
    }
    wanted |= {p.name for p in package.glob("*.py") if p.name != "__init__.py"}
    assert wanted - names == set(), "README.md ## Layout misses them"
    assert names - wanted == set(), "README.md ## Layout names what is not in the tree"
