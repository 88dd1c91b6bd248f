"""End to end: BKU pengeluaran workbooks → ingest → the kas rules (KAS-01 … KAS-06).

Three realistic BKU workbooks (title block, SKPD line, Saldo Awal, footer totals,
signature): Dinas Kesehatan (December, one planted case for KAS-01 … KAS-05 among clean
rows), DPMPTSP (November, many small cash payments: KAS-06 only) and RSUD Curup
(December, closed to nil and paid non-cash: clean). Every finding must be one of the
planted cases, with its rule, BPK code, Excel rows and amount to the sen.
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

RULES = ("KAS-01", "KAS-02", "KAS-03", "KAS-04", "KAS-05", "KAS-06")
BPK = {
    "KAS-01": "2.01.01",
    "KAS-02": "1.04.01",
    "KAS-03": "1.01.04",
    "KAS-04": "1.04.12",
    "KAS-05": "2.02.03",
    "KAS-06": "2.02.03",
}
HEADER_ROW = 8
HEADER = [
    "No",
    "Tgl",
    "No. BKU",
    "Kode Rekening",
    "Uraian",
    "Penerimaan (Rp)",
    "Pengeluaran (Rp)",
    "Saldo (Rp)",
    "Cara Bayar",
]

# (day, bukti, kode rekening, uraian, penerimaan sen, pengeluaran sen, cara bayar)
Line = tuple[dt.datetime, str | None, str | None, str, int, int, str]


def bku_sheet(
    skpd: str, period: str, opening: int, lines: list[Line], errors: dict[int, int] | None = None
) -> tuple[Sheet, list[int]]:
    """A BKU sheet; saldo carried in sen, plus `errors` (line → sen added to its saldo and
    carried on, as a typing error would be). Returns the sheet and each line's saldo."""
    rows: list[list[object]] = [
        [TITLE_PEMKAB],
        ["BUKU KAS UMUM PENGELUARAN"],
        [f"PERIODE {period}"],
        [f"SKPD : {skpd}"],
        ["Pengguna Anggaran : dr. H. AHMAD FAUZI, M.Kes"],
        ["Bendahara Pengeluaran : SITI AMINAH, S.E."],
        [],
        HEADER,
        [None, None, None, None, "Saldo Awal", 0, 0, opening / 100],
    ]
    saldo, balances = opening, []
    for i, (day, bukti, kode, uraian, masuk, keluar, cara) in enumerate(lines):
        saldo += masuk - keluar + (errors or {}).get(i, 0)
        balances.append(saldo)
        rows.append([i + 1, day, bukti, kode, uraian, masuk / 100, keluar / 100, saldo / 100, cara])
    total_in = sum(line[4] for line in lines) / 100
    total_out = sum(line[5] for line in lines) / 100
    rows += [
        [None, None, None, None, "Jumlah bulan ini", total_in, total_out],
        [None, None, None, None, "Jumlah s.d. bulan ini", total_in, total_out],
        [None, None, None, None, "Sisa Kas", None, None, saldo / 100],
        *signature(left=1, right=4),
    ]
    last = HEADER_ROW + 1 + len(lines) + 3
    return Sheet("BKU", rows, formats={f"F9:H{last}": "#,##0.00"}), balances


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


def row_of(line: int) -> int:
    """Excel row of a data line (0-based): below the header and the Saldo Awal row."""
    return HEADER_ROW + 2 + line


# --- Dinas Kesehatan, December: KAS-01 … KAS-05 planted ---------------------------------
# fmt: off
DINKES_LINES: list[Line] = [
    (d(12, 1), "0001/BKU/XII/2025", None, "Penerimaan SP2D GU 00112/SP2D/GU/2025",
     150_000_000_00, 0, "Bank"),
    (d(12, 2), "0002/BKU/XII/2025", "5.1.02.01.01.0024", "Belanja ATK - kertas HVS",
     0, 1_234_567_89, "Transfer"),
    # KAS-03: the same purchase booked again (case and punctuation differ)
    (d(12, 2), "0003/BKU/XII/2025", "5.1.02.01.01.0024", "belanja ATK, Kertas HVS.",
     0, 1_234_567_89, "Transfer"),
    (d(12, 5), "0004/BKU/XII/2025", "5.1.02.02.01.0013", "Honor tenaga kebersihan",
     0, 3_000_000_00, "CMS"),
    # KAS-05: cash payment above Rp 5.000.000
    (d(12, 8), "0005/BKU/XII/2025", "5.1.02.01.01.0052", "Makan minum rapat koordinasi",
     0, 7_500_000_00, "Tunai"),
    # cash exactly at the limit: clean
    (d(12, 9), "0006/BKU/XII/2025", "5.1.02.01.01.0052", "Konsumsi pelatihan kader",
     0, 5_000_000_00, "Tunai"),
    # KAS-02: spending without a voucher number
    (d(12, 10), None, "5.1.02.01.01.0026", "Belanja bahan cetak leaflet", 0, 450_000_00,
     "Transfer"),
    # KAS-01: the saldo of this line is typed Rp 100.000 too high
    (d(12, 15), "0008/BKU/XII/2025", "5.1.02.03.02.0035", "Pemeliharaan kendaraan dinas",
     0, 2_500_000_00, "Transfer"),
    (d(12, 22), "0009/BKU/XII/2025", "5.2.02.05.01.0001", "Belanja modal laptop",
     0, 95_000_000_00, "Transfer"),
    (d(12, 30), "0010/BKU/XII/2025", None, "Setor sisa UP ke Kas Daerah", 0, 45_000_000_00,
     "Bank"),
    # KAS-04: the data reach 31 December with cash left
    (d(12, 31), "0011/BKU/XII/2025", "5.1.02.01.01.0024", "Belanja meterai",
     0, 180_000_00, "KKPD"),
]
# fmt: on
DINKES_OPENING = 12_000_000_00

