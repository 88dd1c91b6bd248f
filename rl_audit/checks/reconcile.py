"""`reconcile`: totals of a left side and a right side, per key, must agree.

    # ANG-01 from the LRA itself: realised > budget per account
    check: {type: reconcile, compare: greater,
            left: {kind: anggaran, value: realisasi, keys: [kode_rekening]},
            right: {kind: anggaran, value: anggaran, keys: [kode_rekening]}}
    # ANG-01 from realisasi documents (deposits back subtracted)
    check: {type: reconcile, compare: greater,
            left: {kind: realisasi, value: "nilai_realisasi - nilai_setoran",
                   absent_zero: [nilai_setoran], keys: [kode_rekening]},
            right: {kind: anggaran, value: anggaran, keys: [kode_rekening]}}
    # AST-06: capital spending of the year vs KIB additions of the year, one OPD total
    check: {type: reconcile, compare: differs, tolerance_pct: 1, keys: [],
            left: {kind: realisasi, value: nilai_realisasi,
                   when: 'startswith(kode_rekening, "5.2") and year(tanggal_dokumen) == year'},
            right: {kind: kib, value: harga, when: "tahun == year"}}

Each side: `kind` (default the rule's kind), `value` (a money column, or an expression
in rupiah; blank money cells count as 0), `keys` (default the top-level `keys`, the
right side defaults to the left's; paired by position), `when` (row filter),
`absent_zero` (money columns that count as 0 where a document lacks them, e.g.
`nilai_setoran`: a missing column is otherwise an error).
`optional_keys` are added to both sides only where both frames have the column
(ANG-01's sub kegiatan). `key_transform: {column: "prefix_levels:N"}` cuts codes to
their first N dot-segments before grouping. Keys compare case-insensitively after
trimming; a row with a blank key is left out. With `keys: []` each side is one total
(0 when no row is selected).

`compare: greater` (default): left − right > allowance is a finding (amount = the
excess); `differs`: |left − right| > allowance (amount = the difference). The
allowance is the larger of `tolerance` (rupiah, default 0) and `tolerance_pct` % of
|right|. `missing_right` / `missing_left` (`finding` default, or `ignore`): a key found
on one side only is compared with 0, or skipped. Opening-balance rows never count.

One finding per key: its locations are the right-side rows of the key (e.g. the LRA
account row), or the left rows when the key has no right row. Extra columns: `_left`,
`_right`, `_difference` (left − right, sen), `_key` (text, parts joined by " / ").

A side may be a list of alternatives (ANG-01: the LRA's own `realisasi` column, else the
`realisasi` documents): the first whose kind is present and whose value columns hold a
value is used. `absent_blank` names columns read as blank where a document lacks them.

`per_document: true` (ANG-01): when both sides read the same kind, rows pair within
each document (an LRA's realised column against its own budget column, never summed
over several sheets); otherwise, per key, the right side keeps only its largest document
(a budget restated by a DPA and monthly reports counts once). The hits tell the engine
how many keys were compared (`attrs["evaluated"]`; 0 makes the rule not applicable).

Row mode (ANG-03), instead of `left`/`right`: `rows`, a list of comparisons on each data
row of the rule's kind; `subtotals: true` adds the documents' subtotal rows in document
order. A comparison is either `{label, tree: <money column>, tolerance, unless}` — each
subtotal against the leaves of its block along the code tree, reported only at the
deepest failing node, skipped on a document whose tree is malformed or that fills a
column named in `unless` — or `{label, left: {value, when}, right: {value, when},
tolerance, amount, sign, column}`: values keep their unit (money in rupiah); a row is
judged where both sides have a value and fails when
|left − right| > `tolerance` (number or parameter, default 0); `sign: sheet` accepts the
right side with the sign most rows of the document follow. A comparison naming a column
the document lacks is skipped. One finding per failing row, for the first comparison (in
the listed order) it fails, carrying the row's own values plus `_label`, `_left`,
`_right`, `_difference` (×100, shown like rupiah), `_amount` (`amount` in rupiah, else
|difference|, in sen, never above the document's top total) and `_column` (the cell
named: the tree column, or `column`). A subtotal mismatch names the number the rest of
the sheet says is wrong — one line's cell, the lines as a block, or the subtotal
(`rl_audit.checks.subtotal_blame`); `wording: {row: {id, en}, lines: {id, en}}` words
each case into `_says_id` / `_says_en`, `_account` the code spoken of
(`rl_audit.checks.reconcile_tree`). See `rl_audit.checks.reconcile_rows`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any

import pandas as pd

from rl_audit.checks.base import CheckError, CheckInput, CheckType, NoData, hits, no_hits
from rl_audit.checks.reconcile_options import OPTIONS
from rl_audit.checks.reconcile_rows import run_rows
from rl_audit.checks.sides import money_sen, pick_side, side_rows, usable

_SEP = "\x1f"
_PREFIX = re.compile(r"^prefix_levels:(\d+)$")


def norm_key(values: pd.Series) -> pd.Series:
    """Text for matching: trimmed, inner spaces folded, case-folded; blank → NA."""
    text = values.astype("string").str.strip().str.replace(r"\s+", " ", regex=True)
    text = text.str.casefold()
    return text.mask((text == "").fillna(False))


@dataclass(frozen=True)
class Side:
    """One side of a reconciliation: its selected rows, their sen and key text."""

    kind: str
    frame: pd.DataFrame
    sen: pd.Series
    keys: pd.Series


def key_text(frame: pd.DataFrame, keys: list[str], transform: dict[str, str]) -> pd.Series:
    """Joined normalised key per row ('' when `keys` is empty; NA when a part is blank)."""
    if not keys:
        return pd.Series("", index=frame.index, dtype="string")
    parts = [_transform(norm_key(frame[c]), transform.get(c)) for c in keys]
    return reduce(lambda a, b: a + _SEP + b, parts)


def _transform(key: pd.Series, rule: str | None) -> pd.Series:
    if rule is None:
        return key
    found = _PREFIX.match(str(rule).strip())
    if not found:
        raise CheckError(f"key_transform {rule!r}: expected prefix_levels:N")
    return key.str.split(".").str[: int(found.group(1))].str.join(".").astype("string")


def _side(ci: CheckInput, spec: dict[str, Any], keys: list[str]) -> Side:
    if "value" not in spec:
        raise CheckError("reconcile: left/right needs a value")
    kind, frame = side_rows(ci, spec, *keys)
    sen = money_sen(ci, kind, frame, str(spec["value"]), spec.get("absent_zero"))
    return Side(kind, frame, sen, key_text(frame, keys, ci.options.get("key_transform") or {}))


def _key_lists(ci: CheckInput) -> tuple[list[str], list[str]]:
    opts = ci.options
    left = list(opts["left"].get("keys", opts.get("keys", [])))
    right = list(opts["right"].get("keys", left))
    if len(left) != len(right):
        raise CheckError(f"reconcile: keys differ in length: {left} vs {right}")
    lkind = opts["left"].get("kind", ci.kind)
    rkind = opts["right"].get("kind", ci.kind)
    for col in opts.get("optional_keys", []):
        lcols = ci.frames.get(lkind, pd.DataFrame()).columns
        rcols = ci.frames.get(rkind, pd.DataFrame()).columns
        if col in lcols and col in rcols:
            left, right = [*left, col], [*right, col]
    return left, right


def _table(ci: CheckInput, left: Side, right: Side, keyed: bool) -> pd.DataFrame:
    """Per key: `_left`, `_right`, `_difference`, `_amount` (sen), `_on_right`, `_found`."""
    lsum = left.sen.groupby(left.keys).sum()
    rsum = right.sen.groupby(right.keys).sum()
    table = pd.DataFrame({"_left": lsum, "_right": rsum})
    if not keyed:
        table = table.reindex([""])
    table = table.fillna(0).astype("Int64")
    table["_difference"] = table["_left"] - table["_right"]
    greater = ci.options.get("compare", "greater") == "greater"
    table["_amount"] = table["_difference"] if greater else table["_difference"].abs()
    table["_on_right"] = table.index.isin(rsum.index)
    found = (table["_amount"] > _allowance(ci, table["_right"])).fillna(False).astype(bool)
    if keyed and ci.options.get("missing_right", "finding") == "ignore":
        found &= table["_on_right"]
    if keyed and ci.options.get("missing_left", "finding") == "ignore":
        found &= table.index.isin(lsum.index)
    table["_found"] = found
    return table


def _allowance(ci: CheckInput, right: pd.Series) -> pd.Series:
    """The larger of `tolerance` (rupiah) and `tolerance_pct` % of |right|, in sen."""
    pct = right.abs().astype("Float64") * ci.number("tolerance_pct", 0) / 100
    return pct.clip(lower=ci.number("tolerance", 0) * 100)


def _locate(side: Side, table: pd.DataFrame) -> pd.DataFrame:
    rows = side.frame[side.keys.isin(table.index).fillna(False).to_numpy()]
    if rows.empty:
        return no_hits()
    key = side.keys.loc[rows.index]
    extra = {c: key.map(table[c]) for c in ("_left", "_right", "_difference", "_key")}
    out = hits(rows, side.kind, None, key.map(table["_amount"]), key.map(table["_group"]), **extra)
    return out.astype({c: "Int64" for c in ("_left", "_right", "_difference")})


def run(ci: CheckInput) -> pd.DataFrame:
    """One finding per key whose left total exceeds (or differs from) the right total."""
    if "rows" in ci.options:
        return run_rows(ci)
    for side in ("left", "right"):
        if _no_alternative(ci, ci.options[side]):  # e.g. a DPA with no realisation anywhere
            kinds = sorted({alt.get("kind", ci.kind) for alt in ci.options[side]})
            raise NoData(f"tidak ada angka / no figures: {', '.join(kinds)}")
    sides = {s: pick_side(ci, ci.options[s]) for s in ("left", "right")}
    ci = replace(ci, options={**ci.options, **sides})
    lkeys, rkeys = _key_lists(ci)
    left = _side(ci, ci.options["left"], lkeys)
    right = _side(ci, ci.options["right"], rkeys)
    if ci.options.get("per_document"):
        left, right = per_document(left, right)
    table = _table(ci, left, right, bool(lkeys))
    evaluated = len(table)
    table = table[table["_found"]].copy()
    if table.empty:
        return _evaluated(no_hits(), evaluated)
    table["_group"] = range(len(table))
    table["_key"] = pd.Series(table.index, index=table.index).str.replace(_SEP, " / ")
    parts = [_locate(right, table[table["_on_right"]]), _locate(left, table[~table["_on_right"]])]
    parts = [p for p in parts if not p.empty]
    return _evaluated(pd.concat(parts, ignore_index=True) if parts else no_hits(), evaluated)


def _no_alternative(ci: CheckInput, spec: Any) -> bool:
    """A list of alternative sides none of which is usable (nothing to compare)."""
    return isinstance(spec, list) and not any(usable(ci, alt) for alt in spec)


def _evaluated(out: pd.DataFrame, count: int) -> pd.DataFrame:
    """`out` telling the engine how many keys were compared (0: nothing to evaluate)."""
    out.attrs["evaluated"] = count
    return out


def per_document(left: Side, right: Side) -> tuple[Side, Side]:
    """Pair the sides per document (`per_document: true`).

    Sides of one kind compare within each document; otherwise, per key, the right side
    keeps only its largest document (one budget restated by several sheets counts once).
    """
    if left.kind == right.kind:
        return _with_doc(left), _with_doc(right)
    docs = right.frame["_doc"]
    sums = right.sen.groupby([right.keys, docs]).sum()
    chosen = sums.groupby(level=0).idxmax().tolist()
    keep = pd.MultiIndex.from_arrays([right.keys, docs]).isin(chosen)
    return left, Side(right.kind, right.frame[keep], right.sen[keep], right.keys[keep])


def _with_doc(side: Side) -> Side:
    """The side with its document number joined to the key."""
    keys = side.frame["_doc"].astype("string") + _SEP + side.keys
    return replace(side, keys=keys)


CHECK = CheckType(
    "reconcile",
    OPTIONS,
    run,
    __doc__ or "",
)
