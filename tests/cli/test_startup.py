"""`rl-audit --version` and `--help` start fast: none of the heavy libraries is imported.

Checked in a fresh interpreter (a subprocess): in-process, pytest has imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["pandas", "pyarrow", "numpy", "openpyxl", "python_calamine", "jinja2", "jsonschema"]
SCRIPT = """
import json, sys
from rl_audit.cli.app import main
heavy = set(json.loads(sys.argv[2]))
sys.argv = ["rl-audit", *json.loads(sys.argv[1])]
code = None
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted({name.split(".")[0] for name in sys.modules} & heavy)
sys.stderr.write("LOADED " + json.dumps([code, loaded]) + "\\n")
"""


def loaded_after(*args: str) -> tuple[object, list[str], str]:
    """(exit code, heavy top-level modules loaded, stdout) of `rl-audit ARGS` in a new process."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(list(args)), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("LOADED "))
    code, loaded = json.loads(line.removeprefix("LOADED "))
    return code, loaded, done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("--help",),
        ("check", "--help"),
        ("inspect", "--help"),
        ("nightly", "--help"),
        ("history", "--help"),
        ("waive", "--help"),
        ("rules", "--help"),
        ("rules", "list", "--help"),
    ],
)
def test_version_and_help_import_no_heavy_library(args: tuple[str, ...]) -> None:
    code, loaded, stdout = loaded_after(*args)
    assert code in (0, None) and stdout.strip()
    assert loaded == []


def test_the_probe_sees_heavy_libraries_when_a_command_runs() -> None:
    """The same probe after `rules list`: the core (and jsonschema) is loaded then."""
    code, loaded, stdout = loaded_after("rules", "list", "--lang", "en")
    assert code in (0, None) and "BPK" in stdout
    assert "jsonschema" in loaded


def test_the_module_runs_as_a_script() -> None:
    """`python -m rl_audit.cli.app` (used by profiling and the startup benchmark)."""
    done = subprocess.run(
        [sys.executable, "-m", "rl_audit.cli.app", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("rl-audit ")
