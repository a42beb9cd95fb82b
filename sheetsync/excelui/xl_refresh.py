"""Hạn chót, Đánh giá and "Tổng hợp" refreshed in the master open in Excel, from the same summary functions."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sheetsync.core.journal import JournalEntry, journal_entries
from sheetsync.core.program import Program, parse_program
from sheetsync.core.summary import Assessed, Summary, assess_tasks, summarize
from sheetsync.core.table import Table, read_table
from sheetsync.excel.period import constant_text
from sheetsync.excel.summary_sheet import save_summary_alone
from sheetsync.excelui.xlbook import XlMaster
from sheetsync.problems import Code, Problem
from sheetsync.schema import (
    CURRENT_PERIOD_NAME,
    DEFAULT_WARN_DAYS,
    JOURNAL,
    PROGRAM_YEAR,
    SUMMARY_SHEET,
    TASKS,
    UNITS,
    Sheet,
)

__all__ = ["read_program", "refresh_open_book"]


def _table(master: XlMaster, sheet: Sheet, problems: list[Problem], *, optional: bool = False) -> Table | None:
    name = master.sheet_name(sheet.name)
    shown = master.path.name
    if name is None:
        if not optional:
            problems.append(Problem.make(Code.missing_sheet, file=shown, sheet=sheet.name, sheet_name=sheet.name))
        return None
    table, found = read_table(master.grid(name), sheet, sheet_name=name, file=shown)
    problems.extend(p for p in found if p.is_error)
    return table


def read_program(master: XlMaster, *, year: int = PROGRAM_YEAR) -> tuple[Program | None, Table | None, list[Problem]]:
    """The program as the open workbook holds it now (unsaved edits included), like jobs/load does from a file."""
    problems: list[Problem] = []
    units, tasks = _table(master, UNITS, problems), _table(master, TASKS, problems)
    if units is None or tasks is None:
        return None, tasks, problems
    program = parse_program(units, tasks, year=year, file=master.path.name)
    return program, tasks, problems


def current_period(refers_to: str | None) -> str | None:
    """The label from what xlwings says the defined name refers to (`="Tháng 11/2026"`).

    The file path reads the same name through openpyxl (excel/period.py); both accept exactly a text constant.
    """
    return constant_text(refers_to)


def _write_assessments(master: XlMaster, program: Program, tasks: Table, assessed: Sequence[Assessed]) -> None:
    """Only Hạn chót and Đánh giá of each task row, and only where they change (as excel/assessment does)."""
    due_column, shown_column = tasks.columns["due"], tasks.columns["assessment"]
    for task, result in zip(program.tasks, assessed, strict=True):
        changes: dict[int, object] = {}
        current_due = task.row.get("due")
        current_due = current_due.date() if isinstance(current_due, dt.datetime) else current_due
        if current_due != task.due:
            changes[due_column] = task.due
        text = result.assessment.value if result.assessment is not None else None
        if task.row.get("assessment") != text:
            changes[shown_column] = text
        if changes:
            master.write(tasks.sheet, task.row.number, changes)


def refresh_open_book(
    master: XlMaster, *, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS, year: int = PROGRAM_YEAR
) -> tuple[Summary | None, list[Problem]]:
    """Re-read the tables (after the merge's writes), write the assessment cells, rebuild "Tổng hợp".

    The conditional formatting that colours rows by TODAY() is already in the master (the file path writes
    it); it is left as it is here.
    """
    program, tasks, problems = read_program(master, year=year)
    if program is None or tasks is None:
        return None, problems
    assessed = assess_tasks(program.tasks, as_of=as_of, warn_days=warn_days)
    journal_table = _table(master, JOURNAL, problems, optional=True)
    journal: list[JournalEntry] = journal_entries(journal_table) if journal_table is not None else []
    summary = summarize(
        assessed,
        program.units,
        journal,
        period=current_period(master.defined_name(CURRENT_PERIOD_NAME)),
        as_of=as_of,
        warn_days=warn_days,
    )
    _write_assessments(master, program, tasks, assessed)
    _replace_summary_sheet(master, summary)
    return summary, problems


def _replace_summary_sheet(master: XlMaster, summary: Summary) -> None:
    """Lay the sheet out with the same code as the file path, in a scratch file, and copy it in."""
    with tempfile.TemporaryDirectory(prefix="sheetsync-") as folder:
        path = Path(folder) / "tong-hop.xlsx"
        save_summary_alone(summary, path)
        master.replace_sheet(SUMMARY_SHEET, path, before=JOURNAL.name, after=UNITS.name)
