"""A report compared with a recorded run, by finding fingerprint (no database here).

A finding is keyed by its OPD code and fingerprint; only open findings count on both
sides (a waived finding is neither new nor persisting). An open finding of the previous
run that is waived now counts as `waived`, not `resolved`: it is still there, accepted.
Counts are multisets, so `new + persisting` is always the number of open findings now
and `resolved + waived + persisting` the number then. Per OPD: every OPD present now or
before, in the report's order (most attention first) and then the OPDs only the previous
run had; an OPD that disappeared has all its findings resolved. Deltas are None unless
the OPD was scored in both runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rl_audit.documents import OpdRef
from rl_audit.findings import AuditReport
from rl_audit.history.changes import Changes, OpdChange

OPEN = "open"
WAIVED = "waived"
Key = tuple[str | None, str]  # (OPD code, fingerprint)


@dataclass(frozen=True)
class PreviousRun:
    """What the comparison needs from a recorded run (empty: there was none)."""

    started_at: str | None = None
    findings: Counter[Key] = field(default_factory=Counter)  # open findings
    names: dict[str, str] = field(default_factory=dict)  # OPD code -> name
    scores: dict[str, tuple[float, int]] = field(default_factory=dict)  # code -> score, sen


def current_findings(report: AuditReport) -> Counter[Key]:
    """The report's open findings keyed by OPD code and fingerprint."""
    return Counter(
        (f.opd.code if f.opd else None, f.fingerprint) for f in report.findings if f.status == OPEN
    )


def waived_findings(report: AuditReport) -> Counter[Key]:
    """The report's waived findings keyed by OPD code and fingerprint."""
    return Counter(
        (f.opd.code if f.opd else None, f.fingerprint)
        for f in report.findings
        if f.status == WAIVED
    )


def diff(report: AuditReport, previous: PreviousRun | None) -> Changes:
    """New, resolved, newly waived and persisting findings overall and per OPD, score deltas."""
    before = previous or PreviousRun()
    now = current_findings(report)
    gone = before.findings - now
    waived = gone & waived_findings(report)
    new, resolved, persisting = now - before.findings, gone - waived, now & before.findings
    parts = tuple(_per_code(c) for c in (new, resolved, persisting, waived))
    scores = {s.opd.code: (s.score, s.amount_sen) for s in report.opds if s.score is not None}
    per_opd = tuple(
        _opd_change(ref, parts, scores.get(ref.code), before.scores.get(ref.code))
        for ref in _refs(report, before)
    )
    return Changes(
        previous_run=before.started_at,
        new=new.total(),
        resolved=resolved.total(),
        persisting=persisting.total(),
        per_opd=per_opd,
        new_fingerprints=frozenset(fingerprint for _, fingerprint in new),
        waived=waived.total(),
    )


def _per_code(findings: Counter[Key]) -> Counter[str | None]:
    """Finding counts per OPD code."""
    out: Counter[str | None] = Counter()
    for (code, _), count in findings.items():
        out[code] += count
    return out


def _refs(report: AuditReport, before: PreviousRun) -> list[OpdRef]:
    """Every OPD now (report order, then OPDs only findings name) and then before."""
    refs: dict[str, OpdRef] = {s.opd.code: s.opd for s in report.opds}
    for finding in report.findings:
        if finding.opd is not None and finding.status == OPEN:
            refs.setdefault(finding.opd.code, finding.opd)
    earlier = set(before.names) | {code for code, _ in before.findings if code is not None}
    for code in sorted(earlier - set(refs)):
        refs[code] = OpdRef(code, before.names.get(code, code))
    return list(refs.values())


def _opd_change(
    ref: OpdRef,
    parts: tuple[Counter[str | None], ...],
    now: tuple[float, int] | None,
    before: tuple[float, int] | None,
) -> OpdChange:
    """One OPD's counts and deltas (None unless scored in both runs)."""
    new, resolved, persisting, waived = (part[ref.code] for part in parts)
    if now is None or before is None:
        return OpdChange(ref, new, resolved, persisting, None, None, waived)
    score_delta = round(now[0] - before[0], 1)
    return OpdChange(ref, new, resolved, persisting, score_delta, now[1] - before[1], waived)
