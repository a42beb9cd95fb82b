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

A grid of a million cells is harmless while the cells are small, but calamine copies a shared string
into every cell that refers to it (and Python copies it again): 20,000 cells of one 32,000-character
shared string make a 46 KB .xlsx cost 1.26 GB (measured); an .ods repeats a cell's text with the cell.
So the text every cell would hold is bounded too: for .xlsx the shared-string cells times the longest
shared string, for .ods each cell's content times its repeats (extent_xls.py does the same for .xls).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = [
    "MAX_CELLS",
    "MAX_MERGED",
    "MAX_ROWS",
    "MAX_TEXT_BYTES",
    "MAX_TOTAL_CELLS",
    "Box",
    "Extent",
    "Tally",
    "Total",
    "oversized_ods",
    "oversized_xlsx",
]

MAX_ROWS = 10_000
MAX_CELLS = 1_000_000  # the bounding box: ~32 MB in calamine's grid, ~60 MB once handed to Python
# every sheet is laid out: fifty sheets of two far-apart cells would pass one by one (measured: 470 MB)
MAX_TOTAL_CELLS = 2 * MAX_CELLS
# the text all cells hold once every shared or repeated text is copied into each (a template: ~100 KB)
MAX_TEXT_BYTES = 64 * 1024 * 1024
# merged ranges: a template has about ten; a million cost 520 MB and, over a few thousand rows, hours of
# checking which report cells they cover (measured)
MAX_MERGED = 10_000
_CHUNK = 1 << 20
_KEEP = 64  # enough for a tag name cut by a chunk boundary ("<ro" + "w r=…")
_MAX_TAG = 1 << 20

# A start or end tag of interest, attributes tokenized so a ">" inside a quoted value cannot cut it short.
_ATTRS = rb"((?:\"[^\"]*\"|'[^']*'|[^\"'>])*)"
_XLSX_START = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(row|c|mergeCell)(?=[\s/>])")
_XLSX_TAG = re.compile(_XLSX_START.pattern + _ATTRS + rb">")
_ODS_START = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])")
_ODS_TAG = re.compile(_ODS_START.pattern + _ATTRS + rb">")
_SI_START = re.compile(rb"<(/?)(?:[A-Za-z_][\w.\-]*:)?(si)(?=[\s/>])")
_SI_TAG = re.compile(_SI_START.pattern + _ATTRS + rb">")
_REF = re.compile(rb"^\s*([A-Za-z]{1,3})(\d{1,7})\s*$")
_SHARED_STRINGS_TYPE = re.compile(rb"Type\s*=\s*[\"'][^\"']*/sharedStrings[\"']")
_TARGET = re.compile(rb"Target\s*=\s*[\"']([^\"']*)[\"']")


