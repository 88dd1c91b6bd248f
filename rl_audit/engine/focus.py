"""The focus OPDs against all the others: the leadership view's comparison (issue 21).

Each side sums its OPDs once: the median score (OPDs with a score), open findings per
Rp 1 miliar realised and absorption (realised ÷ budget), both over the OPDs stating budget
and realised spending, the money at risk (each OPD's, capped at its budget) and the
non-cash share (paid non-cash ÷ spending over the OPDs whose documents tell). Each side
says how many of its OPDs each figure covers, so a figure over one OPD of two is never
read as the side's. The unknown OPD (`?`) is on neither side.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from rl_audit.engine.scoring import is_unknown
from rl_audit.figures import FocusFigures, FocusGroup, Measure
from rl_audit.findings import OpdSummary

BILLION_SEN = 1_000_000_000 * 100  # Rp 1 miliar in sen


def _known(measures: list[Measure | None]) -> list[Measure]:
    """The measures with both a numerator and a positive denominator."""
    return [m for m in measures if m and m.numerator_sen is not None and m.denominator_sen > 0]


def _ratio(measures: list[Measure]) -> float | None:
    """Σ numerators ÷ Σ denominators (None without any measure)."""
    if not measures:
        return None
    return sum(m.numerator_sen or 0 for m in measures) / sum(m.denominator_sen for m in measures)


def _spending_known(side: Sequence[OpdSummary]) -> list[OpdSummary]:
    """The OPDs whose budget and realised spending are both known."""
    return [s for s in side if _known([s.absorption])]


def _per_billion(spent: Sequence[OpdSummary]) -> float | None:
    """Open findings per Rp 1 miliar realised, over `spent` (OPDs with known spending)."""
    realised = sum(s.absorption.numerator_sen or 0 for s in spent if s.absorption)
    if realised <= 0:
        return None
    return round(sum(sum(s.counts.values()) for s in spent) / (realised / BILLION_SEN), 2)


def figures(side: Sequence[OpdSummary]) -> FocusFigures:
    """The figures of one side of the comparison, with how many OPDs each covers."""
    scores = [s.score for s in side if s.score is not None]
    spent = _spending_known(side)
    absorption = _ratio(_known([s.absorption for s in spent]))
    told = _known([s.non_cash for s in side])
    non_cash = _ratio(told)
    return FocusFigures(
        tuple(s.opd.code for s in side),
        round(statistics.median(scores), 1) if scores else None,
        sum(sum(s.counts.values()) for s in side),
        _per_billion(spent),
        sum(s.amount_sen for s in side),
        None if absorption is None else round(absorption * 100, 2),
        None if non_cash is None else round(non_cash, 4),
        scored=len(scores),
        with_spending=len(spent),
        with_non_cash=len(told),
    )


def focus_group(opds: Sequence[OpdSummary], focus_codes: Sequence[str]) -> FocusGroup | None:
    """The focus OPDs against the others (None when no OPD was identified)."""
    known = [s for s in opds if not is_unknown(s.opd)]
    if not known:
        return None
    inside = [s for s in known if s.opd.code in focus_codes]
    outside = [s for s in known if s.opd.code not in focus_codes]
    return FocusGroup(tuple(focus_codes), figures(inside), figures(outside))
