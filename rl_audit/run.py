"""The `check` pipeline as one call: config + inputs + rule sets → AuditReport.

The CLI and the nightly runner call this; it knows every stage, reporters know none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from rl_audit.config import Config
from rl_audit.engine import RunOptions, evaluate
from rl_audit.evalcache import EvalCache
from rl_audit.findings import AuditReport, Severity
from rl_audit.ingest.cache import IngestCache
from rl_audit.ingest.pipeline import IngestOptions, Progress, ingest_paths
from rl_audit.ruleset import RuleFileError, RuleSet, bundled_rules_dir, load_rules, merge
from rl_audit.scoring import summarise
from rl_audit.waivers import apply_waivers, config_waivers

FAIL_ON = {"high": 3, "medium": 2, "low": 1, "never": 99}


@dataclass
class CheckRequest:
    """Everything a check run needs from the command line."""

    paths: list[Path]
    config: Config
    rules: list[Path] = field(default_factory=list)
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


def with_caches(request: CheckRequest, folder: Path | None) -> CheckRequest:
    """`request` using the ingest cache in `folder` and the evaluation cache in `folder/eval`."""
    if folder is None:
        return request
    from rl_audit.evalcache import EvalCache

    request.cache, request.eval_cache = IngestCache(folder), EvalCache(folder / "eval")
    return request


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """`--param name=value` pairs; values read as YAML scalars (numbers, dates, lists)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param {pair!r}: gunakan / use NAME=VALUE")
        out[name.strip()] = yaml.safe_load(raw)
    return out


def load_rule_sets(paths: list[Path]) -> RuleSet:
    """The rule sets given with --rules (default: the bundled BPK-WTP pack), merged."""
    sets = [load_rules(p) for p in (paths or [bundled_rules_dir()])]
    return sets[0] if len(sets) == 1 else merge(sets, "+".join(s.name for s in sets), "mixed")


def resolve_params(rule_set: RuleSet, config: Config, cli: dict[str, Any]) -> dict[str, Any]:
    """Layered parameters: rule-set defaults → config `parameters:` → --param."""
    known = set(rule_set.defaults())
    for source, given in (("rl-audit.yaml parameters", config.parameters), ("--param", cli)):
        unknown = sorted(set(given) - known)
        if unknown:
            raise RuleFileError(f"{source}: unknown parameter {', '.join(unknown)}")
    return {**rule_set.defaults(), **config.parameters, **cli}


def opd_codes(config: Config, queries: tuple[str, ...]) -> tuple[str, ...]:
    """The OPD codes that --opd queries name (a registered code, name or alias; else as given)."""
    codes = []
    for query in queries:
        entry = config.registry.by_code(query) or config.registry.match(query)
        codes.append(entry.code if entry else query.strip())
    return tuple(codes)


def run_check(request: CheckRequest) -> AuditReport:
    """Read the inputs, run the rules, return the report (inputs with errors included)."""
    rule_set = load_rule_sets(request.rules)
    params = resolve_params(rule_set, request.config, request.params)
    cfg = request.config
    options = IngestOptions(
        cfg.registry, None, cfg.columns, cfg.limits, fallback_opd=request.opd, cache=request.cache
    )
    inputs = ingest_paths(request.paths or cfg.inputs, options, request.progress)
    run = RunOptions(
        params,
        pd.Timestamp(request.as_of) if request.as_of else None,
        request.year or cfg.year,
        request.select,
        request.ignore,
        request.lang,
        opds=opd_codes(cfg, request.opds),
    )
    report = evaluate(rule_set, inputs, run, request.eval_cache)
    apply_waivers(report, config_waivers(cfg), date.today())
    report.opds = summarise(report)
    return report


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
