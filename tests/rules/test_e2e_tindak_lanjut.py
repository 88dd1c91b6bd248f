"""End to end: follow-up matrices of BPK recommendations → ingest → TL-01 and TL-02.

Two realistic workbooks: the PUPRKP matrix (SIPTL style: merged two-row header, LHP and
finding cells merged down, numeric money) and the Dinas Kesehatan matrix (one LHP per
block under a heading line, money as text). Run at 19 July 2025, the 60th day after the
LHP of 20 May 2025 (not yet overdue), and at 20 July 2025 (overdue).

Repeat findings: a Dinas Kesehatan tax ledger with the matrix of earlier recommendations;
a finding links only to recommendations of its BPK code that are about its rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import AuditReport, Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx
from tests.rules.test_e2e_pajak import LINES, pajak_sheet

RULES = ("TL-01", "TL-02")
PUPRKP = "1.03.1.04.0.00.01.0000"
DINKES = "1.02.0.00.0.00.01.0000"
LHP_2024 = "27.B/LHP/XVIII.BKL/05/2024"
LHP_2025 = "12.B/LHP/XVIII.BKL/05/2025"
PUPRKP_FILE = "puprkp/matriks_tl.xlsx"
DINKES_FILE = "dinkes/tl_bpk.xlsx"

# fmt: off
PUPRKP_ROWS = [
    [TITLE_PEMKAB],
    ["MATRIKS PEMANTAUAN TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK RI"],
    ["SKPD : 1.03.1.04.0.00.01.0000 Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan "
     "Kawasan Permukiman"],
    [],
    ["No", "LHP", None, "Temuan", None, None, "Rekomendasi", None, None, "Tindak Lanjut", None,
     "Status", "Sisa (Rp)"],
    [None, "Nomor", "Tanggal", "No", "Kode", "Uraian", "Kode", "Uraian", "Nilai (Rp)",
     "Uraian", "Nilai (Rp)"],
    [1, LHP_2024, dt.datetime(2024, 5, 17), "1", "1.01.03", "Kekurangan volume jalan", "01",
     "Menyetor kekurangan volume", 45_678_900.5, "Disetor sebagian", 20_000_000,
     "Belum Sesuai", 25_678_900.5],
    [2, None, None, None, None, None, "05", "Memberi sanksi kepada PPK", None, "SK teguran",
     None, "Sesuai", None],
    [3, None, None, "2", "1.03.01", "Denda keterlambatan belum dipungut", "01",
     "Memungut denda", 12_500_000, None, None, "Belum Ditindaklanjuti", 12_500_000],
    [4, LHP_2025, dt.datetime(2025, 5, 20), "1", "1.04.01", "Bukti tidak lengkap", "06",
     "Melengkapi bukti", None, None, None, "Belum Sesuai", None],
    [5, None, None, "2", "1.01.04", "Kelebihan pembayaran", "01", "Menyetor kelebihan",
     3_000_000, "Disetor lunas", 3_000_000, "Belum Sesuai", 0],
    [None, "Jumlah", None, None, None, None, None, None, 61_178_900.5, None, 23_000_000, None,
     38_178_900.5],
    *signature(left=1, right=10, head="Kepala Dinas", place="Curup, 30 Juni 2025"),
]
PUPRKP_MERGES = ["A5:A6", "B5:C5", "D5:F5", "G5:I5", "J5:K5", "L5:L6", "M5:M6",
                 "B7:B9", "C7:C9", "D7:D8", "E7:E8", "F7:F8", "B10:B11", "C10:C11"]

DINKES_HEADER = ["No", "No Temuan", "Kode Temuan", "Uraian Temuan", "Kode Rekomendasi",
                 "Uraian Rekomendasi", "Nilai Temuan (Rp)", "Uraian Tindak Lanjut",
                 "Nilai yang Telah Ditindaklanjuti (Rp)", "Sisa (Rp)", "Status"]
DINKES_ROWS = [
    [TITLE_PEMKAB],
    ["MATRIKS TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK"],
    ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
    [f"LHP Nomor {LHP_2024} Tanggal 17 Mei 2024"],
    DINKES_HEADER,
    [1, "3", "1.01.07", "Kelebihan perjalanan dinas", "01", "Menyetor kelebihan",
     "Rp 8.250.000,00", "Disetor", "Rp 8.250.000,00", "Rp 0,00", "Sesuai"],
    [2, "4", "1.04.10", "Pajak terlambat disetor", "06", "Menyetor pajak tepat waktu", None,
     None, None, None, "Belum Ditindaklanjuti"],
    [f"Nomor LHP : {LHP_2025}"],
    ["Tanggal LHP : 20 Mei 2025"],
    [1, "2", "1.01.07", "Perjalanan dinas ganda", "01", "Menyetor kelebihan",
     "Rp 12.345.678,90", "Angsuran I", "Rp 5.000.000,00", "Rp 7.345.678,90", "Belum Sesuai"],
    [2, "3", "1.01.07", "Uang harian di atas standar", "01", "Menyetor kelebihan",
     "Rp 5.000.000,00", "Pegawai meninggal dunia", None, "Rp 5.000.000,00",
     "Tidak Dapat Ditindaklanjuti"],
    *signature(left=1, right=8, head="Kepala Dinas", place="Curup, 30 Juni 2025"),
]
# fmt: on


def _inputs(tmp_path: Path) -> list:
    paths = [
        write_xlsx(tmp_path / PUPRKP_FILE, Sheet("TL", PUPRKP_ROWS, merges=PUPRKP_MERGES)),
        write_xlsx(tmp_path / DINKES_FILE, Sheet("TL", DINKES_ROWS, merges=["A4:K4"])),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    for inp in inputs:
        assert [doc.kind for doc in inp.documents()] == ["tindak_lanjut"], inp.display
    return inputs


def _run(inputs: list, as_of: str) -> AuditReport:
    pack = load_rules(bundled_rules_dir())
    return evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp(as_of), select=RULES))


def _found(report: AuditReport) -> dict[tuple[str, str, str, int | None], int | None]:
    return {
        (f.rule_id, f.bpk_code, f.locations[0].file, f.locations[0].row): f.amount_sen
        for f in report.findings
    }


OVERDUE_2024 = {
    ("TL-01", "2.03.02", PUPRKP_FILE, 7): None,
    ("TL-01", "2.03.02", PUPRKP_FILE, 9): None,
    ("TL-01", "2.03.02", DINKES_FILE, 7): None,
}
MONEY = {
    ("TL-02", "1.01.13", PUPRKP_FILE, 7): 25_678_900_50,
    ("TL-02", "1.01.13", PUPRKP_FILE, 9): 12_500_000_00,
    ("TL-02", "1.01.13", DINKES_FILE, 10): 7_345_678_90,
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list:
    return _inputs(tmp_path_factory.mktemp("tl"))


def test_on_the_sixtieth_day_only_older_lhps_are_overdue(inputs: list) -> None:
    report = _run(inputs, "2025-07-19")
    status = {(o.opd.code if o.opd else "?", o.rule_id): o.status for o in report.outcomes}
    assert set(status.values()) == {Status.FAILED}
    assert len(status) == 4
    assert _found(report) == {**OVERDUE_2024, **MONEY}
    by_key = {(f.rule_id, f.locations[0].file, f.locations[0].row): f for f in report.findings}
    tl01 = by_key[("TL-01", PUPRKP_FILE, 7)]
    assert tl01.message == (
        f"Rekomendasi 01 atas temuan 1 (1.01.03) LHP {LHP_2024} tanggal 17/05/2024 berstatus "
        '"belum sesuai"; batas tindak lanjut 16/07/2024 (60 hari), lewat 368 hari pada '
        "19/07/2025"
    )
    assert tl01.locations[0].cell == "L7"
    # the second recommendation of the merged finding carries its LHP and finding code
    assert "temuan 2 (1.03.01) LHP 27.B" in by_key[("TL-01", PUPRKP_FILE, 9)].message
    tl02 = by_key[("TL-02", DINKES_FILE, 10)]
    assert tl02.message == (
        f"Rekomendasi 01 atas temuan 2 (1.01.07) LHP {LHP_2025}: nilai Rp 12.345.678,90, "
        "telah disetor Rp 5.000.000, sisa Rp 7.345.678,90 belum disetor ke kas daerah "
        '(status "belum sesuai")'
    )
    assert tl02.locations[0].cell == "J10"


def test_a_day_later_the_2025_lhp_is_overdue_too(inputs: list) -> None:
    report = _run(inputs, "2025-07-20")
    later = {
        ("TL-01", "2.03.02", PUPRKP_FILE, 10): None,
        ("TL-01", "2.03.02", PUPRKP_FILE, 11): None,
        ("TL-01", "2.03.02", DINKES_FILE, 10): None,
    }
    assert _found(report) == {**OVERDUE_2024, **later, **MONEY}
    english = evaluate(
        load_rules(bundled_rules_dir()),
        inputs,
        RunOptions(as_of=pd.Timestamp("2025-07-20"), select=("TL-02",)),
    )
    assert {f.text("title", "en") for f in english.findings} == {"Loss not fully recovered"}


# --------------------------------------------- repeat findings: code AND topic (issue 12)

# fmt: off
REPEAT_ROWS = [
    [TITLE_PEMKAB],
    ["MATRIKS TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK"],
    ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"],
    [f"LHP Nomor {LHP_2024} Tanggal 17 Mei 2024"],
    DINKES_HEADER,
    # row 6: late tax deposits (1.04.10) → PJK-02
    [1, "1", "1.04.10", "Pajak terlambat disetor ke kas negara", "06",
     "Menginstruksikan bendahara menyetor pajak tepat waktu", None, None, None, None, "Sesuai"],
    # row 7: the same code, about revenue deposits → no link
    [2, "2", "1.04.10", "Pendapatan BLUD terlambat disetor ke rekening BLUD", "06",
     "Menginstruksikan bendahara penerimaan menyetor pendapatan paling lambat 1 hari kerja",
     None, None, None, None, "Sesuai"],
    # row 8: tax withheld not deposited (1.03.01), the tax named as "PPh Pasal 23" → PJK-01
    [3, "3", "1.03.01", "Kekurangan setor PPh Pasal 23 atas jasa kebersihan", "01",
     "Menyetorkan kekurangan ke kas negara", "Rp 450.000,00", None, None, "Rp 450.000,00",
     "Belum Sesuai"],
    [f"Nomor LHP : {LHP_2025}"],
    ["Tanggal LHP : 20 Mei 2025"],
    # row 11: the same code, about retribusi → no link
    [1, "1", "1.03.01", "Retribusi yang diterima belum disetor ke Kas Daerah", "01",
     "Menyetorkan retribusi yang belum disetor", "Rp 9.875.000,00", None, None,
     "Rp 9.875.000,00", "Belum Sesuai"],
    # row 12: names the rule id only → PJK-03
    [2, "2", "1.04.01", "Bukti pertanggungjawaban tidak lengkap", "06",
     "Melengkapi bukti sesuai temuan PJK-03", None, None, None, None, "Belum Sesuai"],
    *signature(left=1, right=8, head="Kepala Dinas", place="Curup, 30 Juni 2025"),
]
# fmt: on


def test_repeat_findings_link_only_recommendations_about_the_rule(tmp_path: Path) -> None:
    paths = [
        write_xlsx(tmp_path / "dinkes" / "bpp_2025.xlsx", pajak_sheet(LINES)),
        write_xlsx(tmp_path / DINKES_FILE, Sheet("TL", REPEAT_ROWS, merges=["A4:K4"])),
    ]
    inputs = [ingest_file(p, IngestOptions(root=tmp_path)) for p in paths]
    assert [d.kind for i in inputs for d in i.documents()] == ["pajak", "tindak_lanjut"]
    pack = load_rules(bundled_rules_dir())
    select = ("PJK-01", "PJK-02", "PJK-03")
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-05-20"), select=select))

    links = {
        f.rule_id: [(r.location.file, r.location.row, r.lhp) for r in f.repeat_of if r.location]
        for f in report.findings
    }
    assert links == {
        "PJK-01": [(DINKES_FILE, 8, LHP_2024)],
        "PJK-02": [(DINKES_FILE, 6, LHP_2024)],
        "PJK-03": [(DINKES_FILE, 12, LHP_2025)],
    }
    by_rule = {f.rule_id: f for f in report.findings}
    assert by_rule["PJK-02"].repeat_of[0].recommendation == (
        "06 Menginstruksikan bendahara menyetor pajak tepat waktu"
    )
    assert by_rule["PJK-02"].repeat_of[0].status == "sesuai"
    english = evaluate(
        pack, inputs, RunOptions(as_of=pd.Timestamp("2025-05-20"), select=select)
    )  # the topic comes from the rule's Indonesian title, whatever the report's language
    assert {f.rule_id: len(f.repeat_of) for f in english.findings} == dict.fromkeys(select, 1)
