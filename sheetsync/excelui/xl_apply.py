"""The merge plan carried out on the master open in Excel: the same cells excel/apply.py writes, via xlwings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sheetsync.core.plan import CellWrite, Plan, StateEntry, place_state
from sheetsync.core.table import HEADER_SCAN_ROWS, locate_header
from sheetsync.core.text import clean
from sheetsync.excelui.xlbook import XlMaster
from sheetsync.schema import HISTORY, JOURNAL, MERGE_STATE, TASKS, Sheet

__all__ = ["append_rows", "apply_plan", "header_of"]

Grid = Sequence[Sequence[Any]]


def apply_plan(master: XlMaster, plan: Plan) -> None:
    """Every write and row of `plan`, in the order excel/apply.apply_plan uses."""
    if plan.writes:
        _write_tasks(master, plan.writes)
    append_rows(master, HISTORY, plan.history_rows())
    append_rows(master, JOURNAL, plan.journal_rows())
    _keep_report_dates(master, plan.state, plan.time)


def header_of(grid: Grid, sheet: Sheet, name: str) -> tuple[int, dict[str, int]]:
    """(1-based header row, column key -> 1-based column), found by header text in the first rows."""
    index, columns, problems = locate_header(grid[:HEADER_SCAN_ROWS], sheet, sheet_name=name)
    if index is None or any(p.is_error for p in problems):
        # the master was checked when it was read a moment ago; a header lost since is a bug
        raise ValueError(f"{name}: header row not found ({[p.message for p in problems]})")
    return index + 1, columns


def _rows_by_code(grid: Grid, header: int, code_column: int) -> dict[str, int]:
    rows: dict[str, int] = {}
    for number, row in enumerate(grid[header:], start=header + 1):
        value = row[code_column - 1] if code_column - 1 < len(row) else None
        if value is not None:
            rows.setdefault(clean(str(value)), number)  # a duplicated Mã NV: the first row, as the program reads it
    return rows


def _write_tasks(master: XlMaster, writes: Sequence[CellWrite]) -> None:
    grid = master.grid(TASKS.name)
    header, columns = header_of(grid, TASKS, TASKS.name)
    rows = _rows_by_code(grid, header, columns["code"])
    by_row: dict[int, dict[int, object]] = {}
    for write in writes:  # later writes to the same cell win, as they do cell by cell
        by_row.setdefault(rows[write.code], {})[columns[write.key]] = write.new
    master.write_rows(TASKS.name, by_row)


def _log_sheet(master: XlMaster, sheet: Sheet, *, hidden: bool = False) -> tuple[Grid, int, dict[str, int]]:
    if master.sheet_name(sheet.name) is None:
        master.add_sheet(sheet.name, sheet.labels, hidden=hidden)
    name = master.sheet_name(sheet.name)
    assert name is not None
    grid = master.grid(name)
    header, columns = header_of(grid, sheet, name)
    return grid, header, columns


def _last_row(grid: Grid, header: int, columns: Iterable[int]) -> int:
    """The last row with a value in our columns (rows staff only formatted do not count)."""
    wanted = tuple(columns)
    for number in range(len(grid), header, -1):
        row = grid[number - 1]
        if any(c - 1 < len(row) and row[c - 1] not in (None, "") for c in wanted):
            return number
    return header


def append_rows(master: XlMaster, sheet: Sheet, rows: Iterable[Mapping[str, object]]) -> int:
    """Rows keyed by the sheet's column keys, under its last used row; staff's own columns left empty."""
    pending = list(rows)
    if not pending:
        return 0
    grid, header, columns = _log_sheet(master, sheet)
    start = _last_row(grid, header, columns.values()) + 1
    block = {
        start + offset: {column: values.get(key) for key, column in columns.items()}
        for offset, values in enumerate(pending)
    }
    master.write_rows(sheet.name, block)  # one block: a few COM calls whatever the number of rows
    return len(pending)


def _keep_report_dates(master: XlMaster, entries: Sequence[StateEntry], time: dt.datetime) -> None:
    """One row per (Mã NV, Mã ĐV) in the hidden "Mốc báo cáo": updated in place, or appended."""
    if not entries:
        return
    grid, header, columns = _log_sheet(master, MERGE_STATE, hidden=True)
    code_col, unit_col = columns["code"], columns["unit"]
    existing = (
        (number, _at(row, code_col), _at(row, unit_col)) for number, row in enumerate(grid[header:], start=header + 1)
    )
    placed = place_state(existing, _last_row(grid, header, columns.values()), entries, time)
    master.write_rows(
        MERGE_STATE.name, {row: {columns[name]: values[name] for name in columns} for row, values in placed}
    )


def _at(row: Sequence[Any], column: int) -> object:
    return row[column - 1] if column - 1 < len(row) else None
