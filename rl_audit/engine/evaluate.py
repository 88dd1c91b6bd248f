"""Evaluate rule sets over the documents of each OPD → `AuditReport`.

Documents are grouped by OPD; for each OPD and rule the check type runs on frames
that join the OPD's documents of each kind; its hits become frozen `Finding`s with
every location (file, sheet, Excel row, column, cell), the amount at risk in sen,
the wording's values (rendered late, in the reader's language) and a fingerprint
built from business values. A rule that cannot run is `error` with its reason, never
`passed`. Given an `EvalStore` (`rl_audit.engine.options`; the caller passes the
evaluation cache), an OPD whose rules, options and documents are unchanged is read
from it instead of being evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, NoData
from rl_audit.checks.notices import notices_of, unchecked_of
from rl_audit.checks.registry import REGISTRY
from rl_audit.documents import ROLE, Document, InputFile, Issue, OpdRef, RowRole
from rl_audit.engine.check_notices import placed_all
from rl_audit.engine.hits import findings_from_hits
from rl_audit.engine.money_caps import cap_amounts
from rl_audit.engine.monthly import with_months
from rl_audit.engine.options import EvalStore, OpdEvaluation
from rl_audit.engine.options import RunOptions as RunOptions  # re-exported
from rl_audit.engine.outcomes import checked_outcome, rule_outcome
from rl_audit.engine.parallel import Plan, evaluate_groups
from rl_audit.engine.period import Period, latest_date, period_notices, run_period
from rl_audit.engine.repeats import link_repeats
from rl_audit.findings import (
    AuditReport,
    Finding,
    Measure,
    OpdRun,
    RuleOutcome,
    RuleSetInfo,
    Status,
)
from rl_audit.ruleset.load import Rule, RuleSet, select_rules
from rl_audit.ruleset.validate import uses_period

UNKNOWN_OPD = OpdRef("?", "OPD tidak dikenal", registered=False, source="none")
CHECK_ROLES = (RowRole.DATA.value, RowRole.OPENING.value)


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


def run_rule(rule: Rule, ci: CheckInput) -> pd.DataFrame:
    """Run one rule's check; any failure to run becomes CheckError with a reason."""
    check = REGISTRY[rule.check_type]
    try:
        return check.run(ci)
    except CheckError:
        raise
    except Exception as err:  # noqa: BLE001 - a rule must never crash the run
        raise CheckError(f"{type(err).__name__}: {err}") from err


def needs_as_of(rule: Rule) -> bool:
    """Whether the rule measures against the period (a deadline, a quarter's target, the year)."""
    return uses_period(rule.check_type, rule.check)


def evaluated_rows(hits: pd.DataFrame, ci: CheckInput) -> int:
    """How many rows the check evaluated: its `evaluated` attr, else the rows of its frame."""
    found = hits.attrs.get("evaluated")
    return int(found) if found is not None else len(ci.frames.get(ci.kind, ()))


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
    kind = next((k for k in rule.documents if k in frames), rule.documents[0])
    check_options = {k: v for k, v in rule.check.items() if k != "type"}
    return CheckInput(kind, frames, docs, params, as_of, options.calendar, check_options)


def _measure(rule: Rule, ci: CheckInput) -> Measure | None:
    """What a `metric:` rule's check measured, or None (no metric, or it cannot measure)."""
    measure = REGISTRY[rule.check_type].measure
    if rule.metric is None or measure is None:
        return None
    try:
        return measure(ci)
    except Exception:  # noqa: BLE001 - a measure that cannot measure says nothing
        return None


def _skip_reason(rule: Rule, frames: dict[str, pd.DataFrame], options: RunOptions) -> str | None:
    """Why the rule is not applicable: "" (no document of its kinds) or a wording key; None: run."""
    if not _applies(rule, frames):
        return ""
    if options.as_of is None and needs_as_of(rule):
        return "needs_as_of"
    return None


RuleResult = tuple[RuleOutcome, list[Finding], list[Issue]]


def _evaluate_rule(rule: Rule, opd: OpdRef, ci: CheckInput) -> RuleResult:
    """One rule's outcome, findings and row notices (not applicable when it evaluated no row).

    Rows the check could not judge (its `unchecked` count, with notices naming them) are
    never passed silently: the outcome's reason counts them, and when no other row was
    evaluated the rule is `error`.
    """
    try:
        hits = run_rule(rule, ci)
        found = findings_from_hits(rule, hits, ci, opd)
    except NoData as err:
        return rule_outcome(rule, opd, Status.NOT_APPLICABLE, reason=str(err)), [], []
    except Exception as err:  # noqa: BLE001 - one rule's failure never stops the others
        reason = str(err) if isinstance(err, CheckError) else f"{type(err).__name__}: {err}"
        return rule_outcome(rule, opd, Status.ERROR, reason=reason), [], []
    notices = placed_all(rule.id, notices_of(hits), ci)
    counts = (len(found), evaluated_rows(hits, ci), unchecked_of(hits))
    return checked_outcome(rule, opd, *counts), found, notices


