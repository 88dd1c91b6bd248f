"""Vectorised parsing of amounts: money to exact sen, numbers, whole numbers.

Text amounts are lexed with pyarrow string kernels: currency prefixes, `,-` suffixes,
parentheses and dashes, scientific notation, Indonesian or US separators (the locale
decided per column, ambiguity reported); money becomes int64 sen from its digit
strings, never through float. Shared column helpers are in :mod:`rl_audit.ingest.columns`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rl_audit.ingest import columns as col
from rl_audit.ingest.columns import Cells, Parsed

_CURRENCIES = ("", "rp", "rp.", "idr", "idr.")
_PREFIXES = sorted(
    "".join(p)
    for p in itertools.product(("", "("), ("", "-", "+"), _CURRENCIES, ("", "("), ("", "-", "+"))
    if len(p[0] + p[3]) <= 1 and len(p[1] + p[4]) <= 1
)
_ZEROS = [cur + "-" * k for cur in _CURRENCIES for k in (1, 2, 3)]
_ID_OK = r"^(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?\Z"
_US_OK = r"^(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\Z"
_SCI_OK = r"^(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)e[-+]?[0-9]+\Z"  # no two runs of digits in a row


@dataclass(frozen=True)
class _Lex:
    """Text cells lexed as numbers: sign, canonical 'digits.digits' string, extras."""

    neg: np.ndarray  # bool
    canon: pd.Series  # col.STR "1234567.89" (unsigned, '.' decimal) or NaN
    sci: np.ndarray  # float64 value of scientific-notation cells (unsigned) or NaN
    zero: np.ndarray  # bool: a lone dash
    pct: np.ndarray  # bool: had a % suffix
    bad: np.ndarray  # bool: non-blank text that is not a number
    locale: str | None
    note: str | None


def _canonical(body: pd.Series, group_ambiguous: bool) -> tuple[pd.Series, str | None, str | None]:
    """Rewrite digit bodies like '1.234,5' to '1234.5', deciding the locale per column."""
    has_sep = col.has(body, "[.,]")
    id_ok, us_ok = col.has(body, _ID_OK), col.has(body, _US_OK)
    ev_id, ev_us, amb = id_ok & ~us_ok, us_ok & ~id_ok, id_ok & us_ok & has_sep
    # '750000.5' is how a number cell of a mixed column reads as text: no locale vote
    machine = col.has(body, r"^[0-9]+\.[0-9]*[1-9]\z")
    n_id, n_us = int(ev_id.sum()), int((ev_us & ~machine).sum())
    if not (n_id or n_us):  # nothing else to go by: machine-looking numbers decide
        n_us = int(ev_us.sum())
    n_amb = 0 if group_ambiguous else int(amb.sum())
    locale = "us" if n_us > n_id else "id"
    note = "ambiguous" if (n_id and n_us) or (n_amb and not (n_id or n_us)) else None
    if group_ambiguous:  # the lone separator in '1.234' / '1,234' groups thousands
        amb_comma = col.has(body, ".", regex=False)
    else:
        amb_comma = np.full(len(body), locale == "id")
    id_form = body.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    canon = id_form.where(ev_id | (amb & amb_comma), body.str.replace(",", "", regex=False))
    return canon.where(id_ok | us_ok), (locale if has_sep.any() else None), note


def _compact(text: pd.Series) -> pd.Series:
    """Lowercase, drop all whitespace and map Unicode dashes to '-' (fast path for ASCII)."""
    t = text.str.replace(" ", "", regex=False)
    if not col.is_ascii(t):
        t = t.str.replace(col.WS, "", regex=True).str.replace(col.UDASH, "-", regex=True)
    elif col.has(t, "[\t\r\n\x0b\x0c]").any():
        t = t.str.replace(col.WS, "", regex=True)
    return t.str.lower()


def _cut_suffix(t: pd.Series, ends: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Remove one of the equally long suffixes `ends` where present; (text, had_it)."""
    found = np.zeros(len(t), dtype=bool)
    for end in ends:
        found |= np.asarray(t.str.endswith(end), dtype=bool)
    return t.where(~found, t.str.slice(0, -len(ends[0]))), found


def _no_text(text: pd.Series) -> _Lex:
    """What `_lex` finds in a column without any text cell: nothing."""
    no = np.zeros(len(text), dtype=bool)
    return _Lex(no, text, np.full(len(text), np.nan), no, no, no, None, None)


def _lex(text: pd.Series, group_ambiguous: bool = False) -> _Lex:
    """Lex text cells as Indonesian/US numbers (currency, sign, parentheses, %, ',-')."""
    if not col.flag(text).any():  # a column of numbers: no text to lex
        return _no_text(text)
    t = _compact(text)
    pre = col.extract(t, r"^(?P<pre>[(+rpid.-]*)")["pre"].fillna("")
    core, pct = _cut_suffix(t, ("%",))
    core, closed = _cut_suffix(core, (")",))
    core = _cut_suffix(core, (",-", ".-"))[0].str.lstrip("(+rpid.-")
    fix_ok = np.asarray(pre.isin(_PREFIXES)) & (col.has(pre, "(", regex=False) == closed)
    canon, locale, note = _canonical(core.where(fix_ok), group_ambiguous)
    sci = np.full(len(t), np.nan)
    if col.has(core, "e", regex=False).any():
        sci_txt = core.where(fix_ok & col.has(core, _SCI_OK)).str.replace(",", ".", regex=False)
        sci = col.floats(sci_txt)
    zero = np.asarray(t.isin(_ZEROS))
    bad = col.flag(text) & ~(zero | col.flag(canon) | ~np.isnan(sci)) & ~col.blank_text(text)
    neg = col.has(pre, "-", regex=False) | col.has(pre, "(", regex=False)
    return _Lex(neg, canon, sci, zero, pct, bad, locale, note)


