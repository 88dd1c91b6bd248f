"""Evaluate rule sets over the documents of each OPD → `AuditReport`.

Documents are grouped by OPD; for each OPD and rule the check type runs on frames
that join the OPD's documents of each kind; its hits become frozen `Finding`s with
every location (file, sheet, Excel row, column, cell), the amount at risk in sen,
the wording rendered once and a fingerprint built from business values. A rule
that cannot run is `error` with its reason, never `passed`. Given an `EvalCache`
(`rl_audit.evalcache`), an OPD whose rules, options and documents are unchanged is read
from it instead of being evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from rl_audit.calendar import WorkCalendar
from rl_audit.checks.base import CheckError, CheckInput
from rl_audit.checks.registry import REGISTRY
from rl_audit.documents import ROLE, Document, InputFile, OpdRef, RowRole
from rl_audit.engine_findings import findings_from_hits
from rl_audit.findings import (
    AuditReport,
    Finding,
    Measure,
    OpdRun,
    RuleOutcome,
    RuleSetInfo,
    Severity,
    Status,
)
from rl_audit.repeats import link_repeats
from rl_audit.ruleset import Rule, RuleSet

if TYPE_CHECKING:
    from rl_audit.evalcache import EvalCache

UNKNOWN_OPD = OpdRef("?", "OPD tidak dikenal", registered=False, source="none")
CHECK_ROLES = (RowRole.DATA.value, RowRole.OPENING.value)


@dataclass
class RunOptions:
    """What a run needs besides the inputs: period, parameters, selection, language."""

    params: dict[str, Any] = field(default_factory=dict)
    as_of: pd.Timestamp | None = None
    year: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lang: str = "id"
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    opds: tuple[str, ...] = ()  # only these OPD codes (all when empty)


def _matches(rule: Rule, pattern: str) -> bool:
    if pattern.startswith("tag:"):
        return pattern[4:] in rule.tags
    return rule.id == pattern or rule.id.startswith(pattern) or pattern in rule.tags


def select_rules(
    rules: tuple[Rule, ...], select: tuple[str, ...], ignore: tuple[str, ...]
) -> list[Rule]:
    """Rules chosen by --select (id, prefix or tag) minus --ignore."""
    chosen = [r for r in rules if not select or any(_matches(r, p) for p in select)]
    return [r for r in chosen if not any(_matches(r, p) for p in ignore)]


def group_by_opd(inputs: list[InputFile]) -> dict[str, tuple[OpdRef, list[Document]]]:
    """The recognised documents of all inputs, grouped by OPD code."""
    groups: dict[str, tuple[OpdRef, list[Document]]] = {}
    for file in inputs:
        for doc in file.documents():
            opd = doc.opd or UNKNOWN_OPD
            groups.setdefault(opd.code, (opd, []))[1].append(doc)
    return groups


def build_frames(docs: list[Document]) -> tuple[dict[str, pd.DataFrame], dict[str, list[Document]]]:
    """Per kind: one frame of data and opening rows with `_doc` and `_idx`, and the docs."""
    by_kind: dict[str, list[Document]] = {}
    for doc in docs:
        by_kind.setdefault(doc.kind, []).append(doc)
    frames = {}
    for kind, kind_docs in by_kind.items():
        parts = []
        for i, doc in enumerate(kind_docs):
            part = doc.frame[doc.frame[ROLE].isin(CHECK_ROLES)]
            parts.append(part.assign(_doc=i, _idx=part.index))
        frames[kind] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return frames, by_kind


# kinds whose dates say nothing about the audited period (due dates, old LHPs)
PERIOD_NEUTRAL_KINDS = frozenset({"tindak_lanjut"})


def _period_frames(frames: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """The frames whose dates tell the audited period."""
    return [f for kind, f in frames.items() if kind not in PERIOD_NEUTRAL_KINDS]


def latest_date(frames: dict[str, pd.DataFrame]) -> pd.Timestamp | None:
    """The latest date in any date column of the OPD's transactions (default as-of date)."""
    dates = [
        f[c].max()
        for f in _period_frames(frames)
        for c in f.columns
        if pd.api.types.is_datetime64_any_dtype(f[c]) and f[c].notna().any()
    ]
    return max(dates) if dates else None


def dominant_year(frames: dict[str, pd.DataFrame]) -> int | None:
    """The year most dates of the OPD's transactions fall in (default audited year)."""
    years = [
        f[c].dt.year
        for f in _period_frames(frames)
        for c in f.columns
        if pd.api.types.is_datetime64_any_dtype(f[c])
    ]
    counts = pd.concat(years).value_counts() if years else pd.Series(dtype="int64")
    return int(counts.idxmax()) if len(counts) else None


def _outcome(
    rule: Rule,
    opd: OpdRef,
    status: Status,
    count: int = 0,
    reason: str | None = None,
    lang: str = "id",
) -> RuleOutcome:
    return RuleOutcome(
        rule.id,
        rule.title.get(lang, rule.title.get("id", rule.id)),
        rule.bpk_code,
        Severity(rule.severity),
        status,
        count,
        reason,
        opd,
    )


