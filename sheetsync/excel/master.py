"""Open the master workbook with openpyxl and hand the core plain grids of values."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.text import fold
from sheetsync.excel.cell_styles import is_percent_format
from sheetsync.excel.lazy_log import Splice, load_lazily, save_spliced
from sheetsync.problems import Code, Problem, Reason
from sheetsync.schema import Sheet


@dataclass
class MasterBook:
    """The loaded master: the openpyxl workbook (for writing later) and where it came from."""

    path: Path
    wb: Workbook
    # "Lịch sử" rows left unparsed (excel/lazy_log.py): save() writes them back
    splices: tuple[Splice, ...] = ()
    # sheets loaded without their cells, to be rebuilt ("Tổng hợp"): save() refuses if one is still there
    blanked: tuple[Worksheet, ...] = ()
    # formula cells whose file holds no computed value (last saved by a program that does not compute):
    # (sheet title, cell reference) -> the formula; grid() reads them as blank, the loader tells the office
    uncomputed: dict[tuple[str, str], str] = field(default_factory=dict)
    _computed: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def lazy_log(self, name: str) -> Splice | None:
        """The splice of the log sheet `name` when it was loaded lazily: appends to it go there."""
        return next((s for s in self.splices if fold(s.sheet) == fold(name)), None)

    def save(self, target: Path) -> None:
        """Write the workbook to `target` (a temporary file: the caller renames it over the master)."""
        if self.splices or self.blanked:
            save_spliced(self.wb, self.splices, target, blanked=self.blanked)
        else:
            self.wb.save(target)

    def sheet(self, name: str) -> Worksheet | None:
        return find_sheet(self.wb, name)

    def grid(self, name: str) -> list[tuple[Any, ...]]:
        """Every row's values as the office sees them in Excel: a formula's computed value (never its text),
        a number formatted as a percentage as the percentage shown (0.66 in a "0%" cell reads 66)."""
        ws = self.sheet(name)
        if ws is None:
            return []
        grid = sheet_grid(ws)
        cells = ws._cells  # reading the cell map directly: ws.cell() would create the cells it looks at
        for r, row in enumerate(grid):
            shown = list(row)
            for c, value in enumerate(row):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = cells.get((r + 1, c + 1))
                    if cell is not None and _percent(cell.number_format):
                        shown[c] = _hundred_times(value)
                elif _is_formula(value, cells.get((r + 1, c + 1))):
                    shown[c] = self._computed_value(ws, r, c, value)
            if shown != list(row):
                grid[r] = tuple(shown)
        return grid

    def _computed_value(self, ws: Worksheet, r: int, c: int, formula: Any) -> Any:
        if ws.title not in self._computed:
            self._computed[ws.title] = _computed_grid(self.path, ws.title)
        rows = self._computed[ws.title]
        value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
        if value is None:
            text = formula if isinstance(formula, str) else getattr(formula, "text", "") or "="
            self.uncomputed[(ws.title, f"{get_column_letter(c + 1)}{r + 1}")] = text
        return _plain(value)


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
    """Every row's values. Merged ranges read as their top-left value only (openpyxl's MergedCell is None);
    text with formatted runs reads as its plain text."""
    return [tuple(_plain(v) for v in row) for row in ws.iter_rows(values_only=True)]


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, CellRichText) else value


def _is_formula(value: Any, cell: Any) -> bool:
    if isinstance(value, ArrayFormula | DataTableFormula):
        return True
    return isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", None) == "f"


@lru_cache(maxsize=256)
def _percent(number_format: str) -> bool:
    return is_percent_format(number_format)


def _hundred_times(value: float) -> int | float:
    shown = round(value * 100, 6) + 0.0
    return int(shown) if shown.is_integer() else shown


def _computed_grid(path: Path, title: str) -> list[tuple[Any, ...]]:
    """The values Excel last computed for one sheet (openpyxl keeps either formulas or values per load)."""
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return []
    try:
        return [tuple(row) for row in wb[title].iter_rows(values_only=True)] if title in wb.sheetnames else []
    finally:
        wb.close()


# a master saved in another format: openpyxl cannot open it (or would write an .xlsx under that name)
_OTHER_FORMATS = {
    ".ods": "OpenDocument (.ods)",
    ".xls": "Excel 97-2003 (.xls)",
    ".xlsb": "Excel nhị phân (.xlsb)",
    ".csv": "văn bản CSV (.csv)",
    ".txt": "văn bản (.txt)",
}

# Macro-enabled masters keep their VBA project only when openpyxl is asked to; for an .xlsx the same
# flag would relabel the package as macro-enabled, which Excel refuses under an .xlsx name.
_MACRO_SUFFIXES = (".xlsm", ".xltm")


def open_master(
    path: Path, *, rich_text: bool = True, lazy_logs: Sequence[Sheet] = (), rebuilt: Sequence[str] = ()
) -> tuple[MasterBook | None, list[Problem]]:
    """Load the master for reading and writing; a problem (never an exception) when it cannot be opened.

    `rich_text` keeps text whose words are formatted differently (bold, colour) intact on save; openpyxl
    flattens it otherwise (EXCEL_NOTES §2). Readers see plain text either way (`sheet_grid`).
    `lazy_logs`: append-only sheets whose old rows the caller never reads; openpyxl is spared them when
    that is safe (excel/lazy_log.py), which makes a large master several times faster to load and save.
    `rebuilt`: sheets the caller deletes and builds anew before saving ("Tổng hợp"): loaded without cells.
    """
    shown = str(path)
    if not path.exists():
        return None, [Problem.make(Code.workbook_missing, file=shown, path=shown)]
    if (kind := _OTHER_FORMATS.get(path.suffix.lower())) is not None:
        return None, [Problem.make(Code.master_not_xlsx, file=shown, path=shown, kind=kind)]
    try:
        keep_vba = path.suffix.lower() in _MACRO_SUFFIXES
        splices: tuple[Splice, ...] = ()
        blanked: tuple[Worksheet, ...] = ()
        if (lazy_logs or rebuilt) and not keep_vba:
            wb, splices, blanked = load_lazily(path, lazy_logs, rich_text=rich_text, rebuilt=rebuilt)
        else:
            wb = openpyxl.load_workbook(path, rich_text=rich_text, keep_vba=keep_vba)
    except InvalidFileException:
        kind = "không phải tệp Excel .xlsx"
        return None, [Problem.make(Code.master_not_xlsx, file=shown, path=shown, kind=kind)]
    except zipfile.BadZipFile:
        # an .xlsx is a zip package: this one is cut short or is another kind of file under an .xlsx name
        return None, [Problem.make(Code.workbook_unreadable, file=shown, reason=Reason.master_damaged)]
    except OSError as exc:
        error = exc.strerror or type(exc).__name__
        return None, [Problem.make(Code.workbook_unreadable, file=shown, reason=Reason.disk_error, error=error)]
    except (KeyError, ValueError, SyntaxError):
        return None, [Problem.make(Code.workbook_unreadable, file=shown, reason=Reason.master_parts_damaged)]
    return MasterBook(path, wb, splices, blanked), []


def book_from_grids(path: Path, sheets: Mapping[str, Iterable[Sequence[Any]]]) -> MasterBook:
    """An in-memory master holding only these values, for readers written against a loaded file."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    return MasterBook(path, wb)


def grids(book: MasterBook, names: Sequence[str]) -> dict[str, list[tuple[Any, ...]] | None]:
    return {name: (book.grid(name) if book.sheet(name) is not None else None) for name in names}
