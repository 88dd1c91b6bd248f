"""Benchmark: `rl-audit check` over a folder of hostile files beside one good OPD folder.

Usage:  python benchmarks/bench_hostile.py [--out DIR] [--lie-mb 1500] [--big-rows 200000]
                                   [--file-seconds 120] [--file-memory-mb 2048] [--keep]

Builds the corpus of issue 14 in a temp folder (or `--out`): the sample Dinas
Kesehatan folder (`samples/dinkes/`, the good export) and, beside it,

- `far_cell.xlsx`: 5 KB, a header and one cell at XFD1048576 (`<dimension>` says so too);
- `redos.xlsx`: 20 cells of 32,000 digits ending in one letter (the header detection's
  quadratic pattern), and `redos.csv`: the same in 64 KB of CSV;
- `colspan.xls`: HTML saved as `.xls`, 1.2 MB of rows whose cells say `colspan=1000`;
- `lying.xlsx`: a workbook whose sheet entry declares 900 KB but inflates to
  `--lie-mb` MB (1.5 GB by default; the local and central headers both lie);
- `big.csv`: a plain table of `--big-rows` rows (14 MB) no guard refuses: read in
  full it is no known document; only the per-file budget stops it.

Then runs `rl-audit check --format json` over the whole folder in a subprocess, twice:
with a config holding only the `limits:` given here (default: the shipped 120 s and
2048 MB) and with tight ones (5 s, 100 MB: the budget, not a guard, stops `big.csv`).
For each it reports: wall time; the peak RSS of the largest process of the run
(`getrusage(RUSAGE_CHILDREN).ru_maxrss` in a wrapper process: the check, its forkserver
and reader processes, all reaped before it ends) and the peak of the whole process
tree's summed RSS (sampled from /proc every 50 ms); the exit code; what became of each
hostile file (its input problem, or "NOT NAMED" when it was read); and whether the good
folder's findings equal those of a run over the good folder alone. Done when every
hostile file is named, the good findings are complete, no process dies and the peak
stays < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Target="xl/workbook.xml" Type="{REL}/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="BKU" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
        f'Target="worksheets/sheet1.xml" Type="{REL}/worksheet"/></Relationships>'
    ),
}
HEADER = ("No", "Tanggal", "No Bukti", "Uraian", "Pengeluaran")


# --- the hostile files ----------------------------------------------------------------


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    cells = "".join(_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'


def _sheet(rows: str, dimension: str) -> str:
    return (
        f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def _xlsx(path: Path, sheet_xml: str) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in {**PARTS, "xl/worksheets/sheet1.xml": sheet_xml}.items():
            book.writestr(name, text)


def far_cell(path: Path) -> None:
    """A header and one cell at XFD1048576."""
    rows = _header_row() + f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'
    _xlsx(path, _sheet(rows, "A1:XFD1048576"))


def redos(folder: Path) -> None:
    """20 cells of 32,000 digits and a letter (xlsx), and 64 KB of such cells (CSV)."""
    cell = "1" * 32_000 + "x"
    rows = "".join(f'<row r="{r}">{_cell(f"A{r}", cell)}</row>' for r in range(1, 21))
    _xlsx(folder / "redos.xlsx", _sheet(rows, "A1:A20"))
    line = "9" * 16_000 + "a"
    (folder / "redos.csv").write_text("\n".join([line] * 4) + "\n", encoding="utf-8")


def colspan(path: Path) -> None:
    """HTML with an `.xls` name: 1.2 MB of rows of `colspan=1000` cells."""
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"
    row = "<tr>" + '<td colspan="1000">1</td>' * 20 + "</tr>"
    rows = "\n".join([row] * 2_400)
    path.write_text(f"<html><body><table>{head}{rows}</table></body></html>", encoding="utf-8")


def lying_zip(path: Path, inflated_mb: int, declared: int = 900 * 1024) -> None:
    """An xlsx whose sheet member inflates to `inflated_mb` MB but declares `declared`."""
    members = [(name, text.encode()) for name, text in PARTS.items()]
    with path.open("wb") as out:
        central = [_member(out, name, *_deflate_all(data)) for name, data in members]
        central.append(_member(out, "xl/worksheets/sheet1.xml", *_bomb(inflated_mb), declared))
        start = out.tell()
        for record in central:
            out.write(record)
        size = out.tell() - start
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, *[len(central)] * 2, size, start, 0))


def _deflate_all(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def _bomb(inflated_mb: int) -> tuple[bytes, int, int]:
    """A sheet XML of `inflated_mb` MB of identical rows, deflated in a stream."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = f'<worksheet xmlns="{MAIN}"><sheetData>{_header_row()}'.encode()
    row = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>'
    block = row * (1024**2 // len(row))
    tail = b"</sheetData></worksheet>"
    parts, crc, size = [packer.compress(head)], zlib.crc32(head), len(head)
    for _ in range(inflated_mb):
        parts.append(packer.compress(block))
        crc, size = zlib.crc32(block, crc), size + len(block)
    parts += [packer.compress(tail), packer.flush()]
    return b"".join(parts), zlib.crc32(tail, crc), size + len(tail)


def _member(out: Any, name: str, data: bytes, crc: int, size: int, declared: int = -1) -> bytes:
    """Write a local header and data; return its central directory record (sizes as told)."""
    told = size if declared < 0 else declared
    offset, raw = out.tell(), name.encode()
    fixed = (20, 0, 8, 0, 0, crc, len(data), told, len(raw))
    out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed, 0) + raw + data)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fixed, 0, 0, 0, 0, 0, offset)
    return central + raw


