"""`rl-audit rules …`: list, show, validate, test and document rule sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rl_audit.atomic import write_text_atomic
from rl_audit.cli.common import (
    ConfigOpt,
    Lang,
    LangOpt,
    ParamOpt,
    consoles,
    label,
    load_config,
    option_error,
    usage_error,
)
from rl_audit.cli.surface import language
from rl_audit.report.terminal.guard import guard, plain
from rl_audit.report.untrusted import inert

if TYPE_CHECKING:  # the core is imported when a command runs: --help stays fast
    from rl_audit.ruleset.load import RuleSet

EXIT_CANNOT_RUN = 3
rules_app = typer.Typer(
    help="Daftar, periksa, uji dan dokumentasikan aturan.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
RulesOpt = Annotated[
    Path | None, typer.Option("--rules", help="Berkas/folder aturan (bawaan: paket BPK-WTP).")
]


def _fail(message: str) -> None:
    guard(Console(stderr=True, highlight=False, soft_wrap=True)).print(
        Text("\n").join(plain(line, "red") for line in message.splitlines())
    )
    raise typer.Exit(EXIT_CANNOT_RUN)


def load_or_exit(path: Path | None) -> RuleSet:
    """The rule set at `path` (default: the bundled pack); exit 3 with precise errors."""
    from rl_audit.ruleset.load import RuleFileError, bundled_rules_dir, load_rules

    try:
        return load_rules(path or bundled_rules_dir())
    except RuleFileError as err:
        _fail(str(err))
        raise  # unreachable


@rules_app.command("list")
def list_rules(rules: RulesOpt = None, lang: LangOpt = Lang.id) -> None:
    """Tabel aturan: id, judul, kode BPK, tingkat, dokumen."""
    rule_set = load_or_exit(rules)
    table = Table(title=plain(f"{rule_set.name} {rule_set.version}"), title_justify="left")
    table.add_column("id")
    for key in ("rs_title", "rs_bpk", "rs_severity", "rs_documents"):
        table.add_column(plain(label(key, lang.value)))
    for r in rule_set.rules:
        severity = label(f"sev_{r.severity}", lang.value)
        cells = (r.id, r.title.get(lang.value, ""), r.bpk_code, severity, ", ".join(r.documents))
        table.add_row(*map(plain, cells))
    guard(Console(highlight=False)).print(table)


@rules_app.command("show")
def show(
    rule_id: str,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    param: ParamOpt = None,
    lang: LangOpt = Lang.id,
) -> None:
    """Semua tentang satu aturan, dengan nilai parameter yang berlaku (konfigurasi, --param)."""
    from rl_audit.cli.rule_view import rule_view
    from rl_audit.options import OptionError, check_rule_id
    from rl_audit.run import parse_params, resolve_params

    err = consoles(False)[1]
    rule_set = load_or_exit(rules)
    cfg = load_config(config, err, None, lang.value)
    try:
        rule = check_rule_id(rule_set.rules, rule_id)
        given = parse_params(param or [])
        in_force = resolve_params(rule_set, cfg, given)
    except OptionError as exc:  # exit 2 with the closest ids; 3 for the config's values
        option_error(err, exc, lang.value)
    except ValueError as exc:  # a --param without NAME=VALUE
        usage_error(err, str(exc))
    origin = {**dict.fromkeys(cfg.parameters, "config"), **dict.fromkeys(given, "param")}
    view = rule_view(rule, rule_set, in_force, origin, lang.value)
    guard(Console(highlight=False)).print(view)


@rules_app.command("validate")
def validate(path: Path) -> None:
    """Periksa berkas aturan; keluar 3 dengan galat yang tepat (berkas, aturan, kunci)."""
    from rl_audit.ruleset.model import without_finding_text

    rule_set = load_or_exit(path)
    typer.echo(inert(f"OK: {rule_set.name} {rule_set.version}, {len(rule_set.rules)} aturan"))
    if missing := without_finding_text(rule_set.rules):  # optional outside the bundled pack
        lang = language(sys.argv[1:])
        typer.echo(inert(label("rs_no_finding_text", lang, ids=", ".join(missing))), err=True)


@rules_app.command("test")
def test(path: Annotated[Path | None, typer.Argument()] = None) -> None:
    """Jalankan contoh (examples) setiap aturan; keluar 1 bila ada yang gagal."""
    from rl_audit.ruleset.examples import run_examples

    results = run_examples(load_or_exit(path))
    bad = [r for r in results if not r.ok]
    for r in bad:
        typer.echo(inert(f"GAGAL {r.rule_id} · {r.example}: {r.detail}"), err=True)
    typer.echo(f"{len(results) - len(bad)} passed, {len(bad)} failed")
    raise typer.Exit(1 if bad else 0)


@rules_app.command("docs")
def docs(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("docs/rules.md"),
    rules: RulesOpt = None,
    lang: LangOpt = Lang.id,
) -> None:
    """Tulis referensi aturan (bawaan docs/rules.md; folder docs/ harus sudah ada)."""
    from rl_audit.report.rules_doc import render_rules_doc

    require_folder(output, lang.value)
    write_text_atomic(output, render_rules_doc(load_or_exit(rules), lang.value))
    typer.echo(f"ditulis / written: {output}")


def require_folder(output: Path, lang: str) -> None:
    """Exit 2 when the folder of `output` does not exist.

    A reference is never written into a folder the command would have to create (`docs/`
    in whatever the working folder is).
    """
    if not output.parent.is_dir():
        message = label("cli_no_folder", lang, path=output, folder=output.parent)
        usage_error(consoles(False)[1], message)


@rules_app.command("check-types")
def check_types(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("docs/check-types.md"),
    rules: RulesOpt = None,
) -> None:
    """Tulis referensi jenis cek: opsi, bawaan, contoh (bawaan docs/check-types.md)."""
    from rl_audit.checks.registry import REGISTRY
    from rl_audit.report.check_types_doc import render_check_types_doc

    require_folder(output, language(sys.argv[1:]))
    write_text_atomic(output, render_check_types_doc(REGISTRY, load_or_exit(rules)))
    typer.echo(f"ditulis / written: {output}")


@rules_app.command("schema")
def schema(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("docs/rule-schema.json"),
) -> None:
    """Tulis JSON Schema berkas aturan, dengan opsi tiap jenis cek (validasi di editor)."""
    from rl_audit.ruleset.schema import editor_schema

    require_folder(output, language(sys.argv[1:]))
    write_text_atomic(output, json.dumps(editor_schema(), indent=2, ensure_ascii=False) + "\n")
    typer.echo(f"ditulis / written: {output}")
