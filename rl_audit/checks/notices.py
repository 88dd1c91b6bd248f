"""Input problems a check meets on single rows: notices beside its hits.

A check that cannot judge some rows (HON-01: a role the rate table does not know) must
neither guess nor pass them silently. It attaches `RowNotice`s to its Hits frame with
`attach`; the engine (`rl_audit.engine.check_notices`) turns them into notices of the
report — input problems with file, sheet and cell — and the rule's outcome says how many
rows were not checked (`unchecked`). Any check may use this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

NOTICES = "notices"  # Hits.attrs key: list[RowNotice]
UNCHECKED = "unchecked"  # Hits.attrs key: rows the check could not judge


@dataclass(frozen=True)
class RowNotice:
    """An input problem of rows of one document: wording key, parameters, where.

    `rows` are `_idx` labels of `ci.docs[kind][doc].frame`; `column` names the canonical
    column whose cells are meant (None: the rows only).
    """

    key: str
    kind: str
    doc: int
    rows: tuple[Any, ...]
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def attach(hits: pd.DataFrame, notices: list[RowNotice], unchecked: int) -> pd.DataFrame:
    """`hits` carrying `notices` and the count of rows left unchecked."""
    hits.attrs[NOTICES] = list(notices)
    hits.attrs[UNCHECKED] = int(unchecked)
    return hits


def notices_of(hits: pd.DataFrame) -> list[RowNotice]:
    """The notices a check attached to its hits (none when it attached none)."""
    return list(hits.attrs.get(NOTICES) or [])


def unchecked_of(hits: pd.DataFrame) -> int:
    """How many rows the check could not judge (0 when it said nothing)."""
    return int(hits.attrs.get(UNCHECKED) or 0)


def row_notices(
    frame: pd.DataFrame, kind: str, key: str, column: str | None, params: dict[str, Any]
) -> list[RowNotice]:
    """One notice per document and distinct `column` value of `frame`'s rows.

    Each names its value (`{value}`, as written) with `params`; rows without the column
    share one notice per document.
    """
    shown = frame[column] if column in frame.columns else pd.Series(pd.NA, index=frame.index)
    text = shown.astype("string").str.strip().fillna("")
    groups = pd.DataFrame({"doc": frame["_doc"], "value": text, "idx": frame["_idx"]})
    return [
        RowNotice(key, kind, int(doc), tuple(part["idx"]), column, {**params, "value": value})
        for (doc, value), part in groups.groupby(["doc", "value"], sort=False)
    ]
