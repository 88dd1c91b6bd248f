"""The options (JSON Schema) of the `match` check type, each with its meaning."""

from __future__ import annotations

from typing import Any

from rl_audit.checks import date_lag
from rl_audit.checks.folds import FOLDS

OPTIONS: dict[str, Any] = {
    "type": "object",
    "required": ["left_when", "right_when", "left_amount", "right_amount"],
    "properties": {
        "left_when": {
            "description": "Expression selecting the left rows (e.g. withholdings).",
            "type": "string",
        },
        "right_when": {
            "description": "Expression selecting the right rows (e.g. deposits).",
            "type": "string",
        },
        "right_kind": {
            "description": "Document kind of the right rows (default: the rule's kind).",
            "type": "string",
        },
        "keys": {
            "description": "Columns pairing left and right rows (key pass).",
            "type": "array",
            "items": {"type": "string"},
        },
        "right_keys": {
            "description": "The right side's names of `keys` (default: the same).",
            "type": "array",
            "items": {"type": "string"},
        },
        "fallback_keys": {
            "description": (
                "Columns of the fallback pass: same key, same amount, right date on or after "
                "the left date."
            ),
            "type": "array",
            "items": {"type": "string"},
        },
        "right_fallback_keys": {
            "description": "The right side's names of `fallback_keys` (default: the same).",
            "type": "array",
            "items": {"type": "string"},
        },
        "fold": {
            "description": "Column → fold (e.g. `tax_type`) applied to key columns first.",
            "type": "object",
            "additionalProperties": {"enum": sorted(FOLDS)},
        },
        "combine_month": {
            "description": (
                "What remains meets per fallback key and month (one deposit paying a month)."
            ),
            "default": False,
            "type": "boolean",
        },
        "left_amount": {"description": "Money column of the left rows.", "type": "string"},
        "right_amount": {"description": "Money column of the right rows.", "type": "string"},
        "left_date": {"description": "Date column of the left rows.", "type": "string"},
        "right_date": {"description": "Date column of the right rows.", "type": "string"},
        "due": {
            "description": "Only left rows whose deadline has passed count as uncovered.",
            "default": False,
            "type": "boolean",
        },
        "report": {
            "description": (
                "`uncovered`: left rows not covered; `late`: right rows after the deadline of"
                " what they cover."
            ),
            "default": "uncovered",
            "enum": ["uncovered", "late"],
        },
        "deadline": {
            "description": (
                "Deadline rule of the left rows, or `{by: column, rules: {value: rule}, "
                "default: rule}`."
            ),
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "required": ["by"],
                    "properties": {
                        "by": {"type": "string"},
                        "rules": {"type": "object", "additionalProperties": {"type": "string"}},
                        "default": {"type": "string"},
                    },
                },
            ],
        },
        "deadline_by": date_lag.CHECK.options["properties"]["deadline_by"],
        "tolerance": {
            "description": "Rupiah left uncovered still accepted (number or parameter).",
            "default": 1,
            "type": ["number", "string"],
        },
    },
}
