"""Repeat findings (temuan berulang): findings linked to earlier BPK recommendations.

The follow-up matrices are read by the real importer from workbooks built here; the
current findings are constructed. `link_repeats` must link a finding to every
recommendation of the same OPD whose finding code equals its BPK code AND that is about
the finding's rule (names its id, or its kind's subject and a word of its title), and
nothing else: the code alone links a late PPN deposit to a recommendation on revenue
deposits, and every perjalanan dinas rule to every perjalanan dinas recommendation.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from rl_audit.documents import Document, OpdRef
from rl_audit.engine.repeat_topics import about, recommendation_text, topic
from rl_audit.engine.repeats import link_repeats, recommendations
from rl_audit.findings import Finding, Location, RepeatRef, Severity
from rl_audit.ingest.pipeline import IngestOptions, ingest_file
from rl_audit.ruleset.load import bundled_rules_dir, load_rules
from tests.ingest.builders import TITLE_PEMKAB, Sheet, signature, write_xlsx

DINKES = OpdRef("1.02.0.00.0.00.01.0000", "Dinas Kesehatan", short="Dinkes")
PUPRKP = OpdRef(
    "1.03.1.04.0.00.01.0000",
    "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
    short="PUPRKP",
)
LHP_2024 = "27.B/LHP/XVIII.BKL/05/2024"
LHP_2025 = "12.B/LHP/XVIII.BKL/05/2025"
LONG = "Memerintahkan bendahara pengeluaran " + "dan PPTK " * 20 + "menyetor kelebihan (PD-01)"
RULES = load_rules(bundled_rules_dir()).rules
HEADER = ["No", "No Temuan", "Kode Temuan", "Uraian Temuan", "Kode Rekomendasi",
          "Uraian Rekomendasi", "Nilai Temuan (Rp)", "Sisa (Rp)", "Status"]  # fmt: skip


def _matrix(skpd: str, lines: list[list[object]]) -> list[list[object]]:
    return [
        [TITLE_PEMKAB],
        ["MATRIKS TINDAK LANJUT REKOMENDASI HASIL PEMERIKSAAN BPK"],
        [f"SKPD : {skpd}"],
        [f"LHP Nomor {LHP_2024} Tanggal 17 Mei 2024"],
        HEADER,
        *lines,
        *signature(left=1, right=7),
    ]


# fmt: off
DINKES_LINES: list[list[object]] = [
    # row 6, 7: one finding (cells merged down) with two recommendations
    [1, "3", "1.1.7", "Perjalanan dinas tumpang tindih", "01",
     "Menyetor kelebihan perjalanan dinas", "Rp 8.250.000,00", "Rp 0,00", "Sesuai"],
    [2, None, None, None, "05", "Memberi sanksi kepada PPTK", None, None, "Belum Sesuai"],
    [3, "4", "1.04.10", "Pajak terlambat disetor", "06", "Menyetor pajak tepat waktu", None,
     None, "Belum Ditindaklanjuti"],
    [f"Nomor LHP : {LHP_2025}"],
    ["Tanggal LHP : 20 Mei 2025"],
    # row 11: names the rule id only at the end of a long recommendation
    [1, "2", "1.01.07", "Perjalanan dinas ganda", "01", LONG, "Rp 12.345.678,90",
     "Rp 7.345.678,90", "BS"],
    # row 12: the same code, about uang harian (PD-03), not overlapping trips (PD-01)
    [2, "3", "1.01.07", "Kelebihan uang harian perjalanan dinas", "01",
     "Menyetorkan kelebihan ke Kas Daerah", "Rp 6.840.000,00", "Rp 0,00", "Sesuai"],
    # row 13: the same code as late tax deposits (1.04.10), about revenue deposits
    [3, "4", "1.04.10", "Pendapatan BLUD terlambat disetor ke rekening BLUD", "06",
     "Menginstruksikan bendahara penerimaan menyetor pendapatan paling lambat 1 hari kerja",
     None, None, "Sesuai"],
    # row 14: a generic perjalanan dinas recommendation: no aspect of any PD rule
    [4, "5", "1.01.07", "Kelebihan pembayaran perjalanan dinas", "01",
     "Memproses kelebihan pembayaran dan menyetorkannya ke Kas Daerah", None, None, "BS"],
]
PUPRKP_LINES: list[list[object]] = [
    [1, "1", "1.03.01", "Denda keterlambatan belum dipungut", "01", "Memungut denda",
     "Rp 12.500.000,00", "Rp 12.500.000,00", "Belum Ditindaklanjuti"],
]
# fmt: on


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    root = tmp_path_factory.mktemp("repeats")
    dinkes = Sheet(
        "TL",
        _matrix("1.02.0.00.0.00.01.0000 Dinas Kesehatan", DINKES_LINES),
        merges=["B6:B7", "C6:C7", "D6:D7"],
    )
    puprkp = Sheet("TL", _matrix(f"{PUPRKP.code} {PUPRKP.name}", PUPRKP_LINES))
    out: list[Document] = []
    for path in (
        write_xlsx(root / "dinkes" / "tl.xlsx", dinkes),
        write_xlsx(root / "puprkp" / "tl.xlsx", puprkp),
    ):
        out += ingest_file(path, IngestOptions(root=root)).documents()
    assert [(d.kind, d.opd.code if d.opd else None) for d in out] == [
        ("tindak_lanjut", DINKES.code),
        ("tindak_lanjut", PUPRKP.code),
    ]
    return out


def finding(rule: str, code: str, opd: OpdRef | None, document: str = "perjadin") -> Finding:
    loc = Location(f"{document}.xlsx", "Sheet1", 12, "jumlah", "O12")
    return Finding(rule, code, Severity.HIGH, opd, document, rule, "pesan", 1_000_00, (loc,),
                   f"fp-{rule}-{code}")  # fmt: skip


def ref(lhp: str, date: str, no: str, rec: str, status: str, row: int) -> RepeatRef:
    loc = Location("dinkes/tl.xlsx", "TL", row, "kode_temuan", f"C{row}")
    return RepeatRef(lhp, date, no, "1.01.07", rec, status, loc)


def test_finding_is_linked_to_every_earlier_recommendation(docs: list[Document]) -> None:
    pd01 = finding("PD-01", "1.01.07", DINKES)
    [linked] = link_repeats([pd01], docs, RULES)
    short = ("01 " + LONG)[:119] + "…"
    assert linked.repeat_of == (
        ref(LHP_2024, "2024-05-17", "3", "01 Menyetor kelebihan perjalanan dinas", "sesuai", 6),
        ref(LHP_2024, "2024-05-17", "3", "05 Memberi sanksi kepada PPTK", "belum sesuai", 7),
        ref(LHP_2025, "2025-05-20", "2", short, "belum sesuai", 11),  # names PD-01
    )
    assert len(linked.repeat_of[2].recommendation) == 120
    assert linked == replace(pd01, repeat_of=linked.repeat_of)  # nothing else changed
    assert pd01.repeat_of == ()  # the input finding is not modified


def _rows(finding: Finding) -> list[int | None]:
    return [r.location.row if r.location else None for r in finding.repeat_of]


def test_the_code_alone_links_nothing(docs: list[Document]) -> None:
    given = [
        finding("PD-02", "1.01.07", DINKES),  # lama perjalanan: no recommendation about it
        finding("PD-03", "1.01.07", DINKES),  # uang harian: row 12 only
        finding("PD-04", "1.01.07", DINKES),  # penginapan: none
        finding("PJK-02", "1.04.10", DINKES, "pajak"),  # late PPN: the tax row, not the BLUD
        finding("PNR-01", "1.04.10", DINKES, "penerimaan"),  # late revenue: the BLUD row
    ]
    out = link_repeats(given, docs, RULES)
    assert [_rows(f) for f in out] == [[], [12], [], [8], [13]]
    assert out[0] is given[0] and out[2] is given[2]


def test_without_rules_the_topic_comes_from_the_finding(docs: list[Document]) -> None:
    harian = replace(finding("PD-03", "1.01.07", DINKES), title="Uang harian melebihi standar")
    hotel = replace(finding("PD-04", "1.01.07", DINKES), title="Biaya penginapan melebihi standar")
    out = link_repeats([harian, hotel], docs)
    assert [_rows(f) for f in out] == [[12], []]


def test_only_the_same_opd_and_code_and_never_follow_up_findings(
    docs: list[Document],
) -> None:
    tax = finding("PJK-02", "1.04.10", DINKES, "pajak")
    other_opd = finding("PD-03", "1.01.07", PUPRKP)
    other_code = finding("KAS-05", "2.02.03", DINKES, "bku")
    own = finding("TL-02", "1.01.07", DINKES, "tindak_lanjut")
    no_opd = finding("PD-02", "1.01.07", None)
    denda = finding("KTR-03", "1.03.01", PUPRKP, "kontrak")
    given = [tax, other_opd, other_code, own, no_opd, denda]
    out = link_repeats(given, docs, RULES)
    assert [f.rule_id for f in out] == [f.rule_id for f in given]
    assert [len(f.repeat_of) for f in out] == [1, 0, 0, 0, 0, 1]
    assert out[0].repeat_of[0].lhp == LHP_2024
    assert out[0].repeat_of[0].location == Location("dinkes/tl.xlsx", "TL", 8, "kode_temuan", "C8")
    assert out[5].repeat_of[0].status == "belum ditindaklanjuti"
    assert out[5].repeat_of[0].location.file == "puprkp/tl.xlsx"
    assert all(a is b for a, b in zip(out[1:5], given[1:5], strict=True))


def test_without_a_follow_up_matrix_nothing_changes(docs: list[Document]) -> None:
    given = [finding("PD-01", "1.01.07", DINKES)]
    assert link_repeats(given, [], RULES) == given
    assert link_repeats([], docs, RULES) == []
    assert len(recommendations(docs)) == 8


def _about(rule_id: str, texts: list[tuple[str, str]]) -> list[bool]:
    rule = next(r for r in RULES if r.id == rule_id)
    rows = pd.DataFrame(texts, columns=["uraian_temuan", "rekomendasi"])
    found = about(recommendation_text(rows), topic(rule.id, rule.documents, rule.title["id"]))
    return found.tolist()


def test_a_recommendation_naming_the_rule_id_in_any_spelling() -> None:
    texts = [
        ("Keterlambatan penyetoran", f"Menindaklanjuti temuan {spelled} buku pembantu")
        for spelled in ("PJK-02", "pjk 02", "PJK-2", "(PJK02)", "PJK-12", "PJK-020")
    ]
    assert _about("PJK-02", texts) == [True, True, True, True, False, False]


@pytest.mark.parametrize(
    ("rule_id", "text", "expected"),
    [
        ("PJK-02", ("Keterlambatan penyetoran PPh Pasal 23", ""), True),  # subject: PPh
        ("PJK-02", ("Perpajakan", "Menyetor tepat waktu"), True),  # inside a longer word
        ("PJK-02", ("Retribusi terlambat disetor ke Kas Daerah", ""), False),
        ("KAS-04", ("Sisa kas UP belum disetor", "Menyetorkan ke Kas Daerah"), True),
        ("KAS-04", ("Pajak belum disetor", "Menyetorkan ke Kas Daerah"), False),  # boilerplate
        ("KTR-03", ("Keterlambatan pekerjaan", "Mengenakan denda"), True),
        ("PD-04", ("Kelebihan biaya hotel perjalanan dinas", ""), False),  # no aspect word
        ("PD-04", ("Biaya penginapan perjalanan dinas di atas standar", ""), True),
        ("RLS-02", ("Pencatatan belanja modal pada akun belanja barang", ""), True),
        ("AST-06", ("Pencatatan belanja modal pada akun belanja barang", ""), False),
    ],
)
def test_a_recommendation_about_the_rules_topic(
    rule_id: str, text: tuple[str, str], expected: bool
) -> None:
    assert _about(rule_id, [text]) == [expected]


def test_a_finding_title_row_is_not_a_recommendation(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # the finding on a row of its own (no recommendation), its recommendations below it
    lines: list[list[object]] = [
        [1, "1", "2.02.03", "Pembayaran tunai melebihi batas", None, None, None, None, None],
        [None, None, None, None, "09", "Menerapkan pembayaran non-tunai", None, None, "BD"],
        [None, None, None, None, "05", "Memberi sanksi kepada bendahara", None, None, "S"],
    ]
    sheet = Sheet("TL", _matrix("1.02.0.00.0.00.01.0000 Dinas Kesehatan", lines))
    path = write_xlsx(tmp_path_factory.mktemp("title-row") / "tl.xlsx", sheet)
    docs = ingest_file(path, IngestOptions(root=path.parent)).documents()
    [linked] = link_repeats([finding("KAS-05", "2.02.03", DINKES, "bku")], docs, RULES)
    assert [(r.location.row if r.location else None, r.recommendation, r.status)
            for r in linked.repeat_of] == [
        (7, "09 Menerapkan pembayaran non-tunai", "belum ditindaklanjuti"),
        (8, "05 Memberi sanksi kepada bendahara", "sesuai"),
    ]  # fmt: skip
