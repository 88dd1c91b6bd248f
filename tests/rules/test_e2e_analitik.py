"""End to end: BKU and contract workbooks → ingest → ANL-01 … ANL-03 (info signals).

Dinas PUPRKP hands in a half-year BKU pengeluaran with 330 payments, most of them cut
just under Rp 5 juta (first digit 4: far from Benford, ANL-01) and one paid on a national
holiday (Kenaikan Isa Almasih, 29 May 2025: ANL-03), plus its contract list with one
direct-procurement contract at 98 % of its ceiling (ANL-02) among clean ones. RSUD Curup
hands in a BKU of 400 payments whose first digits follow Benford, all on working days
(clean). Each finding must be a planted case with its rule, Excel rows and no amount.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from rl_audit.catalog.calendar import WorkCalendar
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Severity, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("ANL-01", "ANL-02", "ANL-03")
PUPRKP = ("1.03.1.04.0.00.01.0000",
          "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman")  # fmt: skip
RSUD = ("1.02.0.00.0.00.02.0000", "Rumah Sakit Umum Daerah Curup")
HEADER_ROW = 8
FIRST = HEADER_ROW + 2  # first line under the Saldo Awal row
HOLIDAY = dt.datetime(2025, 5, 29)  # Kenaikan Isa Almasih (a Thursday)

# (date, uraian, penerimaan sen, pengeluaran sen)
Line = tuple[dt.datetime, str, int, int]


def workdays(n: int) -> list[dt.datetime]:
    """`n` working days from 2 January 2025, repeating each day as needed, in order."""
    days = pd.Series(pd.date_range("2025-01-02", "2025-06-30"))
    open_days = days[WorkCalendar().is_workday(days).to_numpy(dtype=bool)].tolist()
    return [open_days[i * len(open_days) // n].to_pydatetime() for i in range(n)]


def puprkp_lines() -> tuple[list[Line], int]:
    """330 payments (264 just under Rp 5 juta) and the index of the holiday one."""
    rng = np.random.default_rng(11)
    under_limit = rng.integers(4_000_000, 4_999_999, 264)
    other = np.round(10 ** rng.uniform(5, 7.5, 66))
    amounts = np.concatenate([under_limit, other])[rng.permutation(330)]
    lines: list[Line] = [(dt.datetime(2025, 1, 2), "Penerimaan SP2D UP 00001/SP2D/UP/2025",
                          500_000_000_00, 0)]  # fmt: skip
    holiday = 0
    for day, amount in zip(workdays(330), amounts, strict=True):
        if day > HOLIDAY and not holiday:  # ANL-03: one payment booked on the holiday
            holiday = len(lines)
            lines.append((HOLIDAY, "Belanja makan minum rapat lapangan", 0, 1_875_000_00))
        lines.append((day, f"Pembayaran belanja operasional {len(lines)}", 0, int(amount) * 100))
    # a receipt on a Saturday is not spending
    lines.append((dt.datetime(2025, 6, 28), "Penerimaan SP2D GU 00140/SP2D/GU/2025",
                  200_000_000_00, 0))  # fmt: skip
    return lines, holiday


def rsud_lines() -> list[Line]:
    """400 payments whose first digits have Benford's proportions, on working days."""
    rng = np.random.default_rng(5)
    counts = np.round(400 * np.log10(1 + 1 / np.arange(1, 10))).astype(int)
    digits = np.repeat(np.arange(1, 10), counts)
    scale = 10 ** rng.integers(5, 8, len(digits))
    amounts = (digits + rng.uniform(0, 0.999, len(digits))) * scale
    amounts = np.round(amounts[rng.permutation(len(digits))])
    lines: list[Line] = [(dt.datetime(2025, 1, 2), "Penerimaan SP2D UP", 9_000_000_000_00, 0)]
    days = workdays(len(amounts))
    lines += [(day, "Belanja BLUD", 0, int(a) * 100) for day, a in zip(days, amounts, strict=True)]
    return lines


def bku_workbook(tmp: Path, folder: str, skpd: tuple[str, str], lines: list[Line]) -> Path:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["BUKU KAS UMUM PENGELUARAN"],
        ["PERIODE JANUARI S.D. JUNI 2025"],
        ["SKPD : " + " ".join(skpd)],
        ["Pengguna Anggaran : Ir. BUDI SANTOSO, M.T."],
        ["Bendahara Pengeluaran : SITI AMINAH, S.E."],
        [],
        ["No", "Tanggal", "No Bukti", "Uraian", "Penerimaan (Rp)", "Pengeluaran (Rp)",
         "Saldo (Rp)"],
        [None, None, None, "Saldo Awal", 0, 0, 0],
    ]  # fmt: skip
    saldo = 0
    for i, (day, uraian, masuk, keluar) in enumerate(lines):
        saldo += masuk - keluar
        bukti = f"{i + 1:04d}/BKU/2025"
        rows.append([i + 1, day, bukti, uraian, masuk / 100, keluar / 100, saldo / 100])
    total_in, total_out = sum(x[2] for x in lines) / 100, sum(x[3] for x in lines) / 100
    rows += [
        [None, None, None, "Jumlah s.d. bulan ini", total_in, total_out],
        [None, None, None, "Sisa Kas", None, None, saldo / 100],
        *signature(left=1, right=4),
    ]
    last = FIRST + len(lines) + 1
    sheet = Sheet("BKU", rows, formats={f"E{HEADER_ROW + 1}:G{last}": "#,##0.00"})
    return write_xlsx(tmp / folder / "bku_semester1_2025.xlsx", sheet)


