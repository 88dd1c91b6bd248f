"""Warnings about how a recognised sheet's column headers were matched.

- `header_weak_match`: a required column of the kind was found only by meaning
  (contained/synonym), so the kind got a lower confidence; every column matched by
  meaning is named with its header text, for the user to check.
- `header_conflict`: a column whose whole header fits a canonical name that another
  column took (stronger tier, else left-most); it is kept as an extra column.
"""

from __future__ import annotations

from rl_audit.catalog.kinds import load_kinds
from rl_audit.documents import Issue
from rl_audit.ingest.colmatch import ColumnAssignment, Conflict
from rl_audit.ingest.detect import KindMatch
from rl_audit.ingest.layout import Layout
from rl_audit.ingest.read import column_letter


def header_issues(match: KindMatch, layout: Layout) -> list[Issue]:
    """The header warnings of a sheet recognised as `match` (file and sheet left unset)."""
    return _weak_match(match, layout) + _conflicts(match.mapping, layout)


def _header(layout: Layout, col: int) -> str:
    return " / ".join(layout.headers.get(col, []))


def _weak_match(match: KindMatch, layout: Layout) -> list[Issue]:
    weak = match.mapping.weak()
    if not set(weak.values()) & set(load_kinds()[match.kind].required):
        return []
    listing = "; ".join(
        f'{column_letter(col)} "{_header(layout, col)}" → {canonical}'
        for col, canonical in sorted(weak.items())
    )
    return [Issue("header_weak_match", params={"columns": listing, "count": len(weak)})]


def _conflicts(mapping: ColumnAssignment, layout: Layout) -> list[Issue]:
    groups: dict[str, list[Conflict]] = {}
    for conflict in mapping.conflicts:
        groups.setdefault(conflict.canonical, []).append(conflict)
    return [_conflict(canonical, group, layout) for canonical, group in groups.items()]


def _conflict(canonical: str, group: list[Conflict], layout: Layout) -> Issue:
    winner, losers = group[0].winner, [c.loser for c in group]
    row = layout.header_rows[-1] if layout.header_rows else None
    params = {
        "canonical": canonical,
        "winner": column_letter(winner),
        "winner_header": _header(layout, winner),
        "losers": ", ".join(column_letter(c) for c in losers),
        "loser_headers": ", ".join(_header(layout, c) for c in losers),
    }
    cell = None if row is None else f"{column_letter(losers[0])}{row}"
    return Issue("header_conflict", params=params, cell=cell)
