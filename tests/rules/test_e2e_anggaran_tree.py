"""End to end: older and restated budget exports → ingest → ANG-01 … ANG-03 (second wave).

Dinas Kesehatan hands in a DIY-style "Realisasi APBD" CSV (key/value preamble, `Sebelum`
= budget, `Sesudah` = realised, `Angka` = their difference, codes prefixed with the
organisation, uncoded `BELANJA TIDAK LANGSUNG` / `BELANJA LANGSUNG` rows splitting the
tree, irregular leaf codes); planted: one leaf typed Rp 1.000.000 too high (one ANG-03
finding naming the lines of the deepest failing subtotal, which agrees with every row
above it, not one per ancestor), one `Angka` cell copied from the
realised column (ANG-03 on that cell) and an activity that spent four times its budget
(ANG-01, although no code starts with `5.`). Absorption is read from the BELANJA DAERAH
row. RSUD hands in a DPA and monthly reports restating the same budget, one of them with a
repeated account block: the budget counts once, the repeated block is one input problem
and no money finding. Dinas Perpustakaan hands in a DPA alone: its budget is known, its
absorption not measured. Last, the two user-trial sheets: an LRA whose leaf budget is
typed Rp 3 juta too high while its sisa and persen follow the right figure (ANG-03 names
that leaf's anggaran cell, once), and a DPA whose subtotals and JUMLAH row agree while one
leaf under a subtotal is too high (ANG-03 names the subtotal's lines, never asks to change
the right subtotal).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Measure, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, write_csv, write_xlsx

RULES = ("ANG-01", "ANG-02", "ANG-03")
ORG = "1.02.1.02.01.00"
FIRST = 8  # Excel row of the first account line of the CSV (preamble 1–6, header 7)
# (kode, uraian, sebelum, sesudah) in rupiah; None kode: an uncoded section row
# fmt: off
OLD = [
    (f"{ORG}.00.4", "PENDAPATAN DAERAH", 500_000_000, 650_000_000),
    (f"{ORG}.00.4.1.4", "Lain-lain PAD yang Sah", 500_000_000, 650_000_000),
    (None, "Jumlah Pendapatan", 500_000_000, 650_000_000),
    (f"{ORG}.00.5", "BELANJA DAERAH", 3_000_000_000, 2_900_000_000),
    (None, "BELANJA TIDAK LANGSUNG", 1_000_000_000, 950_000_000),
    (f"{ORG}.00.5.1.1", "Belanja Pegawai", 1_000_000_000, 950_000_000),
    (None, "BELANJA LANGSUNG", 2_000_000_000, 1_950_000_000),
    (f"{ORG}.15", "Program Obat dan Perbekalan Kesehatan", 1_200_000_000, 1_000_000_000),
    (f"{ORG}.15.001", "Pengadaan obat dan perbekalan", 1_200_000_000, 1_000_000_000),
    (f"{ORG}.15.001.5.2.2", "BELANJA BARANG DAN JASA", 1_200_000_000, 1_000_000_000),
    (f"{ORG}.15.001.5.2.2.01", "Belanja Bahan Pakai Habis", 1_200_000_000, 1_000_000_000),
    # ANG-03: typed 701.000.000 (the subtotals above add the right 700.000.000)
    (f"{ORG}.15.001.5.2.2.001.00003", "Belanja Obat-obatan", 701_000_000, 600_000_000),
    (f"{ORG}.15.001.5.2.2.001.0063", "Belanja Bahan Habis Pakai Medis", 500_000_000,
     400_000_000),
    (f"{ORG}.16", "Program Upaya Kesehatan Masyarakat", 800_000_000, 950_000_000),
    (f"{ORG}.16.001", "Pelayanan kesehatan penduduk miskin", 600_000_000, 150_000_000),
    # ANG-01: four times its budget
    (f"{ORG}.16.002", "Pemeliharaan dan pemulihan kesehatan", 200_000_000, 800_000_000),
    (None, "Jumlah Belanja", 3_000_000_000, 2_900_000_000),
]
# fmt: on
WRONG_ANGKA = f"{ORG}.16.001"  # its Angka copies Sesudah: 150.000.000 instead of −450.000.000


def old_realisation_csv(tmp: Path) -> tuple[Path, dict[str, int]]:
    rows: list[list[object]] = [
        ["Judul", "Realisasi Anggaran Pendapatan Belanja Daerah"],
        ["Daerah", "Kabupaten Sleman"],
        ["Tahun", "2015"],
        ["Kode Organisasi", "1.02.01.00"],
        ["Nama Organisasi", "Dinas Kesehatan"],
        ["Kolom", "7"],
        ["No. Rekening", "Uraian", "Sebelum", "Sesudah", "Angka", "Prosentase", "Keterangan"],
    ]
    where = {}
    for kode, name, before, after in OLD:
        angka = after if kode == WRONG_ANGKA else after - before
        where[kode or name] = len(rows) + 1
        rows.append([kode, name, before, after, angka, round(angka / before * 100, 2), None])
    return write_csv(tmp / "dinkes" / "3404_realisasi_2015.csv", rows), where


def test_older_realisation_export(tmp_path: Path) -> None:
    path, at = old_realisation_csv(tmp_path)
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    (doc,) = inputs[0].documents()
    assert doc.kind == "anggaran" and {"anggaran", "realisasi", "selisih"} <= set(doc.columns)
    assert not [i for i in doc.warnings if i.key.startswith("code_tree")]
    report = evaluate(
        load_rules(bundled_rules_dir()),
        inputs,
        RunOptions(as_of=pd.Timestamp("2015-12-31"), select=RULES),
    )
    assert not [o for o in report.outcomes if o.status is Status.ERROR]
    found = {
        (f.rule_id, f.locations[0].row, f.locations[0].cell): f.amount_sen for f in report.findings
    }
    leaf, program = f"{ORG}.15.001.5.2.2.001.00003", f"{ORG}.15.001.5.2.2.01"
    # the program row agrees with every row above it: its lines are named, not the program
    assert found == {
        ("ANG-03", at[leaf], f"C{at[leaf]}"): 1_000_000_00,
        ("ANG-03", at[WRONG_ANGKA], f"E{at[WRONG_ANGKA]}"): 600_000_000_00,
        ("ANG-01", at[f"{ORG}.16.002"], f"A{at[f'{ORG}.16.002']}"): 600_000_000_00,
    }
    by_rule = {f.rule_id + str(f.locations[0].row): f for f in report.findings}
    lines = by_rule[f"ANG-03{at[leaf]}"]
    assert [loc.cell for loc in lines.locations] == [f"C{at[leaf]}", f"C{at[leaf] + 1}"]
    assert lines.message == (
        f"Baris LRA akun {program}: baris rincian anggaran di bawahnya berjumlah "
        "1.201.000.000, sedangkan subtotal ini dan total di atasnya 1.200.000.000; periksa "
        "angka pada baris rincian, bukan subtotalnya (selisih 1.000.000)"
    )
    (run,) = report.opd_runs
    assert run.metrics["absorption"] == Measure(2_900_000_000_00, 3_000_000_000_00, 90.0)


# --- restated budgets: a DPA and monthly reports of one OPD ----------------------------------

RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
PERPUS = ("2.23.0.00.0.00.01.0000", "Dinas Perpustakaan dan Kearsipan")
# fmt: off
LINES = [  # (kode, uraian, pagu rupiah)
    ("5", "BELANJA DAERAH", 104_571_400), ("5.1", "BELANJA OPERASI", 104_571_400),
    ("5.1.02", "Belanja Barang dan Jasa", 104_571_400),
    ("5.1.02.01", "Belanja Bahan Pakai Habis", 659_400),
    ("5.1.02.01.01.0025", "Belanja Alat/Bahan Kertas dan Cover", 339_400),
    ("5.1.02.01.01.0027", "Belanja Alat/Bahan Benda Pos", 320_000),
    ("5.1.02.04", "Belanja Perjalanan Dinas", 103_912_000),
    ("5.1.02.04.01", "Belanja Perjalanan Dinas Dalam Negeri", 103_912_000),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", 103_912_000),
]
# fmt: on
REALISED = {"5.1.02.01.01.0025": 300_000, "5.1.02.04.01.0001": 40_000_000}


def dpa_sheet(skpd: tuple[str, str], name: str = "DPA") -> Sheet:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["DOKUMEN PELAKSANAAN ANGGARAN (DPA) SKPD TAHUN ANGGARAN 2025"],
        ["SKPD : " + " ".join(skpd)],
        [],
        ["Kode Rekening", "Uraian", "Pagu Anggaran"],
        *[[k, u, a] for k, u, a in LINES],
    ]
    return Sheet(name, rows)


def month_sheet(name: str, realised: dict[str, int], repeat: bool = False) -> Sheet:
    body = []
    for kode, uraian, pagu in LINES:
        leaves = {k: v for k, v in realised.items() if k == kode or k.startswith(kode + ".")}
        real = sum(leaves.values()) if leaves else None
        body.append([kode, uraian, pagu, real, pagu - (real or 0)])
    if repeat:  # the page break repeats the last account block (Bali workbook)
        body += [row[:3] for row in body[-2:]]
    return Sheet(name, [
        [TITLE_PEMKAB],
        [f"LAPORAN REALISASI FISIK DAN KEUANGAN TAHUN 2025 BULAN {name.upper()}"],
        ["SKPD : " + " ".join(RSUD)],
        [],
        ["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Sisa Anggaran"],
        *body,
    ])  # fmt: skip


def test_restated_budget_counts_once_and_a_repeated_block_is_an_input_problem(
    tmp_path: Path,
) -> None:
    halfway = {k: v // 2 for k, v in REALISED.items()}
    book = write_xlsx(
        tmp_path / "rsud" / "realisasi_2025.xlsx",
        dpa_sheet(RSUD),
        month_sheet("Januari", {}),
        month_sheet("Februari", halfway),
        month_sheet("Maret", REALISED, repeat=True),
    )
    perpus = write_xlsx(tmp_path / "perpus" / "dpa_2025.xlsx", dpa_sheet(PERPUS))
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in (book, perpus)]
    docs = [(d.sheet, d.opd.code if d.opd else None, d) for f in inputs for d in f.documents()]
    assert [(s, o) for s, o, _ in docs] == [
        ("DPA", RSUD[0]), ("Januari", RSUD[0]), ("Februari", RSUD[0]), ("Maret", RSUD[0]),
        ("DPA", PERPUS[0]),
    ]  # fmt: skip
    problems = [(s, i.key, i.cell) for s, _, d in docs for i in d.warnings if "tree" in i.key]
    assert problems == [("Maret", "code_tree_repeat", "A15")]

    report = evaluate(
        load_rules(bundled_rules_dir()),
        inputs,
        RunOptions(as_of=pd.Timestamp("2025-03-31"), select=RULES),
    )
    assert [f.rule_id for f in report.findings] == []  # 40.300.000 of 104.571.400 ≥ 15 %
    runs = {r.opd.code: r for r in report.opd_runs}
    assert runs[RSUD[0]].metrics["absorption"] == Measure(40_300_000_00, 104_571_400_00, 15.0)
    assert runs[PERPUS[0]].metrics["absorption"] == Measure(None, 104_571_400_00, 15.0)
    status = {(o.rule_id, o.opd.code if o.opd else None): o.status for o in report.outcomes}
    assert status["ANG-02", RSUD[0]] is Status.PASSED
    assert status["ANG-02", PERPUS[0]] is Status.NOT_APPLICABLE
    assert status["ANG-03", RSUD[0]] is Status.PASSED


# --- which number is wrong: the side the rest of the sheet supports --------------------------

DINKES = ("1.02.0.00.0.00.01.0000", "Dinas Kesehatan")
# fmt: off
TRIAL_LRA = [  # (kode, uraian, anggaran, realisasi, sisa, persen); Excel rows 6–14
    ("5", "BELANJA DAERAH", 100_000_000, 78_000_000, 22_000_000, 78),
    ("5.1", "BELANJA OPERASI", 100_000_000, 78_000_000, 22_000_000, 78),
    ("5.1.01", "Belanja Pegawai", 20_000_000, 18_000_000, 2_000_000, 90),
    ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS", 20_000_000, 18_000_000, 2_000_000, 90),
    ("5.1.02", "Belanja Barang dan Jasa", 80_000_000, 60_000_000, 20_000_000, 75),
    ("5.1.02.01", "Belanja Barang", 80_000_000, 60_000_000, 20_000_000, 75),  # C11
    ("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 68_000_000, 52_000_000, 16_000_000,
     76.47),
    # C13 typed 15.000.000 instead of 12.000.000; its sisa and persen follow 12.000.000
    ("5.1.02.01.01.0026", "Belanja Bahan Cetak", 15_000_000, 8_000_000, 4_000_000, 66.67),
    (None, "JUMLAH BELANJA", 100_000_000, 78_000_000, 22_000_000, 78),
]
# fmt: on


def trial_sheet(title: str, header: list[str], body: list[list[object]]) -> Sheet:
    return Sheet("LRA", [
        [TITLE_PEMKAB], [f"{title} TAHUN ANGGARAN 2025"], ["SKPD : " + " ".join(DINKES)], [],
        header, *body,
    ])  # fmt: skip


def ang03(tmp: Path, sheet: Sheet) -> list:
    book = write_xlsx(tmp / "dinkes" / "lra_2025.xlsx", sheet)
    report = evaluate(
        load_rules(bundled_rules_dir()),
        [ingest_file(book, IngestOptions(root=tmp))],
        RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("ANG-03",)),
    )
    assert not [o for o in report.outcomes if o.status is Status.ERROR]
    return report.findings


def test_a_leaf_typo_its_own_row_exposes_is_named_once_at_its_cell(tmp_path: Path) -> None:
    header = ["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Sisa Anggaran", "Persen"]
    sheet = trial_sheet("LAPORAN REALISASI ANGGARAN", header, [list(r) for r in TRIAL_LRA])
    (finding,) = ang03(tmp_path, sheet)
    assert [loc.cell for loc in finding.locations] == ["C13"]
    assert finding.amount_sen == 3_000_000_00
    assert finding.message == (
        "Baris LRA akun 5.1.02.01.01.0026: anggaran tercatat 15.000.000, seharusnya "
        "12.000.000 (selisih 3.000.000)"
    )


def test_a_leaf_too_high_under_agreeing_subtotals_names_the_lines(tmp_path: Path) -> None:
    body: list[list[object]] = [  # Excel rows 6–14: 5 … 5.1.02.01 (C11) and JUMLAH say 77
        [k, u, a - 3_000_000 if k in (None, "5", "5.1", "5.1.02", "5.1.02.01") else a]
        for k, u, a, *_ in TRIAL_LRA
    ]
    body[6][2] = 65_000_000  # C12 right; C13 typed 15.000.000 (12.000.000): 3 juta too high
    header = ["Kode Rekening", "Uraian", "Pagu Anggaran"]
    sheet = trial_sheet("DOKUMEN PELAKSANAAN ANGGARAN (DPA) SKPD", header, body)
    (finding,) = ang03(tmp_path, sheet)
    assert [loc.cell for loc in finding.locations] == ["C12", "C13"]
    assert finding.amount_sen == 3_000_000_00
    assert finding.message == (
        "Baris LRA akun 5.1.02.01: baris rincian anggaran di bawahnya berjumlah 80.000.000, "
        "sedangkan subtotal ini dan total di atasnya 77.000.000; periksa angka pada baris "
        "rincian, bukan subtotalnya (selisih 3.000.000)"
    )
    assert "seharusnya" not in finding.message
