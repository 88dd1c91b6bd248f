"""`rl-audit check`: options → `run_check` → reporters → exit code."""

from __future__ import annotations

import dataclasses
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from rl_audit.cli.annotated import OpenOpt, annotate_copies, annotate_outcome, open_html
from rl_audit.cli.common import (
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
    os_reason,
    require_readable,
    say,
    usage_error,
)
from rl_audit.cli.screen import Screen, StatisticsOpt, print_screen
from rl_audit.report.untrusted import json_inert

if TYPE_CHECKING:  # the core is imported when the command runs: --help stays fast
    from rl_audit.findings import AuditReport, OpdSummary
    from rl_audit.report.annotate.workbook import AnnotateResult
    from rl_audit.run import CheckRequest


class FailOn(StrEnum):
    """Lowest severity that makes `check` exit 1."""

    high = "high"
    medium = "medium"
    low = "low"
    never = "never"


class CheckFormat(StrEnum):
    """Output formats of `check`."""

    table = "table"
    lines = "lines"
    json = "json"
    xlsx = "xlsx"
    html = "html"
    temuan = "temuan"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(exists=True, help="Berkas/folder ekspor OPD (bawaan: inputs konfigurasi)."),
]
RulesOpt = Annotated[
    list[Path] | None, typer.Option("--rules", exists=True, help="Berkas/folder aturan.")
]
OpdsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--opd",
        help="Hanya OPD ini (kode, nama, singkatan; dapat diulang). Satu --opd juga "
        "menjadi OPD berkas yang tidak menyebut OPD-nya.",
    ),
]
SelectOpt = Annotated[list[str] | None, typer.Option(help="Id, awalan atau tag:NAMA.")]
ParamOpt = Annotated[list[str] | None, typer.Option(help="Parameter aturan NAMA=NILAI.")]
YearOpt = Annotated[int | None, typer.Option(help="Tahun anggaran (bawaan: dari data).")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Tanggal posisi YYYY-MM-DD (bawaan: dari data).")
]
FailOnOpt = Annotated[FailOn, typer.Option("--fail-on", help="Keluar 1 mulai tingkat ini.")]
FormatOpt = Annotated[
    list[CheckFormat] | None,
    typer.Option(
        "--format",
        help="table (bawaan), lines, json, xlsx, html, temuan (konsep temuan: .docx, .md); "
        "dapat diulang.",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", help="Berkas laporan (satu format) atau folder (beberapa format)."),
]
AnnotateOpt = Annotated[
    Path | None,
    typer.Option("--annotate", file_okay=False, help="Folder salinan berkas bertanda temuan."),
]
ExplainOpt = Annotated[
    str | None, typer.Option("--explain-score", help="Rincian skor satu OPD (kode/nama).")
]
CacheOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        file_okay=False,
        help="Folder cache: berkas/OPD yang tidak berubah tidak dibaca ulang.",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Tanpa laporan di layar.")]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="N proses: N berkas dibaca dan N OPD dievaluasi bersamaan; hasil tetap sama "
        "(bawaan: limits.jobs konfigurasi, lalu jumlah inti CPU; 1: evaluasi dalam satu proses).",
    ),
]


def _params(pairs: list[str], err: Console) -> dict[str, object]:
    from rl_audit.run import parse_params

    try:
        return parse_params(pairs)
    except ValueError as exc:
        usage_error(err, str(exc))


def _run(request: CheckRequest, err: Console, quiet: bool) -> AuditReport:
    """The check itself (a progress bar on a terminal's stderr); bad rules/params exit 3."""
    from rl_audit.options import OptionError
    from rl_audit.ruleset.load import RuleFileError
    from rl_audit.run import run_check
    from rl_audit.waivers.apply import WaiverFileError

    show = err.is_terminal and not quiet
    try:
        with Progress(console=err, transient=True, disable=not show) as bar:
            task = bar.add_task(label("progress_reading", request.lang), total=None)
            request = dataclasses.replace(
                request,
                progress=lambda done, total, _path: bar.update(task, completed=done, total=total),
            )
            report = run_check(request)
    except (RuleFileError, WaiverFileError) as exc:
        cannot_run(err, str(exc))
    except OptionError as exc:  # an --opd named in neither the registry nor the inputs
        option_error(err, exc, request.lang)
    paths = list(request.paths or request.config.inputs)
    require_readable(report.inputs, err, request.lang, report.problems, paths)
    return report


def _check_options(request: CheckRequest, err: Console) -> CheckRequest:
    """Rules, --select/--ignore, parameters checked before reading; `request` gets the rules."""
    from rl_audit.options import OptionError
    from rl_audit.ruleset.load import RuleFileError
    from rl_audit.run import check_request, with_rule_set

    try:
        return with_rule_set(request, check_request(request))
    except RuleFileError as exc:
        cannot_run(err, str(exc))
    except OptionError as exc:
        option_error(err, exc, request.lang)


