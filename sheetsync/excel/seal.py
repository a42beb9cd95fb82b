"""The signed identity inside a template: a hidden sheet of plain text cells, the one place that survives
Excel and LibreOffice re-saving as .xlsx, .xls and .ods and that python-calamine reads in all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.workbook.workbook import Workbook

from sheetsync.excel.cells import set_text
from sheetsync.schema import SIGNATURE_MARKER, SIGNATURE_SHEET

__all__ = ["CHUNK", "Seal", "find_seal", "write_seal"]

# Excel's cell limit is 32,767 characters; stay far below it so no program (WPS, old Excel) cuts a chunk
CHUNK = 8000
_MAX_CHUNKS = 200


@dataclass(frozen=True)
class Seal:
    payload: str
    signature: str


def write_seal(wb: Workbook, payload: str, signature: str) -> None:
    """A very hidden, protected sheet: A1 marker, A2 signature, A3 chunk count, A4… payload chunks.

    Excel cannot unhide a "veryHidden" sheet from its menus; LibreOffice keeps it as hidden. Either way
    the HMAC, not the hiding, is what makes an edit detectable."""
    ws = wb.create_sheet(SIGNATURE_SHEET)
    chunks = [payload[i : i + CHUNK] for i in range(0, len(payload), CHUNK)] or [""]
    set_text(ws["A1"], SIGNATURE_MARKER)
    set_text(ws["A2"], signature)
    set_text(ws["A3"], str(len(chunks)))
    for offset, chunk in enumerate(chunks):
        set_text(ws.cell(row=4 + offset, column=1), chunk)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def find_seal(grids: Sequence[Sequence[Sequence[object]]]) -> Seal | None:
    """The seal among the sheets' grids (looked for by marker, so a renamed sheet is still found)."""
    for grid in grids:
        seal = _read(grid)
        if seal is not None:
            return seal
    return None


def _cell(grid: Sequence[Sequence[object]], row: int, *, strip: bool = True) -> str:
    if row >= len(grid) or not grid[row]:
        return ""
    value = grid[row][0]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # the chunk count comes back as a number from some formats
    text = "" if value is None else str(value)
    return text.strip() if strip else text


def _read(grid: Sequence[Sequence[object]]) -> Seal | None:
    if _cell(grid, 0) != SIGNATURE_MARKER:
        return None
    try:
        count = int(_cell(grid, 2))
    except ValueError:
        return None
    if not 1 <= count <= _MAX_CHUNKS:
        return None
    # a chunk may begin or end inside a string value with a space: never strip it
    payload = "".join(_cell(grid, 3 + i, strip=False) for i in range(count))
    return Seal(payload=payload, signature=_cell(grid, 1))