def _text_sen(lex: _Lex) -> tuple[np.ndarray, np.ndarray]:
    """Exact int64 sen from canonical digit strings; returns (values, valid)."""
    if not (col.flag(lex.canon).any() or lex.zero.any() or np.isfinite(lex.sci).any()):
        return np.zeros(len(lex.neg), dtype="int64"), np.zeros(len(lex.neg), dtype=bool)
    parts = pc.split_pattern(pa.array((lex.canon + ".").array), ".", max_splits=1)
    whole = pd.Series(pc.list_element(parts, 0), dtype=col.STR).str.lstrip("0")
    fits = np.asarray(whole.str.len() <= 16)
    frac = pd.Series(pc.list_element(parts, 1), dtype=col.STR).str.rstrip(".") + "000"
    cents = col.ints(frac.str.slice(0, 2)) + np.asarray(frac.str.slice(2, 3) >= "5")
    sen = col.ints(whole.where(fits & (whole.str.len() > 0))) * 100 + cents
    sci_ok = np.isfinite(lex.sci) & (np.abs(lex.sci) < 9e16)
    sen = np.where(sci_ok, np.rint(np.nan_to_num(lex.sci) * 100).astype("int64"), sen)
    valid = (col.flag(lex.canon) & fits) | sci_ok | lex.zero
    return np.where(lex.zero, 0, sen * np.where(lex.neg, -1, 1)), valid


def _int_series(values: np.ndarray, valid: np.ndarray, index: pd.Index) -> pd.Series:
    """Build a nullable Int64 Series from int64 values and a validity mask."""
    arr = pd.arrays.IntegerArray(np.where(valid, values, 0).astype("int64"), ~valid)
    return pd.Series(arr, index=index, dtype="Int64")


def parse_money(s: pd.Series) -> Parsed:
    """Parse amounts (numbers or text like 'Rp 1.234.567,-', '(1.234,00)') to Int64 sen."""
    cells = col.split_cells(s)
    lex = _lex(cells.text)
    sen_txt, ok_txt = _text_sen(lex)
    num = cells.num
    ok_num = np.isfinite(num) & (np.abs(num) < 9e16)
    sen_num = np.rint(np.where(ok_num, num, 0.0) * 100).astype("int64")
    values = np.where(ok_num, sen_num, sen_txt)
    bad = lex.bad | (col.flag(cells.text) & lex.pct) | (~np.isnan(num) & ~ok_num) | cells.other
    valid = ok_num | (ok_txt & ~lex.pct)
    return Parsed(
        _int_series(values, valid, s.index), pd.Series(bad, index=s.index), lex.note, lex.locale
    )


def _number(cells: Cells, index: pd.Index, group_ambiguous: bool) -> Parsed:
    """Shared float64 parser behind parse_number and parse_int."""
    lex = _lex(cells.text, group_ambiguous)
    txt = np.where(np.isnan(lex.sci), col.floats(lex.canon), lex.sci)
    txt = np.where(lex.zero, 0.0, txt * np.where(lex.neg, -1.0, 1.0))
    values = np.where(np.isnan(cells.num), txt, cells.num)
    bad = lex.bad | np.isinf(cells.num) | cells.other
    values = np.where(bad | np.isinf(values), np.nan, values)
    return Parsed(pd.Series(values, index=index), pd.Series(bad, index=index), lex.note, lex.locale)


def parse_number(s: pd.Series) -> Parsed:
    """Parse quantities/percentages ('15,26', '(9.26)', '12,5 %', 1.5) to float64."""
    return _number(col.split_cells(s), s.index, group_ambiguous=False)


def parse_int(s: pd.Series) -> Parsed:
    """Parse whole numbers ('3', 3.0, '3 hari', '1.234') to Int64; fractions are bad."""
    cells = col.split_cells(s)
    unit = cells.text.str.lower().str.replace(rf"([0-9]){col.WS}[a-z]+\.?\Z", r"\1", regex=True)
    res = _number(Cells(unit, cells.num, cells.other), s.index, group_ambiguous=True)
    vals = res.values.to_numpy()
    whole = np.isfinite(vals) & (np.floor(vals) == vals) & (np.abs(vals) < 2.0**53)
    bad = res.bad.to_numpy() | (~np.isnan(vals) & ~whole)
    values = _int_series(np.where(whole, vals, 0).astype("int64"), whole, s.index)
    return Parsed(values, pd.Series(bad, index=s.index), res.note, res.locale)
