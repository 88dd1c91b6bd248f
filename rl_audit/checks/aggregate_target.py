"""`aggregate_target`: an OPD's ratio numerator ÷ denominator must reach a target.

    # ANG-02: cumulative absorption vs the quarter target at the as-of date
    check: {type: aggregate_target, date: tanggal_dokumen, severity_below_fraction: 0.5,
            numerator: {kind: realisasi, value: "nilai_realisasi - nilai_setoran",
                        absent_zero: [nilai_setoran]},
            denominator: {kind: anggaran, value: anggaran},
            targets: [{until: "03-31", target: 15}, {until: "06-30", target: 40},
                      {until: "09-30", target: 65}, {until: "12-31", target: absorption_target_q4}]}
    # KAS-06: share of spending paid non-cash
    check: {type: aggregate_target, target: non_cash_target,
            numerator: {kind: bku, value: pengeluaran, when: 'lower(cara_bayar) != "tunai"'},
            denominator: {kind: bku, value: pengeluaran}}

Each side: `kind` (default the rule's kind), `value` (a money column or an expression
in rupiah; blank money counts as 0), `when` (row filter), `absent_zero` (money columns
counting as 0 where a document lacks them), `absent_blank` (columns read as blank where
a document lacks them); opening-balance rows never count. A side may be a list of
alternatives: the first whose kind is present and whose value columns hold a value is
used (else the last, which then reports what is missing) — ANG-02: the LRA's own
`realisasi` column, else the `realisasi` documents. `from: spending_root` (a budget
side: `value` a money column) takes, per document, the spending root row (`5`,
`BELANJA`, `BELANJA DAERAH`, `JUMLAH BELANJA`), else the sum of its spending leaves, and
of the OPD's documents the one stating the largest total — a DPA and monthly reports
restating one budget are not added up (`rl_audit.checks.spending`). `date` (a column or
expression of the numerator kind; a numerator side's own `date` wins) keeps only
numerator rows dated on or before the as-of date (undated rows count). Targets are
percentages: `targets` (a list, or a parameter naming one) of `{until: "MM-DD", target}`
(a number or a parameter name) in the as-of year — the target of the last `until` on or
before the as-of date applies, and before the first one there is no finding — or a
single `target` (number or parameter).

A finding when the ratio is below the target: one hit on the first denominator row,
amount NA. Extra columns: `_ratio` (percent, cut — not rounded — to 1 decimal, so a
shown ratio is below the target whenever it is a finding), `_target`, `_numerator`,
`_denominator` (sen) and `_severity` = "medium" when the ratio is below
`severity_below_fraction` × target (else NA). A zero or missing denominator is an error;
a budget without any realised figure (no numerator document, or a `spending_root` side
stating none) is measured with a None numerator and evaluates nothing (not applicable).
`monthly:` (on a `metric:` rule) describes the month-by-month figures of the leadership
view (rl_audit.checks.monthly).
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from rl_audit.checks import monthly
from rl_audit.checks.base import CheckError, CheckInput, CheckType, NoData, hits, no_hits
from rl_audit.checks.exprscope import value
from rl_audit.checks.monthly import MONTHLY, MonthlySums
from rl_audit.checks.sides import SIDES, money_sen, pick_side, side_rows
from rl_audit.checks.spending import largest_total
from rl_audit.findings import Measure

_MMDD = re.compile(r"^(\d{2})-(\d{2})$")


def _points(ci: CheckInput, targets: Any, year: int) -> list[tuple[pd.Timestamp, float]]:
    """Every `{until, target}` of `targets` as (date in `year`, percent), in date order."""
    if not isinstance(targets, list) or not targets:
        raise CheckError(f"targets: expected a list of {{until, target}}: {targets!r}")
    points: list[tuple[pd.Timestamp, float]] = []
    for item in targets:
        found = _MMDD.match(str(item.get("until", ""))) if isinstance(item, dict) else None
        target = item.get("target") if isinstance(item, dict) else None
        target = ci.params.get(target, target) if isinstance(target, str) else target
        if not found or isinstance(target, bool) or not isinstance(target, int | float):
            raise CheckError(f"targets: bad entry {item!r} (until: MM-DD, target: percent)")
        try:
            until = pd.Timestamp(year, int(found.group(1)), int(found.group(2)))
        except ValueError as err:
            raise CheckError(f"targets: bad date {item['until']!r}") from err
        points.append((until, float(target)))
    return sorted(points)


def _quarter_target(ci: CheckInput, targets: Any) -> float | None:
    """The target of the last `until` on or before the as-of date (None before the first)."""
    points = _points(ci, targets, ci.as_of.year)
    applicable = [p for p in points if p[0] <= ci.as_of.normalize()]
    return max(applicable)[1] if applicable else None


def _target(ci: CheckInput) -> float | None:
    """The target (percent) that applies at the as-of date, or None (no finding yet)."""
    if "targets" in ci.options:
        return _quarter_target(ci, ci.option("targets"))
    if "target" in ci.options:
        return ci.number("target")
    raise CheckError("aggregate_target: needs target or targets")


def _side(
    ci: CheckInput, spec: dict[str, Any], date: str | None = None
) -> tuple[str, pd.DataFrame, int | None]:
    """A side's kind, rows and total in sen (rows dated after as-of dropped with `date`).

    The total is None only for a `from: spending_root` side whose documents state nothing.
    """
    if spec.get("from") == "spending_root":
        return _root_side(ci, spec)
    kind, frame = side_rows(ci, spec)
    if date:
        dates = pd.to_datetime(pd.Series(value(ci, kind, date, frame), index=frame.index))
        frame = frame[~(dates > ci.as_of).to_numpy()]
    sen = money_sen(ci, kind, frame, str(spec["value"]), spec.get("absent_zero"))
    return kind, frame, int(sen.sum())


def _root_side(ci: CheckInput, spec: dict[str, Any]) -> tuple[str, pd.DataFrame, int | None]:
    """The largest document's spending (its root row, else its leaves) and its spending rows."""
    kind, frame = side_rows(ci, {**spec, "when": "spending(kode_rekening)"}, "kode_rekening")
    found = largest_total(ci.docs.get(kind), ci.frames[kind], str(spec["value"]))
    if found is None:
        return kind, frame.iloc[:0], None
    return kind, frame[(frame["_doc"] == found[0]).to_numpy()], found[1]


