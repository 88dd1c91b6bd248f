"""Turn a located, recognised table into a typed `Document` frame.

Canonical columns are parsed by type (money → Int64 sen, dates, codes as text);
unmapped columns are kept as extras; every row keeps its Excel row number and
gets a role. Values that cannot be read become warnings naming their cell.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from rl_audit.catalog.kinds import KindSpec
from rl_audit.documents import ROLE, ROW, UNREADABLE, ColumnMap, Issue, RowRole
from rl_audit.ingest import blocks, values
from rl_audit.ingest.codetree import tree_issue
from rl_audit.ingest.colmatch import ColumnAssignment
from rl_audit.ingest.colnum import colnum_rows
from rl_audit.ingest.from_text import fill_from_text
from rl_audit.ingest.furniture import find_furniture
from rl_audit.ingest.group_heads import layout_rows as group_layout_rows
from rl_audit.ingest.layout import Layout
from rl_audit.ingest.months import parse_month
from rl_audit.ingest.read import column_letter
from rl_audit.ingest.roles import closing_breakdown, tag_roles
from rl_audit.ingest.title_year import title_year

PARSERS: dict[str, Callable[[pd.Series], values.Parsed]] = {
    "money": values.parse_money,
    "number": values.parse_number,
    "int": values.parse_int,
    "date": values.parse_date,
    "month": parse_month,
    "code": values.parse_code,
    "text": values.parse_text,
}
LABEL_COLUMNS = (
    "no",
    "uraian",
    "keterangan",
    "kode_rekening",
    "nama_barang",
    "nama",
    "nama_paket",
    "no_bukti",
    "nomor_dokumen",
    "kode_barang",
)


REPEATING_TYPES = ("text", "code", "date", "month")
# roles a column-number row inside the table may have been given by its cells alone
NUMBERING_MAY_BE = (RowRole.DATA.value, RowRole.SUBTOTAL.value, RowRole.DETAIL.value)
# rows whose cells are not values: no warning about what cannot be read in them
NOT_VALUES = (
    RowRole.FOOTER.value,
    RowRole.COLNUM.value,
    RowRole.HEADING.value,
    RowRole.PAGE.value,
    RowRole.CARRY.value,
)


def parse_column(series: pd.Series, type_: str, year: int | None = None) -> values.Parsed:
    """Parse a column; text-like columns that repeat are parsed once per distinct value.

    `year` (the document's title year) completes a month written without one.
    """
    parser = partial(parse_month, year=year) if type_ == "month" else PARSERS[type_]
    if type_ not in REPEATING_TYPES or series.dtype.kind in "fiumM":
        return parser(series)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) == 0 or len(uniques) > len(series) // 2:
        return parser(series)
    once = parser(pd.Series(uniques, dtype=series.dtype))
    present = codes >= 0
    take = np.where(present, codes, 0)
    vals = once.values.take(take).where(present)
    vals.index = series.index
    bad = pd.Series(np.asarray(once.bad, dtype=bool)[take] & present, index=series.index)
    return values.Parsed(vals, bad, once.note, once.locale)


def drop_blank_rows(raw: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Remove rows whose cells are all empty (they cannot hold money).

    The kept rows' blank-cell mask (`values.blank_frame`) comes with them.
    """
    blank = values.blank_frame(raw)
    if raw.empty:
        return raw, blank
    kept = ~blank.all(axis=1)
    return raw.loc[kept], blank[kept]


CELLS_SHOWN = 10  # unreadable cells whose value a message quotes; every cell is kept
VALUE_SHOWN = 40
_AMBIGUOUS = r"^[^0-9]*[0-9]{1,3}[.,][0-9]{3}[^0-9.,]*$"


def _issue(key: str, name: str, letter: str, row: int, example: object, **extra: object) -> Issue:
    cell = f"{letter}{row}"
    params = {"column": name, "example": str(example), "cell": cell, **extra}
    return Issue(key, params=params, row=row, cell=cell)


def _unparsed_issue(name: str, letter: str, rows: list[int], raw: pd.Series, type_: str) -> Issue:
    """One issue naming every unreadable cell of a column (`cells`), the first values too."""
    shown = [_shown(raw.loc[r]) for r in rows[:CELLS_SHOWN]]
    cells = [f"{letter}{r}" for r in rows]
    return _issue(
        "value_unparsed", name, letter, rows[0], shown[0],
        count=len(rows), type=type_, cells=cells, values=shown,
    )  # fmt: skip


def _shown(value: object) -> str:
    """A cell's value as the user typed it, cut to a readable length."""
    text = str(value)
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


def _note_example(raw: pd.Series, note: str) -> pd.Series:
    """The cells that made a column ambiguous, or the codes stored as numbers."""
    if note == "code_as_number":
        numeric = raw if raw.dtype.kind in "fiu" else pd.to_numeric(raw, errors="coerce")
        return raw[numeric.notna()]
    text = raw.dropna().astype(str)
    return text[text.str.match(_AMBIGUOUS)]


def _value_issues(
    name: str, letter: str, parsed: values.Parsed, raw: pd.Series, type_: str
) -> list[Issue]:
    """Warnings for cells that could not be read and for columns read with a doubt."""
    issues: list[Issue] = []
    bad = parsed.bad[parsed.bad]
    if len(bad):
        issues.append(_unparsed_issue(name, letter, [int(r) for r in bad.index], raw, type_))
    if parsed.note in ("ambiguous", "code_as_number"):
        examples = _note_example(raw, parsed.note)
        if len(examples):
            key = "value_ambiguous_locale" if parsed.note == "ambiguous" else "code_as_number"
            row = int(examples.index[0])
            issues.append(
                _issue(key, name, letter, row, examples.iloc[0], locale=parsed.locale or "id")
            )
    return issues


def _parse_canonical(
    raw: pd.DataFrame, mapping: dict[int, str], spec: KindSpec, year: int | None
) -> dict[int, values.Parsed]:
    return {
        col: parse_column(raw[col], spec.columns[name].type, year)
        for col, name in mapping.items()
        if col in raw.columns
    }


def _all_value_issues(
    raw: pd.DataFrame,
    parsed: dict[int, values.Parsed],
    mapping: dict[int, str],
    spec: KindSpec,
    keep: pd.Series,
) -> list[Issue]:
    """Parse warnings, ignoring footer rows (signature text under money columns)."""
    issues: list[Issue] = []
    for col, p in parsed.items():
        name = mapping[col]
        sub = values.Parsed(p.values[keep], p.bad[keep], p.note, p.locale)
        issues += _value_issues(
            name, column_letter(col), sub, raw[col][keep], spec.columns[name].type
        )
    return issues


def _extra_name(col: int, headers: dict[int, list[str]], taken: set[str]) -> str:
    base = " ".join(headers.get(col, [])) or f"kolom {column_letter(col)}"
    return base if base not in taken else f"{base} ({column_letter(col)})"


def _extras(
    raw: pd.DataFrame, mapping: dict[int, str], headers: dict[int, list[str]], taken: set[str]
) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for col in raw.columns:
        if col in mapping or (col not in headers and raw[col].isna().all()):
            continue
        name = _extra_name(int(col), headers, taken | set(out))
        out[name] = raw[col]
    return out


def _labels(
    raw: pd.DataFrame, canon: dict[str, pd.Series], mapping: dict[int, str]
) -> pd.DataFrame:
    """Cells that name a row (`Jumlah`, `Saldo Awal`): label columns and the first three."""
    cols = {n: canon[n] for n in LABEL_COLUMNS if n in canon}
    for col in list(raw.columns)[:3]:
        if mapping.get(col) not in cols:
            cols[f"_c{col}"] = raw[col]
    return pd.DataFrame({k: v.astype("string") for k, v in cols.items()}, index=raw.index)


def _text_columns(raw: pd.DataFrame) -> pd.DataFrame:
    """Every column that holds text (where a signature block may stand)."""
    return raw[[c for c in raw.columns if raw[c].dtype.kind in "OUT" or raw[c].dtype == "str"]]


def _key_code(canon: dict[str, pd.Series]) -> pd.Series | None:
    """The code that identifies a row (a row that has one is never a total)."""
    return canon.get("kode_rekening", canon.get("kode_barang"))


def _money(canon: dict[str, pd.Series], spec: KindSpec) -> pd.DataFrame:
    names = [n for n in canon if spec.columns[n].type == "money"]
    return pd.DataFrame({n: canon[n] for n in names})


def _footer_money_issues(
    frame: pd.DataFrame, money: pd.DataFrame, expected: pd.Series
) -> list[Issue]:
    """Footer rows holding money, except the closing cash line's breakdown (`expected`)."""
    footer = (frame[ROLE] == RowRole.FOOTER.value) & ~expected.to_numpy(dtype=bool)
    hits = money.notna().any(axis=1) & footer if not money.empty else footer & False
    return [
        Issue("money_in_footer", params={"row": int(r)}, row=int(r))
        for r in frame.loc[hits, ROW].head(5)
    ]


def _unreadable(parsed: dict[int, values.Parsed], index: pd.Index) -> pd.Series:
    """Rows with a canonical cell that holds something but could not be read."""
    masks = [p.bad.reindex(index, fill_value=False) for p in parsed.values()]
    if not masks:
        return pd.Series(False, index=index)
    return pd.concat(masks, axis=1).any(axis=1).astype(bool)


def build_frame(
    raw: pd.DataFrame, layout: Layout, mapping: dict[int, str], spec: KindSpec
) -> tuple[pd.DataFrame, dict[str, str], list[Issue]]:
    """Typed document frame (canonical + extras + `_row` + `_role`), column letters, issues."""
    raw, blank = drop_blank_rows(raw.loc[raw.index >= layout.first_data_row])
    year = title_year(layout.preamble, layout.free_title.splitlines())
    parsed = _parse_canonical(raw, mapping, spec, year)
    canon = {mapping[col]: p.values for col, p in parsed.items()}
    derived = fill_from_text(canon, spec)
    money = _money(canon, spec)
    labels = _labels(raw, canon, mapping)
    found = blocks.find_blocks(raw, layout, money) if spec.name in blocks.BLOCK_KINDS else None
    layout_rows = group_layout_rows(raw, spec.name, None if found is None else found.layout_rows)
    numbering = colnum_rows(raw, blank)
    furniture = find_furniture(raw, layout, money, labels, numbering)
    code, text = _key_code(canon), _text_columns(raw)
    role = tag_roles(labels, money, spec.name, code, text, layout_rows, furniture)
    closing = closing_breakdown(labels, money, code).reset_index(drop=True)
    role = role.mask(numbering & role.isin(NUMBERING_MAY_BE), RowRole.COLNUM.value)
    if found is not None:
        canon = blocks.carry_down(canon, found, role)
    keep = ~role.isin(NOT_VALUES)
    issues = _all_value_issues(raw, parsed, mapping, spec, keep)
    extras = _extras(raw, mapping, layout.headers, set(canon))
    frame = pd.DataFrame({**canon, **extras}, index=raw.index)
    frame[ROW] = raw.index.astype("int64")
    frame[ROLE] = role
    frame[UNREADABLE] = _unreadable(parsed, raw.index) & keep
    frame = frame.reset_index(drop=True)
    letters = {name: column_letter(col) for col, name in mapping.items()}
    letters |= {name: letters[src] for name, src in derived.items()}  # its cell: the source's
    issues += _footer_money_issues(frame, money.reset_index(drop=True), closing)
    tree = tree_issue(frame, letters, spec.name)  # a code tree that cannot be checked
    return frame, letters, issues + ([tree] if tree else [])


def column_maps(layout: Layout, mapping: dict[int, str]) -> list[ColumnMap]:
    """Header text → canonical column (or None for extras) and how it matched, in sheet order.

    A plain dict mapping (no `ColumnAssignment.tiers`) counts as exact matches.
    """
    tiers = mapping.tiers if isinstance(mapping, ColumnAssignment) else {}
    return [
        ColumnMap(
            column_letter(col),
            " / ".join(parts),
            mapping.get(col),
            tiers.get(col, "exact") if col in mapping else None,
        )
        for col, parts in sorted(layout.headers.items())
    ]
