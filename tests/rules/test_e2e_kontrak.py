"""End to end: a realistic PUPRKP daftar kontrak workbook through ingest and the KTR rules.

One planted case per rule (KTR-01 … KTR-07) among clean contracts, including the edge
cases next to them: a konstruksi contract signed on the Perpres 46/2025 date (clean)
beside one signed the day before (KTR-01), a split group whose fourth contract falls 31
days after the third (outside the window), a late contract with its penalty recorded
(clean), and a swakelola row without an NPWP (clean). KTR-08 (penalty accruing to the
as-of date on unfinished late work): the year-end building paid in full at 85,5 % is
also 11 days late, a market past the 5 % cap may be terminated, and an unfinished
contract whose accrued penalty is recorded is clean.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Finding, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

PUPRKP_CODE = "1.03.1.04.0.00.01.0000"
PUPRKP_NAME = "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman"

HEADER = [
    "No", "Nama Paket", "Nama Penyedia", "NPWP", "Metode Pemilihan", "Jenis Pengadaan",
    "Kode Sub Kegiatan", "Nomor Kontrak", "Nilai Kontrak (Rp)", "Tanggal Kontrak",
    "Tanggal Mulai", "Tanggal Selesai", "Tanggal BAST", "Progres Fisik (%)",
    "Nilai Dibayar (Rp)", "Denda (Rp)", "Keterangan",
]  # fmt: skip
FIRST_DATA_ROW = 6  # title block on rows 1-3, blank row 4, header on row 5

PL, TENDER, EPURCH, SWA = "Pengadaan Langsung", "Tender", "E-Purchasing", "Swakelola"
KONS, BRG, JL, KONSUL = "Pekerjaan Konstruksi", "Barang", "Jasa Lainnya", "Jasa Konsultansi"
SUB_JALAN, SUB_DRAINASE, SUB_GEDUNG = "1.03.10.2.01.0012", "1.03.10.2.01.0015", "1.03.01.2.06.0002"
SUB_ADMIN = "1.03.01.2.02.0001"


def d(day: int, month: int) -> dt.datetime:
    """An Excel date cell in 2025."""
    return dt.datetime(2025, month, day)


# (paket, penyedia, npwp, metode, jenis, sub, nomor, nilai, kontrak, mulai, selesai, bast,
#  progres, dibayar, denda, keterangan) — one spreadsheet row each, Excel rows 6 … 21
CONTRACTS: list[tuple[object, ...]] = [
    # 6 clean: tender, finished early
    ("Rehabilitasi Jalan Lingkar Curup Ruas A", "CV Karya Mandiri", "01.234.567.8-901.000",
     TENDER, KONS, SUB_JALAN, "600/012/SPK/PUPRKP/2025", 1_850_000_000, d(10, 3), d(12, 3),
     d(8, 9), d(5, 9), 100, 1_850_000_000, 0, "DAU"),
    # 7 KTR-01: PL konstruksi Rp350 juta signed the day before Perpres 46/2025
    ("Pembangunan Drainase Kel. Talang Rimbo", "CV Sumber Rejeki", "0123456789012345",
     PL, KONS, SUB_DRAINASE, "600/031/SPK/PUPRKP/2025", 350_000_000, d(29, 4), d(30, 4),
     d(28, 7), d(25, 7), 100, 350_000_000, 0, "DAU"),
    # 8 clean: the same value signed on the Perpres 46/2025 date (ceiling Rp400 juta)
    ("Pembangunan Talud Desa Air Meles", "CV Tunas Baru", "02.111.222.3-301.000",
     PL, KONS, SUB_JALAN, "600/032/SPK/PUPRKP/2025", 350_000_000, d(30, 4), d(2, 5),
     d(30, 7), d(30, 7), 100, 350_000_000, None, "DAU"),
    # 9 KTR-02 (1/3): CV Maju Bersama, sub gedung, barang Rp80 juta on 3 Feb
    ("Pengadaan Meubelair Ruang Rapat", "CV Maju Bersama", "03.222.333.4-302.000",
     PL, BRG, SUB_GEDUNG, "600/005/SPK/PUPRKP/2025", 80_000_000, d(3, 2), d(3, 2),
     d(3, 3), d(28, 2), 100, 80_000_000, None, "DAU"),
    # 10 clean: e-purchasing aspal
    ("Pengadaan Aspal Curah", "PT Aspal Jaya", "03.456.789.0-123.000",
     EPURCH, BRG, SUB_JALAN, "EP-2025-000123", 420_000_000, d(20, 5), d(20, 5),
     d(20, 6), d(18, 6), 100, 420_000_000, 0, "DAK"),
    # 11 KTR-03: 12 days late, no penalty recorded
    ("Rehabilitasi Jembatan Gantung Sindang Jaya", "CV Maju Jaya", "04.555.666.7-303.000",
     PL, KONS, SUB_JALAN, "027/SPK/PUPRKP/2025", 200_000_000, d(1, 8), d(4, 8),
     d(2, 11), d(14, 11), 100, 200_000_000, None, "DAU"),
    # 12 KTR-02 (2/3): same vendor spelled differently, Rp70 juta on 17 Feb
    ("Pengadaan Lemari Arsip", "CV. MAJU  BERSAMA", "03.222.333.4-302.000",
     "PENGADAAN LANGSUNG", "BARANG", SUB_GEDUNG, "600/009/SPK/PUPRKP/2025", 70_000_000,
     d(17, 2), d(17, 2), d(17, 3), d(14, 3), 100, 70_000_000, 0, "DAU"),
    # 13 KTR-04: catering started two days before the contract
    ("Belanja Makan Minum Rapat Koordinasi", "CV Boga Rasa", "05.777.888.9-304.000",
     PL, JL, SUB_ADMIN, "600/040/SPK/PUPRKP/2025", 25_000_000, d(20, 3), d(18, 3),
     d(30, 3), d(30, 3), 100, 25_000_000, 0, "DAU"),
    # 14 KTR-05: paid Rp15.000.000,50 above the contract
    ("Pengadaan Alat Uji Laboratorium Beton", "PT Medika Teknik Utama", "06.888.999.0-305.000",
     EPURCH, BRG, SUB_ADMIN, "EP-2025-000201", 150_000_000, d(5, 6), d(5, 6),
     d(5, 7), d(3, 7), 100, 165_000_000.5, 0, "DAU"),
    # 15 KTR-02 (3/3): Rp60 juta on 5 Mar, exactly 30 days after 3 Feb (inclusive)
    ("Pengadaan Kursi Kerja", "cv maju bersama", "03.222.333.4-302.000",
     "PL", "Barang", SUB_GEDUNG, "600/015/SPK/PUPRKP/2025", 60_000_000, d(5, 3), d(5, 3),
     d(4, 4), d(2, 4), 100, 60_000_000, 0, "DAU"),
    # 16 KTR-06: paid in full at 85,5 % progress (year-end)
    ("Pembangunan Gedung Laboratorium", "PT Bangun Persada", "07.999.000.1-306.000",
     TENDER, KONS, SUB_GEDUNG, "600/077/KTR/PUPRKP/2025", 1_200_000_000, d(1, 9), d(3, 9),
     d(20, 12), None, 85.5, 1_200_000_000, None, "DAU"),
    # 17 KTR-07: NPWP with too few digits
    ("Servis AC Kantor", "CV Sejuk Abadi", "12.345.678-9",
     PL, JL, SUB_ADMIN, "600/051/SPK/PUPRKP/2025", 45_000_000, d(7, 7), d(7, 7),
     d(21, 7), d(21, 7), 100, 45_000_000, 0, "DAU"),
    # 18 clean: swakelola without NPWP
    ("Pemeliharaan Saluran Irigasi Desa", "Kelompok Masyarakat Tani Maju", None,
     SWA, KONS, SUB_DRAINASE, "600/060/SWA/PUPRKP/2025", 30_000_000, d(14, 7), d(14, 7),
     d(14, 8), d(14, 8), 100, 30_000_000, None, "DAU"),
    # 19 clean: consultancy 5 days late, penalty recorded (rounded to the rupiah)
    ("Perencanaan Teknis Jalan Lingkungan", "CV Rancang Bangun", "1702012345678901",
     PL, KONSUL, SUB_JALAN, "600/070/SPK/PUPRKP/2025", 95_000_000, d(4, 8), d(4, 8),
     d(3, 10), d(8, 10), 100, 94_572_072, 427_928, "DAU"),
    # 20 clean: 4th contract of CV Maju Bersama, 31 days after the 3rd
    ("Pengadaan Rak Buku", "CV Maju Bersama", "03.222.333.4-302.000",
     PL, BRG, SUB_GEDUNG, "600/021/SPK/PUPRKP/2025", 50_000_000, d(5, 4), d(5, 4),
     d(5, 5), d(2, 5), 100, 50_000_000, 0, "DAU"),
    # 21 clean: PL barang exactly at the ceiling, termin payment
    ("Pengadaan Pompa Air", "CV Tirta Usaha", "08.123.456.7-307.000",
     PL, BRG, SUB_DRAINASE, "600/080/SPK/PUPRKP/2025", 200_000_000, d(1, 9), d(1, 9),
     d(30, 10), d(30, 10), 100, 190_000_000, 0, "DAU"),
    # 22 KTR-08: 77 days late at 70 %, penalty capped at 5 % of 500 jt, 5 jt recorded
    ("Pembangunan Pasar Desa Kampung Delima", "PT Karya Persada", "09.111.222.3-308.000",
     TENDER, KONS, SUB_GEDUNG, "600/045/KTR/PUPRKP/2025", 555_000_000, d(2, 6), d(4, 6),
     d(15, 10), None, 70, 300_000_000, 5_000_000, "DAU"),
    # 23 clean: 10 days late at 90 %, the accrued 1‰ × 10 × 100 jt recorded
    ("Rehabilitasi Pagar Kantor", "CV Besi Kuat", "10.222.333.4-309.000",
     TENDER, KONS, SUB_ADMIN, "600/090/KTR/PUPRKP/2025", 111_000_000, d(1, 10), d(2, 10),
     d(21, 12), None, 90, 50_000_000, 1_000_000, "DAU"),
]  # fmt: skip


def build_workbook(tmp: Path) -> Path:
    """The daftar kontrak as an OPD would export it: title, header, data, total, signature."""
    data = [[i + 1, *row] for i, row in enumerate(CONTRACTS)]
    total = ["Jumlah", *[None] * 7, sum(r[7] for r in CONTRACTS), *[None] * 5]  # type: ignore[misc]
    total += [sum(r[13] for r in CONTRACTS), None]  # type: ignore[misc]
    rows = [
        [TITLE_PEMKAB],
        ["DAFTAR KONTRAK PENGADAAN BARANG/JASA TAHUN ANGGARAN 2025"],
        [f"SKPD : {PUPRKP_CODE} {PUPRKP_NAME}"],
        [],
        HEADER,
        *data,
        total,
        *signature(left=1, right=8, head="Kepala Dinas", place="Curup, 31 Desember 2025"),
    ]
    return write_xlsx(tmp / "daftar_kontrak_puprkp_2025.xlsx", Sheet("Kontrak 2025", rows))


def row(index: int) -> int:
    """Excel row of CONTRACTS[index]."""
    return FIRST_DATA_ROW + index


# rule id → (BPK code, Excel rows, amount in sen)
EXPECTED: dict[str, tuple[str, list[int], int | None]] = {
    "KTR-01": ("1.04.03", [row(1)], None),
    "KTR-02": ("1.04.04", [row(3), row(6), row(9)], 21_000_000_000),
    "KTR-03": ("1.03.01", [row(5)], 216_216_216),  # 200 jt ÷ 1,11 × 12‰ = 2.162.162,16
    "KTR-04": ("1.04.02", [row(7)], None),
    "KTR-05": ("1.01.04", [row(8)], 1_500_000_050),
    "KTR-06": ("1.02.10", [row(10)], 17_400_000_000),  # 1,2 M × 14,5 %
    "KTR-07": ("1.04.01", [row(11)], None),
}
# KTR-08, Excel row → amount in sen: 1,2 M ÷ 1,11 × 11‰; 500 jt × 5 % − 5 jt recorded
KTR08 = {row(10): 1_189_189_189, row(16): 2_000_000_000}


def test_kontrak_workbook_end_to_end(tmp_path: Path) -> None:
    path = build_workbook(tmp_path)
    source = ingest_file(path, IngestOptions(root=tmp_path))
    assert source.status == "ok", source.error
    docs = source.documents()
    assert [d.kind for d in docs] == ["kontrak"]
    assert docs[0].opd is not None and docs[0].opd.code == PUPRKP_CODE
    assert {"progres_fisik", "denda", "npwp", "kode_sub_kegiatan"} <= set(docs[0].columns)

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, [source], RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("KTR",)))

    outcomes = {o.rule_id: o for o in report.outcomes}
    assert sorted(outcomes) == sorted([*EXPECTED, "KTR-08"])
    assert all(o.status is Status.FAILED for o in outcomes.values()), [
        (o.rule_id, o.status, o.reason) for o in outcomes.values()
    ]
    found: dict[str, list[Finding]] = {}
    for f in report.findings:
        found.setdefault(f.rule_id, []).append(f)
    assert {k: len(v) for k, v in found.items()} == {**dict.fromkeys(EXPECTED, 1), "KTR-08": 2}
    for rule_id, (bpk_code, rows, amount) in EXPECTED.items():
        finding = found[rule_id][0]
        assert finding.bpk_code == bpk_code, rule_id
        assert sorted(loc.row for loc in finding.locations) == rows, rule_id
        assert finding.amount_sen == amount, rule_id
        assert all(loc.sheet == "Kontrak 2025" for loc in finding.locations)


def test_kontrak_messages_name_the_values(tmp_path: Path) -> None:
    source = ingest_file(build_workbook(tmp_path), IngestOptions(root=tmp_path))
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, [source], RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("KTR",)))
    text = {f.rule_id: f.message for f in report.findings}
    assert "terlambat 12 hari (BAST 14/11/2025, batas 02/11/2025)" in text["KTR-03"]
    assert "Rp 2.162.162,16" in text["KTR-03"]
    assert "3 kontrak" in text["KTR-02"] and "Rp 210.000.000" in text["KTR-02"]
    assert "Rp 200.000.000" in text["KTR-02"]  # the ceiling, in rupiah
    assert "29/04/2025" in text["KTR-01"] and "Rp 350.000.000" in text["KTR-01"]
    assert "Rp 15.000.000,50" in text["KTR-05"]
    assert "Rp 174.000.000" in text["KTR-06"]
    assert "12.345.678-9" in text["KTR-07"]
    assert "18/03/2025" in text["KTR-04"]
    cells = {f.rule_id: [loc.cell for loc in f.locations] for f in report.findings}
    assert cells["KTR-03"] == [f"P{row(5)}"]  # the denda cell
    assert cells["KTR-07"] == [f"D{row(11)}"]  # the NPWP cell


def test_ktr08_penalty_accruing_on_unfinished_late_work(tmp_path: Path) -> None:
    source = ingest_file(build_workbook(tmp_path), IngestOptions(root=tmp_path))
    pack = load_rules(bundled_rules_dir())
    report = evaluate(
        pack, [source], RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("KTR-08",))
    )
    found = {f.locations[0].row: f for f in report.findings}
    assert {r: f.amount_sen for r, f in found.items()} == KTR08
    assert all(f.bpk_code == "1.03.01" and f.severity.value == "high" for f in found.values())
    assert [loc.cell for loc in found[row(16)].locations] == [f"P{row(16)}"]  # the denda cell
    assert found[row(16)].message == (
        "Kontrak 600/045/KTR/PUPRKP/2025 PT Karya Persada (Pembangunan Pasar Desa Kampung "
        "Delima) senilai Rp 555.000.000 melewati tanggal selesai 15/10/2025 tanpa BAST, "
        "progres fisik 70 %: sampai 31/12/2025 terlambat 77 hari, denda keterlambatan "
        "berjalan Rp 25.000.000 (1/1000 per hari dari nilai sebelum PPN, paling banyak 5 %), "
        "tercatat Rp 5.000.000, kurang Rp 20.000.000; denda telah melampaui batas 5 %, PPK "
        "dapat memutus kontrak (Perpres 16/2018 ps. 56 jo. ps. 93)"
    )
    below_cap = found[row(10)].message
    assert "terlambat 11 hari" in below_cap and "progres fisik 85,5 %" in below_cap
    assert below_cap.endswith("tercatat Rp 0, kurang Rp 11.891.891,89")
    english = evaluate(
        pack,
        [source],
        RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("KTR-08",)),
    )
    capped = next(f for f in english.findings if f.locations[0].row == row(16))
    assert capped.text("message", "en").endswith(
        "short by Rp 20.000.000; the penalty is past its 5 % cap, the PPK may terminate the "
        "contract (Perpres 16/2018 art. 56 jo. art. 93)"
    )
