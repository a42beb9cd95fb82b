"""The Excel button (xlwings add-in "Run main"): the weekly cycle in the open master, through ranges only."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock

from sheetsync.core.summary import Summary
from sheetsync.excel.master import MasterBook, book_from_grids
from sheetsync.excel.merge_state import read_merge_state
from sheetsync.excelui.xl_apply import apply_plan
from sheetsync.excelui.xl_refresh import read_program, refresh_open_book
from sheetsync.excelui.xlbook import XlMaster
from sheetsync.jobs.cycle import CycleResult, failed, finish, inbox_files, run_cycle_at
from sheetsync.jobs.merge import MergeResult, merge_into
from sheetsync.jobs.summary import SummaryResult
from sheetsync.office.backup import backup
from sheetsync.office.config import Config, load_config
from sheetsync.office.scheduler import log_outcome
from sheetsync.problems import Code, ExitCode, Problem
from sheetsync.schema import JOURNAL, MERGE_STATE, Sheet

__all__ = ["XlTarget", "caller_book", "run_button", "run_in_book"]

TITLE = "sheetsync — vòng cập nhật"
# Staff wait at the screen: if a scheduled cycle holds the lock, say so soon rather than freeze Excel.
BUTTON_LOCK_WAIT = 20.0


def caller_book() -> Any | None:
    """The workbook whose button was pressed; None when main() was not called from Excel."""
    import xlwings as xw

    from_excel = any(arg.startswith("--from_xl=1") for arg in sys.argv) or hasattr(xw.Book, "_mock_caller")
    if not from_excel:
        return None
    try:
        return xw.Book.caller()
    except Exception:  # no Excel here (Linux) or the book could not be found: use the file instead
        return None


def run_button(
    entry_file: str | Path, *, caller: Callable[[], Any | None] = caller_book, now: dt.datetime | None = None
) -> CycleResult:
    """What `main()` in <workbook name>.py calls. Never raises into Excel: the message says what happened."""
    moment = now or dt.datetime.now()
    book = caller()
    if book is None:
        # not from Excel: the file path, on the workbook named like the entry file
        workbook = _workbook_beside(Path(entry_file))
        result = run_cycle_at(workbook, now=moment)
        print(result.message)
        log_outcome(workbook, "[tệp Python]", result.message, result.exit_code)
        return result
    master = XlMaster(book)
    try:
        result = run_in_book(master, now=moment)
    except Exception as exc:  # a COM error or a bug: a message box, not a Python traceback over Excel
        result = failed(moment, exc, file=master.path)
        log_outcome(master.path, "[nút Excel]", result.message, result.exit_code, error=True)
    else:
        log_outcome(master.path, "[nút Excel]", result.message, result.exit_code)
    master.tell(result.message, title=TITLE)
    return result


def _workbook_beside(entry: Path) -> Path:
    for suffix in (".xlsx", ".xlsm"):
        if (candidate := entry.with_suffix(suffix)).exists():
            return candidate
    return entry.with_suffix(".xlsx")


@dataclass
class XlTarget:
    """The merge's MasterTarget for the open book: writes go through ranges, Excel saves its own file."""

    master: XlMaster
    now: dt.datetime

    def apply(self, plan: Any) -> None:
        apply_plan(self.master, plan)

    def refresh(self, *, as_of: dt.date, warn_days: int) -> tuple[Summary | None, list[Problem]]:
        return refresh_open_book(self.master, as_of=as_of, warn_days=warn_days)

    def save(self) -> Path | None:
        """The last saved file to sao-luu/ first (what is on disk is what a backup can hold), then Excel saves."""
        path = self.master.path
        copy = backup(path, now=self.now) if path.is_file() else None
        self.master.save()
        return copy


def snapshot(master: XlMaster, sheets: Sequence[Sheet]) -> MasterBook:
    """The values of a few sheets in an in-memory workbook, for readers written against a loaded file."""
    names = [name for sheet in sheets if (name := master.sheet_name(sheet.name)) is not None]
    return book_from_grids(master.path, {name: master.grid(name) for name in names})


def run_in_book(master: XlMaster, *, now: dt.datetime, as_of: dt.date | None = None) -> CycleResult:
    """The weekly cycle with the master open in Excel: what run_cycle does with the file, in the book."""
    day = as_of or now.date()
    config, problems = load_config(master.path)
    if config is None:
        return finish(CycleResult(now, day, ExitCode.CANNOT_RUN, "", problems))
    lock = filelock.FileLock(str(config.cycle_lock))
    try:
        lock.acquire(timeout=min(BUTTON_LOCK_WAIT, config.lock_wait))
    except filelock.Timeout:
        busy = Problem.make(Code.master_busy, file=str(config.cycle_lock))
        return finish(CycleResult(now, day, ExitCode.LOCKED, "", [busy]))
    try:
        return _cycle(master, config, now, day)
    finally:
        lock.release()


def _cycle(master: XlMaster, config: Config, now: dt.datetime, day: dt.date) -> CycleResult:
    program, _tasks, structural = read_program(master)
    if program is None:
        return finish(CycleResult(now, day, ExitCode.CANNOT_RUN, "", structural), config)
    config.inbox.mkdir(parents=True, exist_ok=True)
    result = CycleResult(now, day, ExitCode.OK, "", files=inbox_files(config.inbox))
    target = XlTarget(master, now)
    found = [*structural, *program.problems]  # the master's own problems, as jobs/load reports them
    if result.files:
        merge = MergeResult(master.path, config.inbox)
        merge.master_problems = [p for p in found if p.is_error]
        state, broken = read_merge_state(snapshot(master, (JOURNAL, MERGE_STATE)), program)
        if broken:
            merge.problems, merge.exit_code = broken, ExitCode.CANNOT_RUN
        else:
            merge_into(merge, program, state, target, as_of=day, now=now, warn_days=config.warn_days)
        result.merge, result.exit_code, result.problems = merge, merge.exit_code, [*merge.problems]
        result.numbers = merge.numbers
    else:
        # nothing to merge: the summary still has to be true as of today (what run_summary does to the file)
        numbers, refreshed = target.refresh(as_of=day, warn_days=config.warn_days)
        summary = SummaryResult(master.path, numbers, found + [p for p in refreshed if p not in found])
        summary.fatal = numbers is None
        if not summary.fatal:
            summary.backup = target.save()
        result.summary, result.exit_code, result.problems = summary, summary.exit_code, summary.problems
        result.numbers = numbers
    return finish(result, config)
