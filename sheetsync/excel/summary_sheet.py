"""Lay out "Tổng hợp" from the summary numbers: a printable A4 report for the UBND meeting, rebuilt every run."""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.dates import format_date
from sheetsync.core.summary import Summary, headline
from sheetsync.excel import styles
from sheetsync.excel.cells import merge_new, set_border, set_value
from sheetsync.excel.printing import fit_a4, page_number_footer
from sheetsync.excel.summary_chart import add_unit_chart
from sheetsync.excel.summary_tables import (
    CATEGORY_ORDER,
    TableSpec,
    attention_table,
    pillar_table,
    reminder_table,
    unit_table,
)
from sheetsync.schema import (
    JOURNAL,
    OFFICE_NAME,
    PROGRAM_TITLE,
    PROGRAM_YEAR,
    SUMMARY_SHEET,
    SUMMARY_STAMP,
    UNITS,
    WARD_AUTHORITY,
)

__all__ = ["GRID_WIDTHS", "save_summary_alone", "write_summary_sheet"]

# one grid for every table: STT, a narrow column (Mã NV), a wide one (names), then eleven number columns
GRID_WIDTHS: tuple[float, ...] = (5, 9, 30, *([10.5] * 11))
_LINE_HEIGHT = 16.5  # points per line of 12 pt Times New Roman
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
_ALIGN = {"center": _CENTER, "left": _LEFT, "right": _RIGHT}