def _explained(
    request: CheckRequest, report: AuditReport, query: str | None, err: Console
) -> OpdSummary | None:
    """The OPD of the report `--explain-score` names (`opd_summary`); exit 2 when none."""
    from rl_audit.options import OptionError, opd_summary

    if query is None:
        return None
    try:
        return opd_summary(request.config.registry, report.opds, query)
    except OptionError as exc:
        option_error(err, exc, request.lang)


def _targets(
    formats: list[CheckFormat], output: Path | None, inputs: list[Path], err: Console, lang: str
) -> list:
    """The report files to write; exit 2 when one must not be written (see `check_targets`)."""
    from rl_audit.report.writers import OutputError, check_targets, plan

    try:
        screen = (CheckFormat.table, CheckFormat.lines)  # both printed, never written
        targets = plan(["table" if f in screen else f.value for f in formats], output)
        check_targets(targets, inputs, lang)
    except OutputError as exc:
        usage_error(err, str(exc))
    return targets


def _annotate_folder(folder: Path, err: Console, lang: str) -> None:
    """Exit 3 before the run when no annotated copy could be written into `folder`."""
    from rl_audit.report.writers import writable_folder

    why = writable_folder(folder)
    if why is not None:
        detail = os_reason(why, lang)
        cannot_run(err, label("annotate_not_writable", lang, path=folder, detail=detail))


def check(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    opd: OpdsOpt = None,
    select: SelectOpt = None,
    ignore: SelectOpt = None,
    param: ParamOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    fail_on: FailOnOpt = FailOn.high,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    annotate: AnnotateOpt = None,
    explain_score: ExplainOpt = None,
    cache: CacheOpt = None,
    lang: LangOpt = Lang.id,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
    jobs: JobsOpt = None,
    statistics: StatisticsOpt = False,
    open_report: OpenOpt = False,
) -> None:
    """Baca semua lembar kerja di PATH, jalankan aturan BPK-WTP, laporkan temuan per OPD."""
    from rl_audit.config import with_jobs
    from rl_audit.run import CheckRequest, exit_code, with_caches

    out, err = consoles(no_color)
    cfg = with_jobs(load_config(config, err, paths, lang.value), jobs)
    if not paths and not cfg.inputs:
        usage_error(err, "berikan PATH atau 'inputs' di rl-audit.yaml")
    formats = fmt or [CheckFormat.table]
    formats += [CheckFormat.html] if open_report and CheckFormat.html not in formats else []
    targets = _targets(formats, output, paths or cfg.inputs, err, lang.value)
    if annotate is not None:
        _annotate_folder(annotate, err, lang.value)
    opds = tuple(opd or ())
    request = CheckRequest(
        paths=tuple(paths or ()),
        config=cfg,
        rules=tuple(rules or ()),
        opd=opds[0] if len(opds) == 1 else None,
        params=_params(param or [], err),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        as_of=iso_day(as_of, "--as-of", err),
        year=year,
        lang=lang.value,
        opds=opds,
    )
    request = _check_options(request, err)
    report = _run(with_caches(request, cache), err, quiet)
    explained = _explained(request, report, explain_score, err)
    code = exit_code(report, fail_on.value)
    screen = Screen(explained, quiet, statistics, code, fail_on.value, cfg.max_locations)
    copies = annotate_copies(report, annotate, err, quiet, lang.value) if annotate else None
    _show(report, formats, targets, screen, out, err, lang.value, copies)
    annotate_outcome(copies, annotate, err, lang.value)
    if open_report:
        open_html(targets, err, lang.value)
    raise typer.Exit(code)


def _show(
    report: AuditReport,
    formats: list[CheckFormat],
    targets: list,
    screen: Screen,
    out: Console,
    err: Console,
    lang: str,
    annotated: AnnotateResult | None = None,
) -> None:
    """What goes on the terminal (`print_screen`), JSON on stdout, files (`screen.cap`).

    The xlsx report links its findings to the `annotated` copies; written paths are always said.
    """
    from rl_audit.report.json_report import to_json
    from rl_audit.report.writers import WriteFailed, write

    json_out = any(target is None for _, target in targets)  # statistics then go to stderr
    print_screen(report, [f.value for f in formats], screen, (out, err if json_out else out), lang)
    if json_out:
        sys.stdout.write(json_inert(to_json(report, lang)) + "\n")
    try:
        written = write(report, targets, lang, screen.cap, annotated.copies if annotated else None)
    except WriteFailed as exc:
        detail = os_reason(exc.strerror or "", lang)
        cannot_run(err, label("output_write_failed", lang, path=exc.path, detail=detail))
    for path in written:
        say(err, f"ditulis / written: {path}", "green")
