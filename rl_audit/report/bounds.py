"""How much of a long list the human reports show (`report: max_locations` in the config).

The terminal and HTML reports show at most `max_locations` findings of one rule
for one OPD, then "… and N more, all in the JSON/xlsx". The cap is a rendering
parameter: the engine has already made every finding, a reporter shows the first ones
and counts the rest as the length of what it leaves out — it never recomputes totals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

MAX_LOCATIONS = 200  # the default cap per rule and OPD

T = TypeVar("T")


def first_per_key(
    items: Iterable[T], key: Callable[[T], str], cap: int
) -> tuple[list[T], dict[str, int]]:
    """The first `cap` items of each key (order kept) and, per key, how many were left out."""
    seen: dict[str, int] = {}
    kept: list[T] = []
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        if seen[k] <= cap:
            kept.append(item)
    return kept, {k: n - cap for k, n in seen.items() if n > cap}
