"""The command line's own surface: help in one language, Click's usage errors in one line.

Help (`rl-audit … --help`) is Indonesian, always: the commands' own texts are, and Click's
fixed words ("Usage:", "Options", "Show this message and exit.", "[default: …]") are
translated here; every option shows a plain metavar (`--as-of YYYY-MM-DD`, never
`<list[Path]>`). A usage error (an unknown option or command, a missing path, a value that
is not one of the choices) prints one `rl-audit: …` line in the user's language — `--lang`
on the command line, else `RL_AUDIT_LANG`, else Indonesian — and one hint line naming
`--help`, then exits 2. Nothing here imports the core: `--help` stays fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any, NoReturn

import typer
from typer import _click
from typer._click.exceptions import BadParameter, MissingParameter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from rl_audit.cli.common import consoles, label, say
from rl_audit.report.terminal.guard import plain

LANG_ENV = "RL_AUDIT_LANG"  # the language of --lang's default and of Click's usage errors

PARAM_HELP = {  # Click's and Typer's own option help, in Indonesian
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Install completion for the current shell.": (
        "Pasang pelengkapan perintah (tab completion) untuk shell ini."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Tampilkan skrip pelengkapan untuk shell ini (untuk disalin atau disesuaikan)."
    ),
}
HELP_WORDS = (  # Click's fixed words in the formatted help, in Indonesian
    (re.compile(r"^Usage: ", re.M), "Pemakaian: "),
    (re.compile(r"^(\s*)Options:$", re.M), r"\1Opsi:"),
    (re.compile(r"^(\s*)Arguments:$", re.M), r"\1Argumen:"),
    (re.compile(r"^(\s*)Commands:$", re.M), r"\1Perintah:"),
    (re.compile(r"\[default:"), "[bawaan:"),
    (re.compile(r"\[env var:"), "[variabel lingkungan:"),
    (re.compile(r"\[required\]"), "[wajib]"),
    (re.compile(r"\[OPTIONS\]"), "[OPSI]"),
    (re.compile(r"COMMAND \[ARGS\]"), "PERINTAH [ARG]"),
)
METAVARS = {  # option name -> metavar shown in help (else the option's name, upper case)
    "--rules": "PATH",
    "--config": "BERKAS",
    "--select": "ID",
    "--ignore": "ID",
    "--param": "NAMA=NILAI",
    "--year": "TAHUN",
    "--as-of": "YYYY-MM-DD",
    "--since": "YYYY-MM-DD",
    "--until": "YYYY-MM-DD",
    "--date": "YYYY-MM-DD",
    "--output": "PATH",
    "--annotate": "FOLDER",
    "--cache": "FOLDER",
    "--input": "PATH",
    "--jobs": "N",
    "--explain-score": "OPD",
    "--reason": "TEKS",
    "--by": "NAMA",
    "--rule": "ID",
    "--key": "NILAI",
}
ARGUMENTS = {"paths": "PATH", "files": "PATH", "rule_id": "ID", "path": "PATH"}


def language(argv: Sequence[str]) -> str:
    """The user's language for an error found before the options are parsed.

    `--lang id|en` (or `--lang=…`) on the command line, else `RL_AUDIT_LANG`, else `id`.
    """
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in ("id", "en"):
            return value
    env = os.environ.get(LANG_ENV, "")
    return env if env in ("id", "en") else "id"


def metavar(param: _click.Parameter) -> str:
    """The metavar a parameter shows in help: `METAVARS`, the choices, else its name."""
    if isinstance(param, TyperArgument):
        return ARGUMENTS.get(param.name or "", (param.name or "arg").upper())
    name = max(param.opts, key=len)
    choices = getattr(param, "type_descriptor", None)
    if choices is not None and choices.is_choice:
        values = [c.value if isinstance(c, Enum) else c for c in choices.choices or ()]
        return "[" + "|".join(map(str, values)) + "]"
    return METAVARS.get(name, name.lstrip("-").upper())


def localise_params(params: Sequence[_click.Parameter]) -> None:
    """Indonesian help for Click's own options; a plain metavar for every valued one."""
    for param in params:
        if isinstance(param, TyperOption) and param.help in PARAM_HELP:
            param.help = PARAM_HELP[param.help]
        flag = isinstance(param, TyperOption) and param.is_flag
        if isinstance(param, TyperOption | TyperArgument) and not flag and param.metavar is None:
            param.metavar = metavar(param)
        if isinstance(param, TyperArgument):  # the metavar says it: no `<list[Path]>` after it
            setattr(param, "display_type_rich", lambda ctx: "")  # noqa: B010


