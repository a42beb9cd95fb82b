"""The "Tổng hợp" sheet as a printed document: place among the sheets, A4 setup, Times New Roman, the chart."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart

from sheetsync.jobs.summary import run_summary
from sheetsync.schema import SUMMARY_SHEET, TASKS, Assessment
from tests import summary_program as fx
from tests.sheets import summary_table


def summary_sheet(tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    path = fx.build(tmp_path / "m.xlsx")
    run_summary(path, as_of=fx.WARN_EDGE)
    return openpyxl.load_workbook(path)[SUMMARY_SHEET]


def test_new_sheet_goes_before_the_logs_and_keeps_a_place_staff_gave_it(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    run_summary(path, as_of=fx.WARN_EDGE)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Nhiệm vụ", "Đơn vị", SUMMARY_SHEET, "Nhật ký", "Lịch sử", "Hướng dẫn"]
    wb.move_sheet(SUMMARY_SHEET, offset=-2)
    wb.save(path)
    run_summary(path, as_of=fx.AFTER)
    assert openpyxl.load_workbook(path).sheetnames == [
        SUMMARY_SHEET,
        "Nhiệm vụ",
        "Đơn vị",
        "Nhật ký",
        "Lịch sử",
        "Hướng dẫn",
    ]


def test_prints_on_a4_landscape_one_page_wide(tmp_path: Path) -> None:
    ws = summary_sheet(tmp_path)
    setup = ws.page_setup
    assert (int(setup.paperSize), setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # page 1 the numbers, page 2 the lists, page 3 the chart
    assert len(ws.row_breaks.brk) == 2


def test_every_written_cell_is_times_new_roman(tmp_path: Path) -> None:
    ws = summary_sheet(tmp_path)
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}


def test_attention_rows_wear_their_assessment_colours(tmp_path: Path) -> None:
    ws = summary_sheet(tmp_path)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == TASKS.label("code"))
    fills = [ws.cell(header + i, 12).fill.start_color.rgb[-6:] for i in (1, 2)]
    assert fills == ["FFC7CE", "FFEB9C"]  # overdue red, then due-soon amber


def test_chart_stacks_each_assessment_by_lead_unit(tmp_path: Path) -> None:
    ws = summary_sheet(tmp_path)
    (chart,) = ws._charts
    assert isinstance(chart, BarChart) and (chart.type, chart.grouping, chart.overlap) == ("bar", "stacked", 100)
    assert len(chart.series) == len(Assessment)
    units = summary_table(ws, TASKS.label("lead"))
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == TASKS.label("lead"))
    categories = chart.series[0].cat.strRef.f if chart.series[0].cat.strRef else chart.series[0].cat.numRef.f
    # the unit rows, not the total under them
    assert categories == f"'{SUMMARY_SHEET}'!$B${header + 1}:$B${header + len(units) - 1}"
    titles = [s.tx.strRef.f for s in chart.series]
    assert titles == [f"'{SUMMARY_SHEET}'!{column}{header}" for column in "EFGHIJ"]
    assert [ws[f"{column}{header}"].value for column in "EFGHIJ"] == [
        "Đã hoàn thành đúng hạn",
        "Đã hoàn thành quá hạn",
        "Quá hạn chưa hoàn thành",
        "Sắp đến hạn",
        "Trong hạn",
        "Thực hiện thường xuyên",
    ]
