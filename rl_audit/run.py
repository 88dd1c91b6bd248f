"""The `check` pipeline as one call: config + inputs + rule sets → AuditReport.

The CLI and the nightly runner call this; it knows every stage, reporters know none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from rl_audit import provenance, yamlsafe
from rl_audit.cache.evaluation import EvalCache
from rl_audit.cache.files import IngestCache
from rl_audit.config import Config
from rl_audit.documents import InputFile
from rl_audit.engine.coverage import policy as coverage_policy
from rl_audit.engine.evaluate import RunOptions, evaluate
from rl_audit.engine.focus import focus_group
from rl_audit.engine.problems import collect as collect_problems
from rl_audit.engine.rollups import roll_up
from rl_audit.engine.scoring import capped_notices, summarise
from rl_audit.findings import AuditReport, Severity
from rl_audit.history import zone
from rl_audit.ingest import isolate
from rl_audit.ingest.pipeline import IngestOptions, Progress, discover, ingest_paths
from rl_audit.options import (
    check_chosen,
    check_params,
    check_selection,
    given_opd,
    input_opds,
    resolve_opd,
)
from rl_audit.ruleset.load import RuleSet, bundled_rules_dir, load_rules, merge
from rl_audit.ruleset.renamed import renamed_notices
from rl_audit.waivers.apply import apply_waivers, used_waivers

FAIL_ON = {"high": 3, "medium": 2, "low": 1, "never": 99}


@dataclass(frozen=True, kw_only=True)
class CheckRequest:
    """Everything a check run needs from the command line; built by name, never changed.

    A variant is made with `dataclasses.replace` (see `with_caches`, `with_rule_set`).
    """

    paths: tuple[Path, ...]
    config: Config
    rules: tuple[Path, ...] = ()
    opd: str | None = None  # the OPD of sheets that name none (a single `check --opd`)
    params: dict[str, Any] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    as_of: str | None = None
    year: int | None = None
    lang: str = "id"
    opds: tuple[str, ...] = ()  # --opd filters: codes, names, short names or aliases
    cache: IngestCache | None = None  # ingest cache (nightly runs); None reads every file
    eval_cache: EvalCache | None = None  # evaluation cache (nightly runs); None evaluates all
    progress: Progress | None = None  # called after each input file (done, total, path)
    rule_set: RuleSet | None = None  # the checked rule set (check_request), not loaded again
    exclude: tuple[Path, ...] = ()  # never read files under these (nightly: its own outputs)

    def __post_init__(self) -> None:
        """Sequences given as lists are kept as tuples (the request stays immutable)."""
        for name in ("paths", "rules", "select", "ignore", "opds", "exclude"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


def with_caches(request: CheckRequest, folder: Path | None) -> CheckRequest:
    """`request` using the ingest cache in `folder` and the evaluation cache in `folder/eval`."""
    if folder is None:
        return request
    return replace(request, cache=IngestCache(folder), eval_cache=EvalCache(folder / "eval"))


def with_rule_set(request: CheckRequest, rule_set: RuleSet) -> CheckRequest:
    """`request` with its rule set already loaded (by `check_request`): not loaded again."""
    return replace(request, rule_set=rule_set)


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """`--param name=value` pairs; values read as strict YAML (numbers, dates, lists).

    A value YAML cannot read (`[1,2`, `2025-13-01`) stays the text given, so the
    parameter's type check names it; anchors, aliases and deep nesting are refused
    (ValueError: exit 2).
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param {pair!r}: gunakan / use NAME=VALUE")
        try:
            out[name.strip()] = yamlsafe.load_value(raw, f"--param {name.strip()}")
        except yamlsafe.YamlError as err:
            if err.refused:
                raise ValueError(f"--param {name.strip()}: {err.problem}") from err
            out[name.strip()] = raw
    return out


def load_rule_sets(paths: Sequence[Path]) -> RuleSet:
    """The rule sets given with --rules (default: the bundled BPK-WTP pack), merged."""
    sets = [load_rules(p) for p in (paths or [bundled_rules_dir()])]
    return sets[0] if len(sets) == 1 else merge(sets, "+".join(s.name for s in sets), "mixed")


def resolve_params(rule_set: RuleSet, config: Config, cli: dict[str, Any]) -> dict[str, Any]:
    """Layered parameters: rule-set defaults → config `parameters:` → --param.

    Each given value is checked against the parameter's type (dates become the default's
    form); an unknown name or a wrong type raises OptionError (`in_config` for the config's).
    """
    declared = rule_set.parameters
    where = f"{config.path or 'rl-audit.yaml'}: parameters."
    from_config = check_params(declared, config.parameters, where, in_config=True)
    return {**rule_set.defaults(), **from_config, **check_params(declared, cli, "--param ")}