def evaluate_opd(
    rules: list[Rule],
    opd: OpdRef,
    docs: list[Document],
    params: dict[str, Any],
    options: RunOptions,
    metric_rules: tuple[Rule, ...] = (),
) -> OpdEvaluation:
    """Every selected rule over one OPD's documents, in the run's period, with its metrics.

    `metric_rules` (the rule set's `metric:` rules) are measured even when not selected or
    not run (the budget is known whatever --select says, also when the year is unknown).
    """
    frames, by_kind = build_frames(docs)
    as_of = options.as_of if options.as_of is not None else pd.NaT
    params = {**params, "year": options.year, "as_of": as_of}
    outcomes, findings, metrics, notices = [], [], {}, []
    for rule in rules:
        if (skip := _skip_reason(rule, frames, options)) is not None:
            outcomes.append(rule_outcome(rule, opd, Status.NOT_APPLICABLE, reason_key=skip or None))
            continue
        ci = _input(rule, frames, by_kind, params, as_of, options)
        outcome, found, met = _evaluate_rule(rule, opd, ci)
        notices += met
        if outcome.status is not Status.ERROR and (measured := _measure(rule, ci)) is not None:
            metrics[str(rule.metric)] = measured
        outcomes.append(outcome)
        findings += found
    for rule in metric_rules:
        if str(rule.metric) not in metrics and _applies(rule, frames):
            ci = _input(rule, frames, by_kind, params, as_of, options)
            if (measured := _measure(rule, ci)) is not None:
                metrics[str(rule.metric)] = measured
    opd_run = replace(_opd_run(opd, options, metrics, docs), notices=tuple(notices))
    absorption = next((r for r in metric_rules if r.metric == "absorption"), None)
    where = (
        None if absorption is None else _input(absorption, frames, by_kind, params, as_of, options)
    )
    return outcomes, findings, with_months(opd_run, absorption, where)


def _opd_run(
    opd: OpdRef, options: RunOptions, metrics: dict[str, Measure], docs: list[Document]
) -> OpdRun:
    """The OPD's run record: the run's period, its own latest date, the kinds read (with rows)."""
    as_of = None if options.as_of is None else options.as_of.date().isoformat()
    latest = latest_date(docs)
    last = None if latest is None else latest.date().isoformat()
    kinds = tuple(sorted({d.kind for d in docs if (d.frame[ROLE] == RowRole.DATA.value).any()}))
    return OpdRun(opd, options.year, as_of, metrics, last, kinds)


def _linked(
    evaluate_one: Callable[[], OpdEvaluation],
    docs: list[Document],
    rules: list[Rule],
) -> OpdEvaluation:
    """An OPD's evaluation with its repeat findings linked: what the evaluation cache keeps."""
    outcomes, findings, opd_run = evaluate_one()
    return outcomes, link_repeats(findings, docs, rules), opd_run


def with_period(options: RunOptions, docs: list[Document]) -> tuple[RunOptions, Period]:
    """`options` with the run's one period resolved from `docs` (year and as-of for all OPDs)."""
    period = run_period(
        docs, options.year, options.year_source, options.as_of, options.as_of_source
    )
    return replace(options, year=period.year, as_of=period.as_of), period


def _new_report(
    rule_set: RuleSet, rules: list[Rule], inputs: list[InputFile], period: Period
) -> AuditReport:
    """An empty report of this run's period."""
    report = AuditReport(
        datetime.now().astimezone().isoformat(timespec="seconds"),
        period.year,
        None if period.as_of is None else period.as_of.date().isoformat(),
        [RuleSetInfo(rule_set.name, rule_set.version, len(rules))],
        inputs,
        year_source=period.year_source,
    )
    if period.year is None:
        report.notices.append(Issue("year_unknown", "warning"))
    report.notices += period_notices([d for f in inputs for d in f.documents()], period)
    return report


def evaluate(
    rule_set: RuleSet,
    inputs: list[InputFile],
    options: RunOptions,
    store: EvalStore | None = None,
    jobs: int = 1,
) -> AuditReport:
    """Run a rule set over all inputs, OPD by OPD (an unchanged OPD from `store`, if given).

    `jobs` > 1: OPDs are evaluated in that many processes (`rl_audit.engine.parallel`).
    """
    rules = select_rules(rule_set.rules, options.select, options.ignore)
    params = {**rule_set.defaults(), **options.params}
    docs = [doc for file in inputs for doc in file.documents()]
    options, period = with_period(options, docs)
    report = _new_report(rule_set, rules, inputs, period)
    metric_rules = tuple(r for r in rule_set.rules if r.metric)
    keyed = rules + [r for r in metric_rules if r not in rules]
    session = None if store is None else store.session(keyed, params, options, inputs)
    groups = [
        g for g in group_by_opd(inputs).values() if not options.opds or g[0].code in options.opds
    ]
    each = partial(evaluate_opd, rules, params=params, options=options, metric_rules=metric_rules)
    work = [partial(_linked, partial(each, opd, docs), docs, rules) for opd, docs in groups]
    found = evaluate_groups(groups, work, session, Plan(rules, options, jobs))
    for (_, docs), (outcomes, findings, opd_run) in zip(groups, found, strict=True):
        findings, notices = cap_amounts(findings, docs)
        report.outcomes += outcomes
        report.findings += findings
        report.notices += [*opd_run.notices, *notices]
        report.opd_runs.append(opd_run)
    return report
