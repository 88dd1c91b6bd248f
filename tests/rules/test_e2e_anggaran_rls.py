"""End to end: the second-wave corrections of RLS-01 and RLS-02 on a realisasi export.

Dinas PUPRKP's SIPD "Laporan Realisasi Per Dokumen" with Volume / Satuan / Harga Satuan
columns. RLS-01: an internet bill of one amount paid four times over 74 days forms two
groups anchored at their first payment (not one 74-day chain), and one TBP written twice
with other spacing and punctuation is one document, not a double payment. RLS-02: the
capitalisation threshold applies to the unit price — from the Harga Satuan column, the
value ÷ Volume, or the count written in the description; 20 chairs at Rp 300.000 are not
a fixed asset, 2 laptops at Rp 7.750.000 and 3 cabinets at Rp 1.500.000 are.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

PUPRKP = ("1.03.1.04.0.00.01.0000",
          "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman")  # fmt: skip
FIRST = 7  # Excel row of the first line (title 1–4, blank 5, header 6)
FILE = "puprkp/realisasi_per_dokumen_2025.xlsx"
INTERNET = ("5.1.02.02.01.0029", "Belanja langganan internet kantor", 1_100_000_00)

# (kode rekening, nomor dokumen, tanggal, keterangan, volume, satuan, harga satuan sen,
#  nilai realisasi sen)
Line = tuple[str, str, str, str, float | None, str | None, int | None, int]
# fmt: off
LINES: list[Line] = [
    # RLS-01: four payments 24/25/25 days apart: {01/04, 25/04} and {20/05, 14/06}
    (INTERNET[0], "00101/TBP/PUPRKP/2025", "01/04/2025", INTERNET[1], 1, "bulan", None,
     INTERNET[2]),
    (INTERNET[0], "00140/TBP/PUPRKP/2025", "25/04/2025", INTERNET[1], 1, "bulan", None,
     INTERNET[2]),
    (INTERNET[0], "00171/TBP/PUPRKP/2025", "20/05/2025", INTERNET[1], 1, "bulan", None,
     INTERNET[2]),
    (INTERNET[0], "00222/TBP/PUPRKP/2025", "14/06/2025", INTERNET[1], 1, "bulan", None,
     INTERNET[2]),
    # RLS-01: one TBP listed twice, its number typed with other spaces and punctuation
    ("5.1.02.01.01.0052", "00031/TBP/PUPRKP/2025", "14/04/2025", "Makan minum rapat teknis",
     None, None, None, 3_750_000_00),
    ("5.1.02.01.01.0052", "00031 / TBP-PUPRKP / 2025", "16/04/2025", "Makan minum rapat teknis",
     None, None, None, 3_750_000_00),
    # RLS-02 clean: 20 chairs at Rp 300.000 (count in the text, by volume, by unit price)
    ("5.1.02.01.01.0024", "00301/TBP/PUPRKP/2025", "05/05/2025",
     "Pengadaan kursi kerja staf 20 unit", None, None, None, 6_000_000_00),
    ("5.1.02.01.01.0024", "00302/TBP/PUPRKP/2025", "06/05/2025", "Kursi rapat x 20 bh",
     None, None, None, 6_000_000_00),
    ("5.1.02.01.01.0024", "00303/TBP/PUPRKP/2025", "07/05/2025", "Meja lipat ruang rapat",
     20, "buah", 300_000_00, 6_000_000_00),
    # RLS-02: 2 laptops at Rp 7.750.000 (Harga Satuan column)
    ("5.1.02.01.01.0024", "00310/TBP/PUPRKP/2025", "12/05/2025",
     "Pembelian laptop Bidang Bina Marga", 2, "unit", 7_750_000_00, 15_500_000_00),
    # RLS-02: 3 filing cabinets, Rp 4.500.000 ÷ 3 = Rp 1.500.000 (count in the text)
    ("5.1.02.01.01.0024", "00311/TBP/PUPRKP/2025", "13/05/2025",
     "Lemari arsip sebanyak 3 buah", None, None, None, 4_500_000_00),
]
# fmt: on


def workbook(tmp: Path) -> Path:
    header = [
        "Nomor", "Kode SKPD", "Nama SKPD", "Kode Sub Kegiatan", "Kode Rekening",
        "Nomor Dokumen", "Jenis Dokumen", "Jenis Transaksi", "Tanggal Dokumen",
        "Keterangan Dokumen", "Volume", "Satuan", "Harga Satuan", "Nilai Realisasi",
    ]  # fmt: skip
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["LAPORAN REALISASI PER DOKUMEN"],
        ["TAHUN ANGGARAN 2025"],
        ["SKPD : " + " ".join(PUPRKP)],
        [],
        header,
    ]
    for i, (kode, nomor, tanggal, ket, vol, satuan, harga, nilai) in enumerate(LINES):
        price = None if harga is None else harga / 100
        rows.append([i + 1, *PUPRKP, "1.03.10.2.01.0003", kode, nomor, "TBP", "GU", tanggal,
                     ket, vol, satuan, price, nilai / 100])  # fmt: skip
    rows.append(["Total", *[None] * 12, sum(x[7] for x in LINES) / 100])
    rows += signature(left=1, right=9, place="Curup, 30 Juni 2025")
    last = FIRST + len(LINES)
    sheet = Sheet("Data Realisasi", rows, formats={f"M{FIRST}:N{last}": '"Rp."#,##0.00'})
    return write_xlsx(tmp / FILE, sheet)


def test_rls01_anchored_window_and_rls02_unit_price(tmp_path: Path) -> None:
    inputs = [ingest_file(workbook(tmp_path), IngestOptions(root=tmp_path))]
    doc = inputs[0].documents()[0]
    assert doc.kind == "realisasi" and doc.opd and doc.opd.code == PUPRKP[0]
    assert {"volume", "satuan", "harga_satuan"} <= set(doc.columns)

    pack = load_rules(bundled_rules_dir())
    options = RunOptions(as_of=pd.Timestamp("2025-06-30"), select=("RLS-01", "RLS-02"))
    report = evaluate(pack, inputs, options)
    assert not [o for o in report.outcomes if o.status is Status.ERROR]
    found = {
        (f.rule_id, f.bpk_code, tuple(loc.row for loc in f.locations)): f.amount_sen
        for f in report.findings
    }
    assert found == {
        ("RLS-01", "1.01.04", (FIRST, FIRST + 1)): INTERNET[2],
        ("RLS-01", "1.01.04", (FIRST + 2, FIRST + 3)): INTERNET[2],
        ("RLS-02", "2.01.01", (FIRST + 9,)): 15_500_000_00,
        ("RLS-02", "2.01.01", (FIRST + 10,)): 4_500_000_00,
    }
    assert all(loc.file == FILE for f in report.findings for loc in f.locations)
    messages = sorted(f.message for f in report.findings if f.rule_id == "RLS-02")
    assert messages[0] == (
        '"Lemari arsip sebanyak 3 buah" senilai Rp 4.500.000 (dokumen 00311/TBP/PUPRKP/2025) '
        "dibebankan ke akun barang/jasa 5.1.02.01.01.0024, padahal berupa aset tetap dengan "
        "harga satuan Rp 1.500.000, sekurang-kurangnya batas kapitalisasi Rp 1.000.000"
    )
    assert "harga satuan Rp 7.750.000" in messages[1]
    first = next(f for f in report.findings if f.rule_id == "RLS-01")
    assert first.message.startswith(
        'Pembayaran Rp 1.100.000 akun 5.1.02.02.01.0029 "Belanja langganan internet kantor" '
        "tercatat 2 kali dengan nomor dokumen berbeda dalam 30 hari"
    )
