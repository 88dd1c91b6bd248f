"""`rl-audit nightly` (the unattended cron run) and `rl-audit history`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from rl_audit.cli.check import JobsOpt
from rl_audit.cli.common import (
    EXIT_LOCKED,
    ConfigOpt,
    Lang,
    LangOpt,
    NoColorOpt,
    cannot_run,
    consoles,
    iso_day,
    label,
    load_config,
    option_error,
    say,
)
from rl_audit.report.untrusted import inert, json_inert

if TYPE_CHECKING:  # the core is imported when a command runs: --help stays fast
    from rl_audit.config import Config

VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Satu baris ringkasan.")]


def nightly(
    config: ConfigOpt = None,
    lang: LangOpt = Lang.id,
    verbose: VerboseOpt = False,
    jobs: JobsOpt = None,
) -> None:
    """Run tanpa pengawasan untuk cron: laporan bertanggal, riwayat, perbandingan."""
    from rl_audit.config import with_jobs
    from rl_audit.history.store import HistoryError
    from rl_audit.nightly.job import LockedError, NoInputsError, run_nightly, settings
    from rl_audit.ruleset.load import RuleFileError
    from rl_audit.waivers.apply import WaiverFileError

    _, err = consoles(True)
    cfg = with_jobs(load_config(config, err), jobs)
    if cfg.path is None:
        cannot_run(err, label("nightly_no_config", lang.value))
    _check_options(cfg, err, lang.value)
    try:
        result = run_nightly(cfg, lang.value)
    except LockedError as exc:
        seconds = settings(cfg).lock_wait
        say(err, label("nightly_locked", lang.value, lock=str(exc), seconds=seconds))
        raise typer.Exit(EXIT_LOCKED) from None
    except NoInputsError as exc:
        cannot_run(err, label(exc.args[0], lang.value, config=cfg.path))
    except (HistoryError, RuleFileError, WaiverFileError, OSError) as exc:
        cannot_run(err, str(exc))
    if verbose:
        changes = result.report.changes
        done = label(
            "nightly_done",
            lang.value,
            folder=result.folder,
            findings=len(result.report.findings),
            new=changes.new if changes else 0,
            resolved=changes.resolved if changes else 0,
        )
        sys.stdout.write(inert(done) + "\n")
    raise typer.Exit(result.exit_code)


def _check_options(cfg: Config, err: Console, lang: str) -> None:
    """The rule pack and the config's `parameters:` checked before the lock is taken."""
    from rl_audit.options import OptionError
    from rl_audit.ruleset.load import RuleFileError
    from rl_audit.run import CheckRequest, check_request

    try:
        check_request(CheckRequest(paths=(), config=cfg, lang=lang))
    except RuleFileError as exc:
        cannot_run(err, str(exc))
    except OptionError as exc:  # a parameter of rl-audit.yaml: exit 3, file and key named
        option_error(err, exc, lang)


class HistoryFormat(StrEnum):
    """Output formats of `history`."""

    table = "table"
    json = "json"


OpdOpt = Annotated[
    str | None, typer.Option("--opd", help="Hanya OPD ini (kode, nama, singkatan atau alias).")
]
SinceOpt = Annotated[str | None, typer.Option("--since", help="Sejak tanggal YYYY-MM-DD.")]
FormatOpt = Annotated[HistoryFormat, typer.Option("--format", help="table atau json.")]


def history(
    config: ConfigOpt = None,
    opd: OpdOpt = None,
    since: SinceOpt = None,
    fmt: FormatOpt = HistoryFormat.table,
    lang: LangOpt = Lang.id,
    no_color: NoColorOpt = False,
) -> None:
    """Skor dan temuan per OPD dari run yang tercatat (riwayat nightly)."""
    from rl_audit.history.store import HistoryError, open_history
    from rl_audit.nightly.job import settings
    from rl_audit.options import OptionError, recorded_opd
    from rl_audit.report.terminal.history_view import print_history

    out, err = consoles(no_color)
    cfg = load_config(config, err)
    path, start = settings(cfg).history, iso_day(since, "--since", err)
    if not path.exists():
        if fmt is HistoryFormat.json:
            sys.stdout.write(json.dumps({"runs": []}) + "\n")
        else:
            say(err, label("history_none", lang.value, file=path), "yellow")
        return
    try:
        with open_history(path) as store:
            code = opd and recorded_opd(cfg.registry, store.runs(since=start), opd)
            runs = store.runs(opd=code, since=start)
    except HistoryError as exc:
        cannot_run(err, exc.text(lang.value))
    except OptionError as exc:  # an --opd named in neither the registry nor the history
        option_error(err, exc, lang.value)
    if fmt is HistoryFormat.json:
        found = json.dumps({"runs": runs}, ensure_ascii=False, indent=2)
        sys.stdout.write(json_inert(found) + "\n")
    else:
        print_history(runs, out, lang.value)
