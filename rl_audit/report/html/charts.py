"""Geometry of the inline SVG charts of the HTML report.

Each builder returns plain data (coordinates as numbers, labels as plain text); the
template draws the SVG elements, so every label passes through Jinja's autoescape like
any other text. Nothing here computes a score or a ratio: the values come from the
`OpdSummary` and `TrendPoint` objects of the report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rl_audit.engine.scoring import NEEDS_WORK, READY
from rl_audit.findings import OpdSummary
from rl_audit.history.changes import TrendPoint
from rl_audit.messages import label, number, rupiah_sen
from rl_audit.report.finding_notes import day
from rl_audit.report.html.view import timestamp

LABEL_W = 200.0  # room for the OPD names left of the plot
PLOT_W = 440.0
VALUE_W = 150.0  # room for the value text right of the longest bar
ROW_H = 30.0
BAR_H = 18.0
TOP, BOTTOM = 8.0, 26.0
NAME_MAX = 28


@dataclass(frozen=True)
class Layout:
    """The geometry of a bar chart: wide (names left of the bars) or compact (names above)."""

    label_w: float = LABEL_W
    plot_w: float = PLOT_W
    value_w: float = VALUE_W
    row_h: float = ROW_H
    suffix: str = ""  # appended to the chart's id
    names_above: bool = False


WIDE = Layout()
COMPACT = Layout(0.0, 230.0, 170.0, 46.0, "-compact", names_above=True)  # a phone's width


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart; `width` None draws no bar (`value` only)."""

    name: str
    tooltip: str
    y: float
    width: float | None
    value: str
    css: str
    marker: float | None = None  # x of the target line, if any

    @property
    def value_x(self) -> float:
        """Where the value text starts: right of the bar and of the marker."""
        return round(max(self.width or 0.0, self.marker or 0.0) + 6, 1)


@dataclass(frozen=True)
class Tick:
    """A labelled vertical grid line at `x`; `dashed` for a threshold."""

    x: float
    text: str
    dashed: bool = False


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one `Bar` per OPD, grid `ticks`, overall size."""

    id: str
    title: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: float
    height: float
    plot_x: float = LABEL_W
    plot_bottom: float = 0.0
    bar_h: float = BAR_H
    names_above: bool = False  # names start at x 0 above each bar (the compact layout)


@dataclass(frozen=True)
class TrendChart:
    """A small line chart of one OPD's score over the recorded runs."""

    name: str
    points: str  # polyline "x,y x,y ..."
    dots: tuple[tuple[float, float, str], ...]  # (x, y, tooltip)
    first: str
    last: str
    last_score: str
    width: float = 280.0
    height: float = 110.0
    ticks: tuple[tuple[float, str], ...] = field(default=())


def clip(text: str, limit: int = NAME_MAX) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _pct(value: float) -> str:
    """`94,1 %`."""
    return number(value, 1) + " %"


def _chart(
    chart_id: str, title: str, bars: list[Bar], ticks: list[Tick], layout: Layout
) -> BarChart:
    """Size a bar chart around its rows."""
    bottom = TOP + layout.row_h * max(len(bars), 1)
    return BarChart(
        chart_id + layout.suffix,
        title,
        tuple(bars),
        tuple(ticks),
        layout.label_w + layout.plot_w + layout.value_w,
        bottom + BOTTOM,
        plot_x=layout.label_w,
        plot_bottom=bottom,
        names_above=layout.names_above,
    )


def _row_y(index: int, layout: Layout = WIDE) -> float:
    """Top of the bar of row `index` (below its name in the compact layout)."""
    room = layout.row_h - BAR_H  # above the bar (its name), else split around it
    return TOP + index * layout.row_h + (room if layout.names_above else room / 2)


def _score_bar(s: OpdSummary, name: str, y: float, scale: float, lang: str) -> Bar:
    """One OPD's score (an indicative one in its own colour), or why it has none."""
    band = label(f"band_{s.band}", lang) if s.band else label("band_none", lang)
    tip = f"{s.opd.name} ({s.opd.code}): "
    if s.score is None:
        return Bar(clip(name), tip + band, y, None, band, "nobudget")
    value = number(s.score, 1)
    return Bar(
        clip(name), f"{tip}{value} · {band}", y, round(s.score * scale, 1), value, f"band-{s.band}"
    )