def _denominator(ci: CheckInput) -> tuple[str, pd.DataFrame, int]:
    """The denominator's kind, rows and total; CheckError when there is no budget."""
    spec = pick_side(ci, ci.options["denominator"])
    if spec.get("kind", ci.kind) not in ci.frames:
        raise CheckError(f"tidak ada anggaran / no budget ({spec.get('kind', ci.kind)})")
    kind, frame, total = _side(ci, spec)
    if frame.empty or not total:
        raise NoData(f"tidak ada pagu belanja / no spending budget: {spec['value']} ({kind}) = 0")
    return kind, frame, total


def _ratio_parts(ci: CheckInput) -> tuple[str, pd.DataFrame, int | None, int]:
    """Denominator kind and rows, numerator (None: no document states one) and denominator."""
    kind, frame, denominator = _denominator(ci)
    spec = pick_side(ci, ci.options["numerator"])
    if spec.get("kind", ci.kind) not in ci.frames:
        return kind, frame, None, denominator
    numerator = _side(ci, spec, spec.get("date", ci.options.get("date")))[2]
    return kind, frame, numerator, denominator


def measure(ci: CheckInput) -> Measure:
    """The OPD's ratio and the target at the as-of date (None before the first `until`).

    With a budget but no realised figure, the numerator is None (the budget is known).
    """
    target = _target(ci)
    numerator, denominator = _ratio_parts(ci)[2:]
    return Measure(numerator, denominator, target)


def series(ci: CheckInput) -> MonthlySums:
    """The `monthly:` option's sums over the rule's budget and cumulative target curve."""
    try:
        budget: int | None = _denominator(ci)[2]
    except CheckError:  # no budget (NoData included): the months show amounts only
        budget = None
    year = ci.params.get("year")
    targets = ci.option("targets") if "targets" in ci.options else None
    points = [] if targets is None or not isinstance(year, int) else _points(ci, targets, year)
    return monthly.sums(ci, budget, [(d.date().isoformat(), t) for d, t in points])


def run(ci: CheckInput) -> pd.DataFrame:
    """One hit per OPD when numerator ÷ denominator is below the applicable target."""
    target = _target(ci)
    kind, frame, numerator, denominator = _ratio_parts(ci)
    if numerator is None:  # a budget without any realised figure: nothing to measure
        out = no_hits()
        out.attrs["evaluated"] = 0
        return out
    if target is None:
        return no_hits()
    ratio = numerator / denominator * 100
    if ratio >= target:
        return no_hits()
    fraction = ci.option("severity_below_fraction")
    low = fraction is not None and ratio < ci.number("severity_below_fraction") * target
    out = hits(
        frame.iloc[:1],
        kind,
        _ratio=math.floor(ratio * 10 + 1e-9) / 10,
        _target=target,
        _numerator=numerator,
        _denominator=denominator,
        _severity="medium" if low else pd.NA,
    )
    return out.astype({"_numerator": "Int64", "_denominator": "Int64", "_severity": "string"})


CHECK = CheckType(
    "aggregate_target",
    {
        "type": "object",
        "required": ["numerator", "denominator"],
        "properties": {
            "numerator": {
                **SIDES,
                "description": (
                    "Side summed above the line: `{kind, value, when, date, absent_zero, "
                    "absent_blank, from}` or a list of alternatives."
                ),
            },
            "denominator": {**SIDES, "description": "Side summed below the line (same form)."},
            "date": {
                "description": (
                    "Column or expression: numerator rows dated after the as-of date are left out."
                ),
                "type": "string",
            },
            "targets": {
                "description": (
                    "List of `{until: MM-DD, target}` (or a parameter naming one): the target of "
                    "the last `until` reached applies."
                ),
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["until", "target"],
                            "properties": {
                                "until": {"type": "string", "pattern": "^[0-9]{2}-[0-9]{2}$"},
                                "target": {"type": ["number", "string"]},
                            },
                        },
                    },
                ],
            },
            "target": {
                "description": "One target in percent (number or parameter).",
                "type": ["number", "string"],
            },
            "severity_below_fraction": {
                "description": "A ratio below this fraction of the target is reported as medium.",
                "type": ["number", "string"],
            },
            "monthly": MONTHLY,
        },
    },
    run,
    __doc__ or "",
    measure,
    uses_as_of=True,
    series=series,
)
