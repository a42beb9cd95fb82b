"""Carry out a merge plan on the loaded master: cell writes by header, log rows appended, report dates kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.plan import CellWrite, Plan, StateEntry, place_state
from sheetsync.core.table import HEADER_SCAN_ROWS, locate_header
from sheetsync.core.text import clean
from sheetsync.excel import styles
from sheetsync.excel.cell_styles import is_percent_format
from sheetsync.excel.cells import set_text, wrapped_row_height, writable
from sheetsync.excel.lazy_log import Splice
from sheetsync.excel.master import MasterBook, find_sheet
from sheetsync.schema import HISTORY, JOURNAL, MERGE_STATE, TASKS, Kind, Sheet

__all__ = ["append_rows", "apply_plan"]


def apply_plan(book: MasterBook, plan: Plan) -> None:
    """Every write and row of `plan`, in order. Columns are found by header text; other columns untouched."""
    if plan.writes:
        _write_tasks(book.wb, plan.writes)
    append_rows(book.wb, HISTORY, plan.history_rows(), raw=book.lazy_log(HISTORY.name))
    append_rows(book.wb, JOURNAL, plan.journal_rows())
    _keep_report_dates(book.wb, plan.state, plan.time)


def _header(ws: Worksheet, sheet: Sheet) -> tuple[int, dict[str, int]]:
    """(1-based header row, column key -> 1-based column) from the first rows only: never the whole sheet."""
    top = [tuple(r) for r in ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True)]
    index, columns, problems = locate_header(top, sheet, sheet_name=ws.title)
    if index is None or any(p.is_error for p in problems):
        # the master was checked when it was loaded; a header lost since then is a bug, not a user error
        raise ValueError(f"{ws.title}: header row not found ({[p.message for p in problems]})")
    return index + 1, columns


def _write_tasks(wb: Workbook, writes: Sequence[CellWrite]) -> None:
    ws = find_sheet(wb, TASKS.name)
    assert ws is not None
    header, columns = _header(ws, TASKS)
    code_column = columns["code"]
    rows: dict[str, int] = {}
    for number, (value,) in enumerate(
        ws.iter_rows(min_row=header + 1, min_col=code_column, max_col=code_column, values_only=True),
        start=header + 1,
    ):
        if value is not None:
            rows.setdefault(clean(str(value)), number)  # a duplicated Mã NV: the first row, as the program reads it
    for write in writes:
        cell = ws.cell(rows[write.code], columns[write.key])
        kind, new = TASKS.column(write.key).kind, write.new
        if kind is Kind.PERCENT and isinstance(new, int | float) and is_percent_format(cell.number_format):
            new = round(new / 100, 8)  # the office formatted Tiến độ as %: 70 is stored as 0.7, shown "70%"
        write_value(cell, new, kind)


def write_value(cell: Cell | MergedCell, value: Any, kind: Kind = Kind.TEXT) -> None:
    """Text is always inert text (never a formula); dates get the office's dd/mm/yyyy."""
    cell = writable(cell)
    if isinstance(value, str):
        set_text(cell, value)
        return
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = styles.DATETIME_FORMAT
    elif isinstance(value, dt.date) or kind is Kind.DATE:
        cell.number_format = styles.DATE_FORMAT


def _log_sheet(wb: Workbook, sheet: Sheet, *, hidden: bool = False) -> tuple[Worksheet, int, dict[str, int]]:
    ws = find_sheet(wb, sheet.name)
    if ws is None:
        ws = wb.create_sheet(sheet.name)
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index, column.label)
            cell.font, cell.fill = styles.HEADER_FONT, styles.TOOL_HEADER_FILL
            cell.alignment, cell.border = styles.HEADER_ALIGNMENT, styles.HEADER_BORDER
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        ws.sheet_properties.tabColor = "A6A6A6"
        if hidden:
            ws.sheet_state = "hidden"
    header, columns = _header(ws, sheet)
    return ws, header, columns


def _last_row(ws: Worksheet, header: int, columns: Iterable[int]) -> int:
    """The last row holding a value in our columns. ws.max_row also counts rows staff only formatted; the
    walk back is once per run, so appending stays linear however long the log is."""
    cells = ws._cells  # reading the cell map directly: ws.cell() would create the cells it looks at
    wanted = tuple(columns)
    row = ws.max_row
    while row > header and all(getattr(cells.get((row, c)), "value", None) is None for c in wanted):
        row -= 1
    return row


# log columns left unwrapped: a SHA-256 is one unbreakable word that fits its column
_UNWRAPPED = ("sha256",)


def append_rows(wb: Workbook, sheet: Sheet, rows: Iterable[Mapping[str, object]], *, raw: Splice | None = None) -> int:
    """Append rows (keyed by the sheet's column keys) under the last used row; returns how many.

    `raw`: the sheet was loaded lazily (excel/lazy_log.py); the rows are appended as XML beside it."""
    pending = list(rows)
    if not pending:
        return 0
    ws, header, columns = _log_sheet(wb, sheet)
    start = _last_row(ws, header, columns.values()) + 1

    # text columns wrap and each row gets the height its text needs: LibreOffice does not grow rows itself,
    # and a long "Vấn đề" or "Giá trị cũ" would otherwise print over the rows below it
    wrapped = {key for key in columns if sheet.column(key).kind is Kind.TEXT and key not in _UNWRAPPED}
    # measured a little narrower than the column: an estimate one line short cuts the last line off in print
    widths = {key: (ws.column_dimensions[get_column_letter(columns[key])].width or 8.43) - 2 for key in wrapped}
    heights = [wrapped_row_height((values.get(key), widths[key]) for key in wrapped) for values in pending]

    def style(cell: Cell, key: str, value: object) -> None:
        write_value(cell, value, sheet.column(key).kind)
        cell.alignment = styles.WRAP if key in wrapped else styles.LEFT

    if raw is not None:
        start = raw.append_raw(ws, start, columns, pending, style, heights=heights)
    else:
        for offset, values in enumerate(pending):
            for key, column in columns.items():
                style(writable(ws.cell(start + offset, column)), key, values.get(key))
            if heights[offset] is not None:
                ws.row_dimensions[start + offset].height = heights[offset]
    _extend_filter(ws, header, start + len(pending) - 1)
    return len(pending)


def _extend_filter(ws: Worksheet, header: int, last: int) -> None:
    ref = ws.auto_filter.ref
    if not ref or ":" not in ref:
        return
    first, end = ref.split(":")
    if first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == str(header):
        ws.auto_filter.ref = f"{first}:{end.rstrip('0123456789')}{last}"


def _keep_report_dates(wb: Workbook, entries: Sequence[StateEntry], time: dt.datetime) -> None:
    """One row per (Mã NV, Mã ĐV) in the hidden "Mốc báo cáo": updated in place, or appended."""
    if not entries:
        return
    ws, header, columns = _log_sheet(wb, MERGE_STATE, hidden=True)
    code_col, unit_col = columns["code"], columns["unit"]
    existing = (
        (number, row[code_col - 1], row[unit_col - 1])
        for number, row in enumerate(ws.iter_rows(min_row=header + 1, values_only=True), start=header + 1)
    )
    for row, values in place_state(existing, _last_row(ws, header, columns.values()), entries, time):
        for name, column in columns.items():
            write_value(ws.cell(row, column), values[name], MERGE_STATE.column(name).kind)
