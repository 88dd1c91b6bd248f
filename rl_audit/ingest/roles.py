"""Tag the role of every row below a header, vectorised.

Roles: data, opening balance, subtotal of a code tree, komponen detail, total,
page furniture and carry-over rows of printed exports, footer/signature.
No row that could hold money is dropped: roles only decide which rows rules see.

`Saldo pindahan` / `Jumlah pindahan` below data rows is a carried-over figure at a page
break (`carry`), not a new opening balance: an opening row restarts the running-balance
chain (`rl_audit.checks.running_balance`) and would hide a break at the page top, while a
carry row never reaches the rules, so the chain runs on across the page break. Only a
`Saldo pindahan` above every data row, the balance the sheet starts from, stays `opening`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from rl_audit.documents import RowRole
from rl_audit.ingest.codetree import parent_rows, section_rows
from rl_audit.ingest.textmask import frame_mask, regex_mask

if TYPE_CHECKING:
    from rl_audit.ingest.furniture import Furniture

_TOTAL = (
    r"^\s*(?:j\s*u\s*m\s*l\s*a\s*h|t\s*o\s*t\s*a\s*l|sub\s*total|grand\s*total|sisa\s*kas|"
    r"saldo\s*akhir|surplus|defisit|pembiayaan\s*netto)"
)
_OPENING = r"^\s*saldo\s*(?:awal|sebelum|bulan\s*lalu|lalu|tahun\s*lalu|pindahan)"
_FOOTER = (
    r"^\s*(?:mengetahui|menyetujui|disetujui|diperiksa|dibuat\s*oleh|nip\b|nip\.|"
    r"bendahara\s*(?:pengeluaran|penerimaan)?\s*$|pengguna\s*anggaran|kuasa\s*pengguna|"
    r"a\.?\s*n\.?\s|kepala\s*(?:dinas|badan|kantor)|direktur|"
    r"[a-z .]+,\s*\d{1,2}\s+[a-z]+\s+\d{4}\s*$)"
)
# the closing cash line of a cash book and its breakdown below it ("Terdiri dari:",
# "a. Kas Tunai", "- Saldo Bank", "Uang di Bank BPD"): a statement of the cash, not rows
_CLOSING = r"^\s*(?:sisa\s*kas|saldo\s*akhir)"
_NOT_CLOSING = r"^\s*(?:sisa\s*kas|saldo\s*akhir).*(?:lalu|sebelum)"  # carried forward
_BREAKDOWN = (
    r"^\s*(?:[-–•*·]|[a-z0-9][.)])?\s*(?:terdiri\s*(?:dari|atas)|rincian|"
    r"(?:saldo\s*)?(?:kas|uang)\s*(?:tunai|di\s*bank|pada\s*bank|di\s*bendahara)|"
    r"saldo\s*(?:di\s*|pada\s*)?bank|saldo\s*tunai|surat\s*berharga|tunai\b|bank\b|"
    r"rekening\b)"
)
CODE_TREE_KINDS = ("anggaran",)


def _any_match(labels: pd.DataFrame, pattern: str) -> pd.Series:
    return frame_mask(labels, pattern)


def _footer_mask(
    text: pd.DataFrame, has_money: pd.Series, data_seen: pd.Series, layout: pd.Series
) -> pd.Series:
    """From the first signature/footer line on; only rows without money can start it.

    Every text cell of those rows is looked at (a signature block may sit under any
    column), and only those rows, so a long table costs little. Layout rows (block
    headings such as `LHP …, 20 Mei 2025`) never start a footer.
    """
    candidates = ~has_money & data_seen & ~layout
    start = pd.Series(False, index=has_money.index)
    if candidates.any() and not text.empty:
        start.loc[candidates] = _any_match(text.loc[candidates], _FOOTER)
    return start.cummax()


def _breakdown_mask(
    labels: pd.DataFrame, has_money: pd.Series, total: pd.Series, opening: pd.Series
) -> pd.Series:
    """The rows right below a closing "Sisa Kas" / "Saldo Akhir" line that break it down.

    The run after a closing line lasts while its rows are breakdown lines, totals or
    rows without money; the first other money row (or an opening balance) ends it.
    """
    closing = _any_match(labels, _CLOSING) & ~_any_match(labels, _NOT_CLOSING) & total
    segment = closing.cumsum()
    breakdown = _any_match(labels, _BREAKDOWN)
    breaker = (has_money & ~breakdown & ~total) | opening
    ended = breaker.groupby(segment).cummax()
    return (segment > 0) & ~closing & ~ended & ~total


_Facts = tuple[pd.Index, pd.Series, pd.Series, pd.Series, pd.Series]


def _facts(labels: pd.DataFrame, money: pd.DataFrame, code: pd.Series | None) -> _Facts:
    """Index, has-money, code-blank, total and opening masks of the rows."""
    index = labels.index if not labels.empty else money.index
    has_money = money.notna().any(axis=1) if not money.empty else pd.Series(False, index=index)
    # a code cell holding words ("SURPLUS / (DEFISIT)") is a label, not a code
    code_blank = ~regex_mask(code, r"^[0-9]") if code is not None else pd.Series(True, index=index)
    total = _any_match(labels, _TOTAL) & code_blank
    return index, has_money, code_blank, total, _any_match(labels, _OPENING)


def closing_breakdown(
    labels: pd.DataFrame, money: pd.DataFrame, code: pd.Series | None
) -> pd.Series:
    """Rows tagged footer because they break the closing cash line down (Kas Tunai, Bank).

    Their amounts are expected below the table: no warning is due for them.
    """
    _, has_money, _, total, opening = _facts(labels, money, code)
    return _breakdown_mask(labels, has_money, total, opening)


def _carry_mask(
    phrase: pd.Series, has_money: pd.Series, total: pd.Series, opening: pd.Series
) -> pd.Series:
    """Carry-over rows: carry wording, except a `Saldo pindahan` above every data row."""
    data = has_money & ~total & ~opening & ~phrase
    above = data.cummax().shift(1, fill_value=False).astype(bool)
    return phrase & (above | ~opening)


def tag_roles(
    labels: pd.DataFrame,
    money: pd.DataFrame,
    kind: str,
    code: pd.Series | None,
    text: pd.DataFrame | None = None,
    layout: pd.Series | None = None,
    furniture: Furniture | None = None,
) -> pd.Series:
    """The role of each row, from its label cells, money cells, key code and text cells.

    `code` is the row's key code (kode rekening, kode barang): a row that has one is
    never a total. `text` holds every text column, searched for signature blocks.
    `layout` marks rows inside the table that are layout, not data (block headings,
    repeated headers; see `rl_audit.ingest.blocks`): they get the `heading` role.
    `furniture` (`rl_audit.ingest.furniture`) marks page furniture and carry wording.
    Layout, page and carry rows never start a footer.
    """
    index, has_money, code_blank, total, opening = _facts(labels, money, code)
    text = labels if text is None else text
    layout = pd.Series(False, index=index) if layout is None else layout
    no = pd.Series(False, index=index)
    page = no if furniture is None else furniture.page
    carry = no if furniture is None else _carry_mask(furniture.carry, has_money, total, opening)
    total, opening = total & ~carry, opening & ~carry
    shown = (~total & ~opening & ~page & ~carry).cummax()
    footer = _footer_mask(text, has_money, shown, layout | page | carry)
    footer |= _breakdown_mask(labels, has_money, total, opening)
    role = pd.Series(RowRole.DATA.value, index=index, dtype=object)
    if kind in CODE_TREE_KINDS and code is not None:
        breaks = total | (code_blank & section_rows(labels))
        role.loc[parent_rows(code.where(~page), breaks, labels)] = RowRole.SUBTOTAL.value
        role.loc[code_blank] = RowRole.DETAIL.value
    role.loc[opening] = RowRole.OPENING.value
    role.loc[total] = RowRole.TOTAL.value
    role.loc[carry & ~footer] = RowRole.CARRY.value
    role.loc[page & ~footer] = RowRole.PAGE.value
    role.loc[layout & ~footer] = RowRole.HEADING.value
    role.loc[footer] = RowRole.FOOTER.value
    return role
