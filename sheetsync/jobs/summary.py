"""Assessment, highlighting and the "Tổng hợp" sheet: `refresh` for the merge, `run_summary` for the command."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.journal import JournalEntry, journal_entries
from sheetsync.core.program import Program, parse_program
from sheetsync.core.summary import Summary, assess_tasks, summarize
from sheetsync.core.table import Table, read_table
from sheetsync.excel.assessment import write_assessments
from sheetsync.excel.highlight import apply_highlighting
from sheetsync.excel.master import MasterBook
from sheetsync.excel.period import read_current_period
from sheetsync.excel.summary_sheet import write_summary_sheet
from sheetsync.jobs.session import WriteRefused, begin
from sheetsync.problems import Code, ExitCode, Problem
from sheetsync.schema import DEFAULT_WARN_DAYS, HISTORY, JOURNAL, PROGRAM_YEAR, SUMMARY_SHEET, TASKS, UNITS, Sheet

__all__ = ["SummaryResult", "refresh", "refresh_book", "run_summary"]

# a merge may hold the master for a while on a large workbook; longer than that, tell the user
LOCK_WAIT_SECONDS = 60.0


def _table(book: MasterBook, sheet: Sheet, problems: list[Problem]) -> Table | None:
    ws = book.sheet(sheet.name)
    shown = book.path.name
    if ws is None:
        problems.append(Problem.make(Code.missing_sheet, file=shown, sheet=sheet.name, sheet_name=sheet.name))
        return None
    table, found = read_table(book.grid(sheet.name), sheet, sheet_name=ws.title, file=shown)
    problems.extend(p for p in found if p.is_error)
    return table


def _journal(book: MasterBook, problems: list[Problem]) -> list[JournalEntry]:
    """The log is optional for the numbers: without it nobody has reported yet."""
    if book.sheet(JOURNAL.name) is None:
        return []
    table = _table(book, JOURNAL, problems)
    return journal_entries(table) if table is not None else []


def refresh_book(
    book: MasterBook, *, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS, year: int = PROGRAM_YEAR
) -> tuple[Summary | None, list[Problem]]:
    """Read the tables as they are now in `book` (headers by text), then write back what the tool owns."""
    problems: list[Problem] = []
    units, tasks = _table(book, UNITS, problems), _table(book, TASKS, problems)
    ws = book.sheet(TASKS.name)
    if units is None or tasks is None or ws is None:
        return None, problems
    program: Program = parse_program(units, tasks, year=year, file=book.path.name)
    assessed = assess_tasks(program.tasks, as_of=as_of, warn_days=warn_days)
    write_assessments(ws, program.tasks, assessed)
    last_row = max((row.number for row in tasks.rows), default=tasks.header_row)
    apply_highlighting(ws, dict(tasks.columns), header_row=tasks.header_row, last_row=last_row, warn_days=warn_days)
    summary = summarize(
        assessed,
        program.units,
        _journal(book, problems),
        period=read_current_period(book.wb),
        as_of=as_of,
        warn_days=warn_days,
    )
    write_summary_sheet(book.wb, summary)
    return summary, problems


def refresh(book: MasterBook, *, as_of: dt.date, warn_days: int = DEFAULT_WARN_DAYS) -> list[Problem]:
    """Recompute Hạn chót, Đánh giá, highlighting and "Tổng hợp" in the loaded workbook (no save).

    The merge calls this after applying changes, before its one save. Returns the problems that kept
    part of the refresh from being done (a sheet or column missing); the master's own validation
    problems are the caller's, from loading it.
    """
    return refresh_book(book, as_of=as_of, warn_days=warn_days)[1]


@dataclass
class SummaryResult:
    workbook: Path
    summary: Summary | None = None
    problems: list[Problem] = field(default_factory=list)
    locked: bool = False
    fatal: bool = False
    backup: Path | None = None
    notes: list[Problem] = field(default_factory=list)  # what the save did not keep (Session.notes)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.of(self.problems, locked=self.locked, fatal=self.fatal)


def run_summary(
    workbook: Path,
    *,
    as_of: dt.date,
    warn_days: int = DEFAULT_WARN_DAYS,
    now: dt.datetime | None = None,
    allow_loss: bool = False,
) -> SummaryResult:
    """`sheetsync summary`: the refresh in a write session (lock, open-elsewhere check, backup, atomic save)."""
    result = SummaryResult(workbook)
    session, refused, locked = begin(
        workbook,
        now=now or dt.datetime.now(),
        wait=LOCK_WAIT_SECONDS,
        allow_loss=allow_loss,
        lazy_logs=(HISTORY,),
        rebuilt=(SUMMARY_SHEET,),
    )
    if session is None:
        result.problems, result.locked = refused, locked
        return result
    with session:
        loaded = session.loaded
        result.problems = list(loaded.problems)
        if loaded.fatal or loaded.book is None:
            result.fatal = True
            return result
        summary, problems = refresh_book(loaded.book, as_of=as_of, warn_days=warn_days)
        result.problems.extend(p for p in problems if p not in result.problems)
        if summary is None:
            result.fatal = True
            return result
        try:
            result.backup = session.save()
        except WriteRefused as refusal:  # the write would lose the office's work: nothing written
            result.problems.extend(refusal.problems)
            result.fatal = True
            return result
        result.summary = summary
        result.notes = session.notes
    return result
