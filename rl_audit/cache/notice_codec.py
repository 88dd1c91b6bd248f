"""Exact JSON encoding of the notices a check met (`OpdRun.notices`) for the evaluation cache.

A notice is an `Issue`: key, level, parameters (plain text or integers, and `cells`, a list
of cell names), file, sheet, row and cell. Decoding checks every type; anything else raises
(a damaged entry is a cache miss).
"""

from __future__ import annotations

from typing import Any

from rl_audit.documents import Issue

_PLAIN = (str, int, float, bool, type(None))


def _checked(value: Any, *types: type) -> Any:
    """`value` when its exact type is one of `types`; ValueError otherwise."""
    if type(value) not in types:
        raise ValueError(f"unexpected {type(value).__name__} in a cached notice")
    return value


def encode_notice(issue: Issue) -> list[Any]:
    """`[key, level, {param: plain}, [cells], file, sheet, row, cell]`."""
    params = {k: v for k, v in issue.params.items() if k != "cells"}
    plain = {k: v if type(v) in _PLAIN else str(v) for k, v in params.items()}
    cells = [str(c) for c in issue.params.get("cells") or ()]
    return [issue.key, issue.level, plain, cells, issue.file, issue.sheet, issue.row, issue.cell]


def decode_notice(data: Any) -> Issue:
    """The `Issue` `encode_notice` wrote; ValueError for anything else."""
    if type(data) is not list or len(data) != 8:
        raise ValueError("a cached notice without the expected fields")
    key, level, params, cells, file, sheet, row, cell = data
    text, maybe = (str,), (str, type(None))
    loaded = {_checked(k, str): _checked(v, *_PLAIN) for k, v in _checked(params, dict).items()}
    if _checked(cells, list):
        loaded["cells"] = [_checked(c, str) for c in cells]
    where = (_checked(file, *maybe), _checked(sheet, *maybe))
    spot = (_checked(row, int, type(None)), _checked(cell, *maybe))
    return Issue(_checked(key, *text), _checked(level, *text), loaded, *where, *spot)
