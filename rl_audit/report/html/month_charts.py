"""Geometry of the leadership view's month-by-month line charts (inline SVG).

Like `rl_audit.report.html.charts`, each builder returns plain data (coordinates as
numbers, labels as plain text) and the template draws the elements, so every label is
escaped by Jinja. The values are the engine's `MonthPoint` figures; this module only
scales them to pixels. A month without a value is a gap in the line, never a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rl_audit.figures import MonthPoint
from rl_audit.messages import label
from rl_audit.report.html.charts import clip
from rl_audit.report.html.view import pct

WIDTH = 360.0
PAD_L, PAD_R, PAD_T, PAD_B = 40.0, 12.0, 14.0, 22.0
ABSORPTION_H = 200.0
NON_CASH_H = 130.0
MARK = 4.5  # half the size of a marker


@dataclass(frozen=True)
class Point:
    """One month's marker: filled circle on track, hollow triangle and `!` when behind."""

    x: float
    y: float
    tooltip: str
    behind: bool = False

    @property
    def triangle(self) -> str:
        """The polygon of a downward hollow triangle around the point."""
        x, y, m = self.x, self.y, MARK + 1
        return f"{x - m},{round(y - m, 1)} {x + m},{round(y - m, 1)} {x},{round(y + m, 1)}"


@dataclass(frozen=True)
class LineChart:
    """A small line chart over the twelve months: solid lines, dashed target, markers."""

    id: str
    title: str
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_bottom: float
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    lines: tuple[str, ...]  # polylines "x,y x,y" of the value, split at missing months
    dashed: tuple[str, ...]  # polylines of the target
    points: tuple[Point, ...]


def month_names(lang: str) -> list[str]:
    """Short month names, January first, in the report's language."""
    return label("html_lead_months", lang).split()


def month_index(month: str) -> int:
    """`2025-03` -> 3 (0 when the text is not a month)."""
    try:
        return int(month[5:7])
    except ValueError:
        return 0


def month_text(month: str, lang: str) -> str:
    """`Mar 2025` from `2025-03` (the text as given when it is not a month)."""
    index = month_index(month)
    return f"{month_names(lang)[index - 1]} {month[:4]}" if 1 <= index <= 12 else month


def top_of(values: Sequence[float | None]) -> float:
    """The top of the y scale: 100 % or more, in steps of 10."""
    return math.ceil(max([100.0] + [v for v in values if v is not None]) / 10) * 10


@dataclass(frozen=True)
class Frame:
    """The plot area of one chart and its scale (percent, 0 to `top`)."""

    height: float
    top: float

    @property
    def bottom(self) -> float:
        """The y of 0 %."""
        return self.height - PAD_B

    def x(self, index: int) -> float:
        """The x of month `index` (1–12)."""
        return round(PAD_L + (index - 1) * (WIDTH - PAD_L - PAD_R) / 11, 1)

    def y(self, percent: float) -> float:
        """The y of `percent` (clamped to the scale)."""
        value = min(max(percent, 0.0), self.top)
        return round(self.bottom - (self.bottom - PAD_T) * value / self.top, 1)

    def y_ticks(self) -> tuple[tuple[float, str], ...]:
        """Grid lines every 50 % up to the top."""
        return tuple((self.y(v), f"{v} %") for v in range(0, int(self.top) + 1, 50))


def segments(coords: Sequence[tuple[float, float] | None]) -> tuple[str, ...]:
    """Polylines through the known coordinates, broken where a month is missing."""
    out: list[str] = []
    run: list[tuple[float, float]] = []
    for c in [*coords, None]:
        if c is not None:
            run.append(c)
            continue
        if len(run) > 1:
            out.append(" ".join(f"{x},{y}" for x, y in run))
        run = []
    return tuple(out)


def _coords(
    frame: Frame, months: Sequence[MonthPoint], values: Sequence[float | None]
) -> list[tuple[float, float] | None]:
    """(x, y) per month, None where the value is missing."""
    return [
        None if v is None else (frame.x(month_index(m.month)), frame.y(v))
        for m, v in zip(months, values, strict=True)
    ]


def _x_ticks(frame: Frame, lang: str) -> tuple[tuple[float, str], ...]:
    """The twelve month names along the bottom."""
    return tuple((frame.x(i), name[:1]) for i, name in enumerate(month_names(lang), 1))


def _absorption_tip(m: MonthPoint, lang: str) -> str:
    """`Mar 2025: 13,0 % · target 15,0 % · di bawah target`."""
    parts = [f"{month_text(m.month, lang)}: {pct(m.realised_cumulative_percent or 0.0)}"]
    if m.target_cumulative_percent is not None:
        parts.append(label("html_lead_target", lang, target=pct(m.target_cumulative_percent)))
    if m.behind:
        parts.append(label("lead_behind_mark", lang))
    return " · ".join(parts)


def absorption_chart(
    chart_id: str, name: str, months: Sequence[MonthPoint], lang: str
) -> LineChart:
    """Cumulative absorption (solid, markers) against the cumulative target (dashed)."""
    realised = [m.realised_cumulative_percent for m in months]
    target = [m.target_cumulative_percent for m in months]
    frame = Frame(ABSORPTION_H, top_of(realised + target))
    coords = _coords(frame, months, realised)
    points = tuple(
        Point(c[0], c[1], _absorption_tip(m, lang), m.behind)
        for m, c in zip(months, coords, strict=True)
        if c is not None
    )
    return _chart(
        chart_id,
        label("lead_absorption_chart", lang, opd=clip(name, 40)),
        frame,
        lang,
        segments(coords),
        segments(_coords(frame, months, target)),
        points,
    )


def _chart(
    chart_id: str,
    title: str,
    frame: Frame,
    lang: str,
    lines: tuple[str, ...],
    dashed: tuple[str, ...],
    points: tuple[Point, ...],
) -> LineChart:
    """A `LineChart` in `frame`."""
    return LineChart(
        chart_id, title, WIDTH, frame.height, PAD_L, WIDTH - PAD_R, frame.bottom,
        frame.y_ticks(), _x_ticks(frame, lang), lines, dashed, points,
    )  # fmt: skip


def non_cash_chart(
    chart_id: str, name: str, months: Sequence[MonthPoint], target: float | None, lang: str
) -> LineChart:
    """The month's non-cash share (0–100 %, gaps where unknown) and the target, dashed."""
    shares = [None if m.non_cash_share is None else m.non_cash_share * 100 for m in months]
    frame = Frame(NON_CASH_H, 100.0)
    coords = _coords(frame, months, shares)
    points = tuple(
        Point(c[0], c[1], f"{month_text(m.month, lang)}: {pct(v or 0.0)}")
        for m, c, v in zip(months, coords, shares, strict=True)
        if c is not None
    )
    dashed = (
        () if target is None else (f"{PAD_L},{frame.y(target)} {WIDTH - PAD_R},{frame.y(target)}",)
    )
    title = label("lead_non_cash_chart", lang, opd=clip(name, 40))
    return _chart(chart_id, title, frame, lang, segments(coords), dashed, points)
