"""The leadership view's JSON fields: an OPD's months and the focus group (issue 21).

`opds[].monthly` (one entry per month: amounts in rupiah, percentages 0–100, shares 0–1 or
null), `opds[].monthly_note` (why there are no months, or why they end early or carry no
percentage, in the report's language), `opds[].non_cash` (paid non-cash ÷ spending, its
target in percent and the document kind it comes from) and the report's `focus` (the focus OPDs
against the rest, with `previous` one month earlier when the nightly history has it). Every
figure comes from the engine (rl_audit.engine.monthly, rl_audit.engine.focus).
"""

from __future__ import annotations

from typing import Any

from rl_audit.figures import FocusFigures, FocusGroup, MonthPoint
from rl_audit.findings import OpdSummary
from rl_audit.messages import label


def _month(m: MonthPoint) -> dict[str, Any]:
    """One month of an OPD."""
    return {
        "month": m.month,
        "realised": m.realised_sen / 100,
        "realised_cumulative": m.realised_cumulative_sen / 100,
        "target_cumulative_percent": m.target_cumulative_percent,
        "realised_cumulative_percent": m.realised_cumulative_percent,
        "non_cash_share": m.non_cash_share,
        "behind": m.behind,
    }


def monthly_fields(s: OpdSummary, lang: str) -> dict[str, Any]:
    """An OPD's `monthly`, `monthly_note` (null when there is nothing to say), `non_cash`."""
    m = s.non_cash
    non_cash = None
    if m is not None and m.numerator_sen is not None:
        non_cash = {
            "paid": m.numerator_sen / 100,
            "spending": m.denominator_sen / 100,
            "share": None if m.percent is None else round(m.percent / 100, 4),
            "target": m.target,
            "basis": s.non_cash_basis,
        }
    return {
        "monthly": [_month(p) for p in s.monthly],
        "monthly_note": label(s.monthly_note, lang) if s.monthly_note else None,
        "non_cash": non_cash,
    }


def _figures(f: FocusFigures) -> dict[str, Any]:
    """One side's figures (money in rupiah) and how many of its OPDs each covers."""
    covered = {"score": f.scored, "spending": f.with_spending, "non_cash": f.with_non_cash}
    return {
        "opds": list(f.opds),
        "median_score": f.median_score,
        "findings": f.findings,
        "findings_per_billion": f.findings_per_billion,
        "amount_at_risk": f.amount_at_risk_sen / 100,
        "absorption_percent": f.absorption_percent,
        "non_cash_share": f.non_cash_share,
        "covered": covered,
    }


def _side(f: FocusFigures) -> dict[str, Any]:
    """One side's figures, with `previous` when the history has it."""
    side = _figures(f)
    if f.previous is not None:
        side["previous"] = _figures(f.previous) | {"as_of": f.previous_as_of}
    return side


def focus_entry(group: FocusGroup) -> dict[str, Any]:
    """The report's `focus`: the configured focus OPDs, their side and the others'."""
    return {"opds": list(group.opds), "focus": _side(group.focus), "others": _side(group.others)}
