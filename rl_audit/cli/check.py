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
    require_readable,
    say,
    usage_error,
)
from rl_audit.report.untrusted import json_inert

if TYPE_CHECKING:  # the core is imported when the command runs: --help stays fast
    from rl_audit.findings import AuditReport, OpdSummary
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
    json = "json"
    xlsx = "xlsx"
    html = "html"


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
    typer.Option("--format", help="table (bawaan), json, xlsx, html; dapat diulang."),
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
    require_readable(report.inputs, err, request.lang, report.problems)
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
        targets = plan([f.value for f in formats], output)
        check_targets(targets, inputs, lang)
    except OutputError as exc:
        usage_error(err, str(exc))
    return targets


def _annotate_folder(folder: Path, err: Console, lang: str) -> None:
    """Exit 3 before the run when no annotated copy could be written into `folder`."""
    from rl_audit.report.writers import writable_folder

    why = writable_folder(folder)
    if why is not None:
        cannot_run(err, label("annotate_not_writable", lang, path=folder, detail=why))


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
) -> None:
    """Baca semua lembar kerja di PATH, jalankan aturan BPK-WTP, laporkan temuan per OPD."""
    from rl_audit.config import with_jobs
    from rl_audit.run import CheckRequest, exit_code, with_caches

    out, err = consoles(no_color)
    cfg = with_jobs(load_config(config, err, paths), jobs)
    if not paths and not cfg.inputs:
        usage_error(err, "berikan PATH atau 'inputs' di rl-audit.yaml")
    formats = fmt or [CheckFormat.table]
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
    _show(report, formats, targets, explained, quiet, out, err, lang.value, cfg.max_locations)
    if annotate is not None:
        _annotate(report, annotate, err, quiet, lang.value)
    raise typer.Exit(exit_code(report, fail_on.value))


def _show(
    report: AuditReport,
    formats: list[CheckFormat],
    targets: list,
    explain: OpdSummary | None,
    quiet: bool,
    out: Console,
    err: Console,
    lang: str,
    cap: int,
) -> None:
    """Terminal report (or score explanation), JSON on stdout, files (`cap` per rule/OPD)."""
    from rl_audit.report.json_report import to_json
    from rl_audit.report.terminal.summary import print_explanation, print_report
    from rl_audit.report.writers import WriteFailed, write

    if explain is not None:
        print_explanation(explain, out, lang)
    elif CheckFormat.table in formats and not quiet:
        print_report(report, out, lang, cap)
    if any(target is None for _, target in targets):
        sys.stdout.write(json_inert(to_json(report, lang)) + "\n")
    try:
        written = write(report, targets, lang, cap)
    except WriteFailed as exc:
        cannot_run(err, label("output_write_failed", lang, path=exc.path, detail=exc.strerror))
    for path in written:
        if not quiet:
            say(err, f"ditulis / written: {path}", "green")


def _annotate(report: AuditReport, folder: Path, err: Console, quiet: bool, lang: str) -> None:
    """Annotated copies of the inputs with findings; exit 3 when one (not one skipped) failed."""
    from rl_audit.report.annotate.workbook import annotate

    result = annotate(report, folder, lang)
    for problem in result.problems:
        say(err, problem)
    if not quiet:
        for path in result.written:
            say(err, f"ditulis / written: {path}", "green")
    if result.unwritten:
        cannot_run(err, label("annotate_unwritten", lang, count=result.unwritten, path=folder))
