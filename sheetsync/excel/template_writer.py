"""Lay out one unit's report template: header block, task table, validations, protection, print setup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.dates import format_date
from sheetsync.core.submission import COORDINATING
from sheetsync.core.templates import TemplatePlan, TemplateRow
from sheetsync.core.values import STATUS_CHOICES
from sheetsync.excel import styles
from sheetsync.excel.cells import fit_row_height, set_text, set_value
from sheetsync.excel.printing import fit_a4, header_footer
from sheetsync.excel.seal import write_seal
from sheetsync.excel.template_guide import write_guide
from sheetsync.schema import (
    DEFAULT_SIGNER,
    OFFICE_NAME,
    PROGRAM_NAME,
    PROGRAM_YEAR,
    REPORT_DATE_LABEL,
    REPORT_PERIOD_LABEL,
    REPORT_UNIT_LABEL,
    REPORTER_LABEL,
    REPORTER_PHONE_LABEL,
    STATUS_KEYS,
    TEMPLATE,
    TEMPLATE_TITLE,
    WARD_PLACE,
    Kind,
)

__all__ = ["HEADER_ROW", "INPUT_FILL", "LOCKED_FILL", "place_date_formula", "write_template"]

# row numbers of the header block (1-based); the task table's header row sits under it
_LABEL_COL, _INPUT_COL = 3, 4  # labels in C (wide), inputs right of them in D
PLACE_DATE_ROW = 4
UNIT_ROW, PERIOD_ROW, DATE_ROW, REPORTER_ROW, PHONE_ROW = 8, 9, 10, 11, 12
HEADER_ROW = 14
# cells a unit types in: pale yellow, the convention of Vietnamese office forms; locked ones it only reads
INPUT_FILL = styles.INPUT_FILL
LOCKED_FILL = PatternFill(fill_type="solid", start_color="EDEDED", end_color="EDEDED")
_UNLOCKED = Protection(locked=False)
_CENTERED = ("code", "role", "deadline", "status", "progress", "completed_on")
_COORDINATOR_STATE = ("status", "progress", "completed_on")  # the lead's values, shown for information
_LAST = get_column_letter(len(TEMPLATE.columns))
_DATE_LOW, _DATE_HIGH = dt.date(PROGRAM_YEAR - 1, 1, 1), dt.date(PROGRAM_YEAR + 5, 12, 31)


def write_template(plan: TemplatePlan, payload: str, signature: str, path: Path) -> None:
    """Write the unit's template to `path` (.xlsx)."""
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook's one sheet (wb.active may be a chartsheet or none, say the stubs)
    ws.title = TEMPLATE.name
    _header_block(ws, plan)
    _send_line(ws, plan)
    _table(ws, plan.rows)
    _signature_block(ws, HEADER_ROW + len(plan.rows) + 2, plan.unit.signer or DEFAULT_SIGNER)
    _validations(ws, len(plan.rows))
    _protect(ws)
    _print_setup(ws)
    write_guide(wb.create_sheet(), plan)
    write_seal(wb, payload, signature)
    # units may rename or add nothing: the report sheet, the guide and the hidden seal stay as issued
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{TEMPLATE_TITLE.format(year=PROGRAM_YEAR)} — {plan.unit.name} — {plan.period}"
    wb.properties.creator = "sheetsync"
    wb.properties.language = "vi-VN"
    wb.active = 0
    ws.sheet_view.selection[0].activeCell = ws.sheet_view.selection[0].sqref = _cell(DATE_ROW, _INPUT_COL)
    wb.save(path)


