"""The "Kiểm tra" sheet: the problem list for staff who only open Excel, each row linked to its cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink

from sheetsync.core.dates import format_date
from sheetsync.excel.cells import set_text
from sheetsync.excel.printing import fit_a4, page_number_footer
from sheetsync.excel.styles import BODY_FONT, HEADER_FILL, HEADER_FONT, THIN_BORDER, TITLE_FONT
from sheetsync.problems import Problem
from sheetsync.schema import CHECK_SHEET

_HEADERS = ("STT", "Trang", "Ô", "Mức độ", "Nội dung")
_WIDTHS = (6, 16, 10, 10, 100)
LINK_FONT = Font(name=BODY_FONT.name, size=BODY_FONT.size, color="0563C1", underline="single")


def fill_check_sheet(wb: Workbook, problems: Sequence[Problem], *, as_of: dt.date) -> None:
    """Rebuilds the sheet from scratch (it is the tool's own), placed last."""
    if CHECK_SHEET in wb.sheetnames:
        del wb[CHECK_SHEET]
    ws = wb.create_sheet(CHECK_SHEET)
    ws["A1"] = f"KẾT QUẢ KIỂM TRA SỔ THEO DÕI (ngày {format_date(as_of)})"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        f"Có {sum(p.is_error for p in problems)} lỗi và {sum(not p.is_error for p in problems)} cảnh báo. "
        "Bấm vào ô ở cột “Ô” để đến chỗ cần sửa."
        if problems
        else "Không phát hiện lỗi nào."
    )
    ws["A2"].font = BODY_FONT
    header_row = 4
    for column, (label, width) in enumerate(zip(_HEADERS, _WIDTHS, strict=True), start=1):
        cell = ws.cell(header_row, column, label)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, THIN_BORDER
        ws.column_dimensions[cell.column_letter].width = width
    for index, problem in enumerate(problems, start=1):
        row = header_row + index
        values = (index, problem.sheet or "", problem.cell or "", "Lỗi" if problem.is_error else "Cảnh báo")
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column)
            set_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
            cell.font, cell.border = BODY_FONT, THIN_BORDER
        message = ws.cell(row, 5)
        set_text(message, problem.message)
        message.font, message.border = BODY_FONT, THIN_BORDER
        message.alignment = Alignment(wrap_text=True, vertical="top")
        if problem.sheet and problem.cell and problem.sheet in wb.sheetnames and ":" not in problem.cell:
            link = ws.cell(row, 3)
            # an internal link (location=), not a "#…" URL: Excel and LibreOffice both jump to the cell
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{problem.sheet}'!{problem.cell}")
            link.font = LINK_FONT
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    fit_a4(ws, centered=False, title_row=header_row)
    page_number_footer(ws)