def _attribute(attrs: bytes, name: bytes) -> bytes | None:
    pattern = _ATTRIBUTES.get(name)
    if pattern is None:  # compiled once per name: this runs for every cell of every submission
        pattern = _ATTRIBUTES[name] = re.compile(rb"(?:^|\s)" + re.escape(name) + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
    found = pattern.search(attrs)
    return None if found is None else (found[1] if found[1] is not None else found[2])


_ATTRIBUTES: dict[bytes, re.Pattern[bytes]] = {}


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
    """All sheets together reach too far, hold too much text or too many merged ranges, none of them alone."""

    cells: int
    sheets: int
    text_bytes: int
    merged: int

    @property
    def too_much_text(self) -> bool:
        return self.text_bytes > MAX_TEXT_BYTES

    @property
    def too_many_merged(self) -> bool:
        return self.merged > MAX_MERGED


class Tally:
    def __init__(self) -> None:
        self.cells = self.sheets = self.text = self.merged = 0

    def add(self, extent: Extent | None, text: int = 0, merged: int = 0) -> Extent | Total | None:
        """The reason to refuse, once this sheet (the text its cells hold, its merged ranges) is counted: it
        alone, or all so far together."""
        self.text += text
        self.merged += merged
        if extent is not None and extent.too_large:
            return extent
        if extent is not None:
            self.cells += extent.rows * extent.columns
            self.sheets += 1
        total = Total(self.cells, self.sheets, self.text, self.merged)
        refuse = self.cells > MAX_TOTAL_CELLS or total.too_much_text or total.too_many_merged
        return total if refuse else None


class Box:
    def __init__(self) -> None:
        self.top = self.left = 1 << 62
        self.bottom = self.right = -1
        self.text = 0  # bytes of text its cells hold, every copy counted
        self.merged = 0  # merged ranges

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


def _tags(
    stream: Iterable[bytes], pattern: re.Pattern[bytes], start: re.Pattern[bytes]
) -> Iterator[tuple[int, re.Match[bytes]]]:
    """(offset of the match's buffer in the stream, match) for `pattern` over a stream read in chunks. A
    tag of interest that a chunk boundary cuts (its `start` seen, its end not yet) is carried into the
    next chunk and matched whole."""
    tail, base = b"", 0
    for chunk in stream:
        buffer = tail + chunk
        end = 0
        for match in pattern.finditer(buffer):
            yield base, match
            end = match.end()
        pending = start.search(buffer, end)
        cut = pending.start() if pending else max(end, len(buffer) - _KEEP)
        tail, base = buffer[cut:], base + cut
        if len(tail) > _MAX_TAG:
            raise ValueError("a tag longer than any spreadsheet program writes")
    for match in pattern.finditer(tail):
        yield base, match


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


# --- xlsx ------------------------------------------------------------------------------------------


def oversized_xlsx(archive: zipfile.ZipFile, names: dict[str, str]) -> Extent | Total | None:
    """The first worksheet part whose cells span more than the limits, or the total of all of them.
    `names`: part -> sheet name."""
    longest = _longest_shared_string(archive)
    tally = Tally()
    for member in [m for m in archive.namelist() if m.startswith("xl/worksheets/") and m.endswith(".xml")]:
        box, shared = _xlsx_box(archive, member)
        if refusal := tally.add(box.extent(names.get(member, member)), shared * longest, box.merged):
            return refusal
    return None


def _longest_shared_string(archive: zipfile.ZipFile) -> int:
    """Bytes of the longest <si> of the shared strings (its markup included: an upper bound of its text)."""
    parts = {"xl/sharedStrings.xml"}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for rel in re.findall(rb"<[^>]*>", archive.read("xl/_rels/workbook.xml.rels")):
            if _SHARED_STRINGS_TYPE.search(rel) and (target := _TARGET.search(rel)):
                name = target[1].decode("utf-8", "replace")
                parts.add(name.lstrip("/") if name.startswith("/") else posixpath.normpath(f"xl/{name}"))
    longest = 0
    for part in parts & set(archive.namelist()):
        opened = None
        for base, match in _tags(_chunks(archive, part), _SI_TAG, _SI_START):
            if not match[1]:
                opened = base + match.end()
            elif opened is not None:
                longest, opened = max(longest, base + match.start() - opened), None
    return longest


def _xlsx_box(archive: zipfile.ZipFile, member: str) -> tuple[Box, int]:
    """The sheet's bounding box (and merged ranges), and how many of its cells refer to a shared string."""
    box = Box()
    row, column, shared = -1, -1, 0
    for _, match in _tags(_chunks(archive, member), _XLSX_TAG, _XLSX_START):
        closing, tag, attrs = match[1], match[2], match[3]
        if tag == b"row":
            if closing:
                continue
            row = _number(_attribute(attrs, b"r"), row + 2) - 1
            column = -1
            continue
        if closing:
            continue
        if tag == b"mergeCell":
            box.merged += 1
            continue
        shared += _attribute(attrs, b"t") == b"s"
        ref = _attribute(attrs, b"r")
        parsed = _REF.match(ref) if ref is not None else None
        if parsed is not None:
            row, column = int(parsed[2]) - 1, _column(parsed[1])
        else:
            row, column = max(row, 0), column + 1
        box.add(row, column)
    return box, shared


# --- ods -------------------------------------------------------------------------------------------


def oversized_ods(archive: zipfile.ZipFile) -> Extent | Total | None:
    tally, box, sheet = Tally(), Box(), ""
    row, column, repeat = 0, 0, 1
    content: tuple[int, int] | None = None  # (where an open cell's content starts, how many cells it stands for)
    for base, match in _tags(_chunks(archive, "content.xml"), _ODS_TAG, _ODS_START):
        closing, tag, attrs = match[1], match[2], match[3]
        empty = attrs.rstrip().endswith(b"/")
        if tag == b"table":
            if closing:
                if refusal := tally.add(box.extent(sheet), box.text, box.merged):
                    return refusal
                box = Box()
            else:
                name = _attribute(attrs, b"table:name") or b""
                box, sheet, row = Box(), name.decode("utf-8", "replace"), 0
        elif tag == b"table-row":
            if closing:
                row += repeat
            else:
                column, repeat = 0, _number(_attribute(attrs, b"table:number-rows-repeated"))
                if empty:
                    row += repeat
        elif closing:
            if content is not None:
                start, copies = content
                box.text += (base + match.start() - start) * copies
                content = None
        else:
            span = _number(_attribute(attrs, b"table:number-columns-repeated"))
            if not empty or _attribute(attrs, b"office:value-type") is not None:
                box.add(row, column, repeat, span)
            spanned = b"table:number-columns-spanned" in attrs or b"table:number-rows-spanned" in attrs
            box.merged += spanned
            content = None if empty else (base + match.end(), repeat * span)
            column += span
    return tally.add(box.extent(sheet), box.text, box.merged)  # a table never closed
