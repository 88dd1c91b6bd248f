"""Draft findings (`--format temuan`) of the constructed report: golden Markdown, .docx, escaping.

`UPDATE_GOLDEN=1 pytest tests/report/test_temuan.py` rewrites the golden files.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from markdown_it import MarkdownIt

from rl_audit.cache.evaluation_codec import decode, encode
from rl_audit.findings import AuditReport, Finding
from rl_audit.report.temuan.markdown import escape, render
from rl_audit.report.temuan.view import document
from rl_audit.report.temuan.write import write_temuan
from rl_audit.report.writers import plan
from rl_audit.wording import Wording, finding_texts
from tests.report.constructed import constructed_report

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<img src=x onerror=alert(1)> [klik](http://evil.example) www.evil.example | a"
SECTIONS_ID = ["Kondisi", "Kriteria", "Akibat", "Sebab", "Rekomendasi"]

PJK = Wording(
    "PJK-01",
    (("en", "Tax not remitted"), ("id", "Pajak belum disetor")),
    (("en", "{pesan} (en)"), ("id", "{pesan}")),
    (("id", "Setorkan."),),
    legal_ref="UU 7/2021 (HPP) ps. 21; PMK 59/2022",
    akibat=(("en", "Tax of {total:rp} not remitted"), ("id", "Pajak {total:rp} belum disetor")),
    sebab=(("en", "Weak oversight\nNo reconciliation"), ("id", "Lemah pengawasan\nTanpa rekon")),
    rekomendasi_code="02",
    rekomendasi=(("en", "remit to the treasury"), ("id", "menyetorkan ke kas daerah")),
)


def worded(f: Finding) -> Finding:
    """Tax findings with the rule's shared wording (legal refs, akibat, …); one hostile cell."""
    if f.rule_id != "PJK-01":
        return f
    message = HOSTILE if f.fingerprint == "fp-PJK-01-11" else f.message
    return replace(f, wording=PJK, values=(("pesan", message),))


def report() -> AuditReport:
    """The constructed report with worded tax findings."""
    built = constructed_report()
    built.findings = [worded(f) for f in built.findings]
    return built


@pytest.mark.parametrize("lang", ["id", "en"])
def test_golden_markdown(lang: str) -> None:
    path = GOLDEN / f"temuan_{lang}.md"
    text = render(document(report(), lang, 3))
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_groups_parts_and_annex() -> None:
    doc = document(report(), "id", 3)
    assert [len(s.groups) for s in doc.sections] == [1, 2, 1]  # Dinkes, PUPRKP, unknown OPD
    tax = doc.sections[0].groups[0]
    assert tax.heading == "Temuan 1.04.10: Pajak belum disetor (PJK-01)"
    assert tax.kondisi.startswith("Ditemukan 7 kejadian dengan nilai Rp 1.050.000,21.")
    assert len(tax.rows) == 3 and tax.more.startswith("… dan 4 lagi")
    assert tax.kriteria == ("UU 7/2021 (HPP) ps. 21", "PMK 59/2022")
    assert tax.akibat == "Pajak Rp 1.050.000,21 belum disetor"
    assert tax.sebab == ("Lemah pengawasan", "Tanpa rekon")
    assert tax.rekomendasi == "Kode rekomendasi 02: menyetorkan ke kas daerah"
    ktr = doc.sections[1].groups[0]
    assert "12.B/LHP/XVIII.BKL/05/2025" in ktr.repeats[0]
    assert [r[1] for r in doc.annex] == ["KAS-05"]  # the waived finding: only in the annex
    assert not any("KAS-05" in g.heading for s in doc.sections for g in s.groups)


def test_english_sections() -> None:
    doc = document(report(), "en", 3)
    tax = doc.sections[0].groups[0]
    assert tax.heading == "Finding 1.04.10: Tax not remitted (PJK-01)"
    assert tax.rekomendasi == "Recommendation code 02: remit to the treasury"
    assert [doc.words[f"temuan_{s}"] for s in ("kondisi", "sebab")] == ["Condition", "Cause"]


def test_markdown_cells_stay_text() -> None:
    text = render(document(report(), "id", 3))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")]
    assert not [t for t in inline if t.type in ("link_open", "image")]
    assert "[klik](http://evil.example)" in MarkdownIt("commonmark").render(text).replace(
        "&lt;", "<"
    )  # shown as written


def test_escape_line_starts_and_autolinks() -> None:
    assert escape("- a") == "\\- a" and escape("1. b") == "1\\. b"
    assert escape("http://x www.y.id a@b.id") == "http\\://x www\\.y.id a\\@b.id"
    assert escape("Rp 1.000, 5-6: ok") == "Rp 1.000, 5-6: ok"


def test_docx_opens_with_five_headings_per_group(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    write_temuan(report(), path, "id", 3)
    paras = docx.Document(str(path)).paragraphs
    heads = [p.text for p in paras if p.style is not None and p.style.name == "Heading 3"]
    groups = [p.text for p in paras if p.style is not None and p.style.name == "Heading 2"]
    assert len(groups) == 4 and heads == SECTIONS_ID * 4
    texts = "\n".join(p.text for p in paras)
    assert "Lampiran: temuan yang dikecualikan" in texts and HOSTILE not in texts  # in a table
    cells = [c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells]
    assert HOSTILE in cells  # a plain run, as written


def test_suffix_picks_markdown(tmp_path: Path) -> None:
    path = tmp_path / "draft.MD"
    write_temuan(report(), path, "en", 3)
    assert path.read_text(encoding="utf-8").startswith("# Draft audit findings\n")
    assert plan(["temuan"], None) == [("temuan", Path("rl-audit-report.docx"))]


def test_rule_texts_survive_the_evaluation_cache() -> None:
    built = report()
    run = built.opd_runs[0]
    tax = [f for f in built.findings if f.rule_id == "PJK-01"]
    json_text = json.dumps(encode(([], tax, run)), ensure_ascii=False)
    _, back, _ = decode(json.loads(json_text))
    assert back[0].wording == PJK and back[0].wording.rekomendasi_code == "02"


def test_finding_texts_of_a_rule_with_and_without_the_fields() -> None:
    rec = SimpleNamespace(code="02", text={"id": "setor", "en": "remit"})
    rule = SimpleNamespace(legal_ref="PP 12/2019", akibat={"id": "rugi"}, sebab={"id": ["a", "b"]})
    texts = finding_texts(SimpleNamespace(**vars(rule), rekomendasi=rec))
    assert texts["sebab"] == (("id", "a\nb"),) and texts["rekomendasi"] == (
        ("en", "remit"),
        ("id", "setor"),
    )
    assert finding_texts(SimpleNamespace(legal_ref="")) == {
        "legal_ref": "",
        "akibat": (),
        "sebab": (),
        "rekomendasi_code": "",
        "rekomendasi": (),
    }
