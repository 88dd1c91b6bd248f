"""`--format lines` (one finding a line) and `--statistics`: the reporters and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_FINDINGS, EXIT_OK, app
from rl_audit.report.lines import finding_line
from tests.report.constructed import constructed_report

runner = CliRunner()
DINKES = Path(__file__).parent.parent.parent / "samples" / "dinkes"


def _line(rule: str, lang: str = "id") -> str:
    report = constructed_report()
    return finding_line(next(f for f in report.findings if f.rule_id == rule), lang)


def test_a_finding_on_one_grep_able_line() -> None:
    assert _line("KTR-03") == (
        "puprkp/bku_2025.xlsx › BKU!F15 KTR-03 tinggi Rp 35.675.675,68 "
        'Denda kurang =HYPERLINK("x") [fp-KTR-03-15]'
    )
    assert _line("KAS-05", "en") == (
        "dinkes/bku_2025.xlsx › BKU!F30 KAS-05 medium waived Rp 12.500.000,50 "
        "Tunai [bold]Rp 12.500.000,50[/bold] [fp-KAS-05-30]"
    )
    assert _line("AST-01").startswith("puprkp/bku_2025.xlsx › BKU!F14 AST-01 sedang Tanah")


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args, str(DINKES)])
    return result.exit_code, result.stdout


def test_cli_format_lines_has_every_finding_of_the_run() -> None:
    code, out = _run("--format", "lines", "--fail-on", "never")
    assert code == EXIT_OK
    findings = json.loads(_run("--format", "json", "--fail-on", "never")[1])["findings"]
    lines = out.splitlines()
    assert len(lines) == len(findings) > 0
    for line, f in zip(lines, findings, strict=True):
        where = f["locations"][0]
        assert line.startswith(f"{where['file']} › {where['sheet']}!{where['cell']} ")
        assert f" {f['rule_id']} " in line and line.endswith(f"[{f['fingerprint'][:12]}]")
    assert "\x1b" not in out and "Laporan Kesiapan" not in out  # plain, the lines alone


def test_cli_statistics_after_the_report_and_alone() -> None:
    code, out = _run("--statistics", "--no-color")
    assert code == EXIT_FINDINGS
    findings = json.loads(_run("--format", "json")[1])["findings"]
    opened = [f for f in findings if f["status"] == "open"]
    last = out.rstrip("\n").split("\n\n")[-1].replace("\n", " ")
    assert last.startswith(f"{len(opened)} temuan (") and last.endswith("--fail-on high")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["Jumlah"][1] == str(len(opened))
    for rule in {f["rule_id"] for f in opened}:
        count = sum(f["rule_id"] == rule for f in opened)
        assert rows[rule][rows[rule].index("Rp") - 1] == str(count)
    code, alone = _run("--statistics", "--quiet")
    assert "Temuan terbuka per aturan" in alone and "Laporan Kesiapan" not in alone
    assert re.search(rf"Jumlah\s+{len(opened)}\s+Rp", alone)
