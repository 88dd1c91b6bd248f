"""`rl-audit nightly` (the unattended cron run) and `rl-audit history`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

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
    from rl_audit.nightly.job import NightlyResult

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
        sys.stdout.write(inert(summary_line(result, lang.value)) + "\n")
    raise typer.Exit(result.exit_code)


def summary_line(result: NightlyResult, lang: str) -> str:
    """The `-v` line: open findings (the number `history` shows), waived, changes."""
    from rl_audit.history.compare import OPEN

    changes, findings = result.report.changes, result.report.findings
    return label(
        "nightly_done",
        lang,
        folder=result.folder,
        findings=sum(f.status == OPEN for f in findings),
        waived=sum(f.status != OPEN for f in findings),
        new=changes.new if changes else 0,
        resolved=changes.resolved if changes else 0,
        newly_waived=changes.waived if changes else 0,
    )


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


def in_zone(runs: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """`runs` with their start times in the config's zone (older runs were recorded in UTC)."""
    from rl_audit.history.zone import local

    return [{**run, "started_at": local(run["started_at"], name)} for run in runs]


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
            runs = in_zone(store.runs(opd=code, since=start), cfg.timezone)
    except HistoryError as exc:
        cannot_run(err, exc.text(lang.value))
    except OptionError as exc:  # an --opd named in neither the registry nor the history
        option_error(err, exc, lang.value)
    if fmt is HistoryFormat.json:
        found = json.dumps({"runs": runs}, ensure_ascii=False, indent=2)
        sys.stdout.write(json_inert(found) + "\n")
    else:
        print_history(runs, out, lang.value)
