"""The JSON report of `rl-audit check` (`--format json`), schema_version 1.

The contract is in the project spec (cli-and-report.md) and in `report.schema.json`
beside this module. This reporter only reshapes the `AuditReport` (roll-ups, money per
BPK group, OPD scores in the order of attention all come from `rl_audit.engine`); money
is integer sen until the last step, so every rupiah amount is exact. `problems` are
worded in the report's language; `provenance` (optional) records what the run used
(rl_audit.provenance). The text is streamed (`write_json`): the findings
are encoded one at a time (rl_audit.report.json_stream), never as one giant dict or
string, and the bytes equal `json.dumps(report_dict(...), ensure_ascii=False, indent=2)`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from importlib.resources import files
from typing import Any, BinaryIO

from rl_audit import __version__
from rl_audit.documents import InputFile, Issue, SheetResult
from rl_audit.engine import problems
from rl_audit.findings import (
    AuditReport,
    BpkGroup,
    Coverage,
    InputProblem,
    Measure,
    OpdSummary,
    RuleOutcome,
)
from rl_audit.history.changes import Changes
from rl_audit.messages import render
from rl_audit.provenance import Provenance
from rl_audit.report.json_findings import FindingEncoder, opd_ref
from rl_audit.report.json_leadership import focus_entry, monthly_fields
from rl_audit.report.json_stream import Streamed, iter_object

SCHEMA_VERSION = 1
TOOL_NAME = "rl-audit"


def _message(issue: Issue, lang: str) -> str:
    """The catalog wording of an input issue."""
    return render(issue.key, lang, **issue.params)


def _sheet(sheet: SheetResult, lang: str) -> dict[str, Any]:
    """One sheet of an input file: how it was recognised, plus its warnings."""
    doc = sheet.document
    parts = sheet.sections  # the OPD sections of a consolidated sheet
    out: dict[str, Any] = {
        "sheet": sheet.sheet,
        "document": sheet.kind,
        "confidence": sheet.confidence,
        "opd": opd_ref(doc.opd if doc is not None and not parts else None),
        "header_rows": list(sheet.header_rows),
        "data_rows": sheet.data_rows,
        "warnings": [_message(i, lang) for i in sheet.issues],
    }
    if parts:
        out["sections"] = [
            {"rows": [p.first_row, p.last_row], "opd": opd_ref(p.opd), "data_rows": p.data_rows}
            for p in parts
        ]
    return out


def _input(item: InputFile, lang: str) -> dict[str, Any]:
    """One input file: hash, status, error message (or null) and sheets."""
    return {
        "file": item.display,
        "sha256": item.sha256,
        "status": item.status,
        "error": None if item.error is None else _message(item.error, lang),
        "sheets": [_sheet(s, lang) for s in item.sheets],
    }


def _absorption(m: Measure | None) -> dict[str, Any] | None:
    """Budget, realised (rupiah, exact from sen), percent and target of an OPD, or null."""
    if m is None:
        return None
    return {
        "budget": m.denominator_sen / 100,
        "realised": None if m.numerator_sen is None else m.numerator_sen / 100,
        "percent": None if m.percent is None else round(m.percent, 2),
        "target": m.target,
    }


def _coverage(c: Coverage | None) -> dict[str, Any] | None:
    """Kinds read, needs missing (`realisasi/LRA`: any of them), core needs all met."""
    if c is None:
        return None
    return {
        "read": list(c.read),
        "missing": list(c.missing),
        "missing_core": list(c.missing_core),
        "complete": c.complete,
    }


def _problem(p: InputProblem, lang: str) -> dict[str, Any]:
    """One input problem: severity, wording, where (sheets and rows when merged)."""
    return {
        "severity": p.severity,
        "key": p.key,
        "message": problems.message(p, lang),
        "file": p.file,
        "sheets": list(p.sheets),
        "rows": list(p.rows),
        "cell": p.cell,
        "cells": list(p.cells),
        "count": p.count,
    }


def _opd_entry(s: OpdSummary, lang: str) -> dict[str, Any]:
    """Per-OPD summary: score, counts by severity, money at risk, absorption, months."""
    return {
        "code": s.opd.code,
        "name": s.opd.name,
        "score": s.score,
        "band": s.band,
        "findings": dict(s.counts),
        "amount_at_risk": s.amount_sen / 100,
        "absorption": _absorption(s.absorption),
        "coverage": _coverage(s.coverage),
        "period": {"year": s.year, "as_of": s.as_of, "last_data_date": s.last_data_date},
        "follow_up": {
            "open_recommendations": s.follow_up_open,
            "outstanding": s.follow_up_outstanding_sen / 100,
        },
    } | monthly_fields(s, lang)


def _rule_entry(o: RuleOutcome, lang: str) -> dict[str, Any]:
    """One rule rolled up over its per-OPD outcomes (rl_audit.engine.rollups)."""
    return {
        "id": o.rule_id,
        "title": o.title_in(lang),
        "bpk_code": o.bpk_code,
        "severity": o.severity.value,
        "status": o.status.value,
        "findings": o.findings,
        "reason": o.reason_in(lang),
    }


def _bpk_group(g: BpkGroup) -> dict[str, Any]:
    """Open findings of one BPK sub-group (or of all): count and money in rupiah."""
    return {"findings": g.count, "amount_at_risk": g.amount_sen / 100}


def _bpk_groups(report: AuditReport) -> dict[str, Any]:
    """Open findings and money per BPK sub-group (`1.04`), and over every group."""
    groups = [{"code": g.code} | _bpk_group(g) for g in report.bpk_groups]
    return {"groups": groups, "total": _bpk_group(report.bpk_total)}


def _changes(c: Changes) -> dict[str, Any]:
    """The comparison with the previous recorded run (nightly), money deltas in rupiah."""
    return {
        "previous_run": c.previous_run,
        "new": c.new,
        "resolved": c.resolved,
        "persisting": c.persisting,
        "per_opd": [
            {
                "code": o.opd.code,
                "name": o.opd.name,
                "new": o.new,
                "resolved": o.resolved,
                "persisting": o.persisting,
                "score_delta": o.score_delta,
                "amount_at_risk_delta": None
                if o.amount_delta_sen is None
                else o.amount_delta_sen / 100,
            }
            for o in c.per_opd
        ],
    }


def _provenance(p: Provenance) -> dict[str, Any]:
    """What the run used: config, rule pack hash, parameters, waivers, ignored files."""
    config = None if p.config is None else asdict(p.config) | {"source": p.config_source}
    return {
        "config": config,
        "rule_pack_sha256": p.rules_sha256,
        "parameters": p.parameters,
        "parameters_set": p.parameter_sources,
        "waivers": None if p.waivers is None else asdict(p.waivers),
        "ignored_files": list(p.ignored),
    }


def _fields(report: AuditReport, lang: str) -> list[tuple[str, Any]]:
    """The report's (key, value) pairs in schema order; findings `Streamed`, one at a time."""
    fields: list[tuple[str, Any]] = [
        ("schema_version", SCHEMA_VERSION),
        ("tool", {"name": TOOL_NAME, "version": __version__}),
        ("generated_at", report.generated_at),
        ("period", {"year": report.year, "as_of": report.as_of, "year_source": report.year_source}),
        ("rule_sets", [asdict(r) for r in report.rule_sets]),
        ("inputs", [_input(i, lang) for i in report.inputs]),
        ("problems", [_problem(p, lang) for p in report.problems]),
        ("opds", [_opd_entry(s, lang) for s in report.opds]),
        ("rules", [_rule_entry(o, lang) for o in report.rules]),
        ("bpk_groups", _bpk_groups(report)),
        ("focus", None if report.focus is None else focus_entry(report.focus)),
        ("findings", Streamed(map(FindingEncoder(lang).entry, report.findings))),
        ("stale_waivers", [asdict(w) for w in report.stale_waivers]),
    ]
    if report.provenance is not None:
        fields.append(("provenance", _provenance(report.provenance)))
    if report.changes is not None:
        fields.append(("changes", _changes(report.changes)))
    return fields


def report_dict(report: AuditReport, lang: str = "id") -> dict[str, Any]:
    """The whole report as a JSON-ready dict (schema_version 1); for tests and validation."""
    return {
        key: list(value.items) if isinstance(value, Streamed) else value
        for key, value in _fields(report, lang)
    }


def write_json(report: AuditReport, fh: BinaryIO, lang: str = "id") -> None:
    """Stream the report's JSON (and a final newline) into a binary file, finding by finding."""
    for chunk in iter_object(_fields(report, lang)):
        fh.write(chunk)
    fh.write(b"\n")


def to_json(report: AuditReport, lang: str = "id") -> str:
    """The report as UTF-8-friendly, indented JSON text (no trailing newline)."""
    return b"".join(iter_object(_fields(report, lang))).decode("utf-8")


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the report, shipped beside this module."""
    text = files("rl_audit.report").joinpath("report.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(doc: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` unless `doc` follows the report schema."""
    import jsonschema

    jsonschema.Draft202012Validator(schema()).validate(doc)
