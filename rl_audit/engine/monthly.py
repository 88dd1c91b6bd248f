"""An OPD's months: realised spending against the absorption curve, and the non-cash share.

The `metric: absorption` rule's check describes the sums (its `monthly:` option,
rl_audit.checks.monthly); this module turns them into one `MonthPoint` per month of the
audited year up to the as-of date (to December when the as-of date is later or unknown):

- `realised_sen`: spending dated in the month; `realised_cumulative_sen` the sum so far;
- `realised_cumulative_percent`: that sum ÷ the budget (None: budget unknown);
- `target_cumulative_percent`: the target curve at the month's last day, linear between
  the targets' dates (from 0 % on 1 January), flat after the last one (None: no targets);
- `non_cash_share`: the month's spending paid non-cash ÷ its spending (None: the documents
  cannot tell, or nothing was spent that month);
- `behind`: the cumulative percentage is below the target.

Months stop at the last month with dated spending (the data's end: later months would
draw a flat line claiming nothing was spent; `monthly_note` then says so). Without a year,
without the `monthly:` rule, with the as-of date before the year or without any dated
spending there are no months and the note says why; months without a budget carry the
note `monthly_no_budget`. The non-cash share up to the as-of date becomes the OPD's
`non_cash` metric (paid ÷ spent over positive spending rows, with the `non_cash_target`),
`non_cash_basis` the document kind it comes from.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date

import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput
from rl_audit.checks.monthly import MonthlySums, Undated
from rl_audit.checks.registry import REGISTRY
from rl_audit.documents import Issue
from rl_audit.figures import Measure, MonthPoint
from rl_audit.findings import OpdRun
from rl_audit.formatting import rupiah_sen
from rl_audit.ruleset.model import Rule

NO_YEAR = "monthly_no_year"  # wording keys of `OpdRun.monthly_note`
CANNOT = "monthly_cannot_measure"
NO_RULE = "monthly_no_rule"
BEFORE_YEAR = "monthly_as_of_before_year"
NO_BUDGET = "monthly_no_budget"  # months without percentages
DATA_UNTIL = "monthly_data_until"  # months end before the as-of date
NO_BUDGET_UNTIL = "monthly_no_budget_data_until"  # both


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
    if paid is None or spent is None or spent.get(month, 0) <= 0:
        return None
    part = paid.get(month, 0)
    return round(part / spent[month], 4) if 0 <= part <= spent[month] else None


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
    if sums.paid is None or sums.spent is None:
        return None
    paid, spent = sum(sums.paid.values()), sum(sums.spent.values())
    if spent <= 0 or not 0 <= paid <= spent:
        return None
    return Measure(paid, spent, sums.non_cash_target)


def _last_month(year: int, as_of: pd.Timestamp) -> int:
    """The as-of date's month in the audited year (12 when later or unknown)."""
    if pd.isna(as_of) or as_of.year > year:
        return 12
    return as_of.month if as_of.year == year else 0


def _note(sums: MonthlySums, last: int, as_of_month: int) -> str | None:
    """What the reader must know about months that are there: no budget, or data ending early."""
    if not sums.budget_sen:
        return NO_BUDGET_UNTIL if last < as_of_month else NO_BUDGET
    return DATA_UNTIL if last < as_of_month else None


def _months(run: OpdRun, sums: MonthlySums, year: int, ci: CheckInput) -> OpdRun:
    """`run` with the months from January to the as-of date or the data's last month."""
    as_of_month = _last_month(year, ci.as_of)
    last = min(as_of_month, sums.last_month or as_of_month)
    notices = run.notices + tuple(_undated_notice(u, ci) for u in sums.undated)
    months, note = points(sums, year, last), _note(sums, last, as_of_month)
    return replace(run, monthly=months, monthly_note=note, notices=notices)


def with_months(run: OpdRun, rule: Rule | None, ci: CheckInput | None) -> OpdRun:
    """`run` with its months and `non_cash` metric from `rule`'s `monthly:` sums over `ci`."""
    if rule is None or ci is None or "monthly" not in rule.check:
        return replace(run, monthly_note=NO_RULE)
    series = REGISTRY[rule.check_type].series
    year = ci.params.get("year")
    if series is None or not isinstance(year, int):
        return replace(run, monthly_note=NO_YEAR)
    if _last_month(year, ci.as_of) == 0:
        return replace(run, monthly_note=BEFORE_YEAR)
    try:
        sums: MonthlySums = series(ci)
    except (CheckError, ValueError, KeyError, TypeError):  # said, not guessed
        return replace(run, monthly_note=CANNOT)
    metrics = dict(run.metrics)
    if (measured := non_cash(sums)) is not None:
        metrics["non_cash"] = measured
    run = replace(run, metrics=metrics, non_cash_basis=sums.non_cash_kind)
    if sums.spending is None:
        return replace(run, monthly_note=sums.note)
    return _months(run, sums, year, ci)


def _undated_notice(u: Undated, ci: CheckInput) -> Issue:
    """An informational input problem: spending rows of a document without a date."""
    doc = ci.docs[u.kind][u.doc]
    params = {"rows": u.rows, "amount": rupiah_sen(u.sen)}
    return Issue("monthly_undated", "info", params, doc.file, doc.sheet)
