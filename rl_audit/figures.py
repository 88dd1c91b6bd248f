"""Measured figures of the report: ratios, month-by-month spending and the focus group.

The engine computes every one of these once (rl_audit.engine.monthly and
rl_audit.engine.focus); reporters only draw them. Amounts are in sen, percentages 0–100,
shares 0–1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A ratio a check measured for one OPD: numerator and denominator in sen, target %.

    `numerator_sen` is None when only the denominator is known (a budget without any
    realisation yet: a DPA or penjabaran alone).
    """

    numerator_sen: int | None
    denominator_sen: int
    target: float | None

    @property
    def percent(self) -> float | None:
        """Numerator ÷ denominator in percent (None without a numerator)."""
        if self.numerator_sen is None:
            return None
        return self.numerator_sen / self.denominator_sen * 100 if self.denominator_sen else 0.0


@dataclass(frozen=True)
class MonthPoint:
    """One month of an OPD's spending: realised in the month and cumulated, against targets.

    Percentages are of the OPD's budget (None when the budget is unknown); the target is
    the cumulative absorption target at the month's end, linear within a quarter (None
    without targets). `non_cash_share` is the month's spending paid non-cash ÷ its spending
    (None when the documents cannot tell or nothing was spent). `behind`: the cumulative
    percentage is below the target.
    """

    month: str  # "2025-03"
    realised_sen: int
    realised_cumulative_sen: int
    target_cumulative_percent: float | None
    realised_cumulative_percent: float | None
    non_cash_share: float | None
    behind: bool = False


@dataclass(frozen=True)
class FocusFigures:
    """One side of the focus comparison (the focus OPDs, or all others), summed once.

    `findings_per_billion`: open findings per Rp 1 miliar realised (None: nothing realised
    is known); `absorption_percent`: realised ÷ budget over the OPDs stating both;
    `non_cash_share`: paid non-cash ÷ spending over the OPDs whose documents tell. How many
    OPDs each figure covers: `scored`, `with_spending`, `with_non_cash` (of `len(opds)`).
    `previous`: the same figures about one month earlier, from the nightly history.
    """

    opds: tuple[str, ...]  # the OPD codes on this side that were checked
    median_score: float | None
    findings: int  # open findings
    findings_per_billion: float | None
    amount_at_risk_sen: int
    absorption_percent: float | None
    non_cash_share: float | None
    previous: FocusFigures | None = None
    previous_as_of: str | None = None  # ISO date of the run `previous` comes from
    scored: int = 0  # OPDs the median score covers (with a score)
    with_spending: int = 0  # OPDs absorption and findings per miliar cover (spending known)
    with_non_cash: int = 0  # OPDs the non-cash share covers (their documents tell)


@dataclass(frozen=True)
class FocusGroup:
    """The focus OPDs (config `focus_opds`) against all the other OPDs of the run."""

    opds: tuple[str, ...]  # the configured focus OPD codes (checked or not)
    focus: FocusFigures
    others: FocusFigures
