"""End to end: registers of receipts and deposits → ingest → PNR-01 and PNR-02.

Two realistic workbooks run at 30 April 2025: the DPMPTSP register of retribusi PBG
(March–April; weekend, Nyepi and Lebaran with cuti bersama around the deadlines, one
receipt deposited a working day late: PNR-01) and the RSUD Curup BKU penerimaan
(April; Good Friday moves a deadline, one receipt never deposited: PNR-02). A receipt of
29 April with no deposit yet is not overdue at 30 April.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("PNR-01", "PNR-02")
HEADER_ROW = 6
HEADER = [
    "No",
    "Tanggal Terima",
    "No Bukti",
    "Uraian",
    "Kode Rekening",
    "Jumlah (Rp)",
    "Tanggal Setor",
    "No STS",
]


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


# (received, bukti, uraian, kode rekening, jumlah in sen, deposited, STS number)
Line = tuple[dt.datetime, str, str, str, int, dt.datetime | None, str | None]

PBG = "4.1.02.03.01.0001"
# fmt: off
DPMPTSP_LINES: list[Line] = [
    (d(3, 3), "SKRD/001/III/2025", "Retribusi PBG ruko Jl. Merdeka", PBG, 1_500_000_00,
     d(3, 4), "STS/DPMPTSP/001"),
    # Friday → Monday
    (d(3, 7), "SKRD/002/III/2025", "Retribusi PBG rumah tinggal", PBG, 750_000_50,
     d(3, 10), "STS/DPMPTSP/002"),
    # Thursday before Nyepi cuti bersama (28 Mar) and Lebaran (31 Mar – 7 Apr): due 8 Apr
    (d(3, 27), "SKRD/003/III/2025", "Retribusi PBG gudang", PBG, 2_250_000_00,
     d(4, 8), "STS/DPMPTSP/003"),
    # PNR-01: received Thursday 10 April, due Friday 11 April, deposited Tuesday 15 April
    (d(4, 10), "SKRD/004/IV/2025", "Retribusi PBG toko bangunan", PBG, 3_000_000_00,
     d(4, 15), "STS/DPMPTSP/004"),
    # received 29 April, due 30 April: not yet overdue at the as-of date
    (d(4, 29), "SKRD/005/IV/2025", "Retribusi PBG kantor", PBG, 500_000_00, None, None),
]
# fmt: on

BLUD = "4.1.04.16.01.0001"
# fmt: off
RSUD_LINES: list[Line] = [
    (d(4, 8), "TBP/001/IV/2025", "Pendapatan jasa layanan rawat jalan", BLUD, 12_500_000_00,
     d(4, 9), "STS/RSUD/041"),
    # Thursday 17 April; Good Friday 18 April → due Monday 21 April
    (d(4, 17), "TBP/002/IV/2025", "Pendapatan jasa layanan rawat inap", BLUD,
     48_750_000_75, d(4, 21), "STS/RSUD/042"),
    # PNR-02: never deposited, due 23 April
    (d(4, 22), "TBP/003/IV/2025", "Klaim BPJS Kesehatan Maret", "4.1.04.16.01.0002",
     325_000_000_00, None, None),
    (d(4, 29), "TBP/004/IV/2025", "Pendapatan jasa layanan laboratorium", BLUD,
     7_250_000_00, d(4, 30), "STS/RSUD/044"),
]
# fmt: on


def register(title: str, period: str, skpd: str, lines: list[Line], head: str) -> Sheet:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        [title],
        [period],
        [f"SKPD : {skpd}"],
        [],
        HEADER,
    ]
    for i, (received, bukti, uraian, kode, jumlah, deposited, sts) in enumerate(lines):
        rows.append([i + 1, received, bukti, uraian, kode, jumlah / 100, deposited, sts])
    rows.append([None, None, None, "TOTAL", None, sum(x[4] for x in lines) / 100])
    rows += signature(left=0, right=5, head=head, place="Curup, 30 April 2025")
    return Sheet("Penerimaan", rows)


def row_of(line: int) -> int:
    """Excel row of a data line (0-based), right below the header."""
    return HEADER_ROW + 1 + line


def test_penerimaan_rules_end_to_end(tmp_path: Path) -> None:
    dpmptsp = register(
        "REGISTER PENERIMAAN DAN PENYETORAN RETRIBUSI",
        "BULAN MARET S.D. APRIL 2025",
        "2.18.0.00.0.00.01.0000 Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        DPMPTSP_LINES,
        "Kepala Dinas",
    )
    rsud = register(
        "BUKU PENERIMAAN DAN PENYETORAN BENDAHARA PENERIMAAN",
        "BULAN APRIL 2025",
        "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup",
        RSUD_LINES,
        "Direktur",
    )
    paths = [
        write_xlsx(tmp_path / "dpmptsp" / "register_sts_maret_april.xlsx", dpmptsp),
        write_xlsx(tmp_path / "rsud" / "penerimaan_april.xlsx", rsud),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    for inp in inputs:
        assert [doc.kind for doc in inp.documents()] == ["penerimaan"], inp.display

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-04-30"), select=RULES))

    status = {(o.opd.code if o.opd else "?", o.rule_id): o.status for o in report.outcomes}
    assert status == {
        ("2.18.0.00.0.00.01.0000", "PNR-01"): Status.FAILED,
        ("2.18.0.00.0.00.01.0000", "PNR-02"): Status.PASSED,
        ("1.02.0.00.0.00.02.0000", "PNR-01"): Status.PASSED,
        ("1.02.0.00.0.00.02.0000", "PNR-02"): Status.FAILED,
    }
    found = {
        (
            f.rule_id,
            f.bpk_code,
            f.locations[0].file,
            tuple(loc.row for loc in f.locations),
        ): f.amount_sen
        for f in report.findings
    }
    assert found == {
        ("PNR-01", "1.04.10", "dpmptsp/register_sts_maret_april.xlsx", (row_of(3),)): 3_000_000_00,
        ("PNR-02", "1.03.01", "rsud/penerimaan_april.xlsx", (row_of(2),)): 325_000_000_00,
    }
    by_rule = {f.rule_id: f for f in report.findings}
    assert "batas setor 11/04/2025 (1 hari kerja), terlambat 4 hari kalender" in (
        by_rule["PNR-01"].message
    )
    assert "batas setor 23/04/2025, lewat 7 hari kalender pada 30/04/2025" in (
        by_rule["PNR-02"].message
    )
    assert by_rule["PNR-02"].locations[0].cell == f"G{row_of(2)}"
