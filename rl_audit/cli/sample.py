"""`rl-audit sample PATH` (draw a sample, write its working papers) and `sample evaluate`.

`sample PATH …` is `sample select PATH …`: the group runs `select` when its first word
is not one of its commands. Exit codes as `check`: 2 usage error, 3 could not run
(nothing read, nothing to sample, a paper refused).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click

from rl_audit.cli.common import (
    ConfigOpt,
    Lang,
    LangOpt,
    NoColorOpt,
    cannot_run,
    consoles,
    label,
    load_config,
    require_readable,
    usage_error,
)
from rl_audit.cli.surface import LocalGroup

if TYPE_CHECKING:  # the core is imported when a command runs: --help stays fast
    from rich.console import Console

    from rl_audit.sampling.population import Population
    from rl_audit.sampling.select import Sample


class SampleGroup(LocalGroup):
    """`sample` with `select` as its default command (`sample PATH` = `sample select PATH`)."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        """Put `select` first unless the first word is a command or a help option."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["select", *args]
        return super().parse_args(ctx, args)


sample_app = typer.Typer(
    help="Sampel untuk pengujian lapangan dan evaluasinya (kertas kerja).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Method(StrEnum):
    """Sampling methods."""

    mus = "mus"
    random = "random"
    top = "top"
    stratified = "stratified"


class WithFindings(StrEnum):
    """What to do with rows already carrying an open finding."""

    include = "include"
    exclude = "exclude"


class PaperFormat(StrEnum):
    """Working paper formats."""

    xlsx = "xlsx"
    json = "json"


def rupiah_sen(value: str | None, option: str, err: Console, lang: str) -> int | None:
    """A rupiah option (`50000000`, `50.000.000`, `1.500,50`) in sen; exit 2 when not one."""
    if value is None:
        return None
    clean = value.replace("Rp", "").replace(" ", "").replace(".", "").replace(",", ".")
    try:
        return round(float(clean) * 100)
    except ValueError:
        usage_error(err, label("sample_bad_money", lang, option=option, value=value))


@sample_app.command("select")
def select_cmd(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Berkas/folder ekspor OPD.")],
    document: Annotated[str, typer.Option(help="Jenis dokumen (bku, realisasi, …).")] = "bku",
    amount: Annotated[str | None, typer.Option(help="Kolom nilai (bawaan per dokumen).")] = None,
    opd: Annotated[list[str] | None, typer.Option(help="Hanya OPD ini (dapat diulang).")] = None,
    method: Annotated[Method, typer.Option(help="mus, random, top, stratified.")] = Method.mus,
    size: Annotated[int | None, typer.Option(min=1, help="Jumlah sampel.")] = None,
    confidence: Annotated[int, typer.Option(help="Tingkat keyakinan MUS: 90 atau 95.")] = 95,
    tolerable: Annotated[str | None, typer.Option(help="Salah saji ditoleransi (Rp).")] = None,
    expected: Annotated[str, typer.Option(help="Salah saji diharapkan (Rp).")] = "0",
    seed: Annotated[int | None, typer.Option(help="Seed acak (bawaan: diambil, dicatat).")] = None,
    strata: Annotated[
        list[str] | None, typer.Option(help="Batas bawah strata (Rp); dapat diulang.")
    ] = None,
    bands: Annotated[int, typer.Option(min=2, help="Strata bernilai sama (tanpa --strata).")] = 3,
    with_findings: Annotated[
        WithFindings, typer.Option(help="Baris bertemuan: include atau exclude (jalankan aturan).")
    ] = WithFindings.include,
    fmt: Annotated[list[PaperFormat] | None, typer.Option("--format", help="xlsx, json.")] = None,
    output: Annotated[Path, typer.Option(file_okay=False, help="Folder kertas kerja.")] = Path(),
    config: ConfigOpt = None,
    lang: LangOpt = Lang.id,
    no_color: NoColorOpt = False,
) -> None:
    """Pilih item untuk diuji dan tulis kertas kerja per OPD (xlsx/JSON)."""
    from rl_audit.sampling.flagged import without
    from rl_audit.sampling.population import amount_column, populations

    out, err = consoles(no_color)
    if confidence not in (90, 95):
        usage_error(err, label("cli_bad_choice", lang.value, value=confidence, choices="90, 95"))
    column = amount_column(document, amount)
    if column is None:
        usage_error(err, label("sample_no_amount_column", lang.value, document=document))
    money, edges = _money_options(tolerable, expected, strata, (err, lang.value))
    inputs, codes, places = _read(
        paths, config, opd or [], with_findings is WithFindings.exclude, (err, lang.value)
    )
    found = [without(p, places) for p in populations(inputs, document, column, codes)]
    found = [p for p in found if p.items]
    if not found:
        cannot_run(err, label("sample_no_population", lang.value, document=document))
    for population in found:
        drawn = _draw(
            population,
            method.value,
            size,
            (confidence, money[0], money[1] or 0),
            seed,
            (edges, bands),
            (err, lang.value),
        )
        for kind in fmt or [PaperFormat.xlsx]:
            _write(drawn, output, kind.value, (out, err), lang.value)


def _money_options(
    tolerable: str | None, expected: str, strata: list[str] | None, where: tuple[Console, str]
) -> tuple[list[int | None], list[int]]:
    """`--tolerable`/`--expected` and the `--strata` edges in sen (a bad value: exit 2)."""
    err, lang = where
    given = ((tolerable, "--tolerable"), (expected, "--expected"))
    money = [rupiah_sen(value, option, err, lang) for value, option in given]
    return money, [rupiah_sen(v, "--strata", err, lang) or 0 for v in strata or []]


def _read(
    paths: list[Path],
    config: Path | None,
    opds: list[str],
    run_rules: bool,
    said: tuple[Console, str],
) -> tuple[Any, tuple[str, ...], set[tuple[str, str, int]]]:
    """The files read, the OPD codes --opd names, and the rows with open findings.

    The rows are found only when `run_rules` (the pack runs, as `check` runs it).
    """
    from rl_audit.ingest.pipeline import IngestOptions, ingest_paths
    from rl_audit.options import OptionError
    from rl_audit.run import CheckRequest, opd_codes, run_check
    from rl_audit.sampling.flagged import flagged_places

    err, lang = said
    cfg = load_config(config, err, paths, lang)
    single = opds[0] if len(opds) == 1 else None
    try:
        if run_rules:
            report = run_check(CheckRequest(paths=tuple(paths), config=cfg, opd=single, lang=lang))
            files, places = report.inputs, flagged_places(report)
        else:
            options = IngestOptions(
                cfg.registry, None, cfg.columns, cfg.limits, fallback_opd=single
            )
            files, places = ingest_paths(paths, options), set()
        require_readable(files, err, lang, paths=paths)
        return files, opd_codes(cfg, tuple(opds), files), places
    except OptionError as exc:
        usage_error(err, exc.text(lang))


def _draw(
    population: Population,
    method: str,
    size: int | None,
    plan: tuple[int, int | None, int],
    seed: int | None,
    shape: tuple[list[int], int],
    said: tuple[Console, str],
) -> Sample:
    """Draw the sample of one population.

    `plan` is (confidence, tolerable, expected), `shape` the strata (edges, bands).
    """
    from rl_audit.sampling import select, strata
    from rl_audit.sampling.factors import mus_size

    confidence, tolerable, expected = plan
    err, lang = said
    chosen = select.new_seed() if seed is None else seed
    if size is None and (method != "mus" or tolerable is None):
        usage_error(err, label("sample_need_size", lang))
    if size is None:
        try:
            size = mus_size(population.value, confidence, tolerable or 0, expected)
        except ValueError:
            usage_error(err, label("sample_bad_tolerable", lang))
    if method == "mus":
        drawn = select.mus(population, select.interval_for(population.value, size), chosen)
    elif method == "stratified":
        amounts = [i.amount for i in population.items]
        edges = shape[0] or strata.equal_value_edges(amounts, shape[1])
        drawn = strata.stratified(population, size, chosen, edges)
    else:
        drawn = (select.simple_random if method == "random" else select.top)(
            population, size, chosen
        )
    drawn.confidence, drawn.tolerable, drawn.expected = confidence, tolerable, expected
    return drawn


def _write(
    drawn: Sample, folder: Path, kind: str, consoles_: tuple[Console, Console], lang: str
) -> None:
    """Write one paper and say where."""
    from rl_audit.messages import rupiah_sen as shown
    from rl_audit.sampling.paper import file_name, write_json, write_xlsx

    out, err = consoles_
    path = folder / file_name(drawn, kind)
    try:
        write_xlsx(drawn, path, lang) if kind == "xlsx" else write_json(drawn, path)
    except OSError as exc:
        cannot_run(err, f"{path}: {exc.strerror or exc}")
    pop = drawn.population
    value = shown(pop.value)
    out.print(
        label(
            "sample_written",
            lang,
            opd=pop.opd_name or pop.opd_code,
            count=len(drawn.picks),
            population=len(pop.items),
            value=value,
            path=path,
        )
    )


@sample_app.command("evaluate")
def evaluate_cmd(
    paper: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Kertas kerja terisi (xlsx).")
    ],
    tolerable: Annotated[str | None, typer.Option(help="Salah saji ditoleransi (Rp).")] = None,
    confidence: Annotated[
        int | None, typer.Option(help="90 atau 95 (bawaan: kertas kerja).")
    ] = None,
    lang: LangOpt = Lang.id,
    no_color: NoColorOpt = False,
) -> None:
    """Proyeksikan salah saji dari kertas kerja yang telah diisi auditor."""
    from rl_audit.sampling.evaluate import evaluate
    from rl_audit.sampling.readback import PaperError, read_paper
    from rl_audit.sampling.verdict import conclusion

    out, err = consoles(no_color)
    if confidence not in (None, 90, 95):
        usage_error(err, label("cli_bad_choice", lang.value, value=confidence, choices="90, 95"))
    limit = rupiah_sen(tolerable, "--tolerable", err, lang.value)
    try:
        read = read_paper(paper)
    except PaperError as exc:
        cannot_run(err, label(exc.key, lang.value, **exc.params))
    for line in conclusion(evaluate(read, limit, confidence), lang.value):
        out.print(line, markup=False, highlight=False)


__all__ = ["SampleGroup", "sample_app"]
