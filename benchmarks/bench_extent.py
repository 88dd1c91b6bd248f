"""Benchmark: what the byte/extent guards add to reading a large, honest xlsx.

Usage:  python benchmarks/bench_extent.py [--rows 200000] [--columns 30]

Writes one plain sheet of `--rows` x `--columns` numbers (Excel's `<c r="B7" s="1">`
form) into an in-memory xlsx, then times, each on its own:

- inflating the sheet part in a stream against the budget (`ingest.inflate`);
- the same plus the plain extent scan (`ingest.extent.PlainScan`, numpy);
- the exact element-by-element walk (`ingest.extent.exact_extent`, lxml), the path of
  unusual files only;
- calamine (fastexcel) loading the whole sheet, what the guards protect.
"""

from __future__ import annotations

import argparse
import io
import json
import time
import zipfile
from collections.abc import Callable

import fastexcel

from rl_audit.ingest.extent import PlainScan, blocks, exact_extent
from rl_audit.ingest.inflate import Budget, drain, inflate
from rl_audit.ingest.limits import Limits, column_letter
from rl_audit.ingest.sheet_guards import xlsx_refusals

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)


def workbook(rows: int, columns: int) -> bytes:
    """An xlsx of one sheet of numbers."""
    letters = [column_letter(c) for c in range(columns)]
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{c}{r}" s="1"><v>{r * 7 + i}</v></c>' for i, c in enumerate(letters))
        + "</row>"
        for r in range(1, rows + 1)
    )
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return round(time.perf_counter() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--columns", type=int, default=30)
    opts = parser.parse_args()
    data = workbook(opts.rows, opts.columns)
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    limits = Limits(max_ratio=1e9, max_cells=10**12)

    def scan() -> None:
        plain = PlainScan()
        assert all(plain.feed(b) for b in blocks(inflate(data, info, Budget(limits))))

    figures = {
        "xml_mb": round(info.file_size / 1024**2, 1),
        "inflate_s": timed(lambda: drain(inflate(data, info, Budget(limits)))),
        "inflate_and_plain_scan_s": timed(scan),
        "all_guards_s": timed(lambda: xlsx_refusals(data, archive, limits)),
        "exact_walk_s": timed(lambda: exact_extent(inflate(data, info, Budget(limits)), limits)),
        "calamine_load_s": timed(lambda: fastexcel.read_excel(data).load_sheet(0)),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
