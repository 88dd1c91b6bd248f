"""Benchmark: the findings-heavy run — a BKU CSV with a share of rows on weekends.

Usage:  python benchmarks/bench_findings.py [--rows 1000000] [--weekend-share 0.3]
        [--file-format xlsx|csv] [--out benchmarks/out]

Generates (once, cached) a BKU workbook (`xlsx`, the default) or CSV laid out like
bench_ingest.py's (title block, header on row 8, the same columns and amounts, the
xlsx dates as dates, the CSV's as dd/mm/yyyy text), its rows dated on working days
(`--weekend-share 0`, the default) or with that share of rows on a Saturday or Sunday
(each an ANL-03 finding: 0.3 gives 300,000 on 1,000,000 rows). Then, in the same
run, it measures whole processes: `rl-audit check FILE --format json --output …`
(what a user waits for) against a bare read of the file (the baseline:
`pandas.read_excel(engine="calamine", header=None)` for xlsx, `pandas.read_csv` for CSV),
and prints both wall times, their ratio, the check's peak RSS (getrusage of the
children) and the size of the JSON. Issue 16 targets: ≤ 1.5 × the bare read and
≤ 1.5 GB with 30 % weekend rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_ingest  # noqa: E402

TITLE = (
    "PEMERINTAH KABUPATEN REJANG LEBONG",
    "BUKU KAS UMUM PENGELUARAN",
    "PERIODE JANUARI - DESEMBER 2025",
    "SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan",
    "Pengguna Anggaran : dr. Contoh",
    "Bendahara Pengeluaran : Contoh",
    "",
)
HEADER = ("No", "Tanggal", "No Bukti", "Kode Rekening", "Uraian", "Penerimaan",
          "Pengeluaran", "Saldo", "Cara Bayar")  # fmt: skip
BASELINE_CSV = """
import json, sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1], skiprows=7)
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(df)}))
"""


def days_of(year: int, weekend: bool) -> list[dt.date]:
    """Saturdays and Sundays of `year`, or its working days (those of bench_ingest.py)."""
    if not weekend:
        return bench_ingest.working_days(year)
    day, out = dt.date(year, 1, 2), []
    while day.year == year:
        if day.weekday() >= 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def rows_of(rows: int, weekend_share: float, as_text: bool) -> Iterator[list[object]]:
    """The BKU rows as bench_ingest.py writes them; the rows whose slot falls in the share
    are dated on a weekend; dates as dd/mm/yyyy text when `as_text`."""
    work, weekend = days_of(2025, weekend=False), days_of(2025, weekend=True)
    per_mille = round(weekend_share * 1000)
    saldo = 0
    for i in range(1, rows + 1):
        days = weekend if (i * 389) % 1000 < per_mille else work
        day = days[(i * len(days)) // (rows + 1)]
        cells, saldo = bench_ingest.bku_row(i, day.strftime("%d/%m/%Y") if as_text else day, saldo)
        yield cells


def generate(path: Path, rows: int, weekend_share: float) -> None:
    """Write the BKU file (CSV or xlsx by the path's suffix): title block, header, rows."""
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerows([line] for line in TITLE)
            out.writerow(HEADER)
            out.writerows(rows_of(rows, weekend_share, as_text=True))
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("BKU")
    for line in (*TITLE[:-1], None):
        sheet.append([line])
    sheet.append(list(HEADER))
    for cells in rows_of(rows, weekend_share, as_text=False):
        sheet.append(cells)
    book.save(path)


def check(path: Path, out: Path) -> dict[str, float]:
    """Run `rl-audit check` on the file in a child process: wall time and exit code."""
    cmd = [str(Path(sys.executable).parent / "rl-audit"), "check", str(path), "--format", "json",
           "--output", str(out), "--fail-on", "never", "-q"]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"rl-audit check failed ({done.returncode}): {done.stderr[-2000:]}")
    return {"seconds": seconds}


def findings_by_rule(report: Path) -> dict[str, int]:
    """Findings per rule in the written JSON report."""
    counts: dict[str, int] = {}
    for rule in json.loads(report.read_text(encoding="utf-8"))["rules"]:
        if rule["findings"]:
            counts[rule["id"]] = counts.get(rule["id"], 0) + rule["findings"]
    return counts


def main() -> None:
    """Generate if needed, measure the check and the bare read, print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--weekend-share", type=float, default=0.0)
    parser.add_argument("--file-format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bku_findings_{args.rows}_{args.weekend_share:g}.{args.file_format}"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr, flush=True)
        generate(path, args.rows, args.weekend_share)
    report = args.out / f"{path.stem}.json"
    run = check(path, report)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the check's
    baseline = BASELINE_CSV if path.suffix == ".csv" else bench_ingest.BASELINE
    base = bench_ingest.run(baseline, path)
    print(json.dumps({
        "rows": args.rows,
        "weekend_share": args.weekend_share,
        "file": path.name,
        "baseline_bare_read_s": round(base["seconds"], 2),
        "check_s": round(run["seconds"], 2),
        "check_over_bare_read": round(run["seconds"] / base["seconds"], 2),
        "check_peak_mb": round(peak_mb),
        "json_mb": round(report.stat().st_size / 1024**2, 1),
        "findings_by_rule": findings_by_rule(report),
        "targets": "30 % weekend rows: <= 1.5 x the bare read, peak <= 1500 MB",
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
