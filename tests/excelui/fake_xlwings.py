"""An in-memory stand-in for the part of xlwings' Book/Sheet/Range surface the Excel button uses.

It imitates what Excel does with a value assigned through COM, so the adapter's escaping is tested: a string
is parsed as if typed ("=…" a formula, "50" a number, "30/6/2026" a date) unless it starts with an
apostrophe, which Excel keeps as a prefix outside the value; numbers come back as floats, dates as datetimes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl


@dataclass(frozen=True)
class Formula:
    """A cell Excel would have turned into a live formula: tests assert none appear."""

    text: str


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?%?$")
_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


def excel_stores(value: Any) -> Any:
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:]
        if value.startswith(("=", "+", "-", "@")):
            return Formula(value)
        if _NUMBER.match(value):
            return float(value.rstrip("%").replace(",", "."))
        if _DATE.match(value):
            day, month, year = (int(p) for p in value.split("/"))
            return dt.datetime(year, month, day)
        return value or None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise TypeError(f"Excel would not take {value!r}")


class FakeRange:
    def __init__(self, sheet: FakeSheet, first: tuple[int, int], last: tuple[int, int], ndim: int | None = None):
        self.sheet, self.first, self.last, self.ndim = sheet, first, last, ndim

    @property
    def row(self) -> int:
        return self.first[0]

    @property
    def column(self) -> int:
        return self.first[1]

    @property
    def last_cell(self) -> FakeRange:
        return FakeRange(self.sheet, self.last, self.last)

    def options(self, ndim: int | None = None, **_: Any) -> FakeRange:
        return FakeRange(self.sheet, self.first, self.last, ndim)

    @property
    def value(self) -> Any:
        self.sheet.count("value read")
        rows = [
            [self.sheet.cells.get((r, c)) for c in range(self.first[1], self.last[1] + 1)]
            for r in range(self.first[0], self.last[0] + 1)
        ]
        if self.ndim == 2:
            return rows
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        return rows[0] if len(rows) == 1 else rows

    @value.setter
    def value(self, value: Any) -> None:
        self.sheet.writes += 1
        self.sheet.count("value write")
        block = value if isinstance(value, list) and value and isinstance(value[0], list) else [[value]]
        for r, values in enumerate(block, start=self.first[0]):
            for c, item in enumerate(values, start=self.first[1]):
                stored = excel_stores(item)
                if stored is None:
                    self.sheet.cells.pop((r, c), None)
                else:
                    self.sheet.cells[(r, c)] = stored

    @property
    def number_format(self) -> str:
        self.sheet.count("format read")
        return self.sheet.formats.get(self.first, "General")

    @number_format.setter
    def number_format(self, value: str) -> None:
        """Excel formats every cell of the range in one call."""
        self.sheet.count("format write")
        for r in range(self.first[0], self.last[0] + 1):
            for c in range(self.first[1], self.last[1] + 1):
                self.sheet.formats[(r, c)] = value


class FakeSheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.visible = True
        self.writes = 0
        self.book: FakeBook | None = None

    def count(self, kind: str) -> None:
        """One call across COM, which Excel serves while staff wait: the book counts them by kind."""
        if self.book is not None:
            self.book.com_calls[kind] += 1

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> FakeRange:
        return FakeRange(self, first, last or first)

    @property
    def used_range(self) -> FakeRange:
        if not self.cells:
            return FakeRange(self, (1, 1), (1, 1))
        rows = [r for r, _ in self.cells]
        columns = [c for _, c in self.cells]
        return FakeRange(self, (min(rows), min(columns)), (max(rows), max(columns)))

    def activate(self) -> None:
        assert self.book is not None
        self.book.sheets.active = self

    def copy(
        self, before: FakeSheet | None = None, after: FakeSheet | None = None, name: str | None = None
    ) -> FakeSheet:
        """Excel's Sheet.Copy into another open book: values, formats and visibility come along."""
        target = (before or after).book  # type: ignore[union-attr]  # Excel needs one of the two
        assert target is not None
        if name and name.lower() in (s.name.lower() for s in target.sheets):
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        sheet = FakeSheet(name or self.name)
        sheet.book, sheet.cells, sheet.formats, sheet.visible = (
            target,
            dict(self.cells),
            dict(self.formats),
            self.visible,
        )
        items = target.sheets.items
        items.insert(items.index(before) if before is not None else items.index(after) + 1, sheet)  # type: ignore[arg-type]  # after is set when before is not
        target.sheets.active = sheet
        return sheet

    def delete(self) -> None:
        assert self.book is not None
        self.book.sheets.items.remove(self)

    def grid(self) -> list[list[Any]]:
        last = self.used_range.last
        return [[self.cells.get((r, c)) for c in range(1, last[1] + 1)] for r in range(1, last[0] + 1)]


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self.items: list[FakeSheet] = []
        self.active: FakeSheet | None = None

    def __iter__(self) -> Iterator[FakeSheet]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: int | str | None) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        for sheet in self.items:
            if sheet.name == key:
                return sheet
        raise KeyError(key)

    def add(self, name: str, after: FakeSheet | None = None) -> FakeSheet:
        if name.lower() in (s.name.lower() for s in self.items):
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        sheet = FakeSheet(name)
        sheet.book = self.book
        position = self.items.index(after) + 1 if after is not None else len(self.items)
        self.items.insert(position, sheet)
        self.active = sheet
        return sheet


@dataclass
class FakeName:
    name: str
    refers_to: str


class FakeBooks:
    def __init__(self, app: FakeApp) -> None:
        self.app = app
        self.opened: list[FakeBook] = []

    def open(self, fullname: str) -> FakeBook:
        book = FakeBook.from_file(Path(fullname), app=self.app)
        self.opened.append(book)
        return book


@dataclass
class FakeApp:
    status_bar: str | bool = False
    alerts: list[tuple[str, str | None]] = field(default_factory=list)
    books: FakeBooks = field(init=False)

    def __post_init__(self) -> None:
        self.books = FakeBooks(self)

    def alert(self, prompt: str, title: str | None = None, **_: Any) -> None:
        self.alerts.append((prompt, title))


class FakeBook:
    def __init__(self, fullname: Path, app: FakeApp | None = None) -> None:
        self.fullname = str(fullname)
        self.sheets = FakeSheets(self)
        self.app = app or FakeApp()
        self.names: list[FakeName] = []
        self.saves = 0
        self.closed = False
        self.com_calls: Counter[str] = Counter()  # every Range.value and number_format read or written

    def close(self) -> None:
        self.closed = True

    def save(self) -> None:
        self.saves += 1

    def add(self, name: str) -> FakeSheet:
        sheet = self.sheets.add(name)
        return sheet

    @classmethod
    def from_file(cls, path: Path, app: FakeApp | None = None) -> FakeBook:
        """The values of a workbook file, as Excel would hold them once opened."""
        book = cls(path, app)
        wb = openpyxl.load_workbook(path)
        book.names = [FakeName(name, "=" + str(item.attr_text)) for name, item in wb.defined_names.items()]
        for ws in wb.worksheets:
            sheet = book.add(ws.title)
            sheet.visible = ws.sheet_state == "visible"
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        sheet.cells[(cell.row, cell.column)] = excel_stores(
                            "'" + cell.value if isinstance(cell.value, str) else cell.value
                        )
        book.sheets.active = book.sheets[0] if len(book.sheets) else None
        wb.close()
        return book