def run_rule(rule: Rule, ci: CheckInput) -> pd.DataFrame:
    """Run one rule's check; any failure to run becomes CheckError with a reason."""
    check = REGISTRY[rule.check_type]
    try:
        return check.run(ci)
    except CheckError:
        raise
    except Exception as err:  # noqa: BLE001 - a rule must never crash the run
        raise CheckError(f"{type(err).__name__}: {err}") from err


def _applies(rule: Rule, frames: dict[str, pd.DataFrame]) -> bool:
    """A document of the rule's kinds is there (with the `only_if_columns`, if any)."""
    return any(
        kind in frames and all(c in frames[kind].columns for c in rule.only_if_columns)
        for kind in rule.documents
    )


def _input(
    rule: Rule,
    frames: dict[str, pd.DataFrame],
    docs: dict[str, list[Document]],
    params: dict[str, Any],
    as_of: pd.Timestamp,
    options: RunOptions,
) -> CheckInput:
    kind = next(k for k in rule.documents if k in frames)
    check_options = {k: v for k, v in rule.check.items() if k != "type"}
    return CheckInput(kind, frames, docs, params, as_of, options.calendar, check_options)


def _measure(rule: Rule, ci: CheckInput) -> Measure | None:
    """What a `metric:` rule's check measured, or None (no metric, or it cannot measure)."""
    measure = REGISTRY[rule.check_type].measure
    if rule.metric is None or measure is None:
        return None
    try:
        return measure(ci)
    except CheckError:
        return None


def evaluate_opd(
    rules: list[Rule],
    opd: OpdRef,
    docs: list[Document],
    params: dict[str, Any],
    options: RunOptions,
) -> tuple[list[RuleOutcome], list[Finding], OpdRun]:
    """Every selected rule over one OPD's documents, with the period and metrics used."""
    frames, by_kind = build_frames(docs)
    as_of = options.as_of or latest_date(frames) or pd.Timestamp.today().normalize()
    year = options.year or dominant_year(frames) or int(as_of.year)
    params = {**params, "year": year, "as_of": as_of}
    outcomes, findings, metrics = [], [], {}
    for rule in rules:
        if not _applies(rule, frames):
            outcomes.append(_outcome(rule, opd, Status.NOT_APPLICABLE, lang=options.lang))
            continue
        try:
            ci = _input(rule, frames, by_kind, params, as_of, options)
            found = findings_from_hits(rule, run_rule(rule, ci), ci, opd, options.lang)
        except CheckError as err:
            outcomes.append(_outcome(rule, opd, Status.ERROR, reason=str(err), lang=options.lang))
            continue
        if (measured := _measure(rule, ci)) is not None and rule.metric:
            metrics[rule.metric] = measured
        status = Status.FAILED if found else Status.PASSED
        outcomes.append(_outcome(rule, opd, status, len(found), lang=options.lang))
        findings += found
    return outcomes, findings, OpdRun(opd, year, as_of.date().isoformat(), metrics)


def _linked(
    evaluate_one: Callable[[], tuple[list[RuleOutcome], list[Finding], OpdRun]],
    docs: list[Document],
) -> tuple[list[RuleOutcome], list[Finding], OpdRun]:
    """An OPD's evaluation with its repeat findings linked: what the evaluation cache keeps."""
    outcomes, findings, opd_run = evaluate_one()
    return outcomes, link_repeats(findings, docs), opd_run


def derived_period(runs: list[OpdRun]) -> tuple[int | None, str | None]:
    """The run's period from its OPDs: the most common year and the latest as-of date."""
    if not runs:
        return None, None
    years = pd.Series([r.year for r in runs])
    return int(years.value_counts().idxmax()), max(r.as_of for r in runs)


def evaluate(
    rule_set: RuleSet,
    inputs: list[InputFile],
    options: RunOptions,
    cache: EvalCache | None = None,
) -> AuditReport:
    """Run a rule set over all inputs, OPD by OPD (an unchanged OPD from `cache`, if given)."""
    rules = select_rules(rule_set.rules, options.select, options.ignore)
    params = {**rule_set.defaults(), **options.params}
    report = AuditReport(
        datetime.now().astimezone().isoformat(timespec="seconds"),
        options.year,
        None if options.as_of is None else options.as_of.date().isoformat(),
        [RuleSetInfo(rule_set.name, rule_set.version, len(rules))],
        inputs,
    )
    session = None if cache is None else cache.session(rules, params, options, inputs)
    for opd, docs in group_by_opd(inputs).values():
        if options.opds and opd.code not in options.opds:
            continue
        job = partial(_linked, partial(evaluate_opd, rules, opd, docs, params, options), docs)
        outcomes, findings, opd_run = job() if session is None else session.fetch(opd, docs, job)
        report.outcomes += outcomes
        report.findings += findings
        report.opd_runs.append(opd_run)
    year, as_of = derived_period(report.opd_runs)
    report.year = report.year or year
    report.as_of = report.as_of or as_of
    return report
