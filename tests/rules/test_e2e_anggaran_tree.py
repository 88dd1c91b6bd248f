"""End to end: older and restated budget exports → ingest → ANG-01 … ANG-03 (second wave).

Dinas Kesehatan hands in a DIY-style "Realisasi APBD" CSV (key/value preamble, `Sebelum`
= budget, `Sesudah` = realised, `Angka` = their difference, codes prefixed with the
organisation, uncoded `BELANJA TIDAK LANGSUNG` / `BELANJA LANGSUNG` rows splitting the
tree, irregular leaf codes); planted: one leaf typed Rp 1.000.000 too high (one ANG-03
finding at the deepest subtotal, not one per ancestor), one `Angka` cell copied from the
realised column (ANG-03 on that cell) and an activity that spent four times its budget
(ANG-01, although no code starts with `5.`). Absorption is read from the BELANJA DAERAH
row. RSUD hands in a DPA and monthly reports restating the same budget, one of them with a
repeated account block: the budget counts once, the repeated block is one input problem
and no money finding. Dinas Perpustakaan hands in a DPA alone: its budget is known, its
absorption not measured.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rl_audit.engine import RunOptions, evaluate
from rl_audit.findings import Measure, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset import bundled_rules_dir, load_rules
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
    assert found == {
        ("ANG-03", at[program], f"C{at[program]}"): 1_000_000_00,
        ("ANG-03", at[WRONG_ANGKA], f"E{at[WRONG_ANGKA]}"): 600_000_000_00,
        ("ANG-01", at[f"{ORG}.16.002"], f"A{at[f'{ORG}.16.002']}"): 600_000_000_00,
    }
    assert leaf in at
    by_rule = {f.rule_id + str(f.locations[0].row): f for f in report.findings}
    assert by_rule[f"ANG-03{at[program]}"].message == (
        f"Baris LRA akun {program}: subtotal anggaran tercatat 1.200.000.000, seharusnya "
        "1.201.000.000 (selisih -1.000.000)"
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
