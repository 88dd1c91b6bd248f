"""Exact, load-safe encoding of an ingest result for `rl_audit.cache.files`.

An `InputFile` becomes a JSON-safe dict (file, sheets, documents, issues) plus one
Parquet blob per `Document.frame`. Nothing is pickled: loading a tampered entry can
only fail (any exception means "not usable"), never run code.

Frames are written column by column under positional names (`c0`, `c1`, ...); the
real column labels and a dtype tag per column live in the JSON, and reading casts each
Arrow column back to exactly that dtype. Supported: numpy int/uint/float/bool and
`datetime64[s|ms|us|ns]`, pandas `Int*`/`UInt*`/`Float*`/`boolean`, both string dtypes
(`str` and `string`, either storage), and `object` columns holding only text and
`None`, on a `RangeIndex`. Anything else raises `Uncacheable` when storing: the result
is then simply not cached (re-parsed next time) rather than stored inexactly.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from rl_audit.documents import ColumnMap, Document, InputFile, Issue, OpdRef, SheetResult

_NUMPY = re.compile(r"(u?int(8|16|32|64)|float(32|64)|bool|datetime64\[(s|ms|us|ns)\])")
_MASKED = {f"{p}{n}" for p in ("Int", "UInt") for n in (8, 16, 32, 64)} | {
    "Float32",
    "Float64",
    "boolean",
}
_STRING = re.compile(r"(str|string)\[(python|pyarrow)\]")

Json = dict[str, Any]


class Uncacheable(Exception):
    """A result that cannot be stored so that it loads back exactly."""


# --- frames ----------------------------------------------------------------------------


def dtype_tag(dtype: Any) -> str:
    """Name a supported dtype (`np:int64`, `Int64`, `str[pyarrow]`, `object`, ...)."""
    if isinstance(dtype, pd.StringDtype):
        family = "string" if dtype.na_value is pd.NA else "str"
        return f"{family}[{dtype.storage}]"
    if isinstance(dtype, np.dtype) and dtype == np.dtype(object):
        return "object"
    if isinstance(dtype, np.dtype) and _NUMPY.fullmatch(dtype.name):
        return f"np:{dtype.name}"
    if str(dtype) in _MASKED:
        return str(dtype)
    raise Uncacheable(f"unsupported dtype {dtype!r}")


def tag_dtype(tag: str) -> Any:
    """The dtype a tag names; ValueError for a tag this module never writes."""
    if tag == "object":
        return np.dtype(object)
    if tag.startswith("np:") and _NUMPY.fullmatch(tag[3:]):
        return np.dtype(tag[3:])
    if tag in _MASKED:
        return pd.api.types.pandas_dtype(tag)
    found = _STRING.fullmatch(tag)
    if found:
        na = pd.NA if found[1] == "string" else np.nan
        return pd.StringDtype(storage=found[2], na_value=na)
    raise ValueError(f"unknown dtype tag {tag!r}")


def _to_arrow(series: pd.Series, tag: str) -> pa.Array:
    if tag == "object":
        values = series.tolist()
        if not all(v is None or isinstance(v, str) for v in values):
            raise Uncacheable(f"column {series.name!r}: object values other than text")
        return pa.array(values, type=pa.large_string())
    if tag.startswith("np:"):
        return pa.array(series.to_numpy())
    return pa.array(series.array)


def _from_arrow(column: pa.ChunkedArray, tag: str) -> pd.Series:
    dtype = tag_dtype(tag)
    if tag == "object":
        if not pa.types.is_large_string(column.type):
            raise ValueError(f"object column stored as {column.type}")
        values = np.empty(len(column), dtype=object)
        values[:] = column.to_pylist()
        return pd.Series(values, dtype=object, copy=False)
    if tag.startswith("np:"):
        if column.null_count and dtype.kind in "iub":
            raise ValueError(f"nulls in a {dtype} column")
        return pd.Series(column.to_numpy().astype(dtype, copy=False), copy=False)
    return pd.Series(dtype.__from_arrow__(column), dtype=dtype, copy=False)


def frame_to_parquet(frame: pd.DataFrame) -> tuple[bytes, Json]:
    """Parquet bytes of `frame` and the JSON facts needed to rebuild it exactly."""
    index = frame.index
    if not isinstance(index, pd.RangeIndex) or frame.attrs:
        raise Uncacheable("frame without a plain RangeIndex")
    labels = list(frame.columns)
    if not all(isinstance(c, str) for c in labels) or frame.columns.name is not None:
        raise Uncacheable("column labels other than text")
    tags = [dtype_tag(frame.iloc[:, i].dtype) for i in range(len(labels))]
    arrays = [_to_arrow(frame.iloc[:, i], tags[i]) for i in range(len(labels))]
    table = pa.table({f"c{i}": a for i, a in enumerate(arrays)}) if arrays else pa.table({})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    meta = {
        "columns": labels,
        "columns_dtype": dtype_tag(frame.columns.dtype),
        "dtypes": tags,
        "index": [index.start, index.stop, index.step, index.name],
    }
    return buffer.getvalue(), meta


def frame_from_parquet(data: bytes, meta: Json) -> pd.DataFrame:
    """Rebuild the frame written by `frame_to_parquet`; raises on any inconsistency."""
    table = pq.read_table(pa.BufferReader(data))
    labels, tags = list(meta["columns"]), list(meta["dtypes"])
    if table.column_names != [f"c{i}" for i in range(len(labels))] or len(tags) != len(labels):
        raise ValueError("stored columns do not match their description")
    start, stop, step, name = meta["index"]
    index = pd.RangeIndex(int(start), int(stop), int(step), name=name)
    columns = {i: _from_arrow(table.column(i), tag) for i, tag in enumerate(tags)}
    frame = pd.DataFrame(columns, index=index) if columns else pd.DataFrame(index=index)
    if len(frame) != len(index) or len(table) != len(index):
        raise ValueError("stored rows do not match the index")
    frame.columns = pd.Index(labels, dtype=tag_dtype(meta["columns_dtype"]))
    return frame


# --- metadata --------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A JSON-safe copy of an issue parameter; `Uncacheable` for what JSON cannot keep."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: plain(v) for k, v in value.items()}
    raise Uncacheable(f"parameter of type {type(value).__name__}")


def _issue(issue: Issue) -> list[Any]:
    row = None if issue.row is None else int(issue.row)
    return [issue.key, issue.level, plain(issue.params), issue.file, issue.sheet, row, issue.cell]


def _load_issue(data: list[Any], old: str, new: str) -> Issue:
    key, level, params, file, sheet, row, cell = data
    if not isinstance(params, dict):
        raise ValueError("issue parameters are not a mapping")
    return Issue(key, level, params, new if file == old else file, sheet, row, cell)


def _mapping(mapping: list[ColumnMap]) -> list[list[Any]]:
    return [[m.letter, m.header, m.canonical, m.match] for m in mapping]


def _load_mapping(data: list[list[Any]]) -> list[ColumnMap]:
    return [
        ColumnMap(str(a), str(b), None if c is None else str(c), None if d is None else str(d))
        for a, b, c, d in data
    ]


def _opd(opd: OpdRef | None) -> list[Any] | None:
    return None if opd is None else [opd.code, opd.name, opd.registered, opd.source, opd.short]


def _load_opd(data: list[Any] | None) -> OpdRef | None:
    return None if data is None else OpdRef(*data)


def _document(doc: Document, sheet: SheetResult, frames: list[pd.DataFrame]) -> Json:
    frames.append(doc.frame)
    return {
        "file": doc.file,
        "sheet": doc.sheet,
        "kind": doc.kind,
        "confidence": float(doc.confidence),
        "opd": _opd(doc.opd),
        "frame": len(frames) - 1,
        "columns": plain(doc.columns),
        "header_rows": [int(r) for r in doc.header_rows],
        "mapping": None if doc.mapping is sheet.mapping else _mapping(doc.mapping),
        "preamble": plain(doc.preamble),
        "title": doc.title,
        "warnings": None if doc.warnings is sheet.issues else [_issue(i) for i in doc.warnings],
        "title_year": None if doc.title_year is None else int(doc.title_year),
    }


def _load_document(
    data: Json, sheet: SheetResult, frames: list[pd.DataFrame], old: str, new: str
) -> Document:
    mapping = data["mapping"]
    warnings = data["warnings"]
    return Document(
        new if data["file"] == old else data["file"],
        data["sheet"],
        data["kind"],
        data["confidence"],
        _load_opd(data["opd"]),
        frames[data["frame"]],
        dict(data["columns"]),
        list(data["header_rows"]),
        sheet.mapping if mapping is None else _load_mapping(mapping),
        dict(data["preamble"]),
        data["title"],
        sheet.issues if warnings is None else [_load_issue(i, old, new) for i in warnings],
        _load_year(data["title_year"]),
    )


def _load_year(value: Any) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError("title year is not a whole number")
    return value


def _sheet(sheet: SheetResult, frames: list[pd.DataFrame]) -> Json:
    return {
        "sheet": sheet.sheet,
        "kind": sheet.kind,
        "confidence": float(sheet.confidence),
        "header_rows": [int(r) for r in sheet.header_rows],
        "mapping": _mapping(sheet.mapping),
        "data_rows": int(sheet.data_rows),
        "role_counts": {str(k): int(v) for k, v in sheet.role_counts.items()},
        "special_rows": [[int(r), str(role), str(text)] for r, role, text in sheet.special_rows],
        "candidates": [[str(k), float(c)] for k, c in sheet.candidates],
        "issues": [_issue(i) for i in sheet.issues],
        "documents": [_document(doc, sheet, frames) for doc in sheet.documents],
    }


def _load_sheet(data: Json, frames: list[pd.DataFrame], old: str, new: str) -> SheetResult:
    sheet = SheetResult(
        data["sheet"],
        [],
        data["kind"],
        data["confidence"],
        list(data["header_rows"]),
        _load_mapping(data["mapping"]),
        data["data_rows"],
        dict(data["role_counts"]),
        [(int(r), str(role), str(text)) for r, role, text in data["special_rows"]],
        [(str(k), float(c)) for k, c in data["candidates"]],
        [_load_issue(i, old, new) for i in data["issues"]],
    )
    sheet.documents = [_load_document(d, sheet, frames, old, new) for d in data["documents"]]
    return sheet


def encode_file(result: InputFile) -> tuple[Json, list[pd.DataFrame]]:
    """The JSON-safe description of `result` and its frames, in the order it names them."""
    frames: list[pd.DataFrame] = []
    data = {
        "display": result.display,
        "sha256": result.sha256,
        "status": result.status,
        "sheets": [_sheet(s, frames) for s in result.sheets],
        "error": None if result.error is None else _issue(result.error),
    }
    return data, frames


def decode_file(data: Json, frames: list[pd.DataFrame], path: Path, display: str) -> InputFile:
    """Rebuild an `InputFile` read as `path`, shown as `display` (issues and documents too)."""
    old = data["display"]
    error = data["error"]
    return InputFile(
        path,
        display,
        data["sha256"],
        data["status"],
        [_load_sheet(s, frames, old, display) for s in data["sheets"]],
        None if error is None else _load_issue(error, old, display),
    )
