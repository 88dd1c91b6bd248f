"""Vectorised parsing of cell values from Indonesian finance spreadsheets.

Every parser takes a whole column (a pandas Series of float64, datetime64, string or
mixed object cells) and returns a :class:`Parsed` with the same index. Text is handled
by pyarrow string kernels (RE2 regular expressions, trims, casts) and numbers by numpy;
there is no per-row Python code except for the rare float that Python would print in
scientific notation (see :func:`parse_code`). Money is exact to the sen: text amounts
become int64 sen from their digit strings, never through float.

Shared column helpers live here; date parsing is in :mod:`rl_audit.ingest.dates`
(`parse_date` stays importable from this module).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # internal: missing = NaN, bool results
_OUT = pd.StringDtype("pyarrow")  # public text results: missing = <NA>
_WS_CHARS = " \t\r\n\x0b\x0c\u00a0\u1680\u2007\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_WS = f"[{_WS_CHARS}]+"
_UDASH = "[\u2013\u2014\u2212]"  # en dash, em dash, minus sign
_DASHES = ["-", "\u2013", "\u2014", "\u2212"]
_BLANK_WORDS = ["", "null", "undefined", "nan", "none"]
_CURRENCIES = ("", "rp", "rp.", "idr", "idr.")
_PREFIXES = sorted(
    "".join(p)
    for p in itertools.product(("", "("), ("", "-", "+"), _CURRENCIES, ("", "("), ("", "-", "+"))
    if len(p[0] + p[3]) <= 1 and len(p[1] + p[4]) <= 1
)
_ZEROS = [cur + "-" * k for cur in _CURRENCIES for k in (1, 2, 3)]
_ID_OK = r"^(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?\Z"
_US_OK = r"^(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\Z"
_SCI_OK = r"^[0-9]*[.,]?[0-9]+e[-+]?[0-9]+\Z"
_PUNCT = "[!-/:-@\\[-`{-~\u00a1-\u00bf\u2010-\u2027\u2030-\u205e]+"


@dataclass(frozen=True)
class Parsed:
    """Result of parsing one column: values, a mask of unparseable cells, notes."""

    values: pd.Series  # parsed values, same index as input
    bad: pd.Series  # bool mask: cell non-empty but could not be parsed
    note: str | None = None  # e.g. "ambiguous" when the number locale was uncertain
    locale: str | None = None  # money/number: "id" (1.234,5) or "us" (1,234.5) or None


@dataclass(frozen=True)
class _Cells:
    """A column split by cell type: text cells, numeric cells, anything else."""

    text: pd.Series  # _STR; NaN where the cell is not a string
    num: np.ndarray  # float64; NaN where the cell is not a number
    other: np.ndarray  # bool: non-null cell that is neither (datetimes, ...)


@dataclass(frozen=True)
class _Lex:
    """Text cells lexed as numbers: sign, canonical 'digits.digits' string, extras."""

    neg: np.ndarray  # bool
    canon: pd.Series  # _STR "1234567.89" (unsigned, '.' decimal) or NaN
    sci: np.ndarray  # float64 value of scientific-notation cells (unsigned) or NaN
    zero: np.ndarray  # bool: a lone dash
    pct: np.ndarray  # bool: had a % suffix
    bad: np.ndarray  # bool: non-blank text that is not a number
    locale: str | None
    note: str | None


def _split(s: pd.Series) -> _Cells:
    """Split a column of any dtype into text, numeric and other cells (vectorised)."""
    nan, none = np.full(len(s), np.nan), pd.Series(np.nan, index=s.index, dtype=_STR)
    no = np.zeros(len(s), dtype=bool)
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    if isinstance(s.dtype, pd.StringDtype):
        return _Cells(s.astype(_STR), nan, no)
    if pd.api.types.is_numeric_dtype(s.dtype):
        return _Cells(none, s.to_numpy(dtype="float64", na_value=np.nan), no)
    if s.dtype != object:
        return _Cells(none, nan, np.asarray(s.notna()))
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("string", "mixed", "mixed-integer"):
        is_text = s.notna() if kind == "string" else s.str.len().notna()
    else:
        is_text = s.isna() & False
    rest = s.where(~is_text)
    num = pd.to_numeric(rest, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return _Cells(s.where(is_text).astype(_STR), num, np.asarray(rest.notna()) & np.isnan(num))


def _extract(text: pd.Series, pattern: str) -> dict[str, pd.Series]:
    """Named regex groups of `pattern` as text columns (pyarrow RE2, no Python loop)."""
    found = pc.extract_regex(pa.array(text.array), pattern.replace(r"\Z", r"\z"))
    out = {}
    for i in range(found.type.num_fields):
        col = pd.Series(pc.struct_field(found, [i]), index=text.index, dtype=_STR)
        out[found.type.field(i).name] = col.where(col.str.len() > 0)  # unmatched → NaN
    return out


def _floats(text: pd.Series) -> np.ndarray:
    """Cast validated numeric strings to float64 with Arrow's parser (missing → NaN)."""
    return np.asarray(pc.cast(pa.array(text.array), pa.float64()).to_numpy(zero_copy_only=False))


