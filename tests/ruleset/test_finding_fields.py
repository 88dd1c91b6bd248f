"""The draft-finding rule fields: `akibat`, `sebab` and `rekomendasi` (issue 20)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cache import rules as rules_cache
from rl_audit.cli.app import app
from rl_audit.report.rules_doc import rule_section
from rl_audit.ruleset.load import (
    Recommendation,
    RuleFileError,
    bundled_rules_dir,
    load_rule_file,
    load_rules,
    read_rules,
)
from rl_audit.ruleset.model import without_finding_text

runner = CliRunner()
PACK = read_rules(bundled_rules_dir())
BY_ID = {r.id: r for r in PACK.rules}

RULE = """\
name: kas
version: "1"
rules:
  - id: KAS-09
    title: Pengeluaran tanpa uraian
    message: Pengeluaran tanpa uraian
    bpk_code: "2.01.01"
    severity: low
    documents: [bku]
    check: {{type: row_condition, where: "uraian is blank"}}
{extra}"""

FIELDS = """\
    akibat: {id: Kas tidak dapat ditelusuri., en: Cash cannot be traced.}
    sebab: {id: [Bukti hilang], en: [Voucher lost]}
    rekomendasi:
      code: "06"
      text: {id: Melengkapi uraian., en: Complete the description.}
"""


def rule_file(tmp_path: Path, extra: str = "", pack: str | None = None) -> Path:
    """kas.yaml with one rule (plus `extra` keys), and a pack.yaml when given."""
    if pack is not None:
        (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    path = tmp_path / "kas.yaml"
    path.write_text(RULE.format(extra=extra), encoding="utf-8")
    return path


def test_every_bundled_rule_carries_akibat_sebab_and_a_recommendation() -> None:
    assert len(PACK.rules) == 64
    for rule in PACK.rules:
        assert set(rule.akibat) == {"id", "en"} and all(rule.akibat.values()), rule.id
        assert set(rule.sebab) == {"id", "en"} and all(rule.sebab.values()), rule.id
        assert len(rule.sebab["id"]) == len(rule.sebab["en"]), rule.id
        rec = rule.rekomendasi
        assert isinstance(rec, Recommendation), rule.id
        assert re.fullmatch(r"0[1-9]|1[0-4]", rec.code) and set(rec.text) == {"id", "en"}
    assert without_finding_text(PACK.rules) == []


def test_the_wording_follows_bpk_practice() -> None:
    assert "uang tunai" in BY_ID["KAS-05"].akibat["id"]
    assert "batas pembayaran tunai" in BY_ID["KAS-05"].rekomendasi.text["id"]  # type: ignore[union-attr]
    pjk = BY_ID["PJK-01"].rekomendasi
    assert pjk is not None and pjk.code == "01" and "kas negara" in pjk.text["id"]
    overpaid = [r for r in PACK.rules if r.bpk_code == "1.01.04"]  # kelebihan pembayaran
    assert len(overpaid) >= 5
    for rule in overpaid:
        rec = rule.rekomendasi
        assert rec is not None and rec.code == "01" and "kas daerah" in rec.text["id"], rule.id


def test_a_rule_file_reads_the_fields(tmp_path: Path) -> None:
    rule = load_rule_file(rule_file(tmp_path, FIELDS)).rules[0]
    assert rule.akibat == {"id": "Kas tidak dapat ditelusuri.", "en": "Cash cannot be traced."}
    assert rule.sebab == {"id": ["Bukti hilang"], "en": ["Voucher lost"]}
    assert rule.rekomendasi == Recommendation(
        "06", {"id": "Melengkapi uraian.", "en": "Complete the description."}
    )


def test_without_the_fields_a_user_rule_loads_and_validate_warns(tmp_path: Path) -> None:
    path = rule_file(tmp_path)
    rule = load_rule_file(path).rules[0]
    assert rule.akibat == {} and rule.sebab == {} and rule.rekomendasi is None
    result = runner.invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "akibat/rekomendasi" in result.stderr and "KAS-09" in result.stderr
    bundled = runner.invoke(app, ["rules", "validate", str(bundled_rules_dir())])
    assert bundled.exit_code == 0 and "akibat/rekomendasi" not in bundled.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (FIELDS.replace('"06"', '"15"'), "KAS-09: rekomendasi.code: '15' does not match"),
        (FIELDS.replace('"06"', '"6"'), "KAS-09: rekomendasi.code: '6' does not match"),
        (FIELDS.replace("[Bukti hilang]", "Bukti hilang"), "KAS-09: sebab.id: 'Bukti hilang'"),
        ('    rekomendasi: {code: "01"}\n', "KAS-09: rekomendasi: 'text' is a required"),
    ],
)
def test_the_schema_checks_the_fields_form(tmp_path: Path, extra: str, expected: str) -> None:
    with pytest.raises(RuleFileError) as err:
        load_rule_file(rule_file(tmp_path, extra))
    assert expected in str(err.value)


def test_a_pack_require_makes_the_fields_required(tmp_path: Path) -> None:
    pack = 'name: mine\nversion: "1"\nrequire: [akibat, rekomendasi]\n'
    with pytest.raises(RuleFileError) as err:
        load_rule_file(rule_file(tmp_path, pack=pack))
    lines = str(err.value).splitlines()
    assert len(lines) == 2 and f"{tmp_path / 'kas.yaml'}:4: KAS-09: akibat: missing" in lines[0]
    assert "KAS-09: rekomendasi: missing" in lines[1]
    assert load_rule_file(rule_file(tmp_path, FIELDS, pack)).rules[0].rekomendasi is not None


def test_pack_require_names_only_finding_fields(tmp_path: Path) -> None:
    pack = 'name: mine\nversion: "1"\nrequire: [akibat, legal_ref]\n'
    with pytest.raises(RuleFileError, match="require: expected a list of akibat"):
        load_rule_file(rule_file(tmp_path, FIELDS, pack))


def test_the_bundled_pack_refuses_a_rule_without_them(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_bytes((bundled_rules_dir() / "pack.yaml").read_bytes())
    with pytest.raises(RuleFileError, match="KAS-09: sebab: missing"):
        read_rules(
            rule_file(
                tmp_path,
                FIELDS.replace("    sebab: {id: [Bukti hilang], en: [Voucher lost]}\n", ""),
            )
        )


def test_the_rule_cache_keeps_the_fields_and_its_format_moved_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(rules_cache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(rules_cache.ENV_OFF, raising=False)
    path = rule_file(tmp_path, FIELDS)
    first = load_rules(path)
    (entry,) = (tmp_path / "cache").glob("*.json")
    assert load_rules(path) == first and first.rules[0].rekomendasi is not None
    manifest = json.loads(entry.read_text(encoding="utf-8"))
    assert manifest["format"] == rules_cache.FORMAT != "rules-1"  # entries before the fields


def test_the_rule_reference_shows_the_fields() -> None:
    text = "\n".join(rule_section(BY_ID["PJK-01"], "en"))
    assert "- Consequence (akibat): A shortfall in state revenue" in text
    assert "- Typical causes (sebab): The treasurer delays depositing tax; " in text
    assert "- Recommendation (rekomendasi) `01`: Instruct the treasurer to deposit" in text
    docs = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "- Recommendation (rekomendasi) `09`: Memerintahkan Kepala OPD agar bendahara" in docs
