"""Open the master workbook with openpyxl and hand the core plain grids of values."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.text import fold
from sheetsync.problems import Code, Problem


@dataclass
class MasterBook:
    """The loaded master: the openpyxl workbook (for writing later) and where it came from."""

    path: Path
    wb: Workbook

    def sheet(self, name: str) -> Worksheet | None:
        return find_sheet(self.wb, name)

    def grid(self, name: str) -> list[tuple[Any, ...]]:
        ws = self.sheet(name)
        return sheet_grid(ws) if ws is not None else []


def find_sheet(wb: Workbook, name: str) -> Worksheet | None:
    """Exact name first; then the folded name, since staff retype sheet names without diacritics."""
    if name in wb.sheetnames:
        return wb[name]
    wanted = fold(name)
    for candidate in wb.sheetnames:
        if fold(candidate) == wanted:
            return wb[candidate]
    return None


def sheet_grid(ws: Worksheet) -> list[tuple[Any, ...]]:
    """Every row's values. Merged ranges read as their top-left value only (openpyxl's MergedCell is None)."""
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def open_master(path: Path, *, rich_text: bool = False) -> tuple[MasterBook | None, list[Problem]]:
    """Load the master for reading and writing; a problem (never an exception) when it cannot be opened."""
    shown = str(path)
    if not path.exists():
        return None, [Problem.make(Code.workbook_missing, file=shown, path=shown)]
    try:
        wb = openpyxl.load_workbook(path, rich_text=rich_text)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        return None, [Problem.make(Code.workbook_unreadable, file=shown, reason=reason)]
    return MasterBook(path, wb), []


def grids(book: MasterBook, names: Sequence[str]) -> dict[str, list[tuple[Any, ...]] | None]:
    return {name: (book.grid(name) if book.sheet(name) is not None else None) for name in names}
