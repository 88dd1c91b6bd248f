"""End to end: DPMPTSP's PBG permit register as a workbook → ingest → IZN-01 and IZN-02.

The register of 2025 (title block, SKPD line, header, Jumlah row, signatures) holds the
edges: a permit paid and issued the same day, one paid before it was issued, an exempt
permit (retribusi 0) never paid, one not issued yet; and the planted cases: issued and
unpaid, issued with a blank retribusi (reported, without an amount), paid a day after
issue. A register without a payment-date column is not judged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import AuditReport, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("IZN-01", "IZN-02")
HEADER = ["No", "Nomor Permohonan", "Jenis Izin", "Nama Pemohon", "No SKRD",
          "Nilai Retribusi", "Tanggal Bayar", "Tanggal Terbit"]  # fmt: skip
FIRST = 7  # Excel row of the first data row (header on row 6)
DPMPTSP = "2.18.0.00.0.00.01.0000 Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


# (nomor permohonan, jenis, pemohon, SKRD, retribusi, tanggal bayar, tanggal terbit)
# fmt: off
PERMITS: list[tuple] = [
    ("PBG-001", "PBG", "Budi Santoso", "973/001/SKRD", 2_500_000, d(1, 15), d(1, 15)),  # same day
    ("PBG-002", "PBG", "Siti Aminah", "973/002/SKRD", 1_000_000, d(1, 10), d(1, 20)),
    ("PBG-003", "PBG", "Rumah MBR Sukowati", None, 0, None, d(2, 1)),  # exempt
    ("PBG-004", "PBG", "CV Maju", "973/004/SKRD", 4_000_000, None, None),  # not issued yet
    ("PBG-005", "PBG", "PT Sinar Curup", "973/005/SKRD", 12_500_000.5, None, d(3, 3)),  # IZN-01
    ("PBG-006", "PBG", "Yayasan Al-Ikhlas", "973/006/SKRD", None, None, d(3, 4)),  # IZN-01
    ("PBG-007", "PBG", "Toko Berkah", "973/007/SKRD", 3_000_000, d(4, 2), d(4, 1)),  # IZN-02
]
# fmt: on


def permit_book(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    money = header.index("Nilai Retribusi")
    total = ["Jumlah", *[None] * (money - 1), sum(r[money] or 0 for r in rows)]
    sheet_rows = [
        [TITLE_PEMKAB], ["REGISTER PERSETUJUAN BANGUNAN GEDUNG (PBG) DAN RETRIBUSI"],
        ["TAHUN 2025"], [f"SKPD : {DPMPTSP}"], [], header, *rows, total,
        *signature(left=1, right=len(header) - 1),
    ]  # fmt: skip
    return write_xlsx(path, Sheet("PBG", sheet_rows))


def run(tmp: Path, header: list[str], rows: list[list[object]]) -> AuditReport:
    path = permit_book(tmp / "dpmptsp" / "pbg_2025.xlsx", header, rows)
    inputs = [ingest_file(path, IngestOptions(root=tmp))]
    assert [doc.kind for i in inputs for doc in i.documents()] == ["izin"]
    pack = load_rules(bundled_rules_dir())
    return evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))


def test_izin_rules_end_to_end(tmp_path: Path) -> None:
    report = run(tmp_path, HEADER, [[i + 1, *row] for i, row in enumerate(PERMITS)])
    found = {
        (f.rule_id, f.bpk_code, tuple(loc.row for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    assert found == {
        ("IZN-01", "1.03.01", (FIRST + 4,)): 12_500_000_50,
        ("IZN-01", "1.03.01", (FIRST + 5,)): None,  # a blank retribusi is no exemption
        ("IZN-02", "2.02.02", (FIRST + 6,)): None,
    }
    by_rule = {f.rule_id: f for f in report.findings}
    late = by_rule["IZN-02"].text("message", "id")
    assert "PBG-007" in late and "Toko Berkah" in late and "01/04/2025" in late
    assert "1 hari sebelum retribusi Rp 3.000.000 dibayar tanggal 02/04/2025" in late
    unpaid = next(
        f for f in report.findings if f.rule_id == "IZN-01" and f.locations[0].row == FIRST + 4
    )
    text = unpaid.text("message", "en")
    assert "PT Sinar Curup" in text and "973/005/SKRD" in text and "03/03/2025" in text


def test_register_without_payment_dates_is_not_judged(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Tanggal Bayar"]
    rows = [[i + 1, *row[:5], row[6]] for i, row in enumerate(PERMITS)]
    report = run(tmp_path, header, rows)
    statuses = {o.rule_id: o.status for o in report.outcomes}
    assert statuses == {"IZN-01": Status.NOT_APPLICABLE, "IZN-02": Status.NOT_APPLICABLE}
    assert not report.findings