# fmt: off
CONTRACTS = [
    # (nama paket, penyedia, metode, jenis, nomor, nilai rupiah, tanggal)
    ("Pengadaan ATK Bidang Bina Marga", "CV Sinar Abadi", "Pengadaan Langsung", "Barang",
     "001/SPK/PUPRKP/2025", 120_000_000, "10/02/2025"),
    # ANL-02: 98,25 % of the Rp 200 juta ceiling for goods
    ("Pengadaan Rambu Lalu Lintas", "CV Marga Jaya", "Pengadaan Langsung", "Barang",
     "002/SPK/PUPRKP/2025", 196_500_000, "17/03/2025"),
    ("Rehab Drainase Jalan Merdeka", "CV Maju Jaya", "Pengadaan Langsung",
     "Pekerjaan Konstruksi", "003/SPK/PUPRKP/2025", 180_000_000, "14/04/2025"),
    ("Talud Sungai Air Bang", "CV Bangun Karya", "Pengadaan Langsung",
     "Pekerjaan Konstruksi", "004/SPK/PUPRKP/2025", 350_000_000, "02/06/2025"),
    ("Pengawasan Jalan Lingkar", "CV Awas Teknik", "Pengadaan Langsung", "Jasa Konsultansi",
     "005/SPK/PUPRKP/2025", 85_000_000, "05/06/2025"),
    ("Peningkatan Jalan Kabupaten", "PT Karya Rejang", "Tender", "Pekerjaan Konstruksi",
     "006/KTR/PUPRKP/2025", 1_950_000_000, "20/05/2025"),
    ("Pengadaan Laptop", "PT Data Prima", "E-Purchasing", "Barang",
     "007/SP/PUPRKP/2025", 199_000_000, "11/06/2025"),
]
# fmt: on


def contract_workbook(tmp: Path) -> Path:
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["DAFTAR KONTRAK PENGADAAN BARANG/JASA TAHUN ANGGARAN 2025"],
        ["SKPD : " + " ".join(PUPRKP)],
        [],
        ["No", "Nama Paket", "Nama Penyedia", "Metode Pemilihan", "Jenis Pengadaan",
         "Nomor Kontrak", "Nilai Kontrak (Rp)", "Tanggal Kontrak"],
    ]  # fmt: skip
    rows += [[i + 1, *c] for i, c in enumerate(CONTRACTS)]
    rows.append([None, "Jumlah", None, None, None, None, sum(c[5] for c in CONTRACTS)])
    rows += signature(left=1, right=5, head="Kepala Dinas", place="Curup, 30 Juni 2025")
    return write_xlsx(tmp / "puprkp" / "daftar_kontrak_2025.xlsx", Sheet("Kontrak", rows))


def test_analitik_rules_end_to_end(tmp_path: Path) -> None:
    lines, holiday = puprkp_lines()
    paths = [
        bku_workbook(tmp_path, "puprkp", PUPRKP, lines),
        contract_workbook(tmp_path),
        bku_workbook(tmp_path, "rsud", RSUD, rsud_lines()),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    docs = [doc for inp in inputs for doc in inp.documents()]
    assert [(d.kind, d.opd.code if d.opd else None) for d in docs] == [
        ("bku", PUPRKP[0]),
        ("kontrak", PUPRKP[0]),
        ("bku", RSUD[0]),
    ]
    assert (docs[0].frame["_role"] == "data").sum() == len(lines) == 333

    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-06-30"), select=RULES))

    errors = [(o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR]
    assert not errors
    found = {
        (f.rule_id, f.bpk_code, f.opd.code if f.opd else None,
         tuple((loc.file, loc.row) for loc in f.locations)): f.amount_sen
        for f in report.findings
    }  # fmt: skip
    bku, kontrak = "puprkp/bku_semester1_2025.xlsx", "puprkp/daftar_kontrak_2025.xlsx"
    assert found == {
        ("ANL-01", "2.01.01", PUPRKP[0], ((bku, FIRST),)): None,
        ("ANL-02", "1.04.04", PUPRKP[0], ((kontrak, 7),)): None,
        ("ANL-03", "1.04.01", PUPRKP[0], ((bku, FIRST + holiday),)): None,
    }
    assert all(f.severity is Severity.INFO for f in report.findings)
    by_rule = {f.rule_id: f for f in report.findings}
    assert by_rule["ANL-01"].message.startswith(
        "Digit pertama 331 nilai dalam dokumen ini menyimpang dari distribusi Benford (MAD "
    )
    assert by_rule["ANL-01"].message.endswith("batas 1,5 %); digit 4 paling menyimpang")
    assert by_rule["ANL-03"].message == (
        'Pengeluaran Rp 1.875.000 "Belanja makan minum rapat lapangan" tercatat pada '
        "29/05/2025, hari Sabtu, Minggu, libur nasional atau cuti bersama"
    )
    assert by_rule["ANL-02"].locations[0].cell == "G7"
    outcome = {(o.rule_id, o.opd.code): o.status for o in report.outcomes}
    assert outcome["ANL-01", RSUD[0]] is Status.PASSED
    assert outcome["ANL-03", RSUD[0]] is Status.PASSED