def _ints(text: pd.Series) -> np.ndarray:
    """Cast validated digit strings to exact int64 (missing → 0)."""
    filled = pc.fill_null(pa.array(text.array), "0")
    return np.asarray(pc.cast(filled, pa.int64()).to_numpy(zero_copy_only=False), dtype="int64")


def _has(text: pd.Series, pattern: str, regex: bool = True) -> np.ndarray:
    """Bool array: `pattern` occurs in the cell (False for missing cells)."""
    return np.asarray(text.str.contains(pattern, regex=regex), dtype=bool)


def _flag(col: pd.Series) -> np.ndarray:
    """Bool array: the cell is present (e.g. an optional regex group matched)."""
    return np.asarray(col.notna())


def _squash(text: pd.Series, sep: str = " ") -> pd.Series:
    """Replace runs of whitespace (incl. NBSP) by `sep` and strip the ends."""
    return text.str.replace(_WS, sep, regex=True).str.strip(" ")


def _blank_text(text: pd.Series) -> np.ndarray:
    """Flag text cells that are empty or a placeholder word ('null', 'nan', ...)."""
    return np.asarray(text.str.strip(_WS_CHARS).str.lower().isin(_BLANK_WORDS))


def _blank(s: pd.Series, cells: _Cells) -> np.ndarray:
    """Blank cells of `s` (already split into `cells`) as a bool array."""
    return np.asarray(s.isna()) | _blank_text(cells.text)


def blank_mask(s: pd.Series) -> pd.Series:
    """Return True where the cell is empty: NA, whitespace only, or 'null'/'nan'/'None'."""
    return pd.Series(_blank(s, _split(s)), index=s.index)


def _canonical(body: pd.Series, group_ambiguous: bool) -> tuple[pd.Series, str | None, str | None]:
    """Rewrite digit bodies like '1.234,5' to '1234.5', deciding the locale per column."""
    has_sep = _has(body, "[.,]")
    id_ok, us_ok = _has(body, _ID_OK), _has(body, _US_OK)
    ev_id, ev_us, amb = id_ok & ~us_ok, us_ok & ~id_ok, id_ok & us_ok & has_sep
    # '750000.5' is how a number cell of a mixed column reads as text: no locale vote
    machine = _has(body, r"^[0-9]+\.[0-9]*[1-9]\z")
    n_id, n_us = int(ev_id.sum()), int((ev_us & ~machine).sum())
    if not (n_id or n_us):  # nothing else to go by: machine-looking numbers decide
        n_us = int(ev_us.sum())
    n_amb = 0 if group_ambiguous else int(amb.sum())
    locale = "us" if n_us > n_id else "id"
    note = "ambiguous" if (n_id and n_us) or (n_amb and not (n_id or n_us)) else None
    if group_ambiguous:  # the lone separator in '1.234' / '1,234' groups thousands
        amb_comma = _has(body, ".", regex=False)
    else:
        amb_comma = np.full(len(body), locale == "id")
    id_form = body.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    canon = id_form.where(ev_id | (amb & amb_comma), body.str.replace(",", "", regex=False))
    return canon.where(id_ok | us_ok), (locale if has_sep.any() else None), note


def _is_ascii(text: pd.Series) -> bool:
    """Whether every present cell is pure ASCII (lets regexes use cheap ASCII classes)."""
    return bool(pc.all(pc.string_is_ascii(pa.array(text.array))).as_py())


def _compact(text: pd.Series) -> pd.Series:
    """Lowercase, drop all whitespace and map Unicode dashes to '-' (fast path for ASCII)."""
    t = text.str.replace(" ", "", regex=False)
    if not _is_ascii(t):
        t = t.str.replace(_WS, "", regex=True).str.replace(_UDASH, "-", regex=True)
    elif _has(t, "[\t\r\n\x0b\x0c]").any():
        t = t.str.replace(_WS, "", regex=True)
    return t.str.lower()


