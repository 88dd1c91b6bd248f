"""End to end: a grant register as a workbook → ingest → HIB-01 … HIB-03.

The Sekretariat Daerah's register of 2025 (title block, SKPD line, header, Jumlah row,
signatures) holds one planted case per rule among clean rows on the edges: a grant paid on
its NPHD's date, an LPJ on 10 January, the same foundation written `Yayasan Al-Ikhlas` and
`YAYASAN AL IKHLAS`, a mosque of the same name (another recipient). Dinas Sosial's bansos
register has no NPHD or LPJ columns: HIB-01 and HIB-02 are not applicable there.
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

RULES = ("HIB-01", "HIB-02", "HIB-03")
HEADER = ["No", "Nama Penerima", "NIK/NPWP", "Nomor NPHD", "Tanggal NPHD", "Tanggal SP2D",
          "Nilai Hibah", "Tanggal LPJ"]  # fmt: skip
FIRST = 7  # Excel row of the first data row (header on row 6)
SETDA = "4.01.0.00.0.00.01.0000 Sekretariat Daerah"
DINSOS = "1.06.0.00.0.00.01.0000 Dinas Sosial"


def d(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day)


# (penerima, nik/npwp, nomor NPHD, tanggal NPHD, tanggal SP2D, nilai, tanggal LPJ)
# fmt: off
GRANTS: list[tuple] = [
    ("Yayasan Al-Ikhlas", None, "900/01/NPHD/2025", d(2025, 3, 10), d(2025, 3, 10),
     50_000_000, d(2026, 1, 10)),  # 0: paid on the NPHD date, LPJ on 10 January
    ("Masjid Al Ikhlas", None, "900/02/NPHD/2025", d(2025, 4, 1), d(2025, 4, 2), 20_000_000,
     d(2025, 12, 20)),
    ("KONI Kabupaten Rejang Lebong", "01.234.567.8-301.000", "900/03/NPHD/2025",
     d(2025, 2, 10), d(2025, 2, 9), 750_000_000, d(2025, 12, 30)),  # 2: HIB-01 (before)
    ("Pramuka Kwarcab", None, None, None, d(2025, 5, 5), 25_000_000.5,
     d(2025, 12, 1)),  # 3: HIB-01 (no NPHD)
    ("PMI Kabupaten", None, "900/05/NPHD/2025", d(2025, 6, 1), d(2025, 6, 2), 30_000_000,
     None),  # 4: HIB-02 (no LPJ past the deadline)
    ("YAYASAN AL IKHLAS", None, "900/06/NPHD/2025", d(2025, 9, 1), d(2025, 9, 1), 15_000_000,
     d(2026, 1, 11)),  # 5: HIB-02 (LPJ one day late) and HIB-03 with row 0
]
# fmt: on


def grant_book(path: Path, skpd: str, header: list[str], rows: list[list[object]]) -> Path:
    total = ["Jumlah", *[None] * (header.index(next(h for h in header if "Nilai" in h)) - 1)]
    total.append(sum(float(r[header.index(next(h for h in header if "Nilai" in h))]) for r in rows))
    sheet_rows = [
        [TITLE_PEMKAB], ["REGISTER BELANJA HIBAH DAN BANTUAN SOSIAL"], ["TAHUN ANGGARAN 2025"],
        [f"SKPD : {skpd}"], [], header, *rows, total, *signature(left=1, right=len(header) - 1),
    ]  # fmt: skip
    return write_xlsx(path, Sheet("Hibah", sheet_rows))


def run(tmp: Path, as_of: str = "2026-03-31") -> tuple:
    setda = [[i + 1, *row] for i, row in enumerate(GRANTS)]
    bansos_header = ["No", "Nama Penerima", "NIK", "Tanggal Salur", "Nilai Bansos"]
    bansos = [
        [1, "SITI AMINAH", "1702015501800001", d(2025, 3, 1), 1_200_000],
        [2, "Hj. Siti Aminah", "1702 0155 0180 0001", d(2025, 9, 1), 1_200_000],  # HIB-03
    ]
    paths = [
        grant_book(tmp / "setda" / "hibah_2025.xlsx", SETDA, HEADER, setda),
        grant_book(tmp / "dinsos" / "bansos_2025.xlsx", DINSOS, bansos_header, bansos),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp)) for p in paths]
    assert [doc.kind for i in inputs for doc in i.documents()] == ["hibah", "hibah"]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp(as_of), select=RULES))
    return report, inputs


def test_hibah_rules_end_to_end(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    found = {
        (f.rule_id, f.bpk_code, f.locations[0].file, tuple(loc.row for loc in f.locations)): (
            f.amount_sen
        )
        for f in report.findings
    }
    setda, dinsos = "setda/hibah_2025.xlsx", "dinsos/bansos_2025.xlsx"
    assert found == {
        ("HIB-01", "2.02.03", setda, (FIRST + 2,)): 750_000_000_00,
        ("HIB-01", "2.02.03", setda, (FIRST + 3,)): 25_000_000_50,
        ("HIB-02", "1.04.01", setda, (FIRST + 4,)): 30_000_000_00,
        ("HIB-02", "1.04.01", setda, (FIRST + 5,)): 15_000_000_00,
        ("HIB-03", "1.01.09", setda, (FIRST, FIRST + 5)): 15_000_000_00,
        ("HIB-03", "1.01.09", dinsos, (FIRST, FIRST + 1)): 1_200_000_00,
    }


def test_messages_name_the_values(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    by_row = {
        (f.rule_id, f.locations[0].row): f
        for f in report.findings
        if f.locations[0].file.startswith("setda")
    }
    before = by_row[("HIB-01", FIRST + 2)].text("message", "id")
    assert "KONI" in before and "09/02/2025" in before and "10/02/2025" in before
    assert "sebelum NPHD" in before
    late = by_row[("HIB-02", FIRST + 5)].text("message", "en")
    assert "due by 10/1 of the next year, report date 11/01/2026, 1 days past" in late
    missing = by_row[("HIB-02", FIRST + 4)].text("message", "id")
    assert "LPJ belum disampaikan" in missing and "80 hari" in missing  # 10/1 → 31/3/2026
    twice = by_row[("HIB-03", FIRST)].text("message", "id")
    assert "Yayasan Al-Ikhlas menerima hibah/bansos 2 kali pada tahun 2025" in twice
    assert "(SP2D tanggal 10/03/2025; 01/09/2025)" in twice and "Rp 15.000.000" in twice


def test_bansos_register_without_nphd_columns_is_not_judged(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    status = {(o.rule_id, o.opd.code if o.opd else ""): o.status for o in report.outcomes}
    assert status[("HIB-01", "1.06.0.00.0.00.01.0000")] is Status.NOT_APPLICABLE
    assert status[("HIB-02", "1.06.0.00.0.00.01.0000")] is Status.NOT_APPLICABLE
    assert status[("HIB-03", "1.06.0.00.0.00.01.0000")] is Status.FAILED


def test_blank_lpj_before_the_deadline_is_not_a_finding(tmp_path: Path) -> None:
    report, _ = run(tmp_path, as_of="2026-01-10")
    late = [f.locations[0].row for f in report.findings if f.rule_id == "HIB-02"]
    assert late == [FIRST + 5]  # only the LPJ dated 11 January; PMI's blank LPJ not yet
