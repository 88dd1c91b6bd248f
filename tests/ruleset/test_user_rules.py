"""User rules fail alone: types checked by `rules validate`, run-time failures are `error`.

A placeholder, a function or an amount that cannot work with the document kind's
column types is a validation error naming file, line, rule and key; a rule that still
fails while running ends in `error` with the reason and every other rule still runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_CANNOT_RUN, app
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.findings import Status
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.ruleset.load import RuleFileError, load_rule_file

MINI = Path(__file__).parent.parent / "data" / "rules" / "mini.yaml"
runner = CliRunner()
BKU = (
    "BUKU KAS UMUM PENGELUARAN;;;;;;\n"
    "SKPD : 1.02.0.00.0.00.01.0000 Dinas Kesehatan;;;;;;\n"
    ";;;;;;\n"
    "No;Tanggal;No Bukti;Uraian;Penerimaan;Pengeluaran;Cara Bayar\n"
    "1;06/01/2025;B-1;Honor narasumber;0;1.500.000,00;Tunai\n"
    "2;07/01/2025;B-2;Sewa tenda;0;7.250.000,50;Tunai\n"
)


def mini_variant(tmp_path: Path, **changes: object) -> Path:
    """mini.yaml with keys of its first rule (KAS-05) replaced (`check_where` → check.where)."""
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    rule = data["rules"][0]
    for key, value in changes.items():
        if key.startswith("check_"):
            rule["check"][key[6:]] = value
        else:
            rule[key] = value
    path = tmp_path / "user.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


CASES = [
    (
        {"message": {"id": "Uraian {uraian:rp}", "en": "x"}},
        "KAS-05: message.id: placeholder {uraian:rp}: uraian is text, not a number",
    ),
    (
        {"message": {"id": "x", "en": "Paid {pengeluaran:date}"}},
        "KAS-05: message.en: placeholder {pengeluaran:date}: pengeluaran is money, not a date",
    ),
    ({"check_where": 'eval(uraian) == "x"'}, "KAS-05: check.where: unknown function 'eval'"),
    ({"check_where": "__import__(uraian)"}, "unknown function '__import__'"),
    ({"amount": "tanggal"}, "KAS-05: amount: tanggal (date) is not a number"),
    ({"amount": "uraian"}, "KAS-05: amount: uraian (text) is not a number"),
    ({"check_where": "year(uraian) == 2025"}, "uraian (text) is not a date for year()"),
    ({"check_where": "days(pengeluaran, tanggal) > 1"}, "pengeluaran (money) is not a date"),
    ({"check_where": 'lower(cara_bayar, 1) == "x"'}, "lower() takes 1 arguments, got 2"),
    ({"check_where": "round() > 1"}, "round() takes 1–2 arguments, got 0"),
    ({"check_where": "uraian * 2 > 1"}, "uraian (text) cannot take part in '*'"),
    ({"check_where": "uraian + 1 > 1"}, "uraian (text) cannot be added to a number or date"),
    (
        {"check_where": 'pengeluaran > "banyak"'},
        "pengeluaran (money) cannot be compared with 'banyak' (str)",
    ),
    ({"check_where": 'uraian matches "(honor"'}, "invalid regular expression '(honor'"),
    ({"check_where": 'uraian in "honor"'}, "'honor' (str) is not a list for 'in'"),
    (
        {"check_where": "(" * 150 + "pengeluaran > 0" + ")" * 150},
        "KAS-05: check.where: ekspresi terlalu bertingkat / expression nested deeper than 100",
    ),
    (
        {"check_values": {"lebih": "tanggal"}},
        "KAS-05: check.values.lebih: tanggal (date) is not a number",
    ),
    ({"check_values": {"lebih": "eval(1)"}}, "check.values.lebih: unknown function 'eval'"),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_rules_that_cannot_work_fail_validation(
    tmp_path: Path, changes: dict, expected: str
) -> None:
    path = mini_variant(tmp_path, **changes)
    with pytest.raises(RuleFileError) as info:
        load_rule_file(path)
    message = str(info.value)
    assert re.search(rf"{re.escape(str(path))}:\d+: ", message), message  # file:line
    assert expected in message, message


@pytest.mark.parametrize(
    "changes",
    [
        {"check_where": r'uraian matches "(?i)\bhonor\b" and pengeluaran > cash_limit'},
        {"check_where": 'uraian == "Bélanja" or days(as_of, tanggal) > 30 + 1'},
        {"check_where": 'lower(uraian) + " x" == "honor x" or round(pengeluaran, 2) > 0'},
        {
            "message": {
                "id": "{count:int} baris {pengeluaran:rp} {tanggal:date} {uraian}",
                "en": "x",
            }
        },
        {"amount": "pengeluaran - penerimaan"},
        {"check_values": {"lebih": "pengeluaran - cash_limit"}},
        {
            "message": {"id": "lebih {lebih:rp}", "en": "over {lebih:rp}"},
            "check_values": {"lebih": "pengeluaran - cash_limit"},
        },
    ],
)
def test_rules_that_work_still_validate(tmp_path: Path, changes: dict) -> None:
    assert load_rule_file(mini_variant(tmp_path, **changes)).rules[0].id == "KAS-05"


def test_a_duplicate_key_inside_a_rule_names_file_line_and_rule(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "    severity: medium\n", "    severity: medium\n    severity: high\n", 1
    )
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    severity: high") + 1
    with pytest.raises(RuleFileError, match=rf"dup.yaml:{line}: KAS-05: duplicate key 'severity'"):
        load_rule_file(path)


def test_cli_rules_validate_lists_every_bad_rule(tmp_path: Path) -> None:
    path = mini_variant(
        tmp_path,
        amount="tanggal",
        message={"id": "{uraian:rp}", "en": "x"},
        check_where='eval(uraian) == "x"',
    )
    result = runner.invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code == EXIT_CANNOT_RUN
    for expected in ("amount: tanggal (date)", "{uraian:rp}", "unknown function 'eval'"):
        assert re.search(rf"user.yaml:\d+: KAS-05: .*{re.escape(expected)}", result.stderr)
    assert "Traceback" not in result.output


def _inputs(tmp_path: Path) -> list:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bku.csv").write_text(BKU, encoding="utf-8")
    return ingest_paths([folder], IngestOptions(root=folder))


def test_a_rule_failing_at_run_time_is_error_and_the_others_run(tmp_path: Path) -> None:
    """Rules built past validation (as a stale cache or a future check could): each alone."""
    rule_set = load_rule_file(MINI)
    kas05, kas02 = rule_set.rules
    bad_text = replace(kas05, id="USR-01", message={"id": "{uraian:rp}", "en": "{uraian:rp}"})
    bad_amount = replace(kas05, id="USR-02", amount="tanggal")
    rules = (bad_text, bad_amount, kas05, kas02)
    report = evaluate(replace(rule_set, rules=rules), _inputs(tmp_path), RunOptions())
    status = {o.rule_id: o for o in report.outcomes}
    assert status["USR-01"].status is Status.ERROR
    assert "{uraian:rp}" in str(status["USR-01"].reason)
    assert "'Sewa tenda'" in str(status["USR-01"].reason)
    assert status["USR-02"].status is Status.ERROR
    assert "amount is not money" in str(status["USR-02"].reason)
    assert status["KAS-05"].status is Status.FAILED
    (kas05_finding,) = [f for f in report.findings if f.rule_id == "KAS-05"]
    assert kas05_finding.amount_sen == 725000050
    assert {f.rule_id for f in report.findings} == {"KAS-05"}


def test_cli_check_reports_the_good_rules_and_the_bad_one_as_error(tmp_path: Path) -> None:
    """`{note_id:rp}` passes validation (a check's own text) and fails while running."""
    rules = mini_variant(
        tmp_path,
        message={"id": "Catatan {note_id:rp}", "en": "Note {note_id:rp}"},
        check_note={"when": "pengeluaran > 0", "id": "teks", "en": "text"},
    )
    assert runner.invoke(app, ["rules", "validate", str(rules)]).exit_code == 0
    _inputs(tmp_path)
    result = runner.invoke(
        app, ["check", "--no-color", "--rules", str(rules), str(tmp_path / "in")]
    )
    assert result.exit_code != EXIT_CANNOT_RUN, result.output
    assert "internal error" not in result.output
    assert re.search(r"! KAS-05: isian / placeholder \{note_id:rp\}: 'teks'", result.stdout)
    assert "KAS-02" in result.stdout and "tanpa nomor bukti" not in result.stdout  # passed
    json_run = runner.invoke(
        app, ["check", "--format", "json", "--rules", str(rules), str(tmp_path / "in")]
    )
    found = {r["id"]: r for r in json.loads(json_run.stdout)["rules"]}
    assert found["KAS-05"]["status"] == "error" and "{note_id:rp}" in found["KAS-05"]["reason"]
    assert found["KAS-02"]["status"] == "passed"
