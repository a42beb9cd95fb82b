"""Writing values into cells so that what staff or units typed stays inert data, never a formula."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from copy import copy
from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

# Excel (and LibreOffice) start a formula at any of these; "- Công an phường" typed as a bullet is one
_FORMULA_STARTS = ("=", "+", "-", "@")


def looks_like_formula(text: str) -> bool:
    return text.lstrip().startswith(_FORMULA_STARTS)


def writable(cell: Cell | MergedCell) -> Cell:
    """The cell itself; a cell covered by a merged range holds no value (openpyxl would refuse it later,
    with an AttributeError that names nothing), so writing there is a bug said plainly."""
    if isinstance(cell, MergedCell):
        raise ValueError(f"{cell.coordinate} is covered by a merged range: only its top-left cell holds a value")
    return cell


def set_text(cell: Cell | MergedCell, value: str | None) -> None:
    """Store `value` as a plain string. A leading = + - @ gets Excel's quote prefix, so neither openpyxl
    nor Excel (when the cell is next edited) turns "=HYPERLINK(...)" or "-5%" into a formula."""
    cell = writable(cell)
    cell.value = value
    if value is None:
        cell.quotePrefix = False
        return
    # openpyxl guesses "f" for any string starting with "="; a string cell it must stay
    cell.data_type = "s"
    cell.quotePrefix = looks_like_formula(value)


def set_value(cell: Cell | MergedCell, value: Any) -> None:
    """Any value: text through set_text; dates, numbers and None as they are."""
    cell = writable(cell)
    if isinstance(value, str):
        set_text(cell, value)
    elif isinstance(value, datetime | date | int | float) or value is None:
        cell.value = value
    else:
        set_text(cell, str(value))


# --- row heights ---------------------------------------------------------------------------------------
# LibreOffice (7.4 checked) does not grow a row to fit wrapped text when it opens an .xlsx, and Excel only
# does so for rows it has no height for: so every row we write gets a height computed here.
# Advance widths of Times New Roman (= Liberation Serif) for ASCII 32..126, in 1/1000 em; a Vietnamese
# letter is as wide as its base letter (ế → e).
_TNR_ASCII = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722,
    722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
    278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip
_OTHER = {"đ": 500, "Đ": 722, "“": 444, "”": 444, "–": 500, "—": 1000, "…": 1000}
# Excel: one width unit = the "0" of the workbook's default font (Times New Roman 12: 8 px at 96 dpi), plus 5 px
_PX_PER_WIDTH_UNIT = 8
_CELL_PADDING_PX = 3
# row height per line / font size: what Excel gives Times New Roman (15,75 pt for 12 pt)
_LINE_SPACING = 1.31


def _em(ch: str) -> float:
    code = ord(ch)
    if 32 <= code < 127:
        return _TNR_ASCII[code - 32] / 1000
    if ch in _OTHER:
        return _OTHER[ch] / 1000
    base = unicodedata.normalize("NFD", ch)[0]
    if 32 <= ord(base) < 127:
        return _TNR_ASCII[ord(base) - 32] / 1000
    return 0.5


def text_width_px(text: str, font_size: float = 12, *, bold: bool = False) -> float:
    """Estimated width of one line of Times New Roman text, in pixels at 96 dpi."""
    return sum(_em(ch) for ch in text) * font_size * 96 / 72 * (1.06 if bold else 1.0)


def wrapped_lines(text: str, width_units: float, font_size: float = 12, *, bold: bool = False) -> int:
    """How many lines `text` takes in a wrapped cell `width_units` wide (greedy word wrap, as Excel does)."""
    room = max(width_units * _PX_PER_WIDTH_UNIT + 5 - 2 * _CELL_PADDING_PX, 10)
    space = text_width_px(" ", font_size, bold=bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            width = text_width_px(word, font_size, bold=bold)
            if used and used + space + width > room:
                lines += 1
                used = width
            else:
                used += (space if used else 0.0) + width
            while used > room:  # a word wider than the column breaks mid-word
                lines += 1
                used -= room
    return lines


def text_height(text: str, width_units: float, font_size: float = 12, *, bold: bool = False) -> float:
    """The row height (points) that `text` needs wrapped in `width_units`: for a range merged across columns,
    whose cells fit_row_height leaves out."""
    return round(wrapped_lines(text, width_units, font_size, bold=bold) * font_size * _LINE_SPACING + 4, 1)


def wrapped_row_height(texts: Iterable[tuple[object, float]], font_size: float = 12) -> float | None:
    """The height a row of wrapped cells [(value, column width)] needs, or None when each fits on one line.

    A text of at most width/2 characters fits whatever its letters (none is wider than 2 width units), so the
    word-by-word measure runs only for longer ones: the merge appends thousands of "Lịch sử" rows a run."""
    lines = 1
    for value, width in texts:
        if not isinstance(value, str) or ("\n" not in value and len(value) * 2 <= width):
            continue
        lines = max(lines, wrapped_lines(value, width, font_size))
    return None if lines == 1 else round(lines * font_size * _LINE_SPACING + 4, 1)


def fit_row_height(ws: Worksheet, row: int, *, minimum: float = 18) -> None:
    """Give the row the height its wrapped text needs (cells of merged ranges are left out)."""
    merged = {cell for rng in ws.merged_cells.ranges for cell in _coords(rng)}
    best = minimum
    for cell in ws[row]:
        if cell.value is None or cell.coordinate in merged:
            continue
        font = cell.font
        size = float(font.sz or 11)
        width = ws.column_dimensions[cell.column_letter].width or 8.43
        wrap = bool(cell.alignment is not None and cell.alignment.wrap_text)
        lines = wrapped_lines(str(cell.value), width, size, bold=bool(font.b)) if wrap else 1
        best = max(best, lines * size * _LINE_SPACING + 4)
    ws.row_dimensions[row].height = round(best, 1)


def _coords(rng: Any) -> list[str]:
    return [
        f"{get_column_letter(col)}{row}"
        for row in range(rng.min_row, rng.max_row + 1)
        for col in range(rng.min_col, rng.max_col + 1)
    ]


def merge_new(ws: Worksheet, row: int, first: int, last: int) -> None:
    """Merge columns first..last of `row` on a sheet being built, where no merged range overlaps it.

    ws.merge_cells compares each new range with every range already merged on the sheet, so building a
    sheet of n merges costs n²/2 comparisons: a city's "Tổng hợp" (~30,000 merges) took minutes.
    """
    merged = MergedCellRange(ws, CellRange(min_col=first, min_row=row, max_col=last, max_row=row).coord)
    ws.merged_cells.ranges.add(merged)
    # what ws.merge_cells does after its overlap check (MergedCell placeholders): openpyxl has no public form
    ws._clean_merge_range(merged)  # type: ignore[attr-defined]  # private in the stubs; exists in 3.1


def set_border(cells: Iterable[Cell | MergedCell], border: Border) -> None:
    """`cell.border = border` for many cells at once.

    openpyxl's setter looks the border up in the workbook's table by hashing it, field by field, for every
    cell (~75 µs): 60,000 cells of a city's "Tổng hợp" took 4.7 s. The table index is the same for every
    cell, so it is looked up once and stored as the setter stores it.
    """
    index: int | None = None
    for cell in cells:
        if index is None:
            # the border table and a cell's style array have no public form; the setter does exactly this
            index = cell.parent.parent._borders.add(border)  # type: ignore[union-attr]  # a sheet of a workbook
        cell._style = copy(cell._style)  # type: ignore[union-attr]  # StyleArray: not in the stubs, openpyxl 3.1
        cell._style.borderId = index  # type: ignore[union-attr]  # as StyleableObject's border setter does
