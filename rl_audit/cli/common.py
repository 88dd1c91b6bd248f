"""What every `rl-audit` command shares: exit codes, consoles, option types, messages.

Kept apart from `cli.py` so each command module stays small and none imports another.
Command modules import the core (pandas, pyarrow, jsonschema …) inside the functions that
use it, so `rl-audit --version` and `--help` load none of it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from rl_audit.report.terminal.guard import guard, plain

if TYPE_CHECKING:  # the core is imported when a command runs: --help and --version stay fast
    from rl_audit.config import Config
    from rl_audit.documents import InputFile
    from rl_audit.findings import InputProblem
    from rl_audit.options import OptionError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_CANNOT_RUN, EXIT_LOCKED = 0, 1, 2, 3, 4


class Lang(StrEnum):
    """User-facing language."""

    id = "id"
    en = "en"


LangOpt = Annotated[
    Lang,
    typer.Option("--lang", envvar="RL_AUDIT_LANG", help="Bahasa keluaran: id (bawaan) atau en."),
]
ParamOpt = Annotated[
    list[str] | None, typer.Option("--param", help="Parameter aturan NAMA=NILAI; dapat diulang.")
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Tanpa warna (juga NO_COLOR).")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Berkas konfigurasi proyek (bawaan: ./rl-audit.yaml; konfigurasi di dalam "
        "folder input tidak pernah dipakai tanpa --config).",
    ),
]


def consoles(no_color: bool) -> tuple[Console, Console]:
    """The stdout and stderr consoles: plain text with --no-color, NO_COLOR or when piped.

    Both are guarded (`terminal_safe.guard`): no control character of a printed text
    reaches the terminal raw.
    """
    colourless = no_color or bool(os.environ.get("NO_COLOR")) or None
    out = Console(no_color=colourless, highlight=False, soft_wrap=False)
    err = Console(stderr=True, no_color=colourless, highlight=False, soft_wrap=True)
    return guard(out), guard(err)


def label(key: str, lang: str, **values: object) -> str:
    """`rl_audit.messages.label`, imported when first needed (not by --help or --version)."""
    from rl_audit.messages import label as message

    return message(key, lang, **values)


def say(err: Console, message: str, style: str = "red") -> None:
    """One `rl-audit: …` line on stderr (never markup; file names and cell text inert)."""
    err.print(plain(f"rl-audit: {message}", style))


def usage_error(err: Console, message: str) -> NoReturn:
    """Exit 2 with a message."""
    say(err, message)
    raise typer.Exit(EXIT_USAGE)


def cannot_run(err: Console, message: str) -> NoReturn:
    """Exit 3 with a message."""
    say(err, message, "bold red")
    raise typer.Exit(EXIT_CANNOT_RUN)


def option_error(err: Console, exc: OptionError, lang: str) -> NoReturn:
    """Exit 2 for a bad option value, 3 for a bad config value; one line in `lang`."""
    if exc.in_config:
        cannot_run(err, exc.text(lang))
    usage_error(err, exc.text(lang))


def iso_day(value: str | None, option: str, err: Console) -> str | None:
    """An option's YYYY-MM-DD date as ISO text (None stays None); exit 2 otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        usage_error(err, f"{option} {value!r}: gunakan / use YYYY-MM-DD")


def load_config(
    path: Path | None, err: Console, paths: list[Path] | None = None, lang: str = "id"
) -> Config:
    """The project config the operator chose (see `find_config`); exit 3 when invalid."""
    from rl_audit.config import ConfigError, find_config

    try:
        return find_config(path, paths=paths)
    except ConfigError as exc:
        cannot_run(err, exc.text(lang))


OS_REASONS = {errno.EACCES: "os_denied", errno.EPERM: "os_denied", errno.EROFS: "os_read_only"}
OS_REASONS[errno.ENOSPC] = "os_no_space"


def os_reason(detail: str, lang: str) -> str:
    """An OS error's text (`strerror`) in `lang` when it is a common one, else as given."""
    for code, key in OS_REASONS.items():
        if detail == os.strerror(code):
            return label(key, lang)
    return detail


PROBLEM_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def report_input_problems(found: Sequence[InputProblem], err: Console, lang: str) -> None:
    """Every input problem, one line each on stderr (the list the reports show)."""
    from rl_audit.engine import problems

    for p in found:
        say(err, problems.line(p, lang), PROBLEM_STYLE.get(p.severity, "yellow"))


def require_readable(
    files: list[InputFile],
    err: Console,
    lang: str,
    found: Sequence[InputProblem] | None = None,
    paths: Sequence[Path] = (),
) -> None:
    """Input problems on stderr (`found`, else the files' errors); exit 3 when none was read.

    When none was read, only the errors are shown (no notice about the data), and the
    last line says why for each of `paths` that is a folder (`cli.inputs.nothing_read`).
    """
    from rl_audit.engine import problems

    unread = not files or all(f.status == "error" for f in files)
    if found is None or unread:
        source = problems.collect(files) if found is None else found
        found = [p for p in source if p.severity == "error"]
    report_input_problems(found, err, lang)
    if unread:
        from rl_audit.cli.inputs import nothing_read

        cannot_run(err, nothing_read(paths, lang))
