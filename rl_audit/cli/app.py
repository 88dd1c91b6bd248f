"""The `rl-audit` command line: parse options, call the core, pick a reporter, exit.

Exit codes (frozen): 0 ran, nothing at or above --fail-on; 1 ran, findings at or
above --fail-on; 2 usage error; 3 could not run (bad config or rule file, or no
input could be read); 4 nightly only: another run holds the lock.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from rl_audit import __version__
from rl_audit.cli.check import check
from rl_audit.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_FINDINGS,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    Lang,
    LangOpt,
    NoColorOpt,
    consoles,
    load_config,
    require_readable,
)
from rl_audit.cli.nightly import history, nightly
from rl_audit.cli.rules import rules_app
from rl_audit.cli.sample import SampleGroup, sample_app
from rl_audit.cli.surface import LocalGroup, localise
from rl_audit.cli.waive import waive
from rl_audit.report.untrusted import inert, json_inert

if TYPE_CHECKING:  # the core is imported when a command runs: --help and --version stay fast
    from rl_audit.config import Config
    from rl_audit.documents import InputFile

__all__ = ["EXIT_CANNOT_RUN", "EXIT_FINDINGS", "EXIT_LOCKED", "EXIT_OK", "EXIT_USAGE", "app"]

EXIT_CODES = (
    "Kode keluar / exit codes: 0 = selesai, tidak ada temuan ≥ --fail-on; "
    "1 = ada temuan ≥ --fail-on; 2 = kesalahan penggunaan; "
    "3 = tidak dapat berjalan (konfigurasi/aturan tidak valid, tidak ada input terbaca, "
    "atau laporan tidak dapat ditulis); 4 = nightly: proses lain memegang kunci."
)
app = typer.Typer(
    name="rl-audit",
    help="Pemeriksa kesiapan audit BPK untuk ekspor keuangan OPD Pemkab Rejang Lebong.\n\n"
    + EXIT_CODES,
    no_args_is_help=True,
    cls=LocalGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(rules_app, name="rules", cls=LocalGroup)
app.command("check", epilog=EXIT_CODES)(check)
app.command("nightly")(nightly)
app.command("history")(history)
app.command("waive")(waive)
app.add_typer(sample_app, name="sample", cls=SampleGroup)


class InspectFormat(StrEnum):
    """Output formats of `inspect`."""

    table = "table"
    json = "json"


OpdOpt = Annotated[
    str | None, typer.Option("--opd", help="Kode/nama OPD bila tidak tertera di berkas.")
]


def _read(
    paths: list[Path], config: Config, opd: str | None, err: Console, lang: str
) -> list[InputFile]:
    from rl_audit.ingest.pipeline import IngestOptions, ingest_paths

    options = IngestOptions(config.registry, opd, config.columns, config.limits)
    files = ingest_paths(paths or config.inputs, options)
    require_readable(files, err, lang, paths=paths or config.inputs)
    return files


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
    from rl_audit.report.terminal.inspect_view import inspect_json, print_inspect

    out, err = consoles(no_color)
    inputs = _read(files, load_config(config, err, files, lang.value), opd, err, lang.value)
    if fmt is InspectFormat.json:
        found = json.dumps(inspect_json(inputs, lang.value), ensure_ascii=False, indent=2)
        sys.stdout.write(json_inert(found))
        sys.stdout.write("\n")
    else:
        print_inspect(inputs, out, lang.value)


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


localise(app)


def main() -> None:
    """Console-script entry point: never shows a traceback to the user."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - last resort: a clear message, exit 3
        sys.stderr.write(
            f"rl-audit: kesalahan internal / internal error: {type(exc).__name__}: {inert(exc)}\n"
        )
        raise SystemExit(EXIT_CANNOT_RUN) from None


if __name__ == "__main__":  # `python -m rl_audit.cli.app` (profiling, benchmarks)
    main()
