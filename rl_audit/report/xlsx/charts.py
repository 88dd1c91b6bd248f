"""Native Excel line charts of the leadership view: one small chart per OPD.

Each chart draws an OPD's cumulative absorption against its cumulative target, month by
month, straight from the cells of the monthly sheet (`Reference`s into it, so the chart
follows the table); the target line is dashed so the chart reads in black and white.
openpyxl's write-only sheets accept `add_chart`: the charts are written with the sheet.
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference, Series
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from rl_audit.messages import label
from rl_audit.report.xlsx.cells import text
from rl_audit.report.xlsx.monthly import (
    MONTH,
    MONTH_COLUMN,
    REALISED_PERCENT_COLUMN,
    TARGET_COLUMN,
    Block,
    charted,
)

WIDTH_CM, HEIGHT_CM = 15.0, 7.5
PER_ROW = 2  # charts side by side
ROWS_PER_CHART = 16  # sheet rows a chart takes (7.5 cm at the default row height), with a gap
COLUMNS_PER_CHART = 9  # sheet columns a chart takes (15 cm at the default width)


def _series(data: WriteOnlyWorksheet, block: Block, column: int, key: str, lang: str) -> Series:
    """The line of one column of an OPD's rows, titled with the column's header."""
    last = block.first_row + block.rows - 1
    values = Reference(data, min_col=column, min_row=block.first_row, max_row=last)
    line = Series(values, title=label(key, lang))
    line.smooth = False
    return line


def absorption_chart(data: WriteOnlyWorksheet, block: Block, lang: str) -> LineChart:
    """An OPD's cumulative absorption (solid) against its cumulative target (dashed)."""
    chart = LineChart()
    chart.title = text(label("lead_absorption_chart", lang, opd=block.summary.opd.label))
    chart.width, chart.height = WIDTH_CM, HEIGHT_CM
    realised = _series(data, block, REALISED_PERCENT_COLUMN, "lead_realised_percent", lang)
    target = _series(data, block, TARGET_COLUMN, "lead_target_percent", lang)
    target.graphicalProperties.line.dashStyle = "dash"
    chart.series += [realised, target]
    last = block.first_row + block.rows - 1
    months = Reference(data, min_col=MONTH_COLUMN, min_row=block.first_row, max_row=last)
    chart.set_categories(months)
    chart.x_axis.number_format, chart.y_axis.number_format = MONTH, "0%"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides axes otherwise
    chart.legend.position = "b"
    return chart


def add_charts(
    ws: WriteOnlyWorksheet, data: WriteOnlyWorksheet, found: list[Block], lang: str
) -> int:
    """Place a chart per OPD with months on `ws` in a grid below row 1; return how many.

    None for an OPD whose budget is unknown (no percentage): its note says why.
    """
    drawn = [b for b in found if charted(b.summary)]
    for index, block in enumerate(drawn):
        row = 2 + (index // PER_ROW) * ROWS_PER_CHART
        column = 1 + (index % PER_ROW) * COLUMNS_PER_CHART
        ws.add_chart(absorption_chart(data, block, lang), f"{get_column_letter(column)}{row}")
    return len(drawn)
