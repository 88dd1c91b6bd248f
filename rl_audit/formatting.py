"""Numbers and money written the Indonesian way: `Rp 1.234.567,89`, `93,6`."""

from __future__ import annotations


def rupiah_sen(sen: int | None) -> str:
    """`rupiah` from an exact amount in sen (no float on the way)."""
    if sen is None:
        return "-"
    sign = "-" if sen < 0 else ""
    whole, frac = divmod(abs(int(sen)), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{sign}Rp {text}" + (f",{frac:02d}" if frac else "")


def rupiah(value: float | int | None) -> str:
    """`Rp 1.234.567` (sen shown only when present: `Rp 1.234.567,50`)."""
    if value is None or value != value:
        return "-"
    sign = "-" if value < 0 else ""
    whole, frac = divmod(round(abs(value) * 100), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{sign}Rp {text}" + (f",{frac:02d}" if frac else "")


def number(value: float | int | None, decimals: int = 2) -> str:
    """Indonesian number format: `1.234,5`."""
    if value is None or value != value:
        return "-"
    text = f"{value:,.{decimals}f}"
    if decimals > 0:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
