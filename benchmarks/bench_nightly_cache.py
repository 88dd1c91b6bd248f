"""Benchmark: a nightly check over 30 OPDs, first run (empty caches) vs second run.

Usage:  python benchmarks/bench_nightly_cache.py [--opds 30] [--scale 1] [--out benchmarks/out]

Generates (once, cached in <out>/nightly<N>/) the exports of N OPDs of the shipped
registry (`rl_audit/data/opds.yaml`): samples/generate.py's builders of the five sample
OPDs are run in turn for each registry OPD, with its code and name in the title blocks
and SKPD columns and its own random seed, so every OPD folder holds 5-7 distinct files
(xlsx, csv, ods). `--scale K` makes each BKU and tax book K times
longer (the samples hold ~100 BKU lines a year; a real OPD's BKU has a few thousand).
Then measures, each in a fresh process of the same run, the whole
check (`run_check`, bundled rule pack) over all folders:

1. without a cache (a plain `rl-audit check`),
2. with an empty cache folder (the first nightly run: parse and evaluate everything,
   write entries),
3. with the warm cache (the next nightly run over unchanged inputs: every file and
   every OPD a hit).

The caches are set up as `rl_audit.nightly.job` does: the ingest cache in the cache folder,
the evaluation cache in its `eval/` sub-folder. Each process reports the check's wall
time, split into ingest and the rest (evaluation, waivers, scoring), both caches'
counters and a digest of the findings (fingerprint, locations, amount, message, repeat
references), which must be equal in the three runs. Target: first run ≥ 5 × the second.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAKERS = {
    "puprkp": "puprkp",
    "rsud_curup": "rsud",
    "dpmptsp": "dpmptsp",
    "dinkes": "dinkes",
    "dispusip": "dispusip",
}

CHECK = """
import hashlib, json, sys, time
from pathlib import Path
import rl_audit.run as run
from rl_audit.config import Config
from rl_audit.cache.evaluation import EvalCache
from rl_audit.cache.files import IngestCache
spent = {"ingest": 0.0}
ingest_paths = run.ingest_paths
def timed(*args, **kw):
    t = time.perf_counter()
    try:
        return ingest_paths(*args, **kw)
    finally:
        spent["ingest"] += time.perf_counter() - t
run.ingest_paths = timed
folder = Path(sys.argv[2]) if sys.argv[2] != "-" else None
cache = IngestCache(folder) if folder else None
evals = EvalCache(folder / "eval") if folder else None
t = time.perf_counter()
report = run.run_check(run.CheckRequest(
    paths=(Path(sys.argv[1]),), config=Config(), cache=cache, eval_cache=evals))
total = time.perf_counter() - t
digest = hashlib.sha256(repr(sorted(
    (f.fingerprint, f.locations, f.amount_sen, f.message, f.repeat_of)
    for f in report.findings)).encode()).hexdigest()
print(json.dumps({"total_s": total, "ingest_s": spent["ingest"],
                  "evaluate_s": total - spent["ingest"], "files": len(report.inputs),
                  "findings": len(report.findings), "opds": len(report.opds),
                  "findings_digest": digest[:16],
                  "cache": cache.counters() if cache else None,
                  "eval_cache": evals.counters() if evals else None}))
"""


def _generator() -> Any:
    """Import samples/generate.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "sample_generate", ROOT / "samples" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _scaled(gen: Any, scale: int) -> None:
    """Make the BKU (and with it the tax book) `scale` times longer."""
    bku_lines = gen.bku_lines
    gen.bku_lines = lambda opd, up, per_month: bku_lines(
        opd, up * scale, (per_month[0] * scale, per_month[1] * scale)
    )


def generate(out: Path, count: int, scale: int) -> None:
    """Write <out>/<opd short name>/... for the first `count` OPDs of the registry."""
    from rl_audit.catalog.opds import default_registry
    from rl_audit.ingest.opd import slug

    gen = _generator()
    _scaled(gen, scale)
    templates = list(MAKERS)
    out.mkdir(parents=True, exist_ok=True)
    for i, entry in enumerate(default_registry().entries[:count]):
        template = templates[i % len(templates)]
        gen.OPDS[template] = (entry.code, entry.name)
        gen.rng = random.Random(1000 + i)
        gen.PLANTS.clear()
        with tempfile.TemporaryDirectory() as tmp:
            getattr(gen, MAKERS[template])(Path(tmp))
            shutil.move(Path(tmp) / template, out / slug(entry.short))


def measure(folder: Path, cache: str) -> dict[str, object]:
    """Run the check in a fresh interpreter (cache folder or "-" for none)."""
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(folder), cache],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Generate if needed, run the three checks, print the comparison as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--opds", type=int, default=30)
    parser.add_argument("--scale", type=int, default=1, help="BKU length × samples")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args()
    folder = args.out / f"nightly{args.opds}" / f"x{args.scale}"
    if not folder.exists():
        print(f"generating {folder} ...", file=sys.stderr, flush=True)
        generate(folder, args.opds, args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        plain = measure(folder, "-")
        first = measure(folder, tmp)
        second = measure(folder, tmp)
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    inputs = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    result = {
        "opds": args.opds,
        "scale": args.scale,
        "files": first["files"],
        "input_mb": round(inputs / 1024**2, 2),
        "cache_mb": round(size / 1024**2, 2),
        "no_cache": plain,
        "first_run": first,
        "second_run": second,
        "first_over_second": round(first["total_s"] / second["total_s"], 2),  # type: ignore[operator]
        "ingest_first_over_second": round(first["ingest_s"] / second["ingest_s"], 2),  # type: ignore[operator]
        "evaluate_first_over_second": round(first["evaluate_s"] / second["evaluate_s"], 2),  # type: ignore[operator]
        "same_findings": plain["findings_digest"]
        == first["findings_digest"]
        == second["findings_digest"],
        "target": "first_over_second >= 5",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
