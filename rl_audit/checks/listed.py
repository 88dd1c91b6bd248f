"""`listed`: a key a left row names must be listed on the right side (a plate in the KIB).

    # BBM-01: fuel for a vehicle whose plate is not in the OPD's KIB
    check: {type: listed,
            left: [{kind: bku, key: plate(uraian), describe: uraian, amount: pengeluaran,
                    when: 'pengeluaran > 0 and has_word(uraian, fuel_words)'},
                   {kind: realisasi, key: plate(keterangan), describe: keterangan,
                    amount: nilai_realisasi, absent_blank: [keterangan]}],
            right: {kind: kib, key: plate(nomor_polisi)}}

`left` is one side or a list of alternatives (the first whose kind the OPD has is
used: a BKU, else the realisation report — the same spending is never counted twice).
A side has `kind` (default the rule's kind), `key` (an expression giving each row's
key; rows with a blank key take no part), `when` (row filter), `amount` (money column
or rupiah expression: the finding's amount), `describe` (an expression shown in
messages as `{text}`) and `absent_blank` (columns read as blank where a document lacks
them). Keys are compared as text after trimming and upper-casing.

A finding per selected left row whose key is not among the right side's keys; extra
columns `_key` (the key) and `_text`. The check needs the right side: without a
document of its kind, or when no right row has a key (a KIB without any plate), it
evaluates nothing and the rule is not applicable, saying why (the right side's
`reason: {id, en}` words the second case). Opening-balance rows never take part.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from rl_audit.checks.base import CheckInput, CheckType, NoData, hits
from rl_audit.checks.exprscope import value
from rl_audit.checks.sides import data_rows, money_sen, with_blank


def _side(ci: CheckInput, spec: dict[str, Any]) -> tuple[str, pd.DataFrame]:
    """A side's kind and its rows (data rows where `when` holds) with `_key` and `_text`."""
    kind = spec.get("kind", ci.kind)
    frame = with_blank(data_rows(ci.frame(kind)), kind, spec.get("absent_blank"))
    if spec.get("when"):
        frame = frame[_series(ci, kind, spec["when"], frame).fillna(False).astype(bool)]
    key = _series(ci, kind, spec["key"], frame).astype("string").str.strip().str.upper()
    out = frame.assign(_key=key.where(key != ""))
    if spec.get("describe"):
        out["_text"] = _series(ci, kind, spec["describe"], frame).astype("string")
    return kind, out[out["_key"].notna().to_numpy()]


def _series(ci: CheckInput, kind: str, text: str, frame: pd.DataFrame) -> pd.Series:
    """An expression's value as a Series aligned with `frame`."""
    found = value(ci, kind, text, frame)
    if isinstance(found, pd.Series):
        return found
    return pd.Series([found] * len(frame), index=frame.index, dtype="object")


def _left_spec(ci: CheckInput) -> dict[str, Any]:
    """The left side: the first alternative whose kind the OPD has (else the first)."""
    spec = ci.options["left"]
    if not isinstance(spec, list):
        return dict(spec)
    present = [s for s in spec if s.get("kind", ci.kind) in ci.frames]
    return dict(present[0] if present else spec[0])


def _right_keys(ci: CheckInput) -> pd.Series:
    """The right side's keys; NoData (not applicable, with why) when there are none."""
    spec = ci.options["right"]
    kind = spec.get("kind", ci.kind)
    if kind not in ci.frames:
        raise NoData(f"tidak ada dokumen {kind} / no {kind} document")
    keys = _side(ci, spec)[1]["_key"]
    if keys.empty:
        said = spec.get("reason") or {}
        default = {"id": f"dokumen {kind} tanpa kunci", "en": f"the {kind} document lists no key"}
        raise NoData(" / ".join(said.get(lang) or default[lang] for lang in ("id", "en")))
    return keys


def run(ci: CheckInput) -> pd.DataFrame:
    """Left rows whose key the right side does not list."""
    listed = set(_right_keys(ci))
    spec = _left_spec(ci)
    kind, rows = _side(ci, spec)
    missing = ~rows["_key"].isin(listed)
    amount = money_sen(ci, kind, rows, spec["amount"]) if spec.get("amount") else None
    text = rows["_text"] if "_text" in rows else pd.Series(pd.NA, index=rows.index)
    # the finding's cell: the side's amount column (a rule's `column:` fits one kind only)
    column = spec["amount"] if spec.get("amount") in rows.columns else pd.NA
    found = hits(rows, kind, missing, amount, _key=rows["_key"], _text=text, _column=column)
    found.attrs["evaluated"] = len(rows)
    return found


_EXPR = {"type": "string"}
_SIDE: dict[str, Any] = {
    "type": "object",
    "required": ["key"],
    "additionalProperties": False,
    "properties": {
        "kind": {"description": "Document kind (default: the rule's kind).", "type": "string"},
        "key": {**_EXPR, "description": "Expression: the key of each row (blank: no part)."},
        "when": {**_EXPR, "description": "Expression; only rows where it holds take part."},
        "amount": {**_EXPR, "description": "Money column or rupiah expression (the amount)."},
        "describe": {**_EXPR, "description": "Expression shown in messages as `{text}`."},
        "absent_blank": {
            "description": "Columns read as blank where a document lacks them.",
            "type": "array",
            "items": {"type": "string"},
        },
    },
}

_REASON = {
    "description": "`{id, en}`: why the rule does not apply when the list is empty.",
    "type": "object",
    "required": ["id", "en"],
    "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "en": {"type": "string"}},
}

CHECK = CheckType(
    "listed",
    {
        "type": "object",
        "required": ["left", "right"],
        "properties": {
            "left": {
                "description": (
                    "Rows whose key must be listed: `{kind, key, when, amount, describe, "
                    "absent_blank}`, or a list of alternatives (the first kind present)."
                ),
                "oneOf": [_SIDE, {"type": "array", "items": _SIDE, "minItems": 1}],
            },
            "right": {
                "description": "The list: `{kind, key, when, reason}` (empty: not applicable).",
                **_SIDE,
                "properties": {**_SIDE["properties"], "reason": _REASON},
            },
        },
    },
    run,
    __doc__ or "",
)
