"""The options (JSON Schema) of the `reconcile` check type, each with its meaning."""

from __future__ import annotations

from typing import Any

from rl_audit.checks.sides import SIDE

_PROPS = {k: v for k, v in SIDE["properties"].items() if k != "date"}
_SIDE = {**SIDE, "properties": {**_PROPS, "keys": {"type": "array", "items": {"type": "string"}}}}
_SIDES = {"oneOf": [_SIDE, {"type": "array", "items": _SIDE, "minItems": 1}]}
_S = {"type": "string"}
_ROW_SIDE = {"type": "object", "required": ["value"], "properties": {"value": _S, "when": _S}}
_LANGS = {"type": "object", "required": ["id", "en"], "properties": {"id": _S, "en": _S}}
_WORDING = {
    "type": "object",
    "required": ["row", "lines"],
    "additionalProperties": False,
    "properties": {"row": _LANGS, "lines": _LANGS},
}
_ROW = {
    "type": "object",
    "oneOf": [{"required": ["left", "right"]}, {"required": ["tree"]}],
    "properties": {
        "label": {"type": "string"},
        "left": _ROW_SIDE,
        "right": _ROW_SIDE,
        "tree": _S,
        "unless": {"oneOf": [_S, {"type": "array", "items": _S}]},
        "tolerance": {"type": ["number", "string"]},
        "amount": {"type": "string"},
        "sign": {"enum": ["sheet"]},
        "column": _S,
    },
}

OPTIONS: dict[str, Any] = {
    "type": "object",
    "anyOf": [{"required": ["left", "right"]}, {"required": ["rows"]}],
    "properties": {
        "left": {
            **_SIDES,
            "description": (
                "Side compared: `{kind, value, keys, when, absent_zero, absent_blank, from}` "
                "or a list of alternatives."
            ),
        },
        "right": {**_SIDES, "description": "Side compared against (same form as `left`)."},
        "rows": {
            "description": (
                "Row mode: comparisons on each data row (`{label, left, right, …}` or "
                "`{label, tree, …}`)."
            ),
            "type": "array",
            "items": _ROW,
            "minItems": 1,
        },
        "subtotals": {
            "description": "Row mode: include the documents' subtotal rows.",
            "default": False,
            "type": "boolean",
        },
        "wording": {
            **_WORDING,
            "description": (
                "Row mode: `{row: {id, en}, lines: {id, en}}` wording of a subtotal mismatch."
            ),
        },
        "per_document": {
            "description": "Pair rows within each document (both sides of one kind).",
            "default": False,
            "type": "boolean",
        },
        "keys": {
            "description": "Key columns of both sides (`[]`: one total per side).",
            "type": "array",
            "items": {"type": "string"},
        },
        "optional_keys": {
            "description": "Key columns added only where both sides have them.",
            "type": "array",
            "items": {"type": "string"},
        },
        "key_transform": {
            "description": (
                "Column → `prefix_levels:N`: codes cut to their first N segments before grouping."
            ),
            "type": "object",
            "additionalProperties": {"type": "string", "pattern": "^prefix_levels:[0-9]+$"},
        },
        "compare": {
            "description": (
                "`greater`: left above right is a finding; `differs`: any difference is."
            ),
            "default": "greater",
            "enum": ["greater", "differs"],
        },
        "tolerance": {
            "description": "Rupiah difference still accepted (number or parameter).",
            "default": 0,
            "type": ["number", "string"],
        },
        "tolerance_pct": {
            "description": "Difference accepted as a percentage of the right side.",
            "type": ["number", "string"],
        },
        "missing_right": {
            "description": "A key on the left only: `finding` (compared with 0) or `ignore`.",
            "default": "finding",
            "enum": ["ignore", "finding"],
        },
        "missing_left": {
            "description": "A key on the right only: `finding` (compared with 0) or `ignore`.",
            "default": "finding",
            "enum": ["ignore", "finding"],
        },
    },
}
