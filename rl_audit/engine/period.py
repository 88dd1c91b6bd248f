"""The run's period: one audited year and one cut-off (as-of) date for every OPD of a run.

The audited year is `--year`, else the config's `year`, else the year most transaction
dates of the run fall in (asset cards and follow-up matrices do not count), else the year
most files state in their titles (`TAHUN ANGGARAN 2015`), else unknown. The as-of date is
`--as-of`, else the config's `as_of`, else the latest transaction date of the run capped
at 31 December of the audited year (31 December itself when the run has no dates), else
unknown: then no deadline rule runs (never against today).
Each OPD's own latest date is kept beside it for the reports, never used as its cut-off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from rl_audit.documents import ROLE, Document, Issue, RowRole

# kinds whose dates say nothing about the audited period (due dates and old LHPs of the
# follow-up matrix; acquisition and certificate dates of assets bought years ago; the
# expiry dates of stock, years ahead)
PERIOD_NEUTRAL_KINDS = frozenset({"tindak_lanjut", "kib", "persediaan"})
_ROLES = (RowRole.DATA.value, RowRole.OPENING.value)


@dataclass(frozen=True)
class Period:
    """The audited year and the as-of date of a run, with where each came from."""

    year: int | None
    as_of: pd.Timestamp | None
    year_source: str  # option | config | data | title | unknown
    as_of_source: str  # option | config | data | year_end | unknown


def document_dates(doc: Document) -> pd.Series:
    """Every date of the document's transaction rows (all its date columns), NaT dropped."""
    if doc.kind in PERIOD_NEUTRAL_KINDS:
        return pd.Series(dtype="datetime64[ns]")
    frame = doc.frame[doc.frame[ROLE].isin(_ROLES)]
    cols = [frame[c] for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    if not cols:
        return pd.Series(dtype="datetime64[ns]")
    return pd.concat([c.astype("datetime64[ns]") for c in cols], ignore_index=True).dropna()


def latest_date(docs: Iterable[Document]) -> pd.Timestamp | None:
    """The latest transaction date of `docs` (None when they hold no date)."""
    found = [d.max() for d in map(document_dates, docs) if len(d)]
    return max(found) if found else None


def _most_common(values: pd.Series) -> int | None:
    """The most common value (the latest among equals), or None for an empty series."""
    counts = values.value_counts()
    if not len(counts):
        return None
    top = counts[counts == counts.max()]
    return int(max(top.index))


def data_year(docs: list[Document]) -> int | None:
    """The year most transaction dates of `docs` fall in."""
    dates = [d.dt.year for d in map(document_dates, docs) if len(d)]
    return _most_common(pd.concat(dates)) if dates else None


def title_year(docs: list[Document]) -> int | None:
    """The year most files state in their sheet titles (a workbook of 13 sheets counts once)."""
    years = sorted({(d.file, d.title_year) for d in docs if d.title_year is not None})
    return _most_common(pd.Series([y for _, y in years], dtype="int64")) if years else None


def _year(docs: list[Document], year: int | None, source: str) -> tuple[int | None, str]:
    """The audited year and its source (`source` when given)."""
    if year is not None:
        return year, source
    if (found := data_year(docs)) is not None:
        return found, "data"
    if (found := title_year(docs)) is not None:
        return found, "title"
    return None, "unknown"


def _as_of(docs: list[Document], year: int | None) -> tuple[pd.Timestamp | None, str]:
    """The latest date of the run capped at 31 December of `year` (or that day without dates)."""
    if year is None:
        return None, "unknown"
    year_end = pd.Timestamp(year, 12, 31)
    latest = latest_date(docs)
    if latest is None or latest.normalize() > year_end:
        return year_end, "year_end"
    return latest.normalize(), "data"


def run_period(
    docs: list[Document],
    year: int | None = None,
    year_source: str = "option",
    as_of: pd.Timestamp | None = None,
    as_of_source: str = "option",
) -> Period:
    """The run's period from the given year/as-of (option or config) and the documents."""
    if year is None and as_of is not None and data_year(docs) is None and title_year(docs) is None:
        year, year_source = int(as_of.year), as_of_source
    found_year, found_source = _year(docs, year, year_source)
    if as_of is not None:
        return Period(found_year, as_of.normalize(), found_source, as_of_source)
    found_as_of, source = _as_of(docs, found_year)
    return Period(found_year, found_as_of, found_source, source)


def _file_year(docs: list[Document]) -> int | None:
    """The year one file's documents speak of: their transaction dates, else their titles."""
    dated = data_year(docs)
    return dated if dated is not None else title_year(docs)


def period_notices(docs: list[Document], period: Period) -> list[Issue]:
    """Warnings for files of another year than the run's and for dates past the as-of date."""
    if period.year is None:
        return []
    by_file: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.kind not in PERIOD_NEUTRAL_KINDS:
            by_file.setdefault(doc.file, []).append(doc)
    notices = []
    for file, file_docs in by_file.items():
        year = _file_year(file_docs)
        if year is not None and year != period.year:
            notices.append(Issue("period_other_year", "warning", _years(year, period), file))
        late = _after(file_docs, period)
        if late:
            notices.append(Issue("period_after_as_of", "warning", _late(late, period), file))
    return notices


def _after(docs: list[Document], period: Period) -> int:
    """How many transaction dates of `docs` fall after the as-of date within the audited year.

    Dates of the next year are expected (January deposits of December taxes) and not counted.
    """
    if period.as_of is None or period.year is None:
        return 0
    end = pd.Timestamp(period.year, 12, 31)
    return int(sum(d.between(period.as_of, end, "right").sum() for d in map(document_dates, docs)))


def _years(year: int, period: Period) -> dict[str, object]:
    return {"year": year, "run_year": period.year}


def _late(count: int, period: Period) -> dict[str, object]:
    as_of = period.as_of.strftime("%d/%m/%Y") if period.as_of is not None else "-"
    return {"count": count, "as_of": as_of}
