"""Benchmark: ingest of a 1,000,000-row BKU-like workbook vs a bare pandas calamine read.

Usage:  python benchmarks/bench_ingest.py [--rows 1000000] [--out benchmarks/out]

Generates (once, cached) a workbook with a title block, the header on row 8 and some
money columns stored as Indonesian text numbers, then measures in separate
processes, in the same run: (1) `pandas.read_excel(engine="calamine")`, the
baseline; (2) rl-audit's ingest of the same file (`ingest_file`). Each process
reports its wall time and peak RSS. Targets: ingest ≤ 0.6 × baseline time, peak
memory ≤ 1.5 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

BASELINE = """
import resource, time, pandas as pd, json, sys
t = time.perf_counter()
df = pd.read_excel(sys.argv[1], engine="calamine", header=None)
el = time.perf_counter() - t
print(json.dumps({"seconds": el, "rows": len(df),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

INGEST = """
import resource, time, json, sys
from pathlib import Path
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
t = time.perf_counter()
f = ingest_file(Path(sys.argv[1]), IngestOptions(opd="dinkes"))
el = time.perf_counter() - t
sheet = f.sheets[0]
print(json.dumps({"seconds": el, "rows": sheet.data_rows, "kind": sheet.kind,
                  "status": f.status,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def working_days(year: int) -> list[dt.date]:
    """Working days of `year` (no weekends, holidays or cuti bersama): spending days."""
    import holidays

    off = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    day, out = dt.date(year, 1, 2), []
    while day.year == year:
        if day.weekday() < 5 and day not in off:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def generate(path: Path, rows: int) -> None:
    """Write the BKU-like workbook with openpyxl's write-only mode."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("BKU")
    for line in (
        "PEMERINTAH KABUPATEN REJANG LEBONG",
        "BUKU KAS UMUM PENGELUARAN",
        "PERIODE JANUARI - DESEMBER 2025",
        "SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan",
        "Pengguna Anggaran : dr. Contoh",
        "Bendahara Pengeluaran : Contoh",
        None,
    ):
        ws.append([line])
    ws.append(
        [
            "No",
            "Tanggal",
            "No Bukti",
            "Kode Rekening",
            "Uraian",
            "Penerimaan",
            "Pengeluaran",
            "Saldo",
            "Cara Bayar",
        ]
    )
    days = working_days(2025)
    saldo = 0
    for i in range(1, rows + 1):
        cells, saldo = bku_row(i, days[(i * len(days)) // (rows + 1)], saldo)
        ws.append(cells)
    wb.save(path)


def bku_row(i: int, day: object, saldo: int) -> tuple[list[object], int]:
    """BKU row `i` dated `day` (a third of the spending as Indonesian text) and the balance."""
    out = (i * 7919) % 5_000_000 + 10_000
    inc = 60_000_000 if i % 50 == 1 else 0
    saldo += inc - out
    text_out = f"{out:,}".replace(",", ".") + ",00"
    cells = [i, day, f"BKU-{i:07d}", "5.1.02.01.01.0024",
             f"Belanja barang operasional nomor {i % 977}", inc,
             text_out if i % 3 == 0 else out, saldo, "Transfer" if i % 7 else "Tunai"]  # fmt: skip
    return cells, saldo


def run(code: str, path: Path) -> dict[str, float]:
    """Run a measurement in a fresh interpreter and return its JSON report."""
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Generate if needed, measure both readers, print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bku_v3_{args.rows}.xlsx"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows)
    base = run(BASELINE, path)
    ing = run(INGEST, path)
    ratio = ing["seconds"] / base["seconds"]
    print(
        json.dumps(
            {
                "rows": args.rows,
                "baseline": base,
                "ingest": ing,
                "time_ratio": round(ratio, 3),
                "target": "ratio <= 0.6, ingest peak <= 1500 MB",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
