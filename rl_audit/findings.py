"""Results of an audit run: severities, locations, findings, rule outcomes, the report.

All frozen: reporters read them, nothing downstream changes them. Money is kept in
integer sen (`amount_sen`); `amount` gives rupiah for output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rl_audit.documents import InputFile, Issue, OpdRef
from rl_audit.figures import FocusGroup, MonthPoint
from rl_audit.figures import Measure as Measure
from rl_audit.history.changes import Changes, TrendPoint
from rl_audit.provenance import Provenance
from rl_audit.wording import Pairs, WordedFinding, WordedOutcome, Wording


class Severity(StrEnum):
    """How bad a finding is; `info` never fails a run."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for high … 0 for info."""
        return 3 - ("high", "medium", "low", "info").index(self.value)


class Status(StrEnum):
    """Outcome of one rule."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"


STATUS_ORDER = (Status.FAILED, Status.ERROR, Status.PASSED, Status.NOT_APPLICABLE)  # worst first


@dataclass(frozen=True)
class Location:
    """A cell (or a sheet, with `row` None) that a finding points at."""

    file: str
    sheet: str
    row: int | None
    column: str | None = None  # canonical column name
    cell: str | None = None  # A1 address


@dataclass(frozen=True)
class WaiverNote:
    """A waiver that matched a finding: active (finding `waived`) or expired (finding open)."""

    reason: str
    approved_by: str
    approved_on: str  # ISO date
    until: str | None  # ISO date; None = no expiry
    expired: bool
    source: str  # "waivers.yaml:12" — where the waiver is written


@dataclass(frozen=True)
class RepeatRef:
    """An earlier BPK recommendation that a current finding repeats (temuan berulang)."""

    lhp: str  # LHP number
    lhp_date: str | None  # ISO date
    finding_no: str  # number of the finding in the LHP
    bpk_code: str
    recommendation: str  # recommendation code / text
    status: str  # sesuai | belum sesuai | belum ditindaklanjuti | tidak dapat ditindaklanjuti
    location: Location | None = None  # the row of the follow-up matrix


@dataclass(frozen=True)
class StaleWaiver:
    """A waiver that matched no finding in this run."""

    source: str  # "waivers.yaml:12"
    rule_id: str | None
    opd: str | None
    fingerprint: str | None
    key: str | None


@dataclass(frozen=True)
class Finding(WordedFinding):
    """One problem found by one rule; `text(part, lang)` renders its wording (rl_audit.wording)."""

    rule_id: str
    bpk_code: str
    severity: Severity
    opd: OpdRef | None
    document: str
    title: str  # in Indonesian; text("title", lang) in any language
    message: str
    amount_sen: int | None
    locations: tuple[Location, ...]
    fingerprint: str
    remediation: str = ""
    status: str = "open"  # open | waived
    keys: tuple[str, ...] = ()  # business values of its rows (document numbers, dates, …)
    waiver: WaiverNote | None = None
    repeat_of: tuple[RepeatRef, ...] = ()
    wording: Wording | None = None
    values: Pairs = ()

    @property
    def amount(self) -> float | None:
        """Money at risk in rupiah (None when the finding carries no amount)."""
        return None if self.amount_sen is None else self.amount_sen / 100


@dataclass(frozen=True)
class RuleOutcome(WordedOutcome):
    """What happened to one rule for one OPD (or overall); `title_in`/`reason_in` by language."""

    rule_id: str
    title: str
    bpk_code: str
    severity: Severity
    status: Status
    findings: int = 0
    reason: str | None = None  # why it could not run (status error) or had no data
    opd: OpdRef | None = None
    titles: tuple[tuple[str, str], ...] = ()  # {lang: title} pairs
    reason_key: str | None = None  # the reason's wording key (rendered in the reader's lang)
    reason_params: Pairs = ()  # the reason's wording parameters


@dataclass(frozen=True)
class OpdRun:
    """The period one OPD was checked for and what its metric rules measured."""

    opd: OpdRef
    year: int | None  # the run's audited year (None: unknown)
    as_of: str | None  # ISO date: the run's cut-off date (None: unknown year, no --as-of)
    metrics: dict[str, Measure] = field(default_factory=dict)  # e.g. "absorption"
    last_data_date: str | None = None  # ISO date: this OPD's own latest transaction date
    kinds: tuple[str, ...] = ()  # the document kinds read for this OPD, sorted
    notices: tuple[Issue, ...] = ()  # input problems its checks met (rl_audit.checks.notices)
    monthly: tuple[MonthPoint, ...] = ()  # month by month (rl_audit.engine.monthly)
    monthly_note: str | None = None  # wording key: why `monthly` is empty or ends early
    non_cash_basis: str | None = None  # the document kind the non-cash share comes from


@dataclass(frozen=True)
class RuleSetInfo:
    """Name, version and size of a rule set that ran."""

    name: str
    version: str
    rules: int


@dataclass(frozen=True)
class ScoreItem:
    """One line of a score explanation: what cost how many points."""

    kind: str  # rule | error | money
    points: float
    rule_id: str | None = None
    severity: str | None = None
    count: int = 0
    capped: bool = False
    share: float | None = None  # money: at-risk ÷ budget in percent (None: budget unknown)


@dataclass(frozen=True)
class Coverage:
    """Which document kinds were read for an OPD and which the rule pack misses.

    `missing` holds the needs not met, core ones first; a need met by any of several
    kinds reads `realisasi/LRA`. `complete`: every core need is met (see rl_audit.engine.coverage).
    """

    read: tuple[str, ...]
    missing: tuple[str, ...] = ()
    missing_core: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when no core document is missing."""
        return not self.missing_core


