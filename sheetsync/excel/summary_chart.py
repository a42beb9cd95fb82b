"""The stacked bar chart of "Tổng hợp": how each lead unit's tasks are assessed, in the Đánh giá colours."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.legend import Legend
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.excel import styles
from sheetsync.schema import Assessment

__all__ = ["CHART_COLOURS", "add_unit_chart"]

# stronger versions of the Đánh giá fills: pastel bars vanish on an office laser printer
CHART_COLOURS: dict[Assessment, str] = {
    Assessment.DONE_ON_TIME: "548235",
    Assessment.DONE_LATE: "7F5FA8",
    Assessment.OVERDUE: "C00000",
    Assessment.DUE_SOON: "F4B183",
    Assessment.ON_TRACK: "5B9BD5",
    Assessment.ONGOING: "A5A5A5",
}


def _text(size: int, *, bold: bool = False) -> RichText:
    """Times New Roman in the chart too (the default would be the program's sans font)."""
    props = CharacterProperties(latin=Font(typeface=styles.FONT_NAME), sz=size * 100, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str, size: int) -> Title:
    props = CharacterProperties(latin=Font(typeface=styles.FONT_NAME), sz=size * 100, b=False)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def add_unit_chart(
    ws: Worksheet,
    *,
    anchor: str,
    header_row: int,
    first_row: int,
    last_row: int,
    name_column: int,
    series_columns: dict[Assessment, int],
    width_cm: float,
    height_cm: float,
) -> BarChart:
    """Horizontal stacked bars, one per unit (rows first_row..last_row), one segment per Đánh giá."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = None
    chart.style = 2
    for assessment, column in series_columns.items():
        data = Reference(ws, min_col=column, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
        series = chart.series[-1]
        colour = CHART_COLOURS[assessment]
        series.graphicalProperties = GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill=colour))
    chart.set_categories(Reference(ws, min_col=name_column, min_row=first_row, max_row=last_row))
    # units read top to bottom in the table's order; the value axis then sits at the bottom
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.crosses = "max"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    chart.y_axis.numFmt = "0"
    chart.y_axis.majorUnit = 1
    chart.y_axis.title = _title("Số nhiệm vụ", 11)
    chart.x_axis.txPr = _text(11)
    chart.y_axis.txPr = _text(11)
    chart.legend = Legend(legendPos="b")
    chart.legend.txPr = _text(11)
    chart.layout = Layout(manualLayout=ManualLayout(x=0.01, y=0.02, w=0.98, h=0.8))
    chart.width = width_cm  # type: ignore[assignment]  # the stubs say int; openpyxl takes any number of cm
    chart.height = height_cm
    ws.add_chart(chart, anchor)
    return chart