def big_csv(path: Path, rows: int) -> None:
    """A table of `rows` rows no guard refuses (~1 KB a row to read), of no known kind."""
    head = "Kode,Nama,Keterangan,Nilai A,Nilai B,Nilai C,Catatan\n"
    body = (f"{i},Barang {i},Keterangan {i},{i},{i * 2},{i * 3},-\n" for i in range(rows))
    path.write_text(head + "".join(body), encoding="utf-8")


def build(folder: Path, lie_mb: int, big_rows: int) -> dict[str, float]:
    """Write the corpus in `folder`; return each hostile file's size in KB."""
    shutil.copytree(ROOT / "samples" / "dinkes", folder / "dinkes")
    far_cell(folder / "far_cell.xlsx")
    redos(folder)
    colspan(folder / "colspan.xls")
    lying_zip(folder / "lying.xlsx", lie_mb)
    big_csv(folder / "big.csv", big_rows)
    return {p.name: round(p.stat().st_size / 1024, 1) for p in sorted(folder.glob("*.*"))}


# --- the run ------------------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Summed RSS (bytes) of `root` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


# Runs the command and reports, as its last stderr line, the peak RSS (KB) of the largest
# process it waited for: the check, its forkserver and reader processes (all reaped).
WRAP = (
    "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(p.returncode)"
)


def check(paths: list[Path], config: Path) -> dict[str, Any]:
    """Run `rl-audit check --format json` over `paths`; time, memory, report."""
    exe = Path(sys.executable).parent / "rl-audit"
    args = [str(exe), "check", "--config", str(config), "--format", "json", "--lang", "en"]
    peak = [0]
    start = time.perf_counter()
    pipe = subprocess.PIPE
    command = [sys.executable, "-c", WRAP, *args, *map(str, paths)]
    proc = subprocess.Popen(command, stdout=pipe, stderr=pipe)
    watcher = threading.Thread(target=_watch, args=(proc, peak), daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    watcher.join()
    *said, maxrss = err.decode("utf-8", "replace").strip().splitlines() or ["0"]
    return {
        "wall_s": round(wall, 1),
        "exit": proc.returncode,
        "largest_process_peak_mb": round(int(maxrss) / 1024, 1),
        "tree_peak_mb": round(peak[0] / 1024**2, 1),
        "report": json.loads(out) if out.strip().startswith(b"{") else None,
        "stderr": "\n".join(said),
    }


def _watch(proc: subprocess.Popen[bytes], peak: list[int]) -> None:
    while proc.poll() is None:
        peak[0] = max(peak[0], _tree_rss(proc.pid))
        time.sleep(0.05)


def _summary(run: dict[str, Any], alone: dict[str, Any], sizes: dict[str, float]) -> None:
    report = run.pop("report") or {}
    status = {Path(i["file"]).name: i["status"] for i in report.get("inputs", [])}
    problems: dict[str, dict[str, Any]] = {}
    for problem in report.get("problems", []):  # errors come first
        problems.setdefault(Path(problem["file"] or "").name, problem)
    for name, size in sizes.items():
        found = problems.get(name)
        said = f"{found['key']}: {found['message']}" if found else "NOT NAMED"
        print(f"  {name} ({size} KB): {status.get(name, 'missing')}; {said}")
    good = _fingerprints(report, "dinkes")
    want = _fingerprints(alone.get("report") or {}, "dinkes")
    print(f"  good folder: {len(good)} findings, alone {len(want)}, equal: {good == want}")
    run.pop("stderr")
    print("  " + json.dumps(run))


def _config(folder: Path, seconds: float, memory_mb: float) -> tuple[Path, str]:
    limits = f"file_seconds: {seconds:g}, file_memory_mb: {memory_mb:g}"
    path = folder / f"rl-audit-{seconds:g}s-{memory_mb:g}mb.yaml"
    path.write_text(f"limits: {{{limits}}}\n", encoding="utf-8")
    return path, limits


def _fingerprints(report: dict[str, Any], folder: str) -> list[str]:
    """The fingerprints of the findings located in files under `folder`."""
    return sorted(
        f["fingerprint"]
        for f in report.get("findings", [])
        if any(f"{folder}/" in str(loc.get("file", "")) for loc in f["locations"])
    )


def main() -> None:
    """Build the corpus, run the check over it (given and tight budgets) and the good folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="build here (default: a temp folder)")
    parser.add_argument("--lie-mb", type=int, default=1500, help="what lying.xlsx inflates to")
    parser.add_argument("--big-rows", type=int, default=200_000, help="rows of big.csv")
    parser.add_argument("--file-seconds", type=float, default=120.0)
    parser.add_argument("--file-memory-mb", type=float, default=2048.0)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    opts = parser.parse_args()
    folder = opts.out or Path(tempfile.mkdtemp(prefix="rl-audit-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        sizes = build(folder / "corpus", opts.lie_mb, opts.big_rows)
        hostile = {k: v for k, v in sizes.items() if k != "dinkes"}
        config, _ = _config(folder, opts.file_seconds, opts.file_memory_mb)
        alone = check([folder / "corpus" / "dinkes"], config)
        print(f"good folder alone: {alone['wall_s']} s, exit {alone['exit']}")
        for seconds, memory_mb in ((opts.file_seconds, opts.file_memory_mb), (5.0, 100.0)):
            config, limits = _config(folder, seconds, memory_mb)
            print(f"corpus (limits: {limits}):")
            _summary(check([folder / "corpus"], config), alone, hostile)
    finally:
        if opts.out is None and not opts.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
