"""The master open in Excel, through xlwings: read sheets as grids, write cells and row blocks. Nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sheetsync.core.text import fold

__all__ = ["DATETIME_FORMAT", "DATE_FORMAT", "XlMaster", "to_excel"]

# the number formats the openpyxl writer gives dates (excel/styles.py); Excel's own codes
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def to_excel(value: object) -> object:
    """What to assign to `Range.value` so Excel stores exactly this value.

    Excel parses a string assigned through COM as if typed: "=..." becomes a formula, "50" a number,
    "30/6/2026" a date. A leading apostrophe (Excel's quote prefix, not part of the value) keeps every
    string as inert text — the same guarantee the openpyxl writer gives with quotePrefix.
    """
    if isinstance(value, str):
        return "'" + value if value else None
    return value


def _from_excel(value: Any) -> Any:
    # Excel has one number type: xlwings gives 5.0 where openpyxl gives 5; the core wants the same value.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _blocks(rows: Mapping[int, Mapping[int, object]]) -> list[tuple[int, list[Mapping[int, object]]]]:
    """(first row, the rows' values) for each run of consecutive rows that write the same columns."""
    blocks: list[tuple[int, list[Mapping[int, object]]]] = []
    previous: int | None = None
    for number in sorted(rows):
        values = rows[number]
        if not values:
            continue
        if blocks and previous == number - 1 and set(blocks[-1][1][0]) == set(values):
            blocks[-1][1].append(values)
        else:
            blocks.append((number, [values]))
        previous = number
    return blocks


def _runs(columns: Sequence[int]) -> list[list[int]]:
    """Sorted column numbers cut into runs of adjacent ones."""
    runs: list[list[int]] = []
    for column in columns:
        if runs and runs[-1][-1] == column - 1:
            runs[-1].append(column)
        else:
            runs.append([column])
    return runs


def _date_format(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    return DATE_FORMAT if isinstance(value, dt.date) else None


def _format_runs(values: Sequence[object]) -> list[tuple[int, int, str]]:
    """(start, stop, format) of each run of values down a column that need the same date format.

    Only date cells get one: a date format on a number would show 50 as 19/02/1900.
    """
    runs: list[tuple[int, int, str]] = []
    for index, value in enumerate(values):
        fmt = _date_format(value)
        if fmt is None:
            continue
        if runs and runs[-1][1] == index and runs[-1][2] == fmt:
            runs[-1] = (runs[-1][0], index + 1, fmt)
        else:
            runs.append((index, index + 1, fmt))
    return runs


class XlMaster:
    """A thin wrapper over an xlwings Book (or a stand-in with the same surface, in tests)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    @property
    def path(self) -> Path:
        return Path(self.book.fullname)

    def sheet_name(self, name: str) -> str | None:
        """Exact name first, then folded, as excel/master.find_sheet does."""
        names = [sheet.name for sheet in self.book.sheets]
        if name in names:
            return name
        return next((n for n in names if fold(n) == fold(name)), None)

    def grid(self, name: str) -> list[tuple[Any, ...]]:
        """Every value from A1 to the last used cell: row and column numbers match the sheet's."""
        actual = self.sheet_name(name)
        if actual is None:
            return []
        sheet = self.book.sheets[actual]
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
        return [tuple(_from_excel(v) for v in row) for row in values]

    def write(self, name: str, row: int, values: Mapping[int, object]) -> None:
        """Cells of one row by 1-based column; each run of adjacent columns is one COM call, not one per cell."""
        self.write_rows(name, {row: values})

    def write_rows(self, name: str, rows: Mapping[int, Mapping[int, object]]) -> None:
        """Cells of many rows, {row: {column: value}}, in a number of COM calls that does not grow with the rows.

        Rows that follow one another with the same columns make a block; each run of adjacent columns of a
        block is one 2-D `Range.value`, and each run of date cells down one of its columns one
        `number_format`. Appending hundreds of "Lịch sử" rows is a handful of calls, where one call per row
        and one per date cell kept Excel busy for minutes.
        """
        sheet = self.book.sheets[self.sheet_name(name)]
        for first, block in _blocks(rows):
            last = first + len(block) - 1
            columns = sorted(block[0])
            for run in _runs(columns):
                cells = [[to_excel(values[c]) for c in run] for values in block]
                sheet.range((first, run[0]), (last, run[-1])).value = cells
            for column in columns:
                for start, stop, fmt in _format_runs([values[column] for values in block]):
                    sheet.range((first + start, column), (first + stop - 1, column)).number_format = fmt

    def add_sheet(self, name: str, labels: Sequence[str], *, hidden: bool = False) -> None:
        """A tool sheet the master does not have yet, with its header row, after the last sheet."""
        active = self.book.sheets.active
        sheet = self.book.sheets.add(name, after=self.book.sheets[len(self.book.sheets) - 1])
        sheet.range((1, 1)).value = [[to_excel(label) for label in labels]]
        if hidden:
            sheet.visible = False
        active.activate()  # adding a sheet makes it active; staff stay where they were

    def defined_name(self, name: str) -> str | None:
        """What a workbook-level defined name refers to (`="Tháng 11/2026"`), or None."""
        for item in self.book.names:
            if item.name == name:
                return str(item.refers_to) if item.refers_to is not None else None
        return None

    def replace_sheet(self, name: str, source: Path, *, before: str, after: str) -> None:
        """Put the sheet `name` of the file `source` in place of ours (or before `before`, else after `after`).

        Excel copies a sheet between open books with its formats, merged cells, print setup and charts.
        """
        active = self.book.sheets.active
        was_active = active is not None and fold(active.name) == fold(name)
        other = self.book.app.books.open(str(source))
        try:
            incoming = other.sheets[name]
            current = self.sheet_name(name)
            if current is not None:
                old = self.book.sheets[current]
                old.name = f"{name[:20]} (cũ)"  # Excel refuses two sheets with one name, whatever the case
                incoming.copy(before=old, name=name)
                old.delete()
            elif (anchor := self.sheet_name(before)) is not None:
                incoming.copy(before=self.book.sheets[anchor], name=name)
            elif (anchor := self.sheet_name(after)) is not None:
                incoming.copy(after=self.book.sheets[anchor], name=name)
            else:
                incoming.copy(after=self.book.sheets[len(self.book.sheets) - 1], name=name)
        finally:
            other.close()
        (self.book.sheets[name] if was_active else active).activate()

    def tell(self, message: str, *, title: str) -> None:
        """A message box over Excel, and the same text in the status bar until the next action."""
        self.book.app.status_bar = message[:250]
        self.book.app.alert(message, title=title)

    def save(self) -> None:
        self.book.save()