def check_request(request: CheckRequest) -> RuleSet:
    """The run's rule set, once every option that needs no input is checked (OptionError).

    Rule-file errors raise RuleFileError; --select/--ignore patterns that pick no rule and
    parameters (config and --param) are checked here, before any input is read. Callers
    pass the rule set on with `with_rule_set` so the run does not load it again.
    """
    isolate.prestart(request.config.limits)  # reader processes get ready meanwhile
    rule_set = load_rule_sets(request.rules)
    check_selection(rule_set.rules, request.select, "--select")
    check_selection(rule_set.rules, request.ignore, "--ignore")
    check_chosen(rule_set.rules, request.select, request.ignore)
    resolve_params(rule_set, request.config, request.params)
    return rule_set


def opd_codes(config: Config, queries: tuple[str, ...], inputs: list[InputFile]) -> tuple[str, ...]:
    """The OPD codes that --opd queries name, checked against the registry and `inputs`.

    A query is a registered code, name, short name or alias, else an OPD code or name
    found in `inputs`; any other raises OptionError (unless no document was read at all:
    then the run reports that instead).
    """
    refs = input_opds(inputs)
    if not refs and not any(f.documents() for f in inputs):
        return tuple(given_opd(config.registry, q) for q in queries)
    return tuple(resolve_opd(config.registry, refs, query) for query in queries)


def sources(request: CheckRequest) -> list[Path]:
    """The paths to read (given, else configured), without any file under `request.exclude`."""
    paths = list(request.paths or request.config.inputs)
    if not request.exclude:
        return paths
    skip = [q for p in request.exclude for q in (p.absolute(), p.resolve())]
    return [
        f
        for f in discover(paths)
        if not any(w.is_relative_to(s) for w in (f.absolute(), f.resolve()) for s in skip)
    ]


def run_check(request: CheckRequest) -> AuditReport:
    """Read the inputs, run the rules, return the report (inputs with errors included)."""
    rule_set = request.rule_set or load_rule_sets(request.rules)
    params = resolve_params(rule_set, request.config, request.params)
    cfg = request.config
    options = IngestOptions(
        cfg.registry, None, cfg.columns, cfg.limits, fallback_opd=request.opd, cache=request.cache
    )
    inputs = ingest_paths(sources(request), options, request.progress)
    as_of = request.as_of or (cfg.as_of.isoformat() if cfg.as_of else None)
    run = RunOptions(
        params,
        pd.Timestamp(as_of) if as_of else None,
        request.year or cfg.year,
        request.select,
        request.ignore,
        opds=opd_codes(cfg, request.opds, inputs),
        year_source="option" if request.year else "config",
        as_of_source="option" if request.as_of else "config",
    )
    report = evaluate(rule_set, inputs, run, request.eval_cache, isolate.pool_size(cfg.limits))
    _waive_and_record(report, request, rule_set, params)
    needed = (kind for rule in rule_set.rules for kind in rule.documents)
    report.opds = summarise(report, coverage_policy(needed, cfg.core_documents))
    report.focus = focus_group(report.opds, cfg.focus_codes())
    roll_up(report)
    report.notices += capped_notices(report.opds)
    report.notices += renamed_notices(
        cfg.parameters, rule_set.parameters, str(cfg.path or "rl-audit.yaml")
    )
    report.notices += renamed_notices(request.params, rule_set.parameters, "--param")
    report.problems = collect_problems(report.inputs, report.notices)
    return report


def _waive_and_record(
    report: AuditReport, request: CheckRequest, rule_set: RuleSet, params: dict[str, Any]
) -> None:
    """Apply the config's waivers; record what the run used; note configs in the inputs."""
    cfg = request.config
    report.generated_at = zone.local(report.generated_at, cfg.timezone)  # the regency's zone
    waivers, path, digest = used_waivers(cfg)
    apply_waivers(report, waivers, zone.now(cfg.timezone).date())
    ignored = provenance.ignored_files(list(request.paths or cfg.inputs), [cfg.path, path])
    report.provenance = provenance.build(
        cfg, rule_set.sha256, params, request.params, (path, digest), ignored
    )
    report.notices += provenance.notices(ignored)


def exit_code(report: AuditReport, fail_on: str) -> int:
    """0 when no open finding at or above `fail_on` (info and waived never fail), else 1."""
    threshold = FAIL_ON[fail_on]
    worst = max(
        (
            f.severity.rank
            for f in report.findings
            if f.severity is not Severity.INFO and f.status == "open"
        ),
        default=0,
    )
    return 1 if worst >= threshold else 0
