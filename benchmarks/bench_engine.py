"""Benchmark: the rule engine (full bundled pack) over the 1,000,000-row BKU workbook.

Usage:  python benchmarks/bench_engine.py [--rows 1000000] [--out benchmarks/out]

Uses the workbook of bench_ingest.py (generated if missing). In fresh processes of
the same run it measures: the bare `pandas.read_excel(engine="calamine")`, the
ingest, and ingest + evaluation with the full rule pack. Reports evaluation time,
rows/s, peak memory and ratios. Targets: evaluation < 0.25 × ingest; whole check
≤ 0.75 × bare read; peak ≤ 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_ingest  # noqa: E402

CHECK = """
import resource, time, json, sys
from pathlib import Path
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
t0 = time.perf_counter()
f = ingest_file(Path(sys.argv[1]), IngestOptions(opd="dinkes"))
t1 = time.perf_counter()
report = evaluate(load_rules(bundled_rules_dir()), [f], RunOptions())
t2 = time.perf_counter()
by_rule = {}
for x in report.findings:
    by_rule[x.rule_id] = by_rule.get(x.rule_id, 0) + 1
print(json.dumps({"ingest_s": t1 - t0, "evaluate_s": t2 - t1, "total_s": t2 - t0,
                  "findings": len(report.findings), "by_rule": by_rule,
                  "errors": [o.rule_id for o in report.outcomes if o.status == "error"],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    """Measure the bare read and the full check in separate processes."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bku_v3_{args.rows}.xlsx"
    if not path.exists():
        bench_ingest.generate(path, args.rows)
    base = bench_ingest.run(bench_ingest.BASELINE, path)
    check = bench_ingest.run(CHECK, path)
    rows = args.rows
    print(
        json.dumps(
            {
                "rows": rows,
                "baseline_read_s": round(base["seconds"], 2),
                "check": check,
                "rows_per_s_evaluate": round(rows / check["evaluate_s"]),
                "evaluate_over_ingest": round(check["evaluate_s"] / check["ingest_s"], 3),
                "check_over_bare_read": round(check["total_s"] / base["seconds"], 3),
                "targets": (
                    "evaluate_over_ingest < 0.25, check_over_bare_read <= 0.75, peak <= 1500 MB"
                ),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