def _cell(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _merged_text(ws: Worksheet, span: str, text: str, font: object, align: Alignment, height: float) -> None:
    first = span.split(":")[0]
    set_text(ws[first], text)
    ws[first].font = font
    ws[first].alignment = align
    ws.merge_cells(span)
    ws.row_dimensions[ws[first].row].height = height


# NĐ 30/2020 rule lines: under the issuing body a short one (1/3 to 1/2 of the name), under the Tiêu ngữ one
# as long as the motto. A cell border cannot be that long and centred, so the rules are box-drawing lines.
_RULE = "\u2500"
_SHORT_RULE, _FULL_RULE = _RULE * 12, _RULE * 26
_RULE_FONT = Font(name=styles.FONT_NAME, size=10, bold=True)
_PLACE_DATE_FONT = Font(name=styles.FONT_NAME, size=13, italic=True)


def place_date_formula(date_cell: str, place: str = WARD_PLACE) -> str:
    """ "An Dương, ngày 05 tháng 12 năm 2026" from the Ngày báo cáo cell, as NĐ 30/2020 writes it (days below 10
    and months 1-2 with a leading zero); dots while the cell holds no date. DAY/MONTH/YEAR, not TEXT(): TEXT's
    format codes change with the language of Excel, and the formula must survive LibreOffice and .xls saves."""
    d = date_cell
    dated = (
        f'"{place}, ngày "&IF(DAY({d})<10,"0","")&DAY({d})'
        f'&" tháng "&IF(MONTH({d})<3,"0","")&MONTH({d})&" năm "&YEAR({d})'
    )
    return f'=IF(ISNUMBER({d}),{dated},"{place}, ngày … tháng … năm …")'


def _header_block(ws: Worksheet, plan: TemplatePlan) -> None:
    for index, column in enumerate(TEMPLATE.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    center = styles.TITLE_ALIGNMENT
    # NĐ 30/2020 layout, top left: the parent body (not bold, only when the unit has one: the MTTQ or the
    # police do not sit under the UBND), the unit's name in bold, a short rule; top right: Quốc hiệu, Tiêu ngữ,
    # the full rule, then the place and date
    unit = plan.unit
    # a long unit name wraps inside A:C (about 40 capitals a line)
    name_height = 20 * max(1, -(-len(unit.name) // 40))
    left: list[tuple[str, Font, float]] = []
    if unit.parent:
        left.append((unit.parent.upper(), Font(name=styles.FONT_NAME, size=13), 20))
    left.append((unit.name.upper(), styles.AUTHORITY_FONT, name_height))
    left.append((_SHORT_RULE, _RULE_FONT, 14))
    right: list[tuple[str, Font, float]] = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles.AUTHORITY_FONT, 20),
        ("Độc lập - Tự do - Hạnh phúc", styles.AUTHORITY_FONT, 20),
        (_FULL_RULE, _RULE_FONT, 14),
    ]
    for row in (1, 2, 3):
        heights = [block[row - 1][2] for block in (left, right) if len(block) >= row]
        for span, block in ((f"A{row}:C{row}", left), (f"E{row}:{_LAST}{row}", right)):
            if len(block) >= row:
                text, font, _ = block[row - 1]
                _merged_text(ws, span, text, font, center, max(heights))
    place_date = ws.cell(row=PLACE_DATE_ROW, column=5)
    place_date.value = place_date_formula(_cell(DATE_ROW, _INPUT_COL))
    place_date.font = _PLACE_DATE_FONT
    place_date.alignment = center
    ws.merge_cells(f"E{PLACE_DATE_ROW}:{_LAST}{PLACE_DATE_ROW}")
    ws.row_dimensions[PLACE_DATE_ROW].height = 22
    # NĐ 30/2020: the document type in capitals, then its trích yếu naming the program as its Decision does
    _merged_text(ws, f"A5:{_LAST}5", "BÁO CÁO", styles.TITLE_FONT, center, 26)
    _merged_text(ws, f"A6:{_LAST}6", f"Kết quả thực hiện {PROGRAM_NAME}", styles.SECTION_FONT, center, 22)
    _merged_text(ws, f"A7:{_LAST}7", f"{REPORT_PERIOD_LABEL}: {plan.period}", styles.SUBTITLE_FONT, center, 22)

    lines = [
        (UNIT_ROW, REPORT_UNIT_LABEL, f"{plan.unit.name} (mã {plan.unit.code})", False),
        (PERIOD_ROW, REPORT_PERIOD_LABEL, plan.period, False),
        (DATE_ROW, REPORT_DATE_LABEL, None, True),
        (REPORTER_ROW, REPORTER_LABEL, plan.unit.contact or None, True),
        (PHONE_ROW, REPORTER_PHONE_LABEL, plan.unit.phone or None, True),
    ]
    label_align = Alignment(horizontal="right", vertical="center", wrap_text=True)
    for row, label, value, editable in lines:
        # the label cell holds the label text alone: the reader finds "Ngày báo cáo" and reads its right neighbour
        label_cell = ws.cell(row=row, column=_LABEL_COL)
        set_text(label_cell, label)
        label_cell.font = styles.BOLD_FONT
        label_cell.alignment = label_align
        target = ws.cell(row=row, column=_INPUT_COL)
        set_value(target, value)
        target.font = styles.BODY_FONT
        target.alignment = Alignment(vertical="center", horizontal="left", indent=1)
        target.border = styles.THIN_BORDER
        last = _INPUT_COL if row == DATE_ROW else _INPUT_COL + 3
        if last > _INPUT_COL:
            ws.merge_cells(f"{_cell(row, _INPUT_COL)}:{_cell(row, last)}")
        if editable:
            target.protection = _UNLOCKED
            target.fill = INPUT_FILL
        ws.row_dimensions[row].height = 20
    date = ws.cell(row=DATE_ROW, column=_INPUT_COL)
    date.number_format = styles.DATE_FORMAT
    date.alignment = Alignment(horizontal="center", vertical="center")
    hint = ws.cell(row=DATE_ROW, column=_INPUT_COL + 1)
    set_text(hint, "← ghi ngày/tháng/năm gửi báo cáo, ví dụ 05/12/2026")
    hint.font = styles.ITALIC_FONT
    ws.row_dimensions[HEADER_ROW - 1].height = 10


def send_instruction(plan: TemplatePlan) -> str:
    """By when and to which address the unit sends this file back (the period's due date, the office's e-mail)."""
    text = "Đề nghị đơn vị gửi lại tệp báo cáo này"
    if plan.due is not None:
        text += f" chậm nhất ngày {format_date(plan.due)}"
    text += f" về {OFFICE_NAME} phường"
    if plan.send_to:
        text += f" qua thư điện tử: {plan.send_to}"
    return text + "."


def _send_line(ws: Worksheet, plan: TemplatePlan) -> None:
    row = HEADER_ROW - 1  # the gap above the task table
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    _merged_text(ws, f"A{row}:{_LAST}{row}", send_instruction(plan), styles.ITALIC_FONT, left, 22)


def _table(ws: Worksheet, rows: tuple[TemplateRow, ...]) -> None:
    for index, column in enumerate(TEMPLATE.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=index)
        set_text(cell, column.label)
        cell.font = styles.HEADER_FONT
        cell.fill = styles.UNIT_HEADER_FILL if column.key in STATUS_KEYS else styles.HEADER_FILL
        cell.alignment = styles.HEADER_ALIGNMENT
        cell.border = styles.HEADER_BORDER
    fit_row_height(ws, HEADER_ROW, minimum=36)
    for offset, item in enumerate(rows, start=1):
        row = HEADER_ROW + offset
        shown: dict[str, object] = {
            "code": item.code,
            "role": item.role_label,
            "content": item.content,
            "deadline": item.deadline,
        }
        shown.update(item.values)
        for index, column in enumerate(TEMPLATE.columns, start=1):
            cell = ws.cell(row=row, column=index)
            set_value(cell, shown.get(column.key))
            cell.font = styles.BODY_FONT
            cell.border = styles.THIN_BORDER
            cell.alignment = styles.WRAP_CENTER if column.key in _CENTERED else styles.WRAP
            if column.kind is Kind.DATE:
                cell.number_format = styles.DATE_FORMAT
            editable = column.key in STATUS_KEYS and not (
                item.role == COORDINATING and column.key in _COORDINATOR_STATE
            )
            if editable:
                cell.protection = _UNLOCKED
                cell.fill = INPUT_FILL
            elif column.key in STATUS_KEYS:
                cell.fill = LOCKED_FILL  # a coordinating row shows the lead's status, greyed
        fit_row_height(ws, row, minimum=30)


def _signature_block(ws: Worksheet, row: int, title: str) -> None:
    lines = title.count("\n") + 1
    _merged_text(ws, f"H{row}:{_LAST}{row}", title, styles.AUTHORITY_FONT, styles.TITLE_ALIGNMENT, 20 * lines)
    _merged_text(
        ws, f"H{row + 1}:{_LAST}{row + 1}", "(Ký, ghi rõ họ tên)", styles.ITALIC_FONT, styles.TITLE_ALIGNMENT, 18
    )


def _validations(ws: Worksheet, count: int) -> None:
    first, last = HEADER_ROW + 1, HEADER_ROW + max(count, 1)

    def span(key: str) -> str:
        letter = get_column_letter(TEMPLATE.keys.index(key) + 1)
        return f"{letter}{first}:{letter}{last}"

    low, high = str(int(to_excel(_DATE_LOW))), str(int(to_excel(_DATE_HIGH)))
    date_error = f"Nhập ngày dạng ngày/tháng/năm, từ {_DATE_LOW:%d/%m/%Y} đến {_DATE_HIGH:%d/%m/%Y}."
    rules = [
        (
            DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True),
            span("status"),
            ("Tình trạng", "Chọn trong danh sách: " + ", ".join(STATUS_CHOICES) + "."),
            ("Tình trạng không hợp lệ", "Chỉ chọn một trong: " + ", ".join(STATUS_CHOICES) + "."),
        ),
        (
            DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True),
            span("progress"),
            ("Tiến độ (%)", "Ghi số từ 0 đến 100, không gõ dấu %. Ví dụ: 75 hoặc 12,5."),
            ("Tiến độ không hợp lệ", "Tiến độ là một số từ 0 đến 100 (không gõ dấu %)."),
        ),
        (
            DataValidation(type="date", operator="between", formula1=low, formula2=high, allow_blank=True),
            span("completed_on"),
            ("Ngày hoàn thành", "Chỉ ghi khi Tình trạng là “Đã hoàn thành”. Dạng ngày/tháng/năm, ví dụ 15/11/2026."),
            ("Ngày không hợp lệ", date_error),
        ),
        (
            DataValidation(type="date", operator="between", formula1=low, formula2=high, allow_blank=True),
            _cell(DATE_ROW, _INPUT_COL),
            (REPORT_DATE_LABEL, "Ngày đơn vị gửi báo cáo, dạng ngày/tháng/năm, ví dụ 05/12/2026."),
            ("Ngày không hợp lệ", date_error),
        ),
    ]
    for validation, cells, (prompt_title, prompt), (error_title, error) in rules:
        validation.promptTitle, validation.prompt = prompt_title, prompt
        validation.errorTitle, validation.error = error_title, error
        validation.showInputMessage = validation.showErrorMessage = True
        validation.add(cells)
        ws.add_data_validation(validation)


def _protect(ws: Worksheet) -> None:
    # no password (documented in the guide): protection prevents slips, the signature prevents fraud
    ws.protection.sheet = True
    ws.protection.formatRows = False  # False = allowed: a unit may make a row taller to read its text
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _print_setup(ws: Worksheet) -> None:
    fit_a4(ws, margins=(0.6, 0.4, 0.6, 0.6), title_row=HEADER_ROW)
    # NĐ 30/2020: page numbers centred in the top margin, none on the first page
    ws.HeaderFooter.differentFirst = True
    center = header_footer(ws.oddHeader).center
    center.text = "&P"
    center.font = f"{styles.FONT_NAME},Regular"
    center.size = 12
