"""End to end: LRA/DPA and realisasi workbooks → ingest → ANG-01 … ANG-03, RLS-01, RLS-02.

Dinas PUPRKP hands in an LRA per 30 September (code tree with subtotal rows, sisa and %
columns, JUMLAH rows, signature) and a SIPD "Laporan Realisasi Per Dokumen"; planted: one
account over its pagu (ANG-01, read from the LRA's own realisasi column), absorption below
the TW III target (ANG-02), one subtotal row that is not the sum of its lines (ANG-03), a
payment booked twice (RLS-01) and a printer bought on a goods account (RLS-02).
RSUD Curup hands in a DPA without realisation and its realisasi export: realised spending
then comes from the documents (LS dated by its transfer, refunds subtracted), and one
account runs over its pagu (a second ANG-01). Every other row is clean: each finding must
be a planted case, with its rule, BPK code, Excel rows and amount to the sen.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Severity, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("ANG-01", "ANG-02", "ANG-03", "RLS-01", "RLS-02")
BPK = {"ANG-01": "1.04.16", "ANG-02": "3.03.05", "ANG-03": "2.01.01", "RLS-01": "1.01.04",
       "RLS-02": "2.01.01"}  # fmt: skip
PUPRKP = ("1.03.1.04.0.00.01.0000",
          "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman")  # fmt: skip
RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
LRA_FIRST = 7  # Excel row of the first LRA line (title 1–4, blank 5, header 6)
RLS_FIRST = 7

# --- PUPRKP LRA: leaves (kode, uraian, anggaran sen, realisasi sen) -----------------------
# fmt: off
PENDAPATAN = [
    ("4.1.02.02.01.0001", "Retribusi Penyewaan Alat Berat", 50_000_000_00, 70_000_000_00),
]
BELANJA = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
     25_000_000_00, 12_345_678_90),
    # ANG-01: over its pagu by Rp 1.250.000,50 (sisa and % consistent with it)
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak",
     10_000_000_00, 11_250_000_50),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", 40_000_000_00, 18_000_000_00),
    ("5.1.02.02.01.0013", "Belanja Jasa Tenaga Teknis", 60_000_000_00, 30_000_000_00),
    ("5.1.02.03.02.0035", "Belanja Pemeliharaan Alat Angkutan Darat Bermotor",
     35_000_000_00, 10_500_000_00),
    ("5.2.02.05.01.0005", "Belanja Modal Peralatan Komputer", 150_000_000_00, 60_000_000_00),
    ("5.2.04.01.01.0012", "Belanja Modal Jalan Kabupaten", 680_000_000_00, 320_000_000_00),
]
NAMES = {
    "4": "PENDAPATAN DAERAH", "4.1": "PENDAPATAN ASLI DAERAH", "4.1.02": "Retribusi Daerah",
    "4.1.02.02": "Retribusi Jasa Usaha", "4.1.02.02.01": "Retribusi Penyewaan Tanah dan Bangunan",
    "5": "BELANJA DAERAH", "5.1": "BELANJA OPERASI", "5.1.02": "Belanja Barang dan Jasa",
    "5.1.02.01": "Belanja Barang", "5.1.02.01.01": "Belanja Barang Pakai Habis",
    "5.1.02.02": "Belanja Jasa", "5.1.02.02.01": "Belanja Jasa Kantor",
    "5.1.02.03": "Belanja Pemeliharaan", "5.1.02.03.02": "Belanja Pemeliharaan Peralatan",
    "5.2": "BELANJA MODAL", "5.2.02": "Belanja Modal Peralatan dan Mesin",
    "5.2.02.05": "Belanja Modal Alat Kantor", "5.2.02.05.01": "Belanja Modal Alat Kantor",
    "5.2.04": "Belanja Modal Jalan, Jaringan dan Irigasi", "5.2.04.01": "Belanja Modal Jalan",
    "5.2.04.01.01": "Belanja Modal Jalan Kabupaten",
}
# ANG-03: this subtotal's anggaran is typed Rp 5.000.000 too high (its sisa follows it)
WRONG_SUBTOTAL = ("5.1.02.02", 5_000_000_00)
# fmt: on


def tree(leaves: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int, bool]]:
    """Subtotal rows (sums of their leaves) before their leaves, in code order."""
    out: list[tuple[str, str, int, int, bool]] = []
    seen: set[str] = set()
    for kode, nama, budget, real in leaves:
        parts = kode.split(".")
        for n in range(1, 6):
            parent = ".".join(parts[:n])
            if parent not in seen:
                seen.add(parent)
                below = [leaf for leaf in leaves if leaf[0].startswith(parent + ".")]
                out.append((parent, NAMES[parent], sum(x[2] for x in below),
                            sum(x[3] for x in below), True))  # fmt: skip
        out.append((kode, nama, budget, real, False))
    return out


def lra_rows() -> tuple[list[list[object]], dict[str, int]]:
    """LRA body rows (rupiah) and the Excel row of each code."""
    body: list[list[object]] = []
    where: dict[str, int] = {}
    for section, label in ((PENDAPATAN, "JUMLAH PENDAPATAN"), (BELANJA, "JUMLAH BELANJA")):
        for kode, nama, budget, real, _ in tree(section):
            if kode == WRONG_SUBTOTAL[0]:
                budget += WRONG_SUBTOTAL[1]
            where[kode] = LRA_FIRST + len(body)
            persen = round(real / budget * 100, 2)
            body.append([kode, nama, budget / 100, real / 100, (budget - real) / 100, persen])
        budget, real = sum(x[2] for x in section), sum(x[3] for x in section)
        body.append([None, label, budget / 100, real / 100, (budget - real) / 100,
                     round(real / budget * 100, 2)])  # fmt: skip
    return body, where


def lra_workbook(tmp: Path) -> tuple[Path, dict[str, int]]:
    body, where = lra_rows()
    rows = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA"],
        ["PERIODE 1 JANUARI S.D. 30 SEPTEMBER 2025"],
        ["SKPD : " + " ".join(PUPRKP)],
        [],
        ["Kode Rekening", "Uraian", "Anggaran (Rp)", "Realisasi (Rp)", "Sisa Anggaran (Rp)",
         "%"],
        *body,
        *signature(left=1, right=4, head="Kepala Dinas", place="Curup, 30 September 2025"),
    ]  # fmt: skip
    last = LRA_FIRST + len(body)
    sheet = Sheet("LRA", rows, formats={f"C{LRA_FIRST}:E{last}": "#,##0.00"})
    return write_xlsx(tmp / "puprkp" / "lra_tw3_2025.xlsx", sheet), where


# --- realisasi per dokumen ---------------------------------------------------------------
# (kode rekening, nomor dokumen, jenis transaksi, tanggal dokumen, tanggal transfer,
#  keterangan, nilai realisasi sen, nilai setoran sen)
Doc = tuple[str, str, str, str, str | None, str, int, int]
# fmt: off
PUPRKP_DOCS: list[Doc] = [
    ("5.1.02.01.01.0024", "00012/TBP/PUPRKP/2025", "GU", "05/03/2025", None,
     "Pembelian ATK kertas HVS dan map", 2_450_000_00, 0),
    ("5.1.02.01.01.0025", "00013/TBP/PUPRKP/2025", "GU", "05/03/2025", None,
     "Belanja tinta printer", 1_800_000_00, 0),
    # RLS-01: the same catering bill paid again 12 days later under another TBP
    ("5.1.02.01.01.0052", "00031/TBP/PUPRKP/2025", "GU", "14/04/2025", None,
     "Belanja makan minum rapat koordinasi teknis jalan", 3_750_000_00, 0),
    ("5.1.02.02.01.0013", "00032/SPM-LS/PUPRKP/2025", "LS", "15/04/2025", "17/04/2025",
     "Honorarium tenaga teknis bulan April", 10_000_000_00, 0),
    ("5.1.02.02.01.0013", "00040/SPM-LS/PUPRKP/2025", "LS", "15/05/2025", "16/05/2025",
     "Honorarium tenaga teknis bulan Mei", 10_000_000_00, 0),
    ("5.1.02.01.01.0052", "00047/TBP/PUPRKP/2025", "GU", "26/04/2025", None,
     "BELANJA MAKAN MINUM RAPAT KOORDINASI TEKNIS JALAN.", 3_750_000_00, 0),
    # RLS-02: a printer (a fixed asset) bought on a goods account
    ("5.1.02.01.01.0024", "00052/TBP/PUPRKP/2025", "GU", "12/05/2025", None,
     "Pembelian printer laserjet Bidang Bina Marga", 4_750_000_00, 0),
    ("5.1.02.03.02.0035", "00060/TBP/PUPRKP/2025", "GU", "03/06/2025", None,
     "Servis AC dan ganti oli mobil dinas", 1_500_000_00, 0),
    ("5.2.02.05.01.0005", "00071/SPM-LS/PUPRKP/2025", "LS", "14/07/2025", "16/07/2025",
     "Pengadaan laptop dan printer", 60_000_000_00, 0),
    ("5.1.02.01.01.0026", "00080/TBP/PUPRKP/2025", "GU", "04/08/2025", None,
     "Belanja bahan cetak spanduk", 11_250_000_50, 0),
]
RSUD_DOCS: list[Doc] = [
    ("5.1.02.01.01.0024", "00101/TBP/RSUD/2025", "GU", "12/03/2025", None,
     "Belanja ATK ruang rawat inap", 8_000_000_00, 500_000_00),
    ("5.1.02.99.99.9999", "00110/TBP/RSUD/2025", "GU", "15/04/2025", None,
     "Belanja BLUD bahan medis habis pakai", 150_000_000_00, 0),
    ("5.1.02.99.99.9999", "00150/TBP/RSUD/2025", "GU", "20/06/2025", None,
     "Belanja BLUD obat-obatan", 200_000_000_00, 0),
    ("5.2.02.03.01.0001", "00170/SPM-LS/RSUD/2025", "LS", "01/08/2025", "05/08/2025",
     "Pengadaan alat kedokteran USG", 280_000_000_00, 0),
    ("5.1.02.99.99.9999", "00190/SPM-LS/RSUD/2025", "LS", "10/09/2025", "12/09/2025",
     "Belanja BLUD jasa pelayanan", 100_000_000_00, 0),
    # ANG-01 from the documents: 7.500.000 + 13.500.000 = 21.000.000 > pagu 20.000.000
    ("5.1.02.01.01.0024", "00195/SPM-LS/RSUD/2025", "LS", "25/09/2025", "29/09/2025",
     "Belanja ATK dan barang cetakan", 13_500_000_00, 0),
    # transferred after 30 September: counts for ANG-01 (2025), not for ANG-02
    ("5.1.02.99.99.9999", "00199/SPM-LS/RSUD/2025", "LS", "26/09/2025", "02/10/2025",
     "Belanja BLUD makan minum pasien", 40_000_000_00, 0),
]
RSUD_DPA = [
    ("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 20_000_000_00, 0),
    ("5.1.02.99.99.9999", "Belanja BLUD", 500_000_000_00, 0),
    ("5.2.02.03.01.0001", "Belanja Modal Alat Kedokteran Umum", 300_000_000_00, 0),
]
NAMES.update({
    "5.1.02.99": "Belanja BLUD", "5.1.02.99.99": "Belanja BLUD",
    "5.2.02.03": "Belanja Modal Alat Kedokteran", "5.2.02.03.01": "Alat Kedokteran Umum",
})
# fmt: on


def realisasi_workbook(tmp: Path, folder: str, skpd: tuple[str, str], docs: list[Doc]) -> Path:
    header = [
        "Nomor", "Kode SKPD", "Nama SKPD", "Kode Sub Kegiatan", "Kode Rekening",
        "Nomor Dokumen", "Jenis Dokumen", "Jenis Transaksi", "Tanggal Dokumen",
        "Keterangan Dokumen", "Nilai Realisasi", "Nilai Setoran", "Tanggal Transfer",
    ]  # fmt: skip
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI PER DOKUMEN"],
        ["TAHUN ANGGARAN 2025"],
        ["SKPD : " + " ".join(skpd)],
        [],
        header,
    ]
    for i, (kode, nomor, jenis, tanggal, transfer, ket, nilai, setor) in enumerate(docs):
        dokumen = "TBP" if jenis != "LS" else "SPP"
        rows.append([i + 1, *skpd, "1.03.10.2.01.0003", kode, nomor, dokumen, jenis, tanggal,
                     ket, nilai / 100, setor / 100, transfer or "-"])  # fmt: skip
    rows.append(
        ["Total", *[None] * 9, sum(d[6] for d in docs) / 100, sum(d[7] for d in docs) / 100]
    )
    rows += signature(left=1, right=9, head="Direktur", place="Curup, 30 September 2025")
    last = RLS_FIRST + len(docs)
    sheet = Sheet("Data Realisasi", rows, formats={f"K{RLS_FIRST}:L{last}": '"Rp."#,##0.00'})
    return write_xlsx(tmp / folder / "realisasi_per_dokumen_2025.xlsx", sheet)


def dpa_workbook(tmp: Path) -> tuple[Path, dict[str, int]]:
    body: list[list[object]] = []
    where: dict[str, int] = {}
    for kode, nama, budget, _, _ in tree(RSUD_DPA):
        where[kode] = LRA_FIRST + len(body)
        body.append([kode, nama, budget / 100])
    rows = [
        [TITLE_PEMKAB],
        ["DOKUMEN PELAKSANAAN ANGGARAN (DPA) SKPD TAHUN ANGGARAN 2025"],
        ["RINGKASAN BELANJA PER AKUN"],
        ["SKPD : " + " ".join(RSUD)],
        [],
        ["Kode Rekening", "Uraian", "Pagu Anggaran (Rp)"],
        *body,
        [None, "JUMLAH BELANJA", sum(x[2] for x in RSUD_DPA) / 100],
        *signature(left=1, right=2, head="Direktur", place="Curup, 2 Januari 2025"),
    ]
    sheet = Sheet("DPA", rows, formats={f"C{LRA_FIRST}:C{LRA_FIRST + len(body)}": "#,##0"})
    return write_xlsx(tmp / "rsud" / "dpa_2025.xlsx", sheet), where


def test_anggaran_rules_end_to_end(tmp_path: Path) -> None:
    lra, lra_at = lra_workbook(tmp_path)
    dpa, dpa_at = dpa_workbook(tmp_path)
    paths = [
        lra,
        realisasi_workbook(tmp_path, "puprkp", PUPRKP, PUPRKP_DOCS),
        dpa,
        realisasi_workbook(tmp_path, "rsud", RSUD, RSUD_DOCS),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    docs = [doc for inp in inputs for doc in inp.documents()]
    assert [(d.kind, d.opd.code if d.opd else None) for d in docs] == [
        ("anggaran", PUPRKP[0]),
        ("realisasi", PUPRKP[0]),
        ("anggaran", RSUD[0]),
        ("realisasi", RSUD[0]),
    ]
    assert {"realisasi", "sisa", "persen"} <= set(docs[0].columns)
    assert "realisasi" not in docs[2].columns
    assert (docs[0].frame["_role"] == "subtotal").sum() == 21

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-09-30"), select=RULES))

    errors = [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    assert not errors
    found = {
        (f.rule_id, f.bpk_code, f.opd.code if f.opd else None,
         tuple((loc.file, loc.row) for loc in f.locations)): f.amount_sen
        for f in report.findings
    }  # fmt: skip
    lra_file, rls_file = "puprkp/lra_tw3_2025.xlsx", "puprkp/realisasi_per_dokumen_2025.xlsx"
    expected = {
        ("ANG-01", PUPRKP[0], ((lra_file, lra_at["5.1.02.01.01.0026"]),)): 1_250_000_50,
        ("ANG-01", RSUD[0], (("rsud/dpa_2025.xlsx", dpa_at["5.1.02.01.01.0024"]),)): 1_000_000_00,
        ("ANG-02", PUPRKP[0], ((lra_file, lra_at["5.1.02.01.01.0024"]),)): None,
        ("ANG-03", PUPRKP[0], ((lra_file, lra_at[WRONG_SUBTOTAL[0]]),)): WRONG_SUBTOTAL[1],
        ("RLS-01", PUPRKP[0], ((rls_file, RLS_FIRST + 2), (rls_file, RLS_FIRST + 5))): 3_750_000_00,
        ("RLS-02", PUPRKP[0], ((rls_file, RLS_FIRST + 6),)): 4_750_000_00,
    }
    assert found == {
        (rule, BPK[rule], opd, locations): amount
        for (rule, opd, locations), amount in expected.items()
    }

    by_rule = {(f.rule_id, f.opd.code if f.opd else None): f for f in report.findings}
    absorption = by_rule["ANG-02", PUPRKP[0]]
    assert absorption.severity is Severity.LOW
    assert absorption.message == (
        "Serapan belanja sampai 30/09/2025 baru 46,2 % (Rp 462.095.679,40 dari pagu "
        "Rp 1.000.000.000), di bawah target 65 %"
    )
    subtotal = by_rule["ANG-03", PUPRKP[0]]
    assert subtotal.locations[0].cell == f"C{lra_at[WRONG_SUBTOTAL[0]]}"  # the anggaran cell
    assert subtotal.message == (
        "Baris LRA akun 5.1.02.02: subtotal anggaran tercatat 65.000.000, seharusnya "
        "60.000.000 (selisih 5.000.000)"
    )
    assert by_rule["ANG-01", RSUD[0]].message == (
        "Realisasi belanja akun 5.1.02.01.01.0024 Rp 21.000.000 melebihi pagu Rp 20.000.000 "
        "(lebih Rp 1.000.000)"
    )
    # RSUD's absorption (91,6 %) is above the TW III target: checked and passed
    outcome = {(o.rule_id, o.opd.code): o.status for o in report.outcomes}
    assert outcome["ANG-02", RSUD[0]] is Status.PASSED
    assert outcome["ANG-03", RSUD[0]] is Status.PASSED
