"""Benchmark: what a user waits for on small runs, against `python -c "import pandas"`.

Usage:  python benchmarks/bench_startup.py [--repeat 5] [--samples samples]

Each command runs as a whole process (best of `--repeat` wall times) in the same run:
the baseline `python -c "import pandas"`, `rl-audit --version`, `rl-audit --help` and
`rl-audit check samples/ -q --format json --output <tmp>/x.json`. Prints each time, its
ratio to the baseline and the peak RSS of the command's processes (`getrusage` of the
children, measured per command in a fresh helper process so one command's peak does not
hide another's). Targets (issue 16): `--version` ≤ 0.5 ×, `check samples/` ≤ 6 × (then 4 ×).

The rule pack cache (`rl_audit/cache/rules.py`) is warmed by one untimed run first, as
on any machine that has run rl-audit before; `--cold` points it at an empty folder for
every run instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, resource, subprocess, sys, time
command = json.loads(sys.argv[1])
start = time.perf_counter()
done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"wall": wall, "peak_mb": peak, "code": done.returncode}))
"""


def rl_audit(*args: str) -> list[str]:
    """The `rl-audit` console script of this interpreter (the module when not installed)."""
    script = Path(sys.executable).with_name("rl-audit")
    prefix = [str(script)] if script.exists() else [sys.executable, "-m", "rl_audit.cli.app"]
    return [*prefix, *args]


def measure(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time, peak RSS (MB) and exit code of one run of `command`, in a fresh prober."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(command)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def best(command: list[str], repeat: int, env: dict[str, str], cold: bool) -> dict[str, float]:
    """The fastest of `repeat` runs (its peak RSS the largest seen)."""
    runs = []
    for _ in range(repeat):
        if cold:
            env = {**env, "RL_AUDIT_RULES_CACHE": tempfile.mkdtemp(prefix="rl-audit-rules-")}
        runs.append(measure(command, env))
    return {**min(runs, key=lambda r: r["wall"]), "peak_mb": max(r["peak_mb"] for r in runs)}


def main() -> None:
    """Measure the baseline and the three commands; print times, ratios and peaks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    parser.add_argument("--cold", action="store_true", help="no rule pack cache")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-startup-")) / "x.json"
    env = {**os.environ}
    check = rl_audit("check", str(args.samples), "-q", "--format", "json", "--output", str(out))
    if not args.cold:
        measure(check, env)  # warms the rule pack cache (and the bytecode)
    cases = {
        'python -c "import pandas"': [sys.executable, "-c", "import pandas"],
        "rl-audit --version": rl_audit("--version"),
        "rl-audit --help": rl_audit("--help"),
        "rl-audit check samples/ -q --format json": check,
    }
    results = {name: best(cmd, args.repeat, env, args.cold) for name, cmd in cases.items()}
    base = results['python -c "import pandas"']["wall"]
    print(f"{'command':44} {'best s':>8} {'ratio':>7} {'peak MB':>8} exit")
    for name, r in results.items():
        print(f"{name:44} {r['wall']:8.3f} {r['wall'] / base:7.2f} {r['peak_mb']:8.0f} {r['code']}")


if __name__ == "__main__":
    main()
