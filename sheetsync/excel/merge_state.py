"""What the merge remembers in the master: files already applied ("Nhật ký") and report dates ("Mốc báo cáo")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sheetsync.core.dates import parse_cell_date
from sheetsync.core.merge import MergeState, Seen
from sheetsync.core.plan import show_value
from sheetsync.core.program import Program
from sheetsync.core.table import Table, read_table
from sheetsync.core.text import clean, fold
from sheetsync.excel.master import MasterBook
from sheetsync.problems import Problem
from sheetsync.schema import JOURNAL, MERGE_STATE, Outcome, Sheet

__all__ = ["merge_state_from_grids", "read_merge_state"]

Grid = Sequence[Sequence[object]]
_REJECTED = fold(Outcome.REJECTED.value)


def read_merge_state(book: MasterBook, program: Program) -> tuple[MergeState, list[Problem]]:
    """The merge state of the loaded master (see merge_state_from_grids)."""
    grids = {s.name: (book.grid(s.name) if book.sheet(s.name) is not None else None) for s in (JOURNAL, MERGE_STATE)}
    return merge_state_from_grids(program, grids, file=book.path.name)


def merge_state_from_grids(
    program: Program, grids: Mapping[str, Grid | None], *, file: str | None = None
) -> tuple[MergeState, list[Problem]]:
    """From the values of "Nhật ký" and "Mốc báo cáo" (None: the sheet is not there yet), however they were
    read (openpyxl here, xlwings in the Excel button). Problems when a log sheet is there but its header is
    unusable: the run must stop, since without the SHA-256 column an applied file would be applied again."""
    problems: list[Problem] = []
    journal = _table(grids.get(JOURNAL.name), JOURNAL, file, problems)
    state = _table(grids.get(MERGE_STATE.name), MERGE_STATE, file, problems)
    seen: dict[str, Seen] = {}
    for row in journal.rows if journal else ():
        sha = _text(row.get("sha256")).lower()
        # a rejected file may be sent again unchanged once the office fixed the master (a new unit, a task)
        if sha and fold(row.get("result")) != _REJECTED and sha not in seen:
            seen[sha] = Seen(show_value(row.get("time")), _text(row.get("file")), _text(row.get("unit")))
    reported: dict[tuple[str, str], dt.date] = {}
    for row in state.rows if state else ():
        day = parse_cell_date(row.get("report_date"))
        key = (_text(row.get("code")), _text(row.get("unit")))
        if isinstance(day, dt.date) and all(key) and (key not in reported or reported[key] < day):
            reported[key] = day
    return MergeState.of(program, reported=reported, seen=seen), problems


def _table(grid: Grid | None, sheet: Sheet, file: str | None, problems: list[Problem]) -> Table | None:
    if grid is None:
        return None  # created on the first write
    table, found = read_table(grid, sheet, file=file)
    if table is None:
        problems.extend(p for p in found if p.is_error)
    return table


def _text(value: object) -> str:
    return clean(str(value)) if value is not None else ""
