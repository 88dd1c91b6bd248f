"""The command line's surface: help in one language, plain metavars, completion, `rules`
commands speaking the reader's language, `rules show` rendered with the parameters in force.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rl_audit.cli.app import EXIT_OK, EXIT_USAGE, app
from rl_audit.messages import label

runner = CliRunner()
COMMANDS = [
    [],
    ["check"],
    ["inspect"],
    ["nightly"],
    ["history"],
    ["waive"],
    ["rules"],
    *(["rules", name] for name in ("list", "show", "validate", "test", "docs", "schema")),
]
ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[default:")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_is_indonesian_with_plain_metavars(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == EXIT_OK
    text = result.stdout
    assert text.startswith("Pemakaian: rl-audit") and "Tampilkan bantuan ini lalu keluar." in text
    assert not [word for word in ENGLISH if word in text]
    assert not re.search(r"<[a-z]+(\[|>)", text)  # no <list[Path]>, <path>, <int range>


def test_check_help_shows_the_chosen_metavars() -> None:
    text = runner.invoke(app, ["check", "--help"]).stdout
    for shown in ("[PATH]...", "--as-of YYYY-MM-DD", "--param NAMA=NILAI", "--config BERKAS",
                  "--fail-on [high|medium|low|never]", "[bawaan: high]"):  # fmt: skip
        assert shown in text, shown


def test_shell_completion_is_enabled() -> None:
    top = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in top and "--show-completion" in top
    script = runner.invoke(app, ["--show-completion", "bash"])
    assert script.exit_code == EXIT_OK, (script.output, script.exception)
    assert "_rl_audit_completion" in script.stdout


def test_rules_list_shows_severities_in_the_readers_language() -> None:
    indonesian = runner.invoke(app, ["rules", "list"]).stdout
    assert "tinggi" in indonesian and "sedang" in indonesian and "Tingkat" in indonesian
    assert not re.search(r"│ (high|medium) ", indonesian)
    english = runner.invoke(app, ["rules", "list"], env={"RL_AUDIT_LANG": "en"}).stdout
    assert "│ high " in english and "Severity" in english and "tinggi" not in english


def test_rules_show_is_rendered_with_the_parameters_in_force(tmp_path: Path) -> None:
    config = tmp_path / "rl-audit.yaml"
    config.write_text("parameters:\n  cash_payment_labels: [tunai]\n", encoding="utf-8")
    args = ["rules", "show", "KAS-05", "--config", str(config), "--param", "cash_limit=1234567"]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_OK, result.output
    text = result.stdout
    assert "###" not in text and "**" not in text and "`" not in text
    assert "KAS-05 — Pembayaran tunai melebihi batas" in text and "sedang" in text
    assert "Parameter yang berlaku" in text
    rows = {line.split("│")[1].strip(): line for line in text.splitlines() if line.count("│") > 4}
    assert "1234567" in rows["cash_limit"] and "opsi --param" in rows["cash_limit"]
    assert '["tunai"]' in rows["cash_payment_l"] and "konfigurasi" in rows["cash_payment_l"]


def test_rules_show_refuses_a_bad_param_and_names_close_rules() -> None:
    bad = runner.invoke(app, ["rules", "show", "KAS-05", "--param", "cash_limt=1"])
    assert bad.exit_code == EXIT_USAGE and "cash_limit" in bad.stderr
    typo = runner.invoke(app, ["rules", "show", "KAS-5"])
    assert typo.exit_code == EXIT_USAGE and "KAS-05" in typo.stderr


@pytest.mark.parametrize("command", ["docs", "schema"])
def test_rules_docs_never_creates_a_docs_folder(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused = runner.invoke(app, ["rules", command])
    assert refused.exit_code == EXIT_USAGE and "--output" in refused.stderr
    assert not (tmp_path / "docs").exists()
    written = runner.invoke(app, ["rules", command, "--output", "ref.out"])
    assert written.exit_code == EXIT_OK and (tmp_path / "ref.out").stat().st_size > 0


def test_english_counts_are_singular_or_plural() -> None:
    one = label("score_rule", "en", rule="KAS-05", count=1, severity="high")
    two = label("score_rule", "en", rule="KAS-05", count=2, severity="high")
    assert (one, two) == ("KAS-05: 1 high finding", "KAS-05: 2 high findings")
    assert label("score_rule", "id", rule="KAS-05", count=1, severity="tinggi").endswith(
        "1 temuan tinggi"
    )
