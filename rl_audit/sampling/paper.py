"""The working paper (kertas kerja pemeriksaan) of a sample: xlsx and JSON.

Sheet 1 holds the parameters and the population totals (machine key, label, value);
sheet 2 one row per selected item: sample id, location, amount, the document's key
columns, the certainty flag and stratum, the auditor's empty columns (`Diuji`,
`Salah saji (Rp)`, `Catatan`) and a checksum of the row's other values, so a paper whose
rows were reordered, deleted or edited outside the auditor's columns is refused when it
is read back (`rl_audit.sampling.readback`). Every text from the input is made safe for a
cell (`rl_audit.report.xlsx.cells.text`: never a formula).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from rl_audit import __version__
from rl_audit.atomic import atomic_writer
from rl_audit.messages import label
from rl_audit.report.xlsx.cells import MONEY, text
from rl_audit.sampling.select import Pick, Sample

PARAMS_SHEET, ITEMS_SHEET = "Parameter", "Sampel"
MONEY_KEYS = frozenset({"interval", "tolerable", "expected", "population_value", "certainty_value"})
ITEM_COLUMNS = (  # label keys of sheet 2, in order; the auditor's columns after `certainty`
    "sample_col_id", "sample_col_file", "sample_col_sheet", "sample_col_cell", "sample_col_row",
    "sample_col_amount", "sample_col_date", "sample_col_ref", "sample_col_text",
    "sample_col_certainty", "sample_col_stratum",
    "sample_col_tested", "sample_col_misstatement", "sample_col_note", "sample_col_checksum",
)  # fmt: skip
DATA_WIDTH = 11  # the columns covered by the checksum
TESTED, MISSTATEMENT, NOTE, CHECKSUM = 11, 12, 13, 14  # 0-based positions
YES = "ya"


def sample_id(number: int) -> str:
    """The sample id of the `number`th row (1-based), e.g. S0001."""
    return f"S{number:04d}"


def parameters(sample: Sample) -> dict[str, Any]:
    """The paper's parameters, canonical (money in sen), without the checksum."""
    pop, picks = sample.population, sample.picks
    sure = [p.item.amount for p in picks if p.certainty]
    found: dict[str, Any] = {
        "method": sample.method, "document": pop.document, "amount_column": pop.amount_column,
        "opd_code": text(pop.opd_code), "opd_name": text(pop.opd_name), "seed": sample.seed,
        "sample_size": len(picks), "interval": sample.interval, "confidence": sample.confidence,
        "tolerable": sample.tolerable, "expected": sample.expected,
        "population_count": len(pop.items), "population_value": pop.value,
        "certainty_count": len(sure), "certainty_value": sum(sure),
    }  # fmt: skip
    for number, (low, high, count, value) in enumerate(sample.strata, 1):
        found[f"stratum_{number}"] = f"{low}..{'' if high is None else high}:{count}:{value}"
    return found


def digest(*parts: object) -> str:
    """The first 16 hex digits of the sha256 of `parts` (None as empty)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def params_checksum(params: dict[str, Any]) -> str:
    """The checksum of the canonical parameters (key order as written)."""
    return digest(*(f"{k}={v}" for k, v in params.items()))


def item_values(number: int, pick: Pick) -> list[Any]:
    """The checksummed values of one item row (amount in sen), as written to the cells."""
    item = pick.item
    return [
        sample_id(number), text(item.file), text(item.sheet), item.cell, item.row, item.amount,
        text(item.tanggal), text(item.no_bukti), text(item.uraian),
        YES if pick.certainty else "", pick.stratum or None,
    ]  # fmt: skip


def write_xlsx(sample: Sample, path: Path, lang: str) -> None:
    """Write the working paper of `sample` to `path` (atomically)."""
    params = parameters(sample)
    seal = params_checksum(params)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = PARAMS_SHEET
    first.append(["key", label("sample_col_param", lang), label("sample_col_value", lang)])
    for key, value in {**params, "created_by": f"rl-audit {__version__}", "checksum": seal}.items():
        first.append([key, param_label(key, lang), _cell(key, value)])
        if key in MONEY_KEYS:
            first.cell(first.max_row, 3).number_format = MONEY
    _items_sheet(book, sample, seal, lang)
    with atomic_writer(path) as fh:
        book.save(fh)


def param_label(key: str, lang: str) -> str:
    """The label of a parameter (`stratum_N`: bounds in sen, count, value in sen)."""
    if key.startswith("stratum_"):
        return label("sample_param_stratum", lang, number=key.removeprefix("stratum_"))
    return label(f"sample_param_{key}", lang)


def _cell(key: str, value: Any) -> Any:
    """A parameter as written: money in Rupiah."""
    return value / 100 if key in MONEY_KEYS and value is not None else value


def _items_sheet(book: Workbook, sample: Sample, seal: str, lang: str) -> None:
    """Sheet 2: the header and one row per selected item."""
    sheet = book.create_sheet(ITEMS_SHEET)
    sheet.append([label(key, lang) for key in ITEM_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, pick in enumerate(sample.picks, 1):
        values = item_values(number, pick)
        row = [*values[:5], values[5] / 100, *values[6:], None, None, None, digest(seal, *values)]
        sheet.append(row)
        sheet.cell(sheet.max_row, 6).number_format = MONEY
    sheet.freeze_panes = "B2"


def write_json(sample: Sample, path: Path) -> None:
    """Write the paper as JSON (money in sen): parameters, and the selected items."""
    params = parameters(sample)
    names = ("id", "file", "sheet", "cell", "row", "amount_sen", "date", "ref", "text")
    items = []
    for number, pick in enumerate(sample.picks, 1):
        values = item_values(number, pick)
        items.append(dict(zip(names, values, strict=False)) | _flags(pick))
    body = {"parameters": params | {"checksum": params_checksum(params)}, "items": items}
    with atomic_writer(path) as fh:
        fh.write(json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")


def _flags(pick: Pick) -> dict[str, Any]:
    """The certainty flag and stratum of one JSON item."""
    return {"certainty": pick.certainty, "stratum": pick.stratum or None}


def file_name(sample: Sample, suffix: str) -> str:
    """The paper's file name: kkp-METHOD-OPD.SUFFIX (OPD as a plain slug)."""
    pop = sample.population
    slug = re.sub(r"[^a-z0-9]+", "-", (pop.opd_name or pop.opd_code).lower()).strip("-")
    return f"kkp-{sample.method}-{pop.document}-{slug or 'opd'}.{suffix}"