def score_chart(
    opds: Sequence[OpdSummary], names: Sequence[str], lang: str, layout: Layout = WIDE
) -> BarChart:
    """Scores 0–100 per OPD, coloured by band, with the band thresholds dashed."""
    scale = layout.plot_w / 100.0
    bars = [
        _score_bar(s, name, _row_y(i, layout), scale, lang)
        for i, (s, name) in enumerate(zip(opds, names, strict=True))
    ]
    ticks = [Tick(v * scale, str(v)) for v in (0, 25, 50, 75, 100)]
    ticks += [Tick(v * scale, "", dashed=True) for v in (NEEDS_WORK, READY)]
    return _chart("chart-scores", label("html_chart_scores", lang), bars, ticks, layout)


def _absorption_top(opds: Sequence[OpdSummary]) -> float:
    """The right end of the absorption scale: 100 % or more, in steps of 10."""
    values = [100.0]
    for s in opds:
        m = s.absorption
        if m is not None and m.denominator_sen > 0 and m.percent is not None:
            values += [m.percent, m.target or 0.0]
    return math.ceil(max(values) / 10) * 10


def _absorption_bar(s: OpdSummary, name: str, y: float, scale: float, lang: str) -> Bar:
    """One OPD's realised % (bar) and target (marker), or the no-budget note."""
    m = s.absorption
    tip = f"{s.opd.name} ({s.opd.code})"
    if m is None or m.denominator_sen <= 0:
        return Bar(clip(name), tip, y, None, label("no_budget", lang), "nobudget")
    if m.percent is None or m.numerator_sen is None:
        text = label("absorption_budget_only", lang, budget=rupiah_sen(m.denominator_sen))
        return Bar(clip(name), f"{tip}: {text}", y, None, text, "nobudget")
    if m.target is None:
        value, css = _pct(m.percent), "absorb"
    else:
        value = label("html_absorption_value", lang, percent=_pct(m.percent), target=_pct(m.target))
        css = "absorb-ok" if m.percent >= m.target else "absorb-low"
    tip += f": {rupiah_sen(m.numerator_sen)} / {rupiah_sen(m.denominator_sen)}"
    marker = None if m.target is None else round(m.target * scale, 1)
    return Bar(clip(name), tip, y, round(m.percent * scale, 1), value, css, marker)


def absorption_chart(
    opds: Sequence[OpdSummary], names: Sequence[str], lang: str, layout: Layout = WIDE
) -> BarChart:
    """Realised ÷ budget per OPD with a marker at its target; no-budget OPDs say so."""
    top = _absorption_top(opds)
    scale = layout.plot_w / top
    bars = [
        _absorption_bar(s, name, _row_y(i, layout), scale, lang)
        for i, (s, name) in enumerate(zip(opds, names, strict=True))
    ]
    step = 25 if top <= 100 else 50
    ticks = [Tick(round(v * scale, 1), f"{v} %") for v in range(0, int(top) + 1, step)]
    title = label("html_chart_absorption", lang)
    return _chart("chart-absorption", title, bars, ticks, layout)


def _tooltip(point: TrendPoint, lang: str) -> str:
    """`27/11/2026 02:00 +07:00: skor 60, nilai berisiko Rp 1.500.000`."""
    return label(
        "html_trend_point",
        lang,
        when=timestamp(point.started_at),
        score=number(point.score, 1),
        amount=rupiah_sen(point.amount_sen),
    )


def trend_chart(name: str, points: Sequence[TrendPoint], lang: str) -> TrendChart:
    """One OPD's score (0–100) over its runs, oldest left; a tooltip per run."""
    width, height, pad_l, pad_r, pad_y = 280.0, 110.0, 30.0, 10.0, 10.0
    step = (width - pad_l - pad_r) / max(len(points) - 1, 1)
    plot_h = height - 2 * pad_y - 14

    def xy(i: int, p: TrendPoint) -> tuple[float, float]:
        x = pad_l + (i * step if len(points) > 1 else (width - pad_l - pad_r) / 2)
        return round(x, 1), round(pad_y + plot_h * (1 - min(max(p.score, 0), 100) / 100), 1)

    coords = [xy(i, p) for i, p in enumerate(points)]
    dots = tuple((x, y, _tooltip(p, lang)) for (x, y), p in zip(coords, points, strict=True))
    ticks = tuple((round(pad_y + plot_h * (1 - v / 100), 1), str(v)) for v in (0, 50, 100))
    return TrendChart(
        clip(name, 40),
        " ".join(f"{x},{y}" for x, y in coords),
        dots,
        clip(day(points[0].started_at), 16) if len(points) > 1 else "",
        clip(day(points[-1].started_at), 16) if points else "",
        number(points[-1].score, 1) if points else "-",
        width,
        height,
        ticks,
    )
