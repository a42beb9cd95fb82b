"""Open the master and parse its program; structural problems make the master unusable (exit 2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.program import Program, parse_program
from sheetsync.core.table import Table, column_letter, read_table
from sheetsync.excel.master import MasterBook, open_master
from sheetsync.problems import Code, Problem
from sheetsync.schema import PROGRAM_YEAR, TASKS, UNITS, Sheet


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
    units_table, tasks_table = tables.get(UNITS.name), tables.get(TASKS.name)
    if units_table is None or tasks_table is None:
        return Loaded(book, None, problems)
    program = parse_program(units_table, tasks_table, year=year, file=shown)
    return Loaded(book, program, problems)
