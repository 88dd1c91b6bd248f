"""End to end: honor lists (and a travel list) as workbooks → ingest → HON-01 … HON-05.

Dinas Kesehatan's honor list for 2025 (title block, SKPD line, header, Jumlah row,
signatures) holds one planted case per rule among clean rows on the edges: a Ketua paid
exactly the rate, two payments of one person by one team in one month (one team), a
person in exactly three teams, golongan written `III/a`, `Penata (III/c)` and
`Pembina Utama Muda (IV/c)`, a non-ASN recipient without PPh, a narasumber without an SK,
a meeting the day after a trip. One row's role (`Koordinator Lapangan`) has no rate: an
input problem of its cell, never a finding. DPMPTSP's list is clean and its OPD has no
travel list: HON-05 is not applicable there, saying why.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

RULES = ("HON-01", "HON-02", "HON-03", "HON-04", "HON-05")
HEADER = ["No", "Nama", "NIP", "Pangkat/Gol", "Jabatan dalam Tim", "Nama Tim", "No SK",
          "Bulan", "Tanggal Kegiatan", "Volume", "Jumlah Bruto", "PPh 21",
          "Jumlah Bersih"]  # fmt: skip
FIRST = 7  # Excel row of the first data row (header on row 6)
RATNA = ("RATNA SARI, S.KM", "198003122006042015", "III/a")
HENDRA = ("HENDRA GUNAWAN", "198805052010011001", "Pengatur / II.c")
FAUZI = ("dr. H. AHMAD FAUZI, M.Kes", "197001011990031001", "Pembina Utama Muda (IV/c)")
DEDI = ("DEDI PRASETYO", "199001012015031002", "Penata (III/c)")
MERI = ("MERI ANDRIANI", "198811112012122001", "III/c")
AGUS = ("AGUS SALIM", "197505051998031004", "IV")
YUNI = ("YUNI LESTARI", None, "Non ASN")
YULI = ("Dr. YULI ASTUTI, M.Kes", None, None)
ZUL = ("ZULKARNAIN, S.T.", "198207072009041003", "III/d")
SK1, SK2, SK3, SK4, SK5 = (f"800/{i}/SK/DINKES/2025" for i in range(1, 6))


def d(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day)


# (person, jabatan, tim, SK, bulan, tanggal kegiatan, volume, bruto, pph21)
# fmt: off
DINKES: list[tuple] = [
    (RATNA, "Ketua", "Tim SPM", SK1, "Maret 2025", None, 1, 400000, 20000),  # 0: at the rate
    (RATNA, "Anggota", "Tim Stunting", SK2, "Maret 2025", None, 1, 300000, 15000),
    (RATNA, "Anggota", "Tim Pokja", SK3, "03/2025", None, 1, 300000, 15000),
    (RATNA, "Anggota", "Tim Renstra", SK4, "Maret 2025", None, 1, 250000, 12500),  # 3: HON-02
    (HENDRA, "Anggota", "Tim SPM", SK1, "Maret 2025", None, 1, 300000, 0),
    (HENDRA, "ANGGOTA", "TIM SPM", SK1, "03/2025", None, 1, 300000, 0),  # same team again
    (HENDRA, "Anggota Tim", "Tim Stunting", SK2, "Maret 2025", None, 1, 300000, 0),
    (FAUZI, "Penanggung Jawab", "Tim SPM", SK1, "Maret 2025", None, 1, 500000, 75000),  # 7: HON-01
    (DEDI, "Sekretaris", "Tim SPM", SK1, "Maret 2025", None, 1, 300000, 0),  # 8: HON-04
    (MERI, "Anggota", "Tim SPM", None, "Maret 2025", None, 1, 300000, 15000),  # 9: HON-03
    (AGUS, "Koordinator Lapangan", "Tim SPM", SK1, "Maret 2025", None, 1, 600000, 90000),  # 10
    (YUNI, "Anggota", "Tim SPM", SK1, "Maret 2025", None, 1, 300000, None),  # non-ASN
    (YULI, "Narasumber", "Bimtek SPM", None, "Maret 2025", d(3, 12), 2, 1800000, None),
    # 13: HON-05, a meeting on a day of ZUL's trip (20–22 January)
    (ZUL, "Anggota", "Rapat Evaluasi", SK5, "Januari 2025", d(1, 21), 1, 300000, 15000),
    (HENDRA, "Anggota", "Rapat Evaluasi", SK5, "Januari 2025", d(1, 23), 1, 300000, 0),
]
# fmt: on


def honor_rows(rows: list[tuple]) -> list[list[object]]:
    out = []
    for i, (person, jabatan, tim, sk, bulan, tanggal, vol, bruto, pph) in enumerate(rows):
        netto = bruto - (pph or 0)
        out.append([i + 1, *person, jabatan, tim, sk, bulan, tanggal, vol, bruto, pph, netto])
    return out


def honor_book(path: Path, skpd: str, rows: list[tuple]) -> Path:
    total = ["Jumlah", *[None] * 9, sum(r[7] for r in rows), sum(r[8] or 0 for r in rows)]
    sheet_rows = [
        [TITLE_PEMKAB], ["DAFTAR PEMBAYARAN HONORARIUM TIM"], ["TAHUN ANGGARAN 2025"],
        [f"SKPD : {skpd}"], [], HEADER, *honor_rows(rows), total, *signature(left=1, right=9),
    ]  # fmt: skip
    return write_xlsx(path, Sheet("Honor", sheet_rows))


def travel_book(path: Path) -> Path:
    header = ["No", "Nama Pegawai", "NIP", "No SPT", "Tujuan", "Tgl Berangkat", "Tgl Kembali",
              "Jumlah (Rp)"]  # fmt: skip
    rows = [
        [TITLE_PEMKAB], ["DAFTAR PERJALANAN DINAS"], ["TAHUN 2025"],
        ["SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan"], [], header,
        [1, ZUL[0], "19820707 200904 1 003", "094/020/SPT/DINKES/2025", "Kota Bengkulu",
         d(1, 20), d(1, 22), 2924000],
        [2, HENDRA[0], HENDRA[1], "094/021/SPT/DINKES/2025", "Kota Bengkulu", d(1, 20),
         d(1, 22), 2924000],
    ]  # fmt: skip
    return write_xlsx(path, Sheet("Perjadin", rows))


DPMPTSP: list[tuple] = [
    (AGUS, "Ketua", "Tim Reformasi Perizinan", SK1, "Juni 2025", None, 1, 400000, 60000),
    (YUNI, "Anggota", "Tim Reformasi Perizinan", SK1, "Juni 2025", None, 1, 300000, None),
]


def run(tmp: Path) -> tuple:
    paths = [
        honor_book(tmp / "dinkes" / "honor_2025.xlsx", "1.02.0.00.0.00.01.0000 Dinas Kesehatan",
                   DINKES),
        travel_book(tmp / "dinkes" / "perjadin_2025.xlsx"),
        honor_book(tmp / "dpmptsp" / "honor_2025.xlsx",
                   "2.18.0.00.0.00.01.0000 Dinas Penanaman Modal dan Pelayanan Terpadu Satu "
                   "Pintu", DPMPTSP),
    ]  # fmt: skip
    inputs = [ingest_file(p, IngestOptions(root=tmp)) for p in paths]
    assert [doc.kind for i in inputs for doc in i.documents()] == ["honor", "perjadin", "honor"]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=RULES))
    return report, inputs


def test_honor_rules_end_to_end(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    found = {
        (f.rule_id, f.bpk_code, f.locations[0].file, tuple(loc.row for loc in f.locations)): (
            f.amount_sen
        )
        for f in report.findings
    }
    dinkes = "dinkes/honor_2025.xlsx"
    assert found == {
        ("HON-01", "1.01.07", dinkes, (FIRST + 7,)): 50_000_00,  # 500.000 − 450.000
        ("HON-02", "1.01.07", dinkes, tuple(FIRST + i for i in range(4))): 250_000_00,
        ("HON-03", "1.04.01", dinkes, (FIRST + 9,)): 300_000_00,
        ("HON-04", "1.03.01", dinkes, (FIRST + 8,)): 15_000_00,  # 5 % of 300.000
        ("HON-05", "1.01.07", dinkes, (FIRST + 13,)): 300_000_00,
    }
    hon02 = next(f for f in report.findings if f.rule_id == "HON-02")
    assert "4 tim" in hon02.text("message", "id") and "Tim Renstra" in hon02.text("message", "id")
    hon05 = next(f for f in report.findings if f.rule_id == "HON-05")
    assert "094/020/SPT/DINKES/2025" in hon05.text("message", "en")


def test_unknown_role_is_an_input_problem_and_hon05_needs_a_travel_list(tmp_path: Path) -> None:
    report, _ = run(tmp_path)
    by_rule: dict[str, list] = {}
    for o in report.outcomes:
        by_rule.setdefault(o.rule_id, []).append(o)
    dinkes01, dpmptsp01 = sorted(by_rule["HON-01"], key=lambda o: o.opd.code if o.opd else "")
    assert dinkes01.status is Status.FAILED and dinkes01.reason_key == "rows_unchecked"
    assert "1 row(s) could not be checked" in (dinkes01.reason_in("en") or "")
    assert dpmptsp01.status is Status.PASSED and dpmptsp01.reason_key is None
    hon05 = {o.opd.code: o for o in by_rule["HON-05"] if o.opd}
    assert hon05["1.02.0.00.0.00.01.0000"].status is Status.FAILED
    skipped = hon05["2.18.0.00.0.00.01.0000"]
    assert skipped.status is Status.NOT_APPLICABLE and "perjadin" in (skipped.reason or "")
    assert not [f for f in report.findings if any(loc.row == FIRST + 10 for loc in f.locations)]


def json_problems(tmp: Path, cache: Path) -> list[dict]:
    """`rl-audit check --format json` over the tmp folder: the report's lookup_no_rate problems."""
    out = tmp / "report.json"
    args = ["check", str(tmp / "dinkes"), "--format", "json", "--output", str(out), "--lang",
            "en", "--select", "HON-01", "--as-of", "2025-12-31", "--cache", str(cache)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    problems = json.loads(out.read_text(encoding="utf-8"))["problems"]
    return [p for p in problems if p["key"] == "lookup_no_rate"]


def test_unknown_role_reaches_the_json_report_also_from_the_cache(tmp_path: Path) -> None:
    run(tmp_path)
    cache = tmp_path / "cache"
    first = json_problems(tmp_path, cache)
    assert first == json_problems(tmp_path, cache)  # the second run reads the cached OPD
    assert len(first) == 1
    problem = first[0]
    assert problem["file"].endswith("dinkes/honor_2025.xlsx")
    assert (problem["sheets"], problem["cell"]) == (["Honor"], f"E{FIRST + 10}")
    assert problem["severity"] == "warning"
    assert "Koordinator Lapangan" in problem["message"] and "honor_rates" in problem["message"]
    assert "HON-01" in problem["message"]


def test_only_unknown_roles_make_hon01_an_error_not_a_pass(tmp_path: Path) -> None:
    rows = [(AGUS, "Koordinator Lapangan", "Tim SPM", SK1, "Maret 2025", None, 1, 600000, 0)]
    path = honor_book(tmp_path / "honor.xlsx", "1.02.0.00.0.00.01.0000 Dinas Kesehatan", rows)
    inputs = [ingest_file(path, IngestOptions(root=tmp_path))]
    pack = load_rules(bundled_rules_dir())
    report = evaluate(
        pack, inputs, RunOptions(as_of=pd.Timestamp("2025-12-31"), select=("HON-01",))
    )
    (outcome,) = report.outcomes
    assert outcome.status is Status.ERROR and outcome.reason_key == "rows_unchecked"
    assert [n.key for n in report.notices] == ["lookup_no_rate"]
    assert report.notices[0].params["cells"] == [f"E{FIRST}"]
