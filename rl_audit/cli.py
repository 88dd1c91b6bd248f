"""The `rl-audit` command line: parse options, call the core, pick a reporter, exit.

Exit codes (frozen): 0 ran, nothing at or above --fail-on; 1 ran, findings at or
above --fail-on; 2 usage error; 3 could not run (bad config or rule file, or no
input could be read); 4 nightly only: another run holds the lock.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from rl_audit import __version__
from rl_audit.atomic import write_text_atomic
from rl_audit.cli_rules import rules_app
from rl_audit.config import Config, ConfigError, find_config
from rl_audit.documents import InputFile
from rl_audit.findings import AuditReport
from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
from rl_audit.report.inspect_view import inspect_json, issue_text, print_inspect
from rl_audit.report.json_report import to_json
from rl_audit.report.terminal import print_report
from rl_audit.ruleset import RuleFileError
from rl_audit.run import CheckRequest, exit_code, parse_params, run_check

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_CANNOT_RUN, EXIT_LOCKED = 0, 1, 2, 3, 4

app = typer.Typer(
    name="rl-audit",
    help="Pemeriksa kesiapan audit BPK untuk ekspor keuangan OPD Pemkab Rejang Lebong.\n\n"
    "Kode keluar / exit codes: 0 = selesai, tidak ada temuan ≥ --fail-on; "
    "1 = ada temuan ≥ --fail-on; 2 = kesalahan penggunaan; "
    "3 = tidak dapat berjalan (konfigurasi/aturan tidak valid, atau tidak ada input terbaca); "
    "4 = nightly: proses lain memegang kunci.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


app.add_typer(rules_app, name="rules")


class Lang(StrEnum):
    """User-facing language."""

    id = "id"
    en = "en"


class InspectFormat(StrEnum):
    """Output formats of `inspect`."""

    table = "table"
    json = "json"


LangOpt = Annotated[Lang, typer.Option("--lang", help="Bahasa keluaran: id (bawaan) atau en.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Tanpa warna (juga NO_COLOR).")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Berkas konfigurasi proyek (bawaan: ./rl-audit.yaml)."),
]
OpdOpt = Annotated[
    str | None, typer.Option("--opd", help="Kode/nama OPD bila tidak tertera di berkas.")
]


def _consoles(no_color: bool) -> tuple[Console, Console]:
    out = Console(no_color=no_color or None, highlight=False, soft_wrap=False)
    err = Console(stderr=True, no_color=no_color or None, highlight=False, soft_wrap=True)
    return out, err


def _report_input_problems(files: list[InputFile], err: Console, lang: str) -> None:
    for f in files:
        problems = (
            [f.error] if f.error else [i for s in f.sheets for i in s.issues if i.level == "error"]
        )
        for issue in problems:
            if issue is not None:
                err.print(Text(f"rl-audit: {issue_text(issue, lang)}", style="red"))


def _config(path: Path | None, err: Console) -> Config:
    try:
        return find_config(path)
    except ConfigError as exc:
        err.print(Text(f"rl-audit: {exc}", style="bold red"))
        raise typer.Exit(EXIT_CANNOT_RUN) from None


def _read(
    paths: list[Path], config: Config, opd: str | None, err: Console, lang: str
) -> list[InputFile]:
    options = IngestOptions(config.registry, opd, config.columns, config.limits)
    files = ingest_paths(paths or config.inputs, options)
    _require_readable(files, err, lang)
    return files


def _require_readable(files: list[InputFile], err: Console, lang: str) -> None:
    """Report unreadable inputs on stderr; exit 3 when none could be read."""
    _report_input_problems(files, err, lang)
    if not files or all(f.status == "error" for f in files):
        msg = "tidak ada input yang dapat dibaca" if lang == "id" else "no input could be read"
        err.print(Text(f"rl-audit: {msg}", style="bold red"))
        raise typer.Exit(EXIT_CANNOT_RUN)


def _usage_error(err: Console, message: str) -> NoReturn:
    err.print(Text(f"rl-audit: {message}", style="red"))
    raise typer.Exit(EXIT_USAGE)


def _checked_as_of(as_of: str | None, err: Console) -> str | None:
    """`--as-of` as an ISO date; a usage error otherwise."""
    if as_of is None:
        return None
    try:
        return date.fromisoformat(as_of).isoformat()
    except ValueError:
        _usage_error(err, f"--as-of {as_of!r}: gunakan / use YYYY-MM-DD")


@app.command()
def inspect(
    files: Annotated[list[Path], typer.Argument(exists=True, help="Berkas atau folder.")],
    fmt: Annotated[
        InspectFormat, typer.Option("--format", help="table atau json.")
    ] = InspectFormat.table,
    opd: OpdOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = Lang.id,
    no_color: NoColorOpt = False,
) -> None:
    """Tampilkan bagaimana setiap sheet dipahami (jenis dokumen, OPD, kolom, baris khusus)."""
    out, err = _consoles(no_color)
    inputs = _read(files, _config(config, err), opd, err, lang.value)
    if fmt is InspectFormat.json:
        sys.stdout.write(json.dumps(inspect_json(inputs, lang.value), ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        print_inspect(inputs, out, lang.value)


class FailOn(StrEnum):
    """Lowest severity that makes `check` exit 1."""

    high = "high"
    medium = "medium"
    low = "low"
    never = "never"


class CheckFormat(StrEnum):
    """Output formats of `check`."""

    table = "table"
    json = "json"


def _emit(
    report: AuditReport, fmt: CheckFormat, output: Path | None, out: Console, lang: str
) -> None:
    """Print the table, or the JSON report to stdout or atomically to --output."""
    if fmt is CheckFormat.table:
        print_report(report, out, lang)
    elif output is not None:
        write_text_atomic(output, to_json(report, lang) + "\n")
    else:
        sys.stdout.write(to_json(report, lang) + "\n")


def _params(pairs: list[str], err: Console) -> dict[str, object]:
    try:
        return parse_params(pairs)
    except ValueError as exc:
        _usage_error(err, str(exc))


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(exists=True, help="Berkas/folder ekspor OPD (bawaan: inputs konfigurasi)."),
]
RulesOpt = Annotated[
    list[Path] | None, typer.Option("--rules", exists=True, help="Berkas/folder aturan.")
]
SelectOpt = Annotated[list[str] | None, typer.Option(help="Id, awalan atau tag:NAMA.")]
ParamOpt = Annotated[list[str] | None, typer.Option(help="Parameter aturan NAMA=NILAI.")]
YearOpt = Annotated[int | None, typer.Option(help="Tahun anggaran.")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Tanggal posisi YYYY-MM-DD.")]
FailOnOpt = Annotated[FailOn, typer.Option("--fail-on", help="Keluar 1 mulai tingkat ini.")]
FormatOpt = Annotated[CheckFormat, typer.Option("--format", help="table (bawaan) atau json.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", dir_okay=False, help="Tulis laporan json ke berkas ini.")
]


@app.command()
def check(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    opd: OpdOpt = None,
    select: SelectOpt = None,
    ignore: SelectOpt = None,
    param: ParamOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    fail_on: FailOnOpt = FailOn.high,
    fmt: FormatOpt = CheckFormat.table,
    output: OutputOpt = None,
    lang: LangOpt = Lang.id,
    no_color: NoColorOpt = False,
) -> None:
    """Baca semua lembar kerja di PATH, jalankan aturan BPK-WTP, laporkan temuan per OPD."""
    out, err = _consoles(no_color)
    cfg = _config(config, err)
    if not paths and not cfg.inputs:
        _usage_error(err, "berikan PATH atau 'inputs' di rl-audit.yaml")
    if output is not None and fmt is not CheckFormat.json:
        _usage_error(err, "--output memerlukan / needs --format json")
    request = CheckRequest(
        paths or [],
        cfg,
        rules or [],
        opd,
        _params(param or [], err),
        tuple(select or ()),
        tuple(ignore or ()),
        _checked_as_of(as_of, err),
        year,
        lang.value,
    )
    try:
        report = run_check(request)
    except RuleFileError as exc:
        err.print(Text(f"rl-audit: {exc}", style="bold red"))
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    _require_readable(report.inputs, err, lang.value)
    _emit(report, fmt, output, out, lang.value)
    raise typer.Exit(exit_code(report, fail_on.value))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rl-audit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Tampilkan versi.")
    ] = False,
) -> None:
    """Pemeriksa kesiapan audit BPK untuk OPD Pemkab Rejang Lebong."""


def main() -> None:
    """Console-script entry point: never shows a traceback to the user."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - last resort: a clear message, exit 3
        sys.stderr.write(
            f"rl-audit: kesalahan internal / internal error: {type(exc).__name__}: {exc}\n"
        )
        raise SystemExit(EXIT_CANNOT_RUN) from None