def _cut_suffix(t: pd.Series, ends: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Remove one of the equally long suffixes `ends` where present; (text, had_it)."""
    found = np.zeros(len(t), dtype=bool)
    for end in ends:
        found |= np.asarray(t.str.endswith(end), dtype=bool)
    return t.where(~found, t.str.slice(0, -len(ends[0]))), found


def _lex(text: pd.Series, group_ambiguous: bool = False) -> _Lex:
    """Lex text cells as Indonesian/US numbers (currency, sign, parentheses, %, ',-')."""
    t = _compact(text)
    pre = _extract(t, r"^(?P<pre>[(+rpid.-]*)")["pre"].fillna("")
    core, pct = _cut_suffix(t, ("%",))
    core, closed = _cut_suffix(core, (")",))
    core = _cut_suffix(core, (",-", ".-"))[0].str.lstrip("(+rpid.-")
    fix_ok = np.asarray(pre.isin(_PREFIXES)) & (_has(pre, "(", regex=False) == closed)
    canon, locale, note = _canonical(core.where(fix_ok), group_ambiguous)
    sci = np.full(len(t), np.nan)
    if _has(core, "e", regex=False).any():
        sci_txt = core.where(fix_ok & _has(core, _SCI_OK)).str.replace(",", ".", regex=False)
        sci = _floats(sci_txt)
    zero = np.asarray(t.isin(_ZEROS))
    bad = _flag(text) & ~(zero | _flag(canon) | ~np.isnan(sci)) & ~_blank_text(text)
    neg = _has(pre, "-", regex=False) | _has(pre, "(", regex=False)
    return _Lex(neg, canon, sci, zero, pct, bad, locale, note)


def _text_sen(lex: _Lex) -> tuple[np.ndarray, np.ndarray]:
    """Exact int64 sen from canonical digit strings; returns (values, valid)."""
    parts = pc.split_pattern(pa.array((lex.canon + ".").array), ".", max_splits=1)
    whole = pd.Series(pc.list_element(parts, 0), dtype=_STR).str.lstrip("0")
    fits = np.asarray(whole.str.len() <= 16)
    frac = pd.Series(pc.list_element(parts, 1), dtype=_STR).str.rstrip(".") + "000"
    cents = _ints(frac.str.slice(0, 2)) + np.asarray(frac.str.slice(2, 3) >= "5")
    sen = _ints(whole.where(fits & (whole.str.len() > 0))) * 100 + cents
    sci_ok = np.isfinite(lex.sci) & (np.abs(lex.sci) < 9e16)
    sen = np.where(sci_ok, np.rint(np.nan_to_num(lex.sci) * 100).astype("int64"), sen)
    valid = (_flag(lex.canon) & fits) | sci_ok | lex.zero
    return np.where(lex.zero, 0, sen * np.where(lex.neg, -1, 1)), valid


def _int_series(values: np.ndarray, valid: np.ndarray, index: pd.Index) -> pd.Series:
    """Build a nullable Int64 Series from int64 values and a validity mask."""
    arr = pd.arrays.IntegerArray(np.where(valid, values, 0).astype("int64"), ~valid)
    return pd.Series(arr, index=index, dtype="Int64")


def parse_money(s: pd.Series) -> Parsed:
    """Parse amounts (numbers or text like 'Rp 1.234.567,-', '(1.234,00)') to Int64 sen."""
    cells = _split(s)
    lex = _lex(cells.text)
    sen_txt, ok_txt = _text_sen(lex)
    num = cells.num
    ok_num = np.isfinite(num) & (np.abs(num) < 9e16)
    sen_num = np.rint(np.where(ok_num, num, 0.0) * 100).astype("int64")
    values = np.where(ok_num, sen_num, sen_txt)
    bad = lex.bad | (_flag(cells.text) & lex.pct) | (~np.isnan(num) & ~ok_num) | cells.other
    valid = ok_num | (ok_txt & ~lex.pct)
    return Parsed(
        _int_series(values, valid, s.index), pd.Series(bad, index=s.index), lex.note, lex.locale
    )


def _number(cells: _Cells, index: pd.Index, group_ambiguous: bool) -> Parsed:
    """Shared float64 parser behind parse_number and parse_int."""
    lex = _lex(cells.text, group_ambiguous)
    txt = np.where(np.isnan(lex.sci), _floats(lex.canon), lex.sci)
    txt = np.where(lex.zero, 0.0, txt * np.where(lex.neg, -1.0, 1.0))
    values = np.where(np.isnan(cells.num), txt, cells.num)
    bad = lex.bad | np.isinf(cells.num) | cells.other
    values = np.where(bad | np.isinf(values), np.nan, values)
    return Parsed(pd.Series(values, index=index), pd.Series(bad, index=index), lex.note, lex.locale)


def parse_number(s: pd.Series) -> Parsed:
    """Parse quantities/percentages ('15,26', '(9.26)', '12,5 %', 1.5) to float64."""
    return _number(_split(s), s.index, group_ambiguous=False)


def parse_int(s: pd.Series) -> Parsed:
    """Parse whole numbers ('3', 3.0, '3 hari', '1.234') to Int64; fractions are bad."""
    cells = _split(s)
    unit = cells.text.str.lower().str.replace(rf"([0-9]){_WS}[a-z]+\.?\Z", r"\1", regex=True)
    res = _number(_Cells(unit, cells.num, cells.other), s.index, group_ambiguous=True)
    vals = res.values.to_numpy()
    whole = np.isfinite(vals) & (np.floor(vals) == vals) & (np.abs(vals) < 2.0**53)
    bad = res.bad.to_numpy() | (~np.isnan(vals) & ~whole)
    values = _int_series(np.where(whole, vals, 0).astype("int64"), whole, s.index)
    return Parsed(values, pd.Series(bad, index=s.index), res.note, res.locale)


def parse_date(s: pd.Series) -> Parsed:
    """Parse dates (datetimes, Excel serials, 'dd/mm/yyyy', '12 Agustus 2025', ...)."""
    from rl_audit.ingest.dates import parse_date as parse  # see there; dates imports us

    return parse(s)


def _render_numbers(s: pd.Series, mask: np.ndarray) -> pd.Series:
    """Render non-text cells as plain strings: '1.0' → '1', never scientific notation."""
    if not mask.any():
        return pd.Series(np.nan, index=s.index, dtype=_STR)
    out = s.where(mask).astype(object).astype(_STR).str.replace(r"\.0\Z", "", regex=True)
    sci = _has(out, "e", regex=False)
    if sci.any():  # rare (|x| >= 1e16 or < 1e-4): format those few cells one by one
        fixed = (
            s[sci]
            .astype("float64")
            .map(lambda x: format(x, ".0f") if x.is_integer() else np.format_float_positional(x))
        )
        out = out.mask(sci, fixed.astype(_STR))
    return out


def _to_out(text: pd.Series, blank: np.ndarray) -> pd.Series:
    """Public string result: blanks (incl. placeholder words) become <NA>."""
    return text.where(~(blank | _blank_text(text))).astype(_OUT)


def _is_dash(text: pd.Series) -> np.ndarray:
    """Cells holding only a dash: the exports' way of writing 'empty'."""
    return np.asarray(text.str.strip(_WS_CHARS).isin(_DASHES), dtype=bool)


def parse_code(s: pd.Series) -> Parsed:
    """Parse codes as text ('1.01 . 5.1 ' → '1.01.5.1'); numeric cells noted as lossy."""
    cells = _split(s)
    is_num = ~np.isnan(cells.num)
    text = _squash(cells.text).str.replace(r" ?\. ?", ".", regex=True).str.strip(" .")
    text = text.where(_flag(cells.text), _render_numbers(s, is_num))
    note = "code_as_number" if is_num.any() else None
    blank = cells.other | _is_dash(text.fillna(""))
    return Parsed(_to_out(text, blank), pd.Series(cells.other, index=s.index), note)


def parse_text(s: pd.Series) -> Parsed:
    """Normalise free text: NBSP → space, whitespace collapsed; blank or '-' → <NA>."""
    cells = _split(s)
    text = _squash(cells.text).where(_flag(cells.text), _render_numbers(s, ~np.isnan(cells.num)))
    if cells.other.any():
        text = text.where(~cells.other, _squash(s.where(cells.other).astype(object).astype(_STR)))
    dash = np.asarray(text.isin(_DASHES))
    return Parsed(_to_out(text, dash), pd.Series(False, index=s.index))


def fold_text(s: pd.Series) -> pd.Series:
    """Fold text for matching: lowercase, punctuation → space, whitespace collapsed.

    Long columns repeat their values, so each distinct value is folded once.
    """
    if len(s) > 1000:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if len(uniques) < len(s) // 2:
            once = _fold(pd.Series(uniques, dtype=object)).to_numpy()
            taken = pd.array(once.take(np.where(codes >= 0, codes, 0)), dtype=_OUT)
            return pd.Series(taken, index=s.index).where(codes >= 0)
    return _fold(s)


def _fold(s: pd.Series) -> pd.Series:
    text = parse_text(s).values.astype(_STR).str.lower()
    folded = _squash(text.str.replace(_PUNCT, " ", regex=True))
    return folded.where(folded.str.len() > 0).astype(_OUT)
