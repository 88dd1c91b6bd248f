"""End to end: an SP2D register workbook → ingest → the sp2d rules (S2D-01 … S2D-03).

RSUD Curup's register of 2025 is laid out as exported: title block, SKPD line, a merged
`Potongan` header over the tax columns, a column-number row, a Jumlah row and the
signatures. One case per rule is planted among clean rows and near misses (a TU settled
exactly on day 30, a GU Nihil naming the TU it settles, a TU whose 30 days have not yet
passed, a netto off by Rp 1, an LS of exactly Rp 2.000.000). Every finding must be a
planted case, with rule, BPK code, Excel row and amount to the sen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("S2D-01", "S2D-02", "S2D-03")
RSUD = "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup"
FIRST = 9  # Excel row of the first SP2D (headers on rows 6–7, numbers on row 8)
PARENT = ["No", "Tanggal SP2D", "Nomor SP2D", "Jenis SP2D", "Uraian", "Nama Pihak Ketiga",
          "Nilai SP2D", "Potongan", None, None, None, None, None, "Jumlah Bersih"]  # fmt: skip
CHILD = [None] * 7 + ["PPh 21", "PPh 22", "PPh 23", "PPh Final", "PPN", "IWP", None]


def d(month: int, day: int) -> dt.datetime:
    """A day of 2025."""
    return dt.datetime(2025, month, day)


# (date, nomor, jenis, uraian, penerima, bruto, [pph21, pph22, pph23, final, ppn, iwp], netto)
# fmt: off
LINES: list[tuple] = [
    # 0: TU settled exactly on day 30 (by row 1): clean
    (d(3, 1), "0101/SP2D/TU/RSUD/2025", "TU", "TU belanja obat darurat", "Bendahara",
     50_000_000, [None] * 6, 50_000_000),
    (d(3, 31), "0131/SP2D/TU-NIHIL/RSUD/2025", "TU-NIHIL", "Pertanggungjawaban TU 0101",
     "Bendahara", 48_500_000, [None] * 6, 48_500_000),
    # 2: S2D-01, a TU never accounted for
    (d(6, 2), "0201/SP2D/TU/RSUD/2025", "Tambahan Uang", "TU pemeliharaan genset",
     "Bendahara", 30_000_000.5, [None] * 6, 30_000_000.5),
    # 3: clean LS with its taxes
    (d(6, 10), "0210/SP2D/LS/RSUD/2025", "LS Barang dan Jasa", "Belanja BMHP",
     "CV Medika", 22_200_000, [None, 300_000, None, None, 2_200_000, None], 19_700_000),
    # 4: an LS of exactly Rp 2.000.000 without tax: clean
    (d(6, 11), "0211/SP2D/LS/RSUD/2025", "LS-BJ", "Belanja ATK", "Toko Sinar", 2_000_000,
     [None] * 6, 2_000_000),
    # 5: S2D-03, an LS to a third party without any tax deduction
    (d(7, 1), "0301/SP2D/LS/RSUD/2025", "LS Pihak Ketiga", "Servis alat laboratorium",
     "CV Teknik Medis", 15_000_000, [None, 0, 0, None, "-", None], 15_000_000),
    # 6: S2D-02, netto Rp 2 above bruto − potongan
    (d(7, 25), "0325/SP2D/LS/RSUD/2025", "LS Gaji", "Gaji Juli", "Pegawai", 10_000_000,
     [250_000, None, None, None, None, 100_000], 9_650_002),
    # 7: netto Rp 1 off (rounding): clean
    (d(8, 5), "0405/SP2D/GU/RSUD/2025", "GU", "GU operasional", "Bendahara", 5_000_000,
     [None] * 6, 5_000_001),
    # 8 + 9: a TU settled by a GU Nihil naming it (within 30 days): clean
    (d(9, 1), "0501/SP2D/TU/RSUD/2025", "SP2D TU", "TU kegiatan akreditasi", "Bendahara",
     20_000_000, [None] * 6, 20_000_000),
    (d(9, 20), "0520/SP2D/GU/RSUD/2025", "GU Nihil", "Pengesahan SPJ TU 0501", "Bendahara",
     19_000_000, [None] * 6, 19_000_000),
    # 10: a TU 21 days before the as-of date: not late yet
    (d(12, 10), "0910/SP2D/TU/RSUD/2025", "TU", "TU akhir tahun", "Bendahara", 10_000_000,
     [None] * 6, 10_000_000),
]
# fmt: on


def register(tmp: Path) -> Path:
    """The RSUD Curup register workbook."""
    data = [
        [i + 1, day, nomor, jenis, uraian, penerima, bruto, *cuts, netto]
        for i, (day, nomor, jenis, uraian, penerima, bruto, cuts, netto) in enumerate(LINES)
    ]
    total = [None, None, None, None, "Jumlah", None, sum(line[5] for line in LINES)]
    rows = [
        [TITLE_PEMKAB],
        ["REGISTER SP2D TAHUN ANGGARAN 2025"],
        [f"SKPD : {RSUD}"],
        ["KABUPATEN : REJANG LEBONG    PROVINSI : BENGKULU"],
        [],
        PARENT,
        CHILD,
        list(range(1, len(PARENT) + 1)),
        *data,
        total,
        *signature(left=1, right=8, head="Direktur", place="Curup, 31 Desember 2025"),
    ]
    merges = [f"{c}6:{c}7" for c in "ABCDEFGN"] + ["H6:M6"]
    sheet = Sheet("Register SP2D", rows, merges=merges, formats={"G9:N20": "#,##0.00"})
    return write_xlsx(tmp / "rsud" / "register_sp2d_2025.xlsx", sheet)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    """The register ingested and the sp2d rules run at 31 December 2025."""
    tmp = tmp_path_factory.mktemp("sp2d")
    inputs = [ingest_file(register(tmp), IngestOptions(root=tmp))]
    docs = [doc for inp in inputs for doc in inp.documents()]
    assert [(doc.kind, doc.sheet) for doc in docs] == [("sp2d", "Register SP2D")]
    assert {"potongan_pph22", "potongan_ppn", "potongan_lain", "netto"} <= set(docs[0].columns)
    pack = load_rules(bundled_rules_dir())
    return evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))


def test_sp2d_rules_find_the_planted_cases(report) -> None:
    assert not [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    found = {
        (f.rule_id, f.bpk_code, tuple(loc.row for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    assert found == {
        ("S2D-01", "1.04.11", (FIRST + 2,)): 30_000_000_50,
        ("S2D-02", "2.01.01", (FIRST + 6,)): 2_00,
        ("S2D-03", "1.03.01", (FIRST + 5,)): None,
    }


def test_sp2d_messages_name_the_values(report) -> None:
    by_rule = {f.rule_id: f for f in report.findings}
    tu = by_rule["S2D-01"].text("message", "id")
    assert "0201/SP2D/TU/RSUD/2025" in tu and "02/07/2025" in tu and "182 hari" in tu
    netto = by_rule["S2D-02"].text("message", "en")
    assert "Rp 9.650.000" in netto and "Rp 9.650.002" in netto and "Rp 350.000" in netto
    assert "CV Teknik Medis" in by_rule["S2D-03"].text("message", "id")


def test_a_late_settlement_is_found_and_an_earlier_as_of_is_not_late(tmp_path: Path) -> None:
    pack = load_rules(bundled_rules_dir())
    inputs = [ingest_file(register(tmp_path), IngestOptions(root=tmp_path))]
    early = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-07-02"), select=RULES))
    assert not [f for f in early.findings if f.rule_id == "S2D-01"]
    late = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-07-03"), select=RULES))
    assert [f.locations[0].row for f in late.findings if f.rule_id == "S2D-01"] == [FIRST + 2]
