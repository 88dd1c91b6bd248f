"""Draft findings of the samples: every OPD with open findings has its rule groups, waived
findings only in the annex; the .docx opens (python-docx, and LibreOffice when installed);
`check --format temuan` writes it."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import app
from rl_audit.config import find_config
from rl_audit.findings import AuditReport
from rl_audit.report.temuan.markdown import inline
from rl_audit.report.temuan.write import write_temuan
from rl_audit.run import CheckRequest, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def report() -> AuditReport:
    config = find_config(SAMPLES / "rl-audit.yaml")
    return run_check(CheckRequest(paths=(SAMPLES,), config=config))


@pytest.fixture(scope="module")
def markdown(report: AuditReport, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("temuan") / "draft.md"
    write_temuan(report, path, "id", 200)
    return path.read_text(encoding="utf-8")


def sections(text: str) -> dict[str, str]:
    """Markdown `## ` sections by their heading."""
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {p.split("\n", 1)[0]: p for p in parts}


def test_every_opd_with_open_findings_has_its_groups(report: AuditReport, markdown: str) -> None:
    wanted: dict[str, set[str]] = defaultdict(set)
    for f in report.findings:
        if f.status == "open":
            wanted[f.opd.code if f.opd else "?"].add(f"{f.bpk_code} {f.rule_id}")
    found = {
        h.split(" ")[1]: body for h, body in sections(markdown).items() if h.startswith("OPD ")
    }
    assert set(found) == set(wanted) and len(wanted) >= 4
    for code, body in found.items():
        found_heads = re.findall(r"^### Temuan (\S+): .* \((\S+)\)$", body, re.M)
        heads = [" ".join(h) for h in found_heads]
        assert sorted(heads) == sorted(wanted[code])  # one group per rule with open findings
        assert body.count("#### Rekomendasi") == len(heads)
    assert "\n> Permendagri 77/2020" in markdown  # legal references quoted, from the rules
    assert re.search(r"^Kode rekomendasi \d\d: ", markdown, re.M)  # the rules' rekomendasi


def test_waived_findings_only_in_the_annex(report: AuditReport, markdown: str) -> None:
    waived = [f for f in report.findings if f.status == "waived"]
    assert waived, "the samples waive a finding (samples/waivers.yaml)"
    body = markdown.split("## Lampiran: temuan yang dikecualikan", 1)
    for f in waived:
        loc = f.locations[0]
        row = f"| {inline(loc.file)} | {inline(loc.sheet)} | {inline(loc.cell or '')} |"
        assert row not in body[0]
        assert f"| {f.rule_id} | {inline(f'{loc.file} › {loc.sheet} ›')}" in body[1]


def test_samples_docx_opens(report: AuditReport, tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    write_temuan(report, path, "en", 50)
    paras = docx.Document(str(path)).paragraphs
    groups = [p for p in paras if p.style is not None and p.style.name == "Heading 2"]
    parts = [p.text for p in paras if p.style is not None and p.style.name == "Heading 3"]
    assert groups and parts == ["Condition", "Criteria", "Effect", "Cause", "Recommendation"] * len(
        groups
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_samples_docx_converts_in_libreoffice(report: AuditReport, tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    write_temuan(report, path, "id", 200)
    command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)]
    subprocess.run(command, check=True, timeout=300, capture_output=True)
    assert (tmp_path / "draft.pdf").stat().st_size > 10_000


def test_check_format_temuan_writes_a_docx(tmp_path: Path) -> None:
    out = tmp_path / "draft.docx"
    args = ["check", str(SAMPLES / "dinkes"), "--format", "temuan", "--output", str(out), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    heads = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert heads[0].startswith("OPD 1.02.0.00.0.00.01.0000") and heads[-1].startswith("Lampiran")