@dataclass(frozen=True)
class OpdSummary:
    """Everything the reports show about one OPD, computed once.

    `band` is `data_belum_lengkap` when core documents are missing (the score is then
    only indicative); the unknown OPD (`?`) has neither score nor band (both None).
    """

    opd: OpdRef
    score: float | None
    band: str | None  # siap | perlu_perbaikan | belum_siap | data_belum_lengkap | None
    items: tuple[ScoreItem, ...]
    counts: dict[str, int]
    amount_sen: int
    absorption: Measure | None
    worst: Finding | None
    year: int | None
    as_of: str | None
    follow_up_open: int = 0  # earlier BPK recommendations flagged as still open
    follow_up_outstanding_sen: int = 0  # money of those recommendations not yet returned
    coverage: Coverage | None = None  # None: not computed (hand-built summaries)
    last_data_date: str | None = None  # ISO date: the OPD's own latest transaction date
    amount_uncapped_sen: int | None = None  # the findings' sum when above the budget (capped)
    points: float = 0.0  # the penalty points of `items`, summed once (rl_audit.engine.scoring)
    non_cash: Measure | None = None  # paid non-cash ÷ spending up to the as-of date
    monthly: tuple[MonthPoint, ...] = ()  # month by month (rl_audit.engine.monthly)
    monthly_note: str | None = None  # wording key: why `monthly` is empty or ends early
    non_cash_basis: str | None = None  # the document kind the non-cash share comes from


@dataclass(frozen=True)
class InputProblem:
    """One thing about the run's input a reader must know: how bad, where, what.

    Issues of several sheets with the same wording are one problem (`sheets`), and
    row-by-row issues of one sheet one problem with their `rows`; `key`/`params` give
    the wording (rl_audit.messages.render). Built once by rl_audit.engine.problems.
    """

    severity: str  # error | warning | info
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    sheets: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    cell: str | None = None
    count: int = 1  # issues merged into this problem
    cells: tuple[str, ...] = ()  # every cell named (unreadable values), `cell` the first


@dataclass(frozen=True)
class BpkGroup:
    """Open findings of one group (BPK sub-group `1.04`, severity, rule; "" all): count, money."""

    code: str
    count: int
    amount_sen: int


@dataclass
class AuditReport:
    """Everything one run produced, rendered by every reporter (roll-ups: engine.rollups)."""

    generated_at: str
    year: int | None
    as_of: str | None
    rule_sets: list[RuleSetInfo]
    inputs: list[InputFile]
    outcomes: list[RuleOutcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    opd_runs: list[OpdRun] = field(default_factory=list)
    opds: list[OpdSummary] = field(default_factory=list)  # filled by rl_audit.engine.scoring
    changes: Changes | None = None  # filled by the nightly run from the history
    trend: dict[str, list[TrendPoint]] = field(default_factory=dict)  # OPD code -> runs
    stale_waivers: list[StaleWaiver] = field(default_factory=list)
    year_source: str = "unknown"  # option | config | data | title | unknown
    notices: list[Issue] = field(default_factory=list)  # problems the engine met (not inputs)
    problems: list[InputProblem] = field(default_factory=list)  # by engine.problems.collect
    provenance: Provenance | None = None  # config, rule pack, parameters, waivers used
    rules: list[RuleOutcome] = field(default_factory=list)  # per rule across OPDs (opd None)
    bpk_groups: list[BpkGroup] = field(default_factory=list)  # open findings per BPK sub-group
    bpk_total: BpkGroup = BpkGroup("", 0, 0)  # open findings of every BPK group
    by_severity: list[BpkGroup] = field(default_factory=list)  # open findings per severity
    by_rule: list[BpkGroup] = field(default_factory=list)  # open findings per rule, as they ran
    by_opd_rule: dict[str, list[BpkGroup]] = field(default_factory=dict)  # OPD code -> by_rule
    focus: FocusGroup | None = None  # the focus OPDs against the rest (rl_audit.engine.focus)


def by_opd_code(items: Iterable[Any], none: str = "?") -> dict[str, list[Any]]:
    """Findings or outcomes grouped by the code of their OPD (`none` when they have none)."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        groups[none if item.opd is None else item.opd.code].append(item)
    return groups
