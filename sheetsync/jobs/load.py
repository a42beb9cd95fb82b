"""Open the master and parse its program; structural problems make the master unusable (exit 2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.program import Program, parse_program
from sheetsync.core.table import HEADER_SCAN_ROWS, Table, column_letter, locate_header, read_table
from sheetsync.excel.master import MasterBook, open_master
from sheetsync.problems import Code, Problem
from sheetsync.schema import HISTORY, JOURNAL, MERGE_STATE, PROGRAM_YEAR, TASKS, UNITS, Sheet


@dataclass
class Loaded:
    book: MasterBook | None
    program: Program | None
    structural: list[Problem] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return self.program is None

    @property
    def problems(self) -> list[Problem]:
        return self.structural + (self.program.problems if self.program else [])


def uncomputed_formulas(book: MasterBook, table: Table | None, shown: str) -> list[Problem]:
    """A formula in a column the tool reads, with no value computed in the file: say so, cell by cell."""
    if table is None:
        return []
    letters = {column_letter(index) for index in table.columns.values()}
    return [
        Problem.make(Code.formula_not_computed, file=shown, sheet=sheet, cell=cell, value=formula)
        for (sheet, cell), formula in book.uncomputed.items()
        if sheet == table.sheet and _letters(cell) in letters and int(cell[len(_letters(cell)) :]) > table.header_row
    ]


def _log_headers(book: MasterBook, shown: str) -> list[Problem]:
    """The header rows of the sheets the tool appends to ("Nhật ký", "Lịch sử", "Mốc báo cáo"), when present:
    a renamed or doubled header there stops a merge, so every command reports it first."""
    problems: list[Problem] = []
    for sheet in (JOURNAL, HISTORY, MERGE_STATE):
        ws = book.sheet(sheet.name)
        if ws is None:
            continue
        # never past the sheet's last row: iter_rows creates the cells it visits, and a log sheet grown to
        # 30 rows would have its next rows appended below empty ones
        last = min(ws.max_row, HEADER_SCAN_ROWS)
        top = [tuple(row) for row in ws.iter_rows(min_row=1, max_row=last, values_only=True)]
        _index, _columns, found = locate_header(top, sheet, sheet_name=ws.title, file=shown)
        problems += [p for p in found if p.is_error]
    return problems


def _letters(cell: str) -> str:
    return cell.rstrip("0123456789")


def load(
    path: Path,
    *,
    year: int = PROGRAM_YEAR,
    rich_text: bool = True,
    lazy_logs: Sequence[Sheet] = (),
    rebuilt: Sequence[str] = (),
) -> Loaded:
    book, problems = open_master(path, rich_text=rich_text, lazy_logs=lazy_logs, rebuilt=rebuilt)
    if book is None:
        return Loaded(None, None, problems)
    shown = path.name
    tables = {}
    for sheet in (UNITS, TASKS):
        ws = book.sheet(sheet.name)
        if ws is None:
            problems.append(Problem.make(Code.missing_sheet, file=shown, sheet=sheet.name, sheet_name=sheet.name))
            continue
        table, found = read_table(book.grid(sheet.name), sheet, sheet_name=ws.title, file=shown)
        problems.extend(found)
        problems.extend(uncomputed_formulas(book, table, shown))
        tables[sheet.name] = table
    log_problems = _log_headers(book, shown)
    problems += log_problems
    units_table, tasks_table = tables.get(UNITS.name), tables.get(TASKS.name)
    # two columns titled alike (which one is "Tình trạng"?) or a log the run could not append to: the
    # commands that write would trip on it, so no command goes on as if the master were sound
    ambiguous = any(p.code is Code.duplicate_column for p in problems)
    if units_table is None or tasks_table is None or ambiguous or log_problems:
        return Loaded(book, None, problems)
    program = parse_program(units_table, tasks_table, year=year, file=shown)
    return Loaded(book, program, problems)
