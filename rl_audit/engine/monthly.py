"""An OPD's months: realised spending against the absorption curve, and the non-cash share.

The `metric: absorption` rule's check describes the sums (its `monthly:` option,
rl_audit.checks.monthly); this module turns them into one `MonthPoint` per month of the
audited year up to the as-of date (all twelve when the as-of date is later or unknown):

- `realised_sen`: spending dated in the month; `realised_cumulative_sen` the sum so far;
- `realised_cumulative_percent`: that sum ÷ the budget (None: budget unknown);
- `target_cumulative_percent`: the target curve at the month's last day, linear between
  the targets' dates (from 0 % on 1 January), flat after the last one (None: no targets);
- `non_cash_share`: the month's spending paid non-cash ÷ its spending (None: the documents
  cannot tell, or nothing was spent that month);
- `behind`: the cumulative percentage is below the target.

Without a year, or without any dated spending, there are no months and the note says why:
a flat line would claim nothing was spent. The non-cash share up to the as-of date becomes
the OPD's `non_cash` metric (paid ÷ spent, with the `non_cash_target`).
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date

import pandas as pd

from rl_audit.checks.base import CheckInput
from rl_audit.checks.monthly import MonthlySums, Undated
from rl_audit.checks.registry import REGISTRY
from rl_audit.documents import Issue
from rl_audit.figures import Measure, MonthPoint
from rl_audit.findings import OpdRun
from rl_audit.formatting import rupiah_sen
from rl_audit.ruleset.model import Rule

NO_YEAR = "monthly_no_year"  # wording keys of `OpdRun.monthly_note`
CANNOT = "monthly_cannot_measure"


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def target_at(day: date, targets: tuple[tuple[str, float], ...]) -> float | None:
    """The cumulative target on `day`: linear between the targets' dates, from 0 on 1 January."""
    if not targets:
        return None
    start, level = date(day.year, 1, 1), 0.0
    for iso, target in targets:
        until = date.fromisoformat(iso)
        if day <= until:
            span = (until - start).days
            reached = (day - start).days / span if span > 0 else 1.0
            return round(level + (target - level) * reached, 2)
        start, level = until, target
    return round(level, 2)


def _share(paid: dict[int, int] | None, spent: dict[int, int] | None, month: int) -> float | None:
    """The month's share paid non-cash (None: cannot tell, or nothing spent)."""
    if paid is None or spent is None or not spent.get(month):
        return None
    return round(paid.get(month, 0) / spent[month], 4)


def points(sums: MonthlySums, year: int, last_month: int) -> tuple[MonthPoint, ...]:
    """One point per month from January to `last_month` (sums with dated spending)."""
    spending, budget = sums.spending or {}, sums.budget_sen
    out, cumulative = [], 0
    for month in range(1, last_month + 1):
        realised = spending.get(month, 0)
        cumulative += realised
        percent = round(cumulative / budget * 100, 2) if budget else None
        target = target_at(_month_end(year, month), sums.targets)
        behind = percent is not None and target is not None and percent < target
        share = _share(sums.paid, sums.spent, month)
        out.append(
            MonthPoint(f"{year}-{month:02d}", realised, cumulative, target, percent, share, behind)
        )
    return tuple(out)


def non_cash(sums: MonthlySums) -> Measure | None:
    """Paid non-cash ÷ spending over the months counted (None: the documents cannot tell)."""
    if sums.paid is None or sums.spent is None or not sum(sums.spent.values()):
        return None
    return Measure(sum(sums.paid.values()), sum(sums.spent.values()), sums.non_cash_target)


def _last_month(year: int, as_of: pd.Timestamp) -> int:
    """The as-of date's month in the audited year (12 when later or unknown)."""
    if pd.isna(as_of) or as_of.year > year:
        return 12
    return as_of.month if as_of.year == year else 0


def with_months(run: OpdRun, rule: Rule | None, ci: CheckInput | None) -> OpdRun:
    """`run` with its months and `non_cash` metric from `rule`'s `monthly:` sums over `ci`."""
    if rule is None or ci is None or "monthly" not in rule.check:
        return run
    series = REGISTRY[rule.check_type].series
    year = ci.params.get("year")
    if series is None or not isinstance(year, int):
        return replace(run, monthly_note=NO_YEAR)
    try:
        sums: MonthlySums = series(ci)
    except Exception:  # noqa: BLE001 - months that cannot be measured are said, not guessed
        return replace(run, monthly_note=CANNOT)
    metrics = dict(run.metrics)
    if (measured := non_cash(sums)) is not None:
        metrics["non_cash"] = measured
    if sums.spending is None:
        return replace(run, metrics=metrics, monthly_note=sums.note)
    months = points(sums, year, _last_month(year, ci.as_of))
    notices = run.notices + tuple(_undated_notice(u, ci) for u in sums.undated)
    return replace(run, metrics=metrics, monthly=months, notices=notices)


def _undated_notice(u: Undated, ci: CheckInput) -> Issue:
    """An informational input problem: spending rows of a document without a date."""
    doc = ci.docs[u.kind][u.doc]
    params = {"rows": u.rows, "amount": rupiah_sen(u.sen)}
    return Issue("monthly_undated", "info", params, doc.file, doc.sheet)
