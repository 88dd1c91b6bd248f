"""End to end: KIB workbooks and a realisation report → ingest → the aset rules (AST-01 … 06).

Dinas PUPRKP hands in one workbook with a KIB A and a KIB B sheet (title block, SKPD
line, two-row merged headers such as `Status Tanah` → `Sertifikat Nomor` and `Nomor` →
`Polisi`/`BPKB`, column-number row, Jumlah row, signature) and the SIPD "Laporan
Realisasi Per Dokumen" of 2025. One case per rule is planted among clean rows (a
certified plot, a fully documented minibus and dump truck, a bicycle without BPKB, two
laptops with distinct registers); the road built in 2025 is paid but missing from the
KIBs (AST-06). Every finding must be a planted case, with rule, BPK code, sheet, Excel
rows and amount to the sen.
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

RULES = ("AST-01", "AST-02", "AST-03", "AST-04", "AST-05", "AST-06")
BPK = {"AST-01": "1.04.14", "AST-02": "1.04.14"} | dict.fromkeys(RULES[2:], "2.01.01")
PUPRKP_CODE = "1.03.1.04.0.00.01.0000"
PUPRKP = f"{PUPRKP_CODE} Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman"
FIRST = 9  # Excel row of the first asset on both KIB sheets (header rows 6–7, numbers row 8)

# fmt: off
KIB_A_HEADER = [
    ["No", "Jenis Barang / Nama Barang", "Nomor", None, "Luas (M2)", "Tahun Pengadaan",
     "Letak/Alamat", "Status Tanah", None, None, "Penggunaan", "Asal Usul", "Harga (Rp)",
     "Keterangan"],
    [None, None, "Kode Barang", "Register", None, None, None, "Hak", "Sertifikat Tanggal",
     "Sertifikat Nomor"],
]
KIB_A_ROWS = [
    # 0: certified office land: clean
    ["Tanah Bangunan Kantor Pemerintah", "1.3.1.01.01.04.001", "0001", 1250, 2005,
     "Jl. S. Sukowati No. 1 Curup", "Hak Pakai", dt.datetime(2006, 5, 10), "00012", "Kantor",
     "Pembelian", 1250000000, None],
    # 1: AST-01, no certificate
    ["Tanah Bangunan Gedung UPTD Alat Berat", "1.3.1.01.01.04.001", "0002", 300, 2010,
     "Jl. Merdeka Curup", "Hak Pakai", "-", None, "Gudang alat berat", "Hibah", 450000000.5,
     "Belum bersertifikat"],
    # 2: AST-04, no location
    ["Tanah Kosong", "1.3.1.01.01.02.003", "0001", 800, 2018, None, "Hak Pakai",
     dt.datetime(2019, 1, 2), "00345", "Cadangan", "Pembelian", 320000000, None],
    # 3: bought in 2025 and recorded: part of the 2025 additions
    ["Tanah Jalan Lingkar Timur", "1.3.1.01.01.06.001", "0001", 2400, 2025,
     "Desa Air Meles Bawah, Kec. Curup Timur", "Hak Pakai", dt.datetime(2025, 9, 1), "00401",
     "Jalan", "Pembelian", 250000000, None],
]
KIB_B_HEADER = [
    ["No", "Kode Barang", "Nama Barang", "Register", "Merk/Type", "Tahun Pembelian", "Nomor",
     None, None, None, None, "Asal Usul", "Harga", "Kondisi", "Keterangan"],
    [None] * 6 + ["Pabrik", "Rangka", "Mesin", "Polisi", "BPKB"],
]
KIB_B_ROWS = [
    # 0: documented minibus: clean
    ["1.3.2.02.01.01.004", "Minibus", "0001", "Toyota Innova", 2019, "-", "MHF11KF8",
     "1TR-7712", "BD 1234 AB", "P-0912345", "Pembelian", 325000000, "B", None],
    # 1: AST-02, motorbike without BPKB
    ["1.3.2.02.01.05.001", "Sepeda Motor", "0003", "Honda Supra X", 2015, "-", "MH1JB11",
     "JB-112", "BD 2245 AC", None, "Pembelian", "17.250.000,50", "RB", "BPKB hilang"],
    # 2: a bicycle has no BPKB: clean
    ["1.3.2.02.02.01.001", "Sepeda", "0001", "Polygon", 2020, None, None, None, None, None,
     "Pembelian", 2500000, "B", None],
    # 3 + 4: AST-03, the same laptop register twice
    ["1.3.2.10.01.02.002", "Laptop", "0004", "Asus VivoBook", 2023, "SN-77120", None, None,
     None, None, "Pembelian", 15000000, "B", None],
    ["1.3.2.10.01.02.002", "Laptop", "0004", "Asus VivoBook", 2023, "SN-77120", None, None,
     None, None, "Pembelian", 15000000, "B", "dobel input"],
    # 5: another laptop, its own register, bought in 2025
    ["1.3.2.10.01.02.002", "Laptop", "0005", "Lenovo ThinkPad", 2025, "SN-90311", None, None,
     None, None, "Pembelian", 18500000, "B", None],
    # 6: AST-05, no value
    ["1.3.2.10.02.03.003", "Printer", "0001", "Epson L3210", 2022, "X8J0", None, None, None,
     None, "Pembelian", 0, "B", None],
    # 7: dump truck bought in 2025, documented
    ["1.3.2.02.01.03.002", "Dump Truck", "0001", "Mitsubishi Canter FE 74", 2025, "-",
     "MHMFE74P5PK", "4D34T-88120", "BD 8123 AZ", "R-2233445", "Pembelian", 850000000, "B",
     None],
]
# realisasi lines: kode rekening, nama rekening, nomor dokumen, tanggal, keterangan, nilai
REALISASI_LINES = [
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-ATK",
     "00014/TBP/PUPRKP/2025", "20/01/2025", "Pembelian ATK", 2450000),
    ("5.2.01.01.01.0003", "Belanja Modal Tanah untuk Jalan",
     "00088/SPM-LS/PUPRKP/2025", "01/09/2025", "Pengadaan tanah jalan lingkar timur",
     250000000),
    ("5.2.02.10.01.0002", "Belanja Modal Laptop",
     "00093/SPM-LS/PUPRKP/2025", "15/09/2025", "Pengadaan laptop", 18500000),
    ("5.2.02.02.01.0003", "Belanja Modal Kendaraan Bermotor Beroda Enam",
     "00101/SPM-LS/PUPRKP/2025", "02/10/2025", "Pengadaan dump truck", 850000000),
    # the road itself: paid, but in no KIB
    ("5.2.04.01.01.0012", "Belanja Modal Jalan Kabupaten",
     "00140/SPM-LS/PUPRKP/2025", "19/12/2025", "Peningkatan jalan lingkar timur",
     1200000000.75),
    # 2024 capital spending does not count for 2025
    ("5.2.02.10.01.0002", "Belanja Modal Laptop",
     "00120/SPM-LS/PUPRKP/2024", "12/12/2024", "Pengadaan laptop 2024", 25000000),
]
# fmt: on


def kib_sheet(name: str, title: str, header: list[list[object]], assets: list[list]) -> Sheet:
    width = len(header[0])
    harga = header[0].index("Harga (Rp)" if "Harga (Rp)" in header[0] else "Harga")
    data = [[i + 1, *asset] for i, asset in enumerate(assets)]
    total: list[object] = [None] * width
    total[1 if name == "KIB A" else 2] = "Jumlah"  # under the name column
    total[harga] = sum(_rupiah(row[harga]) for row in data)
    rows = [
        [TITLE_PEMKAB],
        [title],
        [f"SKPD : {PUPRKP}"],
        ["KABUPATEN : REJANG LEBONG    PROVINSI : BENGKULU"],
        [],
        *header,
        list(range(1, width + 1)),
        *data,
        total,
        *signature(left=1, right=8, head="Kepala Dinas", place="Curup, 31 Desember 2025"),
    ]
    # parents over two rows where there is no child, parent over children otherwise
    merges = []
    letters = [chr(ord("A") + i) for i in range(width)]
    child = header[1] + [None] * (width - len(header[1]))
    col = 0
    while col < width:
        end = col
        while end + 1 < width and header[0][end + 1] is None and child[end + 1] is not None:
            end += 1
        if end > col:
            merges.append(f"{letters[col]}6:{letters[end]}6")
        elif child[col] is None:
            merges.append(f"{letters[col]}6:{letters[col]}7")
        col = end + 1
    return Sheet(name, rows, merges=merges)


def _rupiah(value: object) -> float:
    if isinstance(value, str):
        return float(value.replace(".", "").replace(",", "."))
    return float(value or 0)


def realisasi_workbook(tmp: Path) -> Path:
    header = [
        "Nomor", "Kode SKPD", "Nama SKPD", "Kode Sub Kegiatan", "Nama Sub Kegiatan",
        "Kode Rekening", "Nama Rekening", "Nomor Dokumen", "Jenis Dokumen", "Jenis Transaksi",
        "Tanggal Dokumen", "Keterangan Dokumen", "Nilai Realisasi",
    ]  # fmt: skip
    skpd = [PUPRKP_CODE, PUPRKP.split(" ", 1)[1]]
    sub = ["1.03.10.2.01.0003", "Pembangunan Jalan"]
    rows: list[list[object]] = [
        ["LAPORAN REALISASI PER DOKUMEN"],
        [TITLE_PEMKAB],
        ["TAHUN ANGGARAN 2025"],
        [],
        header,
    ]
    for i, (kode, nama, nomor, tanggal, ket, nilai) in enumerate(REALISASI_LINES):
        jenis = ("TBP", "GU") if "TBP" in nomor else ("SPM", "LS")
        rows.append([i + 1, *skpd, *sub, kode, nama, nomor, *jenis, tanggal, ket, nilai])
    rows.append(["Total", *[None] * 11, sum(line[5] for line in REALISASI_LINES)])
    rows += signature(left=0, right=10, head="Kepala Dinas", place="Curup, 31 Desember 2025")
    sheet = Sheet("Laporan", rows, formats={f"M6:M{6 + len(REALISASI_LINES)}": '"Rp."#,##0.00'})
    return write_xlsx(tmp / "puprkp" / "realisasi_2025.xlsx", sheet)


def kib_workbook(tmp: Path) -> Path:
    a = kib_sheet("KIB A", "KARTU INVENTARIS BARANG (KIB) A TANAH", KIB_A_HEADER, KIB_A_ROWS)
    b = kib_sheet(
        "KIB B", "KARTU INVENTARIS BARANG (KIB) B PERALATAN DAN MESIN", KIB_B_HEADER, KIB_B_ROWS
    )
    return write_xlsx(tmp / "puprkp" / "kib_2025.xlsx", a, b)


def test_aset_rules_end_to_end(tmp_path: Path) -> None:
    paths = [kib_workbook(tmp_path), realisasi_workbook(tmp_path)]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    docs = [doc for inp in inputs for doc in inp.documents()]
    assert [(doc.kind, doc.sheet) for doc in docs] == [
        ("kib", "KIB A"),
        ("kib", "KIB B"),
        ("realisasi", "Laporan"),
    ]
    assert {doc.opd.code if doc.opd else None for doc in docs} == {PUPRKP_CODE}
    assert {"sertifikat_nomor", "lokasi"} <= set(docs[0].columns)
    assert {"nomor_polisi", "nomor_bpkb"} <= set(docs[1].columns)

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))

    errors = [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    assert not errors
    found = {
        (f.rule_id, f.bpk_code, tuple((loc.sheet, loc.row) for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    a, b = "KIB A", "KIB B"
    expected = {
        ("AST-01", ((a, FIRST + 1),)): 450_000_000_50,
        ("AST-02", ((b, FIRST + 1),)): 17_250_000_50,
        ("AST-03", ((b, FIRST + 3), (b, FIRST + 4))): None,
        ("AST-04", ((a, FIRST + 2),)): None,
        ("AST-05", ((b, FIRST + 6),)): None,
        # the KIB additions of 2025 are the locations; the unrecorded road is the gap
        ("AST-06", ((a, FIRST + 3), (b, FIRST + 5), (b, FIRST + 7))): 1_200_000_000_75,
    }
    assert found == {
        (rule, BPK[rule], locations): amount for (rule, locations), amount in expected.items()
    }
    assert len(report.findings) == len(expected)

    by_rule = {f.rule_id: f for f in report.findings}
    assert all(f.opd is not None and f.opd.code == PUPRKP_CODE for f in report.findings)
    assert by_rule["AST-02"].locations[0].cell == f"K{FIRST + 1}"
    assert by_rule["AST-06"].message == (
        "Belanja modal (akun 5.2) tahun 2025 Rp 2.318.500.000,75 tidak sama dengan "
        "penambahan aset di KIB tahun 2025 Rp 1.118.500.000; selisih Rp 1.200.000.000,75 "
        "(toleransi 1 %)"
    )
