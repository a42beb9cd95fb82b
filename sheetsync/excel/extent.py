"""How far each sheet of a submission reaches, counted from its bytes before any reader lays it out.

calamine builds a dense grid over the bounding box of a sheet's cells, whatever lies between them
(measured, python-calamine 0.9): a 5 KB .xlsx with values at A1 and XFD1048576 makes it ask for 550 GB
and abort the whole process ("memory allocation failed", not an exception Python can catch); a 5.6 KB
.xls with a value at IV65536 costs 1.2 GB; an .ods may repeat one cell 100 million times. A sheet
pasted with 100,000 rows is not a bomb, but it is not a report either.

So the gate measures the bounding box first, streaming and never building a tree:
- .xlsx/.xlsm: the `r` references of `<c>` cells in every worksheet part (a cell without one follows
  the previous cell, as calamine places it);
- .ods: rows and cells of content.xml with their `number-rows-repeated`/`number-columns-repeated`;
  only cells with a value or content count (LibreOffice pads every sheet with empty repeated cells);
- .xls: the row and column of every cell record of the BIFF stream (its DIMENSIONS record may lie).
A template is ~50 rows × 10 columns; the limits leave a hundred times that.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "MAX_CELLS",
    "MAX_ROWS",
    "MAX_TOTAL_CELLS",
    "Extent",
    "Total",
    "oversized_ods",
    "oversized_xls",
    "oversized_xlsx",
]

MAX_ROWS = 10_000
MAX_CELLS = 1_000_000  # the bounding box: ~32 MB in calamine's grid, ~60 MB once handed to Python
# every sheet is laid out: fifty sheets of two far-apart cells would pass one by one (measured: 470 MB)
MAX_TOTAL_CELLS = 2 * MAX_CELLS
_CHUNK = 1 << 20
_KEEP = 64  # enough for a tag name cut by a chunk boundary ("<ro" + "w r=…")
_MAX_TAG = 1 << 20

# A start or end tag of interest, attributes tokenized so a ">" inside a quoted value cannot cut it short.
_ATTRS = rb"((?:\"[^\"]*\"|'[^']*'|[^\"'>])*)"
_XLSX_START = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c)(?=[\s/>])")
_XLSX_TAG = re.compile(_XLSX_START.pattern + _ATTRS + rb">")
_ODS_START = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])")
_ODS_TAG = re.compile(_ODS_START.pattern + _ATTRS + rb">")
_REF = re.compile(rb"^\s*([A-Za-z]{1,3})(\d{1,7})\s*$")


def _attribute(attrs: bytes, name: bytes) -> bytes | None:
    found = re.search(rb"(?:^|\s)" + re.escape(name) + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", attrs)
    return None if found is None else (found[1] if found[1] is not None else found[2])


def _number(value: bytes | None, default: int = 1) -> int:
    try:
        return max(int(value), 1) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Extent:
    sheet: str
    first_row: int  # 0-based, inclusive
    first_column: int
    last_row: int
    last_column: int

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1

    @property
    def too_large(self) -> bool:
        return self.rows > MAX_ROWS or self.rows * self.columns > MAX_CELLS

    @property
    def cells(self) -> str:
        """The box as Excel names it: "A1:J100014"."""
        return f"{_letters(self.first_column)}{self.first_row + 1}:{_letters(self.last_column)}{self.last_row + 1}"


@dataclass(frozen=True)
class Total:
    """All sheets together reach too far, none of them alone."""

    cells: int
    sheets: int


class _Tally:
    def __init__(self) -> None:
        self.cells = self.sheets = 0

    def add(self, extent: Extent | None) -> Extent | Total | None:
        """The reason to refuse, once this sheet is counted: it alone, or all so far together."""
        if extent is None:
            return None
        if extent.too_large:
            return extent
        self.cells += extent.rows * extent.columns
        self.sheets += 1
        return Total(self.cells, self.sheets) if self.cells > MAX_TOTAL_CELLS else None


class _Box:
    def __init__(self) -> None:
        self.top = self.left = 1 << 62
        self.bottom = self.right = -1

    def add(self, row: int, column: int, rows: int = 1, columns: int = 1) -> None:
        self.top, self.left = min(self.top, row), min(self.left, column)
        self.bottom, self.right = max(self.bottom, row + rows - 1), max(self.right, column + columns - 1)

    def extent(self, sheet: str) -> Extent | None:
        return Extent(sheet, self.top, self.left, self.bottom, self.right) if self.bottom >= 0 else None


def _letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def _column(letters: bytes) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ch - 64
    return index - 1


def _tags(stream: Iterable[bytes], pattern: re.Pattern[bytes], start: re.Pattern[bytes]) -> Iterator[re.Match[bytes]]:
    """Matches of `pattern` over a stream read in chunks. A tag of interest that a chunk boundary cuts (its
    `start` seen, its end not yet) is carried into the next chunk and matched whole."""
    tail = b""
    for chunk in stream:
        buffer = tail + chunk
        end = 0
        for match in pattern.finditer(buffer):
            yield match
            end = match.end()
        pending = start.search(buffer, end)
        tail = buffer[pending.start() if pending else max(end, len(buffer) - _KEEP) :]
        if len(tail) > _MAX_TAG:
            raise ValueError("a tag longer than any spreadsheet program writes")
    yield from pattern.finditer(tail)


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


# --- xlsx ------------------------------------------------------------------------------------------


def oversized_xlsx(archive: zipfile.ZipFile, names: dict[str, str]) -> Extent | Total | None:
    """The first worksheet part whose cells span more than the limits, or the total of all of them.
    `names`: part -> sheet name."""
    tally = _Tally()
    for member in [m for m in archive.namelist() if m.startswith("xl/worksheets/") and m.endswith(".xml")]:
        if refusal := tally.add(_xlsx_extent(archive, member, names.get(member, member))):
            return refusal
    return None


def _xlsx_extent(archive: zipfile.ZipFile, member: str, sheet: str) -> Extent | None:
    box = _Box()
    row, column = -1, -1
    for match in _tags(_chunks(archive, member), _XLSX_TAG, _XLSX_START):
        closing, tag, attrs = match[1], match[2], match[3]
        if tag == b"row":
            if closing:
                continue
            row = _number(_attribute(attrs, b"r"), row + 2) - 1
            column = -1
            continue
        if closing:
            continue
        ref = _attribute(attrs, b"r")
        parsed = _REF.match(ref) if ref is not None else None
        if parsed is not None:
            row, column = int(parsed[2]) - 1, _column(parsed[1])
        else:
            row, column = max(row, 0), column + 1
        box.add(row, column)
    return box.extent(sheet)


# --- ods -------------------------------------------------------------------------------------------


def oversized_ods(archive: zipfile.ZipFile) -> Extent | Total | None:
    tally, box, sheet = _Tally(), _Box(), ""
    row, column, repeat = 0, 0, 1
    for match in _tags(_chunks(archive, "content.xml"), _ODS_TAG, _ODS_START):
        closing, tag, attrs = match[1], match[2], match[3]
        empty = attrs.rstrip().endswith(b"/")
        if tag == b"table":
            if closing:
                if refusal := tally.add(box.extent(sheet)):
                    return refusal
                box = _Box()
            else:
                name = _attribute(attrs, b"table:name") or b""
                box, sheet, row = _Box(), name.decode("utf-8", "replace"), 0
        elif tag == b"table-row":
            if closing:
                row += repeat
            else:
                column, repeat = 0, _number(_attribute(attrs, b"table:number-rows-repeated"))
                if empty:
                    row += repeat
        elif not closing:
            span = _number(_attribute(attrs, b"table:number-columns-repeated"))
            if not empty or _attribute(attrs, b"office:value-type") is not None:
                box.add(row, column, repeat, span)
            column += span
    return tally.add(box.extent(sheet))  # a table never closed


# --- xls (BIFF8, and BIFF5 as far as cell records go) ------------------------------------------------

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_CELL_RECORDS = frozenset({0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0406})
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column … last column


def oversized_xls(stream: bytes) -> Extent | Total | None:
    """The first worksheet of a BIFF workbook stream whose cell records span more than the limits, or the
    total of all of them."""
    tally, names = _Tally(), list[str]()
    box, sheet, index = _Box(), "", -1
    offset = 0
    while offset + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if kind == _BOUNDSHEET and len(body) >= 8:
            names.append(_sheet_name(body))
        elif kind == _BOF:
            index += 1
            box, sheet = _Box(), names[index - 1] if 0 < index <= len(names) else f"trang {index}"
        elif kind == _EOF:
            if refusal := tally.add(box.extent(sheet)):
                return refusal
            box = _Box()
        elif kind in _CELL_RECORDS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            box.add(row, column)
        elif kind in _MULTI_RECORDS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            box.add(row, first, 1, max(last - first + 1, 1))
    return tally.add(box.extent(sheet))  # a stream cut before its last EOF


def _sheet_name(body: bytes) -> str:
    length, flags = body[6], body[7] if len(body) > 7 else 0
    try:
        if flags & 1:
            return body[8 : 8 + 2 * length].decode("utf-16-le")
        return body[8 : 8 + length].decode("latin-1")
    except UnicodeDecodeError:
        return ""
