"""The JSON Schema of rule files (validation on load, and exported for editors)."""

from __future__ import annotations

import copy
from typing import Any

from rl_audit.checks.registry import REGISTRY

# option keys whose string values are expressions (parsed and name-checked on load)
EXPRESSION_OPTIONS = frozenset(
    {
        "where",
        "when",
        "left_when",
        "right_when",
        "amount",
        "ceiling_expr",
        "per_unit",
        "units",
        "value",
        "key",
        "describe",
        "date",  # a side's or a check's date column or expression
        "paid",  # a `monthly:` non-cash side's condition
    }
)

_LANG_TEXT: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "required": ["id", "en"],
            "additionalProperties": False,
            "properties": {"id": {"type": "string"}, "en": {"type": "string"}},
        },
    ]
}

_LANG_LIST: dict[str, Any] = {
    "type": "object",
    "required": ["id", "en"],
    "additionalProperties": False,
    "properties": {
        lang: {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
        for lang in ("id", "en")
    },
}

RECOMMENDATION_CODE = "^(0[1-9]|1[0-4])$"  # BPK's recommendation codes 01–14

_RECOMMENDATION: dict[str, Any] = {
    "type": "object",
    "required": ["code", "text"],
    "additionalProperties": False,
    "properties": {
        "code": {
            "type": "string",
            "pattern": RECOMMENDATION_CODE,
            "description": "BPK recommendation code 01–14 (e.g. 01 penyetoran ke kas daerah).",
        },
        "text": _LANG_TEXT,
    },
}

# rule fields of the draft findings (temuan); a pack.yaml `require:` makes them required
WORKING_PAPER_FIELDS = ("akibat", "sebab", "rekomendasi")

_EXAMPLE: dict[str, Any] = {
    "type": "object",
    "required": ["expect", "data"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "expect": {"enum": ["pass", "fail"]},
        "data": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "object"}},
        },
        "params": {"type": "object"},
        "as_of": {"type": "string"},
        "rows": {"type": "array", "items": {"type": "integer", "minimum": 0}},
        "amount": {"type": "number"},
    },
}

_RULE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "message", "bpk_code", "severity", "documents", "check"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9]{1,3}-[0-9]{2,3}$"},
        "name": {"type": "string"},
        "title": _LANG_TEXT,
        "message": _LANG_TEXT,
        "bpk_code": {"type": "string", "pattern": "^[1-3]\\.[0-9]{2}\\.[0-9]{2}$"},
        "severity": {"enum": ["high", "medium", "low", "info"]},
        "documents": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "check": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "description": "The check type (docs/check-types.md)."},
                "use": {
                    "type": "string",
                    "description": "A named check block of pack.yaml (`checks:`); "
                    "the rule's own keys are added and win.",
                },
            },
            "anyOf": [{"required": ["type"]}, {"required": ["use"]}],
        },
        "amount": {"type": "string"},
        "column": {"type": "string"},
        "only_if_columns": {"type": "array", "items": {"type": "string"}},
        "metric": {"enum": ["absorption"]},
        "legal_ref": {"type": "string"},
        "rationale": _LANG_TEXT,
        "remediation": _LANG_TEXT,
        "akibat": {**_LANG_TEXT, "description": "The finding's consequence (Akibat)."},
        "sebab": {**_LANG_LIST, "description": "Typical causes: prompts for the auditor."},
        "rekomendasi": _RECOMMENDATION,
        "tags": {"type": "array", "items": {"type": "string"}},
        "examples": {"type": "array", "items": _EXAMPLE},
    },
}

PARAMETER: dict[str, Any] = {
    "oneOf": [
        {
            "type": "object",
            "required": ["default"],
            "additionalProperties": False,
            "properties": {
                "default": {},
                "unit": {"type": "string"},
                "source": {"type": "string"},
                "description": {"type": "string"},
                "confirm": {"type": "boolean"},
            },
        },
        {"type": ["number", "string", "boolean", "array"]},
    ]
}


def rule_file_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one rule file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rl-audit rule file",
        "type": "object",
        "required": ["name", "version", "rules"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "version": {"type": ["string", "number"]},
            "description": {"type": "string"},
            "parameters": {"type": "object", "additionalProperties": PARAMETER},
            "rules": {"type": "array", "items": _RULE},
        },
    }


def _options_branch(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """`if check.type is name then its options` (required ones unless a `use:` block)."""
    props = {
        "type": {"const": name},
        "use": {"type": "string"},
        **options.get("properties", {}),
    }
    then: dict[str, Any] = {
        **{k: v for k, v in options.items() if k not in ("required", "properties")},
        "properties": props,
        "additionalProperties": False,
    }
    if options.get("required"):
        then["anyOf"] = [{"required": ["use"]}, {"required": list(options["required"])}]
    return {"if": {"properties": {"type": {"const": name}}, "required": ["type"]}, "then": then}


def editor_schema() -> dict[str, Any]:
    """The rule-file schema with every check type's options (`docs/rule-schema.json`).

    Editors validate a rule's `check:` against the options of its `type` while typing;
    loading checks the same options with `rl_audit.ruleset.validate` (clearer errors).
    """
    schema = copy.deepcopy(rule_file_schema())
    check = schema["properties"]["rules"]["items"]["properties"]["check"]
    check["properties"]["type"]["enum"] = sorted(REGISTRY)
    check["allOf"] = [_options_branch(n, REGISTRY[n].options) for n in sorted(REGISTRY)]
    return schema