# --- DPMPTSP, November: many small cash payments, non-cash share below 90 % -------------
# fmt: off
DPMPTSP_LINES: list[Line] = [
    (d(11, 3), "0101/BKU/XI/2025", None, "Penerimaan SP2D GU 00095/SP2D/GU/2025",
     40_000_000_00, 0, "Bank"),
    (d(11, 4), "0102/BKU/XI/2025", "5.1.02.01.01.0024", "Belanja ATK pelayanan perizinan",
     0, 4_500_000_00, "Tunai"),
    (d(11, 6), "0103/BKU/XI/2025", "5.1.02.04.01.0001", "Perjalanan dinas sosialisasi PBG",
     0, 5_000_000_00, "Tunai"),
    (d(11, 12), "0104/BKU/XI/2025", "5.1.02.02.01.0026", "Jasa tenaga pendukung MPP",
     0, 20_000_000_00, "Transfer"),
    (d(11, 20), "0105/BKU/XI/2025", "5.1.02.01.01.0052", "Makan minum rapat",
     0, 3_000_000_00, "Tunai"),
]
# fmt: on
DPMPTSP_OPENING = 2_000_000_00

# --- RSUD Curup, December: closed to nil, non-cash: clean --------------------------------
# fmt: off
RSUD_LINES: list[Line] = [
    (d(12, 1), "0201/BKU/XII/2025", None, "Penerimaan SP2D GU 00310/SP2D/GU/2025",
     80_000_000_00, 0, "Bank"),
    (d(12, 3), "0202/BKU/XII/2025", "5.1.02.99.99.9999", "Belanja BMHP",
     0, 45_600_000_00, "Transfer"),
    (d(12, 3), "0203/BKU/XII/2025", "5.1.02.99.99.9999", "Belanja BMHP",
     0, 12_345_678_90, "Transfer"),  # same day and text, another amount: not a duplicate
    (d(12, 31), "0204/BKU/XII/2025", None, "Setor sisa UP ke Kas Daerah",
     0, 27_054_321_10, "Bank"),
]
# fmt: on
RSUD_OPENING = 5_000_000_00


def test_kas_rules_end_to_end(tmp_path: Path) -> None:
    dinkes, dinkes_saldo = bku_sheet(
        "1.02.0.00.0.00.01.0000 Dinas Kesehatan",
        "DESEMBER 2025",
        DINKES_OPENING,
        DINKES_LINES,
        errors={7: 100_000_00},
    )
    dpmptsp, _ = bku_sheet(
        "2.18.0.00.0.00.01.0000 Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "NOVEMBER 2025",
        DPMPTSP_OPENING,
        DPMPTSP_LINES,
    )
    rsud, rsud_saldo = bku_sheet(
        "1.02.0.00.0.00.02.0000 Rumah Sakit Umum Daerah Curup",
        "DESEMBER 2025",
        RSUD_OPENING,
        RSUD_LINES,
    )
    assert rsud_saldo[-1] == 0
    paths = [
        write_xlsx(tmp_path / "dinkes" / "bku_desember.xlsx", dinkes),
        write_xlsx(tmp_path / "dpmptsp" / "bku_november.xlsx", dpmptsp),
        write_xlsx(tmp_path / "rsud" / "bku_desember.xlsx", rsud),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    for inp in inputs:
        assert [doc.kind for doc in inp.documents()] == ["bku"], inp.display

    pack = load_rules(bundled_rules_dir())
    options = RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES)
    report = evaluate(pack, inputs, options)

    assert not [o for o in report.outcomes if o.status is Status.ERROR], [
        (o.rule_id, o.reason) for o in report.outcomes if o.status is Status.ERROR
    ]
    found = {
        (
            f.rule_id,
            f.bpk_code,
            f.locations[0].file,
            tuple(loc.row for loc in f.locations),
        ): f.amount_sen
        for f in report.findings
    }
    dinkes_file, dpmptsp_file = "dinkes/bku_desember.xlsx", "dpmptsp/bku_november.xlsx"
    expected = {
        ("KAS-01", dinkes_file, (row_of(7),)): 100_000_00,
        ("KAS-02", dinkes_file, (row_of(6),)): 450_000_00,
        ("KAS-03", dinkes_file, (row_of(1), row_of(2))): 1_234_567_89,
        ("KAS-04", dinkes_file, (row_of(10),)): dinkes_saldo[-1],
        ("KAS-05", dinkes_file, (row_of(4),)): 7_500_000_00,
        ("KAS-06", dpmptsp_file, (row_of(1),)): None,
    }
    assert found == {
        (rule, BPK[rule], file, rows): amount for (rule, file, rows), amount in expected.items()
    }
    assert len(report.findings) == len(expected)
    assert dinkes_saldo[-1] == 1_000_864_22

    kas06 = next(f for f in report.findings if f.rule_id == "KAS-06")
    # non-cash 20 juta of 32,5 juta = 61,5 %
    assert "61,5 %" in kas06.message and "90 %" in kas06.message
    assert kas06.opd is not None and kas06.opd.code == "2.18.0.00.0.00.01.0000"
    kas01 = next(f for f in report.findings if f.rule_id == "KAS-01")
    assert kas01.locations[0].cell == f"H{row_of(7)}"