def write_summary_sheet(wb: Workbook, summary: Summary) -> Worksheet:
    """Delete and recreate the sheet at the place it had (or after "Đơn vị"), other sheets left in order."""
    position = _position(wb)
    if SUMMARY_SHEET in wb.sheetnames:
        del wb[SUMMARY_SHEET]
    ws = wb.create_sheet(SUMMARY_SHEET, position)
    for index, width in enumerate(GRID_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = _title(ws, summary)

    row = _section(ws, row, "I. KẾT QUẢ THỰC HIỆN THEO TRỤ CỘT")
    row = _table(ws, row, pillar_table(summary))
    row = _section(ws, row, "II. KẾT QUẢ THỰC HIỆN THEO ĐƠN VỊ CHỦ TRÌ")
    units = unit_table(summary)
    units_header = row
    row = _table(ws, row, units)

    # page 1 the numbers, page 2 what to act on, page 3 the chart: each part starts at the top of a page
    ws.row_breaks.append(Break(id=row - 1))
    row = _section(ws, row, f"III. NHIỆM VỤ QUÁ HẠN VÀ SẮP ĐẾN HẠN (trong {summary.warn_days} ngày tới)")
    if summary.attention:
        row = _table(ws, row, attention_table(summary))
    else:
        row = _paragraph(ws, row, "Không có nhiệm vụ quá hạn hoặc sắp đến hạn.", styles.ITALIC_FONT)

    row = _section(ws, row, _reminder_heading(summary))
    if summary.period is None:
        text = "Chưa có kỳ báo cáo hiện tại (chưa chạy lệnh tạo mẫu báo cáo), nên chưa lập danh sách đôn đốc."
        row = _paragraph(ws, row, text, styles.ITALIC_FONT)
    elif summary.reminders:
        row = _table(ws, row, reminder_table(summary))
    else:
        row = _paragraph(ws, row, "Tất cả đơn vị có nhiệm vụ đã báo cáo kỳ này.", styles.ITALIC_FONT)
    row = _notes(ws, row, summary)

    if summary.units:
        ws.row_breaks.append(Break(id=row - 1))
        row = _section(ws, row, "V. BIỂU ĐỒ ĐÁNH GIÁ NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ")
        _chart(ws, row, units_header, units, len(summary.units))
    _print_setup(ws)
    return ws


def save_summary_alone(summary: Summary, path: Path) -> None:
    """A workbook holding only the summary sheet, laid out as in the master, saved to `path`.

    The Excel button copies that sheet into the open master: fonts, merged cells, print setup and the chart
    come along, and the values are the same as the file path's by construction.
    """
    wb = Workbook()
    ws = write_summary_sheet(wb, summary)
    for other in list(wb.worksheets):
        if other is not ws:
            wb.remove(other)
    wb.save(path)


def _position(wb: Workbook) -> int:
    if SUMMARY_SHEET in wb.sheetnames:
        return wb.sheetnames.index(SUMMARY_SHEET)
    for anchor, offset in ((JOURNAL.name, 0), (UNITS.name, 1)):
        if anchor in wb.sheetnames:
            return wb.sheetnames.index(anchor) + offset
    return len(wb.sheetnames)


def _merged(ws: Worksheet, row: int, first: int, span: int, value: object, font: Font, align: Alignment) -> None:
    cell = ws.cell(row=row, column=first)
    set_value(cell, value)
    cell.font, cell.alignment = font, align
    if span > 1:
        merge_new(ws, row, first, first + span - 1)  # the sheet is built afresh: no overlap to look for


def _lines(text: str, width: float) -> int:
    """How many lines wrapped text takes in a span `width` characters wide (no auto-fit on merged cells)."""
    per_line = max(width * 1.05 - 1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def _span_width(first: int, span: int) -> float:
    return sum(GRID_WIDTHS[first - 1 : first - 1 + span])


def _title(ws: Worksheet, summary: Summary) -> int:
    total = len(GRID_WIDTHS)
    # NĐ 30/2020: the parent body in capitals, not bold; the issuing body under it in bold
    _merged(ws, 1, 1, 5, WARD_AUTHORITY, styles.BODY_FONT, _CENTER)
    _merged(ws, 2, 1, 5, OFFICE_NAME.upper(), styles.AUTHORITY_FONT, _CENTER)
    title = f"TỔNG HỢP TÌNH HÌNH THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG NĂM {PROGRAM_YEAR}"
    _merged(ws, 4, 1, total, title, styles.TITLE_FONT, _CENTER)
    _merged(ws, 5, 1, total, f"“{PROGRAM_TITLE}”", styles.SUBTITLE_FONT, _CENTER)
    stamp = SUMMARY_STAMP.format(date=format_date(summary.as_of))
    if summary.period:
        stamp += f" - Kỳ báo cáo: {summary.period}"
    _merged(ws, 6, 1, total, stamp, styles.SUBTITLE_FONT, _CENTER)
    ws.row_dimensions[4].height = 22
    return _paragraph(ws, 8, headline(summary.total), styles.BODY_FONT)


def _section(ws: Worksheet, row: int, text: str) -> int:
    _merged(ws, row + 1, 1, len(GRID_WIDTHS), text, styles.SECTION_FONT, _LEFT)
    ws.row_dimensions[row + 1].height = 21
    return row + 2


def _paragraph(ws: Worksheet, row: int, text: str, font: Font) -> int:
    _merged(ws, row, 1, len(GRID_WIDTHS), text, font, Alignment(horizontal="justify", vertical="top", wrap_text=True))
    ws.row_dimensions[row].height = _LINE_HEIGHT * _lines(text, sum(GRID_WIDTHS) * 0.95) + 2
    return row + 1


def _table(ws: Worksheet, row: int, spec: TableSpec) -> int:
    header_lines = 1
    column = 1
    for col in spec.cols:
        _merged(ws, row, column, col.span, col.header, styles.HEADER_FONT, _CENTER)
        header_lines = max(header_lines, _lines(col.header, _span_width(column, col.span)))
        column += col.span
    ws.row_dimensions[row].height = _LINE_HEIGHT * header_lines + 4
    for index, values in enumerate(spec.rows):
        r = row + 1 + index
        font = styles.BOLD_FONT if spec.bold_last and index == len(spec.rows) - 1 else styles.BODY_FONT
        column, lines = 1, 1
        for col, value in zip(spec.cols, values, strict=True):
            _merged(ws, r, column, col.span, value, font, _ALIGN[col.align])
            if isinstance(value, str):
                lines = max(lines, _lines(value, _span_width(column, col.span)))
            column += col.span
        ws.row_dimensions[r].height = _LINE_HEIGHT * lines + 3
        if index < len(spec.looks) and (assessment := spec.looks[index]) is not None:
            look = styles.ASSESSMENT_LOOKS[assessment]
            last = ws.cell(row=r, column=column - spec.cols[-1].span)
            last.fill, last.font = look.fill, look.font
    last_row = row + len(spec.rows)
    _borders(ws, row, last_row, column - 1)
    for column_index in range(1, column):
        ws.cell(row=row, column=column_index).fill = styles.HEADER_FILL
    return last_row + 1


def _borders(ws: Worksheet, first_row: int, last_row: int, last_column: int) -> None:
    cells = (ws.cell(row=r, column=c) for r in range(first_row, last_row + 1) for c in range(1, last_column + 1))
    set_border(cells, styles.THIN_BORDER)


def _reminder_heading(summary: Summary) -> str:
    if summary.period is None:
        return "IV. ĐƠN VỊ CHƯA BÁO CÁO (cần đôn đốc)"
    return f"IV. ĐƠN VỊ CHƯA BÁO CÁO KỲ “{summary.period}” (cần đôn đốc)"


def _notes(ws: Worksheet, row: int, summary: Summary) -> int:
    text = (
        f"Ghi chú: Đánh giá tính đến ngày {format_date(summary.as_of)}. “Sắp đến hạn”: chưa hoàn thành, còn không quá "
        f"{summary.warn_days} ngày đến hạn chót; trong số liệu chính thức được tính là “trong hạn”. "
        "Tỷ lệ hoàn thành = (đã hoàn thành đúng hạn + đã hoàn thành quá hạn) / tổng số nhiệm vụ. "
        "Nhiệm vụ “Đã hoàn thành” chưa ghi ngày hoàn thành được tính theo ngày báo cáo."
    )
    return _paragraph(ws, row + 1, text, styles.ITALIC_FONT) + 1


def _chart(ws: Worksheet, row: int, header: int, units: TableSpec, count: int) -> None:
    add_unit_chart(
        ws,
        anchor=f"B{row}",
        header_row=header,
        first_row=header + 1,
        last_row=header + count,
        name_column=units.column_of(units.cols[1].header),
        series_columns={a: units.column_of(a.value) for a in CATEGORY_ORDER},
        width_cm=27,
        height_cm=max(9.0, 1.2 * count + 5),
    )


def _print_setup(ws: Worksheet) -> None:
    fit_a4(ws, margins=(0.8, 0.5, 0.6, 0.7))
    page_number_footer(ws)
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "C00000"
