"""`interval_overlap` with `against`: rows whose dates fall inside another document's ranges.

    # HON-05: a meeting honor paid on a day of the same person's official trip
    check: {type: interval_overlap, key: nip, digits: [nip], start: tanggal_kegiatan,
            end: tanggal_kegiatan, amount_column: bruto,
            against: {kind: perjadin, key: nip, start: tgl_berangkat, end: tgl_kembali,
                      label: no_spt}}

Each row of the rule's kind whose range (`start`..`end`, inclusive) meets a range of the
`against` kind with the same key (the `against` key columns, default the rule's; `digits`
and `fold` name key columns of either side) is one finding; amount = its `amount_column`.
Both sides are the same OPD's documents. Rows with a blank key or date, or an end
before the start, take no part. Without a document of the `against` kind the rule is not
applicable (`NoData`), naming the kind. Extra columns: `_other_start`, `_other_end`
(the first range met) and `_other_label` (its `label` column, as written).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, NoData
from rl_audit.checks.duplicate import group_hits, money_sen, when_mask
from rl_audit.ingest.values import fold_text


def _key(frame: pd.DataFrame, columns: list[str], ci: CheckInput) -> pd.Series:
    """The key columns as one text per row (digits/fold applied); NA where one is blank."""
    digits, fold = set(ci.options.get("digits") or ()), set(ci.options.get("fold") or ())
    out: pd.Series | None = None
    for col in columns:
        text = frame[col].astype("string")
        if col in digits:
            text = text.str.replace(r"\D", "", regex=True)
        text = (fold_text(text) if col in fold else text.str.strip()).mask(lambda s: s == "")
        out = text if out is None else out + "\x1f" + text
    if out is None:
        raise CheckError("interval_overlap: key kosong / no key column")
    return out


def _ranges(frame: pd.DataFrame, keys: list[str], start: str, end: str, ci: CheckInput) -> Any:
    """`_k`, `_s`, `_e` (dates as days) and `_pos` of the rows with a key and a valid range."""
    table = pd.DataFrame(
        {
            "_k": _key(frame, keys, ci).to_numpy(),
            "_s": pd.to_datetime(frame[start], errors="coerce").dt.normalize().to_numpy(),
            "_e": pd.to_datetime(frame[end], errors="coerce").dt.normalize().to_numpy(),
            "_pos": np.arange(len(frame)),
        }
    ).dropna()
    return table[table["_e"] >= table["_s"]]


def _as_list(given: Any) -> list[str]:
    return [given] if isinstance(given, str) else list(given or [])


def run_against(ci: CheckInput) -> pd.DataFrame:
    """One finding per row of the rule's kind whose range meets one of the `against` kind."""
    other: dict[str, Any] = ci.options["against"]
    keys = _as_list(ci.options.get("key"))
    other_keys = _as_list(other.get("key")) or keys
    if other["kind"] not in ci.frames:
        raise NoData(
            f"tidak ada dokumen {other['kind']} pada OPD ini / no {other['kind']} document"
        )
    start, end = ci.options["start"], ci.options["end"]
    frame = ci.frame(ci.kind, *keys, start, end).reset_index(drop=True)
    right = ci.frame(other["kind"], *other_keys, other["start"], other["end"])
    left = _ranges(frame, keys, start, end, ci)
    left = left[when_mask(ci, ci.kind)[left["_pos"].to_numpy()]]
    found = _meets(left, _ranges(right, other_keys, other["start"], other["end"], ci), right, other)
    amount_col = ci.options.get("amount_column")
    amount_col = amount_col if amount_col in frame.columns else None
    pos = found["_pos"].to_numpy()
    amount = pd.array(money_sen(frame, amount_col)[pos], dtype="Int64") if amount_col else None
    extra = {c: found[c].to_numpy() for c in ("_other_start", "_other_end", "_other_label")}
    out = group_hits(frame, ci.kind, pos, pos, amount, **extra)
    out.attrs["evaluated"] = len(left)
    return out


def _meets(
    left: pd.DataFrame, right: pd.DataFrame, source: pd.DataFrame, other: dict[str, Any]
) -> pd.DataFrame:
    """Per left row meeting a right range: the first such range (earliest start)."""
    label = other.get("label")
    labels = source[label].astype("string") if label in source.columns else None
    right = right.assign(
        _other_label=None if labels is None else labels.iloc[right["_pos"]].to_numpy()
    )
    pairs = left.merge(right.rename(columns={"_pos": "_rpos"}), on="_k", suffixes=("", "_r"))
    pairs = pairs[(pairs["_s"] <= pairs["_e_r"]) & (pairs["_e"] >= pairs["_s_r"])]
    pairs = pairs.sort_values(["_pos", "_s_r", "_rpos"]).drop_duplicates("_pos")
    return pairs.rename(columns={"_s_r": "_other_start", "_e_r": "_other_end"})