def localise_help(text: str) -> str:
    """Formatted help with Click's fixed words in Indonesian."""
    for pattern, replacement in HELP_WORDS:
        text = pattern.sub(replacement, text)
    return text


class LocalCommand(TyperCommand):
    """A command whose help is Indonesian throughout, with plain metavars."""

    def get_help(self, ctx: _click.Context) -> str:
        """The help text, localised (`localise_params`, `localise_help`)."""
        localise_params(self.get_params(ctx))
        return localise_help(super().get_help(ctx))


class LocalGroup(TyperGroup):
    """A command group: Indonesian help, and Click's usage errors in one line (`usage_exit`)."""

    def get_help(self, ctx: _click.Context) -> str:
        """The help text, localised (`localise_params`, `localise_help`)."""
        localise_params(self.get_params(ctx))
        return localise_help(super().get_help(ctx))

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        """Run the command line; a usage error is one line and exit 2 (`usage_exit`)."""
        if not kw.get("standalone_mode", True):
            return super().main(args, *a, **kw)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, *a, **{**kw, "standalone_mode": False})
        except _click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except _click.exceptions.ClickException as exc:
            usage_exit(exc, language(argv))
        except typer.Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def localise(app: typer.Typer) -> None:
    """Give every command of `app` (and of its sub-apps) `LocalCommand` unless it has its own."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = LocalCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            localise(group.typer_instance)


_PATTERNS = (  # Click's wording -> our label key (fields from the groups)
    (re.compile(r"^\w+ '(?P<path>.*)' does not exist\.$"), "cli_path_missing"),
    (
        re.compile(r"^(?:Value error, )?'?(?P<value>.*?)'? is not one of (?P<choices>.*)\.$"),
        "cli_bad_choice",
    ),
    (re.compile(r"^Input should be a valid (?P<kind>integer|number)"), "cli_not_number"),
    (re.compile(r"^Input should be greater than or equal to (?P<min>\S+)"), "cli_at_least"),
    (re.compile(r"^No such option: (?P<name>\S+)"), "cli_no_such_option"),
    (re.compile(r"^No such command '(?P<name>.*?)'\."), "cli_no_such_command"),
    (re.compile(r"^Option '(?P<option>.*)' requires an? argument"), "cli_needs_value"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)"), "cli_extra_args"),
    (re.compile(r"^Missing (?P<kind>argument|option) (?P<name>.*?)\.?$"), "cli_missing"),
)


def usage_line(exc: _click.exceptions.ClickException, lang: str) -> str:
    """One line for a Click usage error, in `lang` (Click's own text when not recognised)."""
    plain_message = isinstance(exc, BadParameter) and not isinstance(exc, MissingParameter)
    text = exc.message if plain_message else exc.format_message()
    hint = _hint(exc)
    for pattern, key in _PATTERNS:
        found = pattern.match(text)
        if found:
            fields = {k: v.replace("'", "") for k, v in found.groupdict().items()}
            message = label(key, lang, **{"option": hint, **fields})
            close = getattr(exc, "possibilities", None) or _suggested(text)
            if close:
                message += " " + label("opt_did_you_mean", lang, names=", ".join(close))
            return message
    return f"{hint}: {text}" if hint else text


def _hint(exc: _click.exceptions.ClickException) -> str:
    """The option or argument an error is about (`--lang`, `PATH...`), else ''."""
    param = getattr(exc, "param", None)
    if param is None:
        return ""
    if isinstance(param, TyperOption):
        return max(param.opts, key=len)
    return metavar(param)


def _suggested(text: str) -> list[str]:
    """The names Typer suggested in `text` ("Did you mean 'check'?")."""
    found = re.search(r"Did you mean (.*)\?", text)
    return re.findall(r"'([^']*)'", found[1]) if found else []


def usage_exit(exc: _click.exceptions.ClickException, lang: str) -> NoReturn:
    """Print a Click usage error as one line plus a `--help` hint; exit with its code (2)."""
    err = consoles(False)[1]
    say(err, usage_line(exc, lang))
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, _click.exceptions.UsageError):
        command = ctx.command_path if ctx is not None else "rl-audit"
        err.print(plain(label("cli_help_hint", lang, command=command), "dim"))
    sys.exit(exc.exit_code)
