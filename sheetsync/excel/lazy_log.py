"""Load the master without turning the old rows of its append-only "Lịch sử" into openpyxl cells, and put
those rows back, byte for byte, when the workbook is saved.

Why: a year of weekly runs leaves tens of thousands of "Lịch sử" rows, and openpyxl spends most of a
merge parsing them into cell objects and writing them out again (20,000 rows: ~3 s of a ~4 s load+save)
although the merge only appends under them. Here the sheet is handed to openpyxl with its first rows
(where the header is looked for) and its last row that holds a value (under which the merge appends);
the rows between — the "middle" — stay raw XML and are spliced into the sheet openpyxl writes.

Nothing may be lost, so the shortcut is taken only when it is plainly safe, and otherwise the workbook is
loaded the ordinary way: the middle must hold no formula, openpyxl must have made no cell in it (merged
ranges, comments and hyperlinks over those rows make cells), and the rows must be in order. What the
middle refers to outside itself is kept valid: its style numbers (openpyxl writes the loaded cell formats
back in their order, new ones after them), the shared-string table (openpyxl writes every string inline,
so the original table goes back in unchanged), and the namespace prefixes of the original root (Excel's
`x14ac:dyDescent` on rows).

Only openpyxl's public API is used: the workbook is loaded with `load_workbook` from an in-memory copy of the
package whose cut sheet parts are replaced by their stubs, saved with `Workbook.save` into memory, and the
kept rows are then spliced into the saved package as it is copied to the target file.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.core.table import HEADER_SCAN_ROWS, locate_header
from sheetsync.core.text import fold
from sheetsync.excel.cells import looks_like_formula
from sheetsync.excel.package import Package, PackageError
from sheetsync.schema import Sheet

__all__ = ["MIN_LAZY_ROWS", "Splice", "SpliceError", "load_lazily", "save_spliced"]

# below this many middle rows the ordinary load is fast enough: not worth a second code path
MIN_LAZY_ROWS = 1_000
_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_ROOT = re.compile(rb"<worksheet\b[^>]*>")
_DECLARATION = re.compile(rb'\sxmlns:(\w+)="[^"]*"')
_IGNORABLE = re.compile(rb'\smc:Ignorable="([^"]*)"')
_PREFIX = re.compile(rb"[\s<]([A-Za-z_][\w.-]*):[A-Za-z_]")
_FORMULA = re.compile(rb"<f[\s>/]")
_MERGES = re.compile(rb"<mergeCells\b.*?</mergeCells>", re.DOTALL)
# what makes openpyxl's reader put cells among the rows a sheet holds (its ref attribute)
_CELL_MAKERS = re.compile(rb'<(?:\w+:)?(?:mergeCell|hyperlink)\b[^>]*?\sref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
# comments live in another part (drawn through a VML legacy drawing): their cells are not seen from here
_COMMENTS = re.compile(rb"<(?:\w+:)?legacyDrawing\b")
_DIMENSION = re.compile(rb'(<dimension ref="[A-Z]+\d+:[A-Z]+)(\d+)"')
_SHARED_STRINGS_PART = "xl/sharedStrings.xml"
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


class SpliceError(Exception):
    """The saved sheet cannot take the kept rows back (a bug, or openpyxl changed): nothing is written."""


@dataclass
class Splice:
    sheet: str  # the sheet's title
    middle: bytes  # the <row> elements openpyxl never saw
    first: int  # their first and last row numbers
    last: int
    declarations: bytes  # namespace declarations (and mc:Ignorable) of the original root the middle needs
    shared_strings: bytes | None  # the original shared-string table, when the middle refers to it
    # rows appended by this run, as XML (append_raw): written after every row openpyxl holds
    appended: list[bytes] = field(default_factory=list)
    appended_last: int = 0

    def append_raw(
        self,
        ws: Worksheet,
        start: int,
        columns: Mapping[str, int],
        rows: Sequence[Mapping[str, object]],
        style: Callable[[Cell, str, object], None],
        *,
        heights: Sequence[float | None] = (),
    ) -> int:
        """Append `rows` (by column key) from row `start` on as XML, without an openpyxl cell per value;
        returns the first row used. Each value is styled as `style(cell, key, value)` styles a cell: it is
        run once per column and kind of value on a cell outside the sheet, and its format number reused.
        A 500-report run appends ~36,000 history rows: ~3 s as openpyxl cells, ~0.3 s this way."""
        if self.appended:
            start = max(start, self.appended_last + 1)
        ordered = sorted(columns.items(), key=lambda item: item[1])
        formats: dict[tuple[str, str, bool], int] = {}
        for offset, values in enumerate(rows):
            number = start + offset
            height = heights[offset] if offset < len(heights) else None
            parts = [
                b'<row r="%d" ht="%.1f" customHeight="1">' % (number, height) if height else b'<row r="%d">' % number
            ]
            for key, column in ordered:
                value = values.get(key)
                kind = (key, type(value).__name__, isinstance(value, str) and looks_like_formula(value))
                if kind not in formats:
                    probe = Cell(ws, row=number, column=column)
                    style(probe, key, value)
                    formats[kind] = probe.style_id if probe.has_style else 0
                parts.append(_cell_xml(f"{get_column_letter(column)}{number}", formats[kind], value))
            parts.append(b"</row>")
            self.appended.append(b"".join(parts))
        self.appended_last = start + len(rows) - 1
        return start


def load_lazily(
    path: Path, sheets: Iterable[Sheet], *, rich_text: bool, rebuilt: Iterable[str] = ()
) -> tuple[Workbook, tuple[Splice, ...], tuple[Worksheet, ...]]:
    """The workbook as openpyxl.load_workbook gives it, less the middle rows of the log `sheets`, and less
    every cell and merged range of the `rebuilt` sheets: the caller deletes and builds those afresh (the
    merge's "Tổng hợp": last week's, with ~9,000 merged ranges at city scale, took 5 s to load only to
    be thrown away). Returns the workbook, the splices, and the blanked sheets, which save_spliced
    refuses to write should one of them still be there."""
    logs = {fold(sheet.name): sheet for sheet in sheets}
    blank = {fold(name) for name in rebuilt}
    stubs: dict[str, bytes] = {}
    found: dict[str, Splice] = {}
    blanked: list[str] = []
    try:
        with Package(path) as pkg:
            workbook = pkg.workbook_part()
            for name, part in pkg.sheets(workbook):
                if part not in pkg.names:
                    continue
                if fold(name) in blank and (empty := _blank(pkg.read(part))) is not None:
                    stubs[part] = empty
                    blanked.append(name)
                elif fold(name) in logs:
                    cut = _cut(pkg.read(part), name, lambda: _shared_strings(pkg, workbook))
                    if cut is not None:
                        stubs[part], found[name] = cut
    except PackageError:
        stubs, found, blanked = {}, {}, []  # openpyxl's own load says what is wrong with the file
    wb = _load(path, stubs, rich_text=rich_text)
    splices = tuple(found.values())
    if any(not _untouched(wb, s) or not _appends_below(wb, s, logs[fold(s.sheet)]) for s in splices):
        return _load(path, {}, rich_text=rich_text), (), ()
    return wb, splices, tuple(wb[name] for name in blanked)


def _blank(xml: bytes) -> bytes | None:
    """The sheet without its rows and merged ranges (its columns, views and print setup kept)."""
    open_at = xml.find(b"<sheetData")
    close_at = xml.find(b"</sheetData>", open_at)
    if open_at < 0 or close_at < 0:
        return None
    xml = xml[:open_at] + b"<sheetData/>" + xml[close_at + len(b"</sheetData>") :]
    return _MERGES.sub(b"", xml, 1)


def save_spliced(wb: Workbook, splices: Sequence[Splice], target: Path, *, blanked: Sequence[Worksheet] = ()) -> None:
    """Save `wb` to `target` as openpyxl would, with each splice's rows back in its sheet."""
    for ws in blanked:
        if any(sheet is ws for sheet in wb.worksheets):
            raise SpliceError(f"{ws.title}: loaded without its cells to be built anew, and was not rebuilt")
    for splice in splices:
        if splice.sheet not in wb.sheetnames:
            raise SpliceError(f"{splice.sheet}: renamed or deleted after a lazy load: its kept rows have no place")
        if not _untouched(wb, splice):
            raise SpliceError(f"{splice.sheet}: rows {splice.first}-{splice.last} were changed in memory")
    saved = io.BytesIO()
    wb.save(saved)  # openpyxl's own save, into memory; the kept rows go in as the package is copied out
    by_name = {splice.sheet: splice for splice in splices}
    try:
        with Package(saved) as parts:
            by_part = {part: by_name[name] for name, part in parts.sheets(parts.workbook_part()) if name in by_name}
    except PackageError as exc:
        raise SpliceError(f"the package openpyxl wrote cannot be read back: {exc}") from exc
    if missing := set(by_name) - {splice.sheet for splice in by_part.values()}:
        raise SpliceError(f"not written: {sorted(missing)}")
    shared = next((s.shared_strings for s in splices if s.shared_strings is not None), None)
    with zipfile.ZipFile(saved) as package:
        _write_spliced(package, by_part, shared, target)


# --- loading ---------------------------------------------------------------------------------------------


def _cut(xml: bytes, name: str, shared: Any) -> tuple[bytes, Splice] | None:
    """(the sheet without its middle rows, the splice) or None when the sheet is small or not plain."""
    open_at, close_at = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if open_at < 0 or close_at < open_at or not _writes_rows_as_appended():
        return None
    rows = [(m.start(), int(m.group(1))) for m in _ROW.finditer(xml, open_at, close_at)]
    if any(b[1] <= a[1] for a, b in itertools.pairwise(rows)):
        return None
    head = sum(1 for _, number in rows if number <= HEADER_SCAN_ROWS)
    ends = [start for start, _ in rows[1:]] + [close_at]
    last = len(rows) - 1
    while last >= head and not _has_value(xml[rows[last][0] : ends[last]]):
        last -= 1
    if last - head < MIN_LAZY_ROWS:
        return None
    start, stop = rows[head][0], rows[last][0]
    middle = xml[start:stop]
    if _FORMULA.search(middle):
        return None  # a formula (maybe shared with a row openpyxl would see): too clever to splice
    first, last_kept = rows[head][1], rows[last - 1][1]
    if _COMMENTS.search(xml, close_at) or any(_overlaps(ref, first, last_kept) for ref in _CELL_MAKERS.findall(xml)):
        return None  # a merged range, hyperlink or comment would make openpyxl put cells among the kept rows
    strings = None
    if b't="s"' in middle:
        strings = shared()
        if strings is None or not _writes_inline_strings():
            return None
    root = _ROOT.search(xml)
    declarations = _declarations(root.group(0), middle) if root else b""
    splice = Splice(name, middle, first, last_kept, declarations, strings)
    return xml[:start] + xml[stop:], splice


def _overlaps(ref: bytes, first: int, last: int) -> bool:
    """Whether the cell or range `ref` ("D40", "D40:E41") reaches into rows first..last."""
    _min_col, min_row, _max_col, max_row = range_boundaries(ref.decode())
    return min_row is not None and max_row is not None and min_row <= last and max_row >= first


def _has_value(row: bytes) -> bool:
    return b"<v>" in row or b"<v " in row or b"<is>" in row or _FORMULA.search(row) is not None


def _declarations(root: bytes, middle: bytes) -> bytes:
    used = set(_PREFIX.findall(middle)) - {b"xml"}
    declared = dict(re.findall(rb'\sxmlns:(\w+)="([^"]*)"', root))
    keep = [p for p in sorted(used) if p in declared]
    text = b"".join(b' xmlns:%s="%s"' % (p, declared[p]) for p in keep)
    ignorable = _IGNORABLE.search(root)
    if ignorable and b"mc" in declared:
        listed = [p for p in ignorable.group(1).split() if p in keep]
        if listed:
            text += b' xmlns:mc="%s" mc:Ignorable="%s"' % (declared[b"mc"], b" ".join(listed))
    return text


def _shared_strings(pkg: Package, workbook: str) -> bytes | None:
    part = next((r.target for r in pkg.rels(workbook) if r.kind == "sharedStrings"), None)
    return pkg.read(part) if part is not None and part in pkg.names else None


@cache
def _writes_inline_strings() -> bool:
    """openpyxl 3.1 writes every string inline, leaving no shared-string table of its own for the kept
    rows' indexes to clash with; a version that writes one again must not take the shortcut."""
    wb = Workbook()
    wb.worksheets[0]["A1"] = "x"
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as saved:
        return _SHARED_STRINGS_PART not in saved.namelist()


# one value of each kind append_raw writes, and a styled empty cell
_PROBE_VALUES: tuple[str | float | bool | dt.date, ...] = (
    "x",
    " y & <z> ",
    5,
    2.5,
    True,
    dt.datetime(2026, 1, 2, 3, 4),
    dt.date(2026, 1, 2),
)


@cache
def _writes_rows_as_appended() -> bool:
    """The installed openpyxl writes a row of those values byte for byte as append_raw does; a version that
    writes them otherwise must not take the shortcut (appended rows would differ from a whole load's)."""
    wb = Workbook()
    ws = wb.worksheets[0]
    for column, value in enumerate(_PROBE_VALUES, start=1):
        ws.cell(1, column, value)
    styled_empty = ws.cell(1, len(_PROBE_VALUES) + 1)
    styled_empty.number_format = "0.00"
    cells = [ws.cell(1, column) for column in range(1, len(_PROBE_VALUES) + 2)]
    ours = b'<row r="1">%s</row>' % b"".join(
        _cell_xml(c.coordinate, c.style_id if c.has_style else 0, c.value) for c in cells
    )
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as saved:
        sheet = saved.read("xl/worksheets/sheet1.xml")
    theirs = re.search(rb'<row r="1".*?</row>', sheet, re.DOTALL)
    return theirs is not None and theirs.group(0) == ours


def _load(path: Path, stubs: dict[str, bytes], *, rich_text: bool) -> Workbook:
    """openpyxl.load_workbook of the package, with the parts in `stubs` replaced by their stubs: an in-memory
    copy, stored uncompressed (the kept rows never get there: the stubs are small)."""
    if not stubs:
        return load_workbook(path, rich_text=rich_text)
    package = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as cut:
        for info in source.infolist():
            stub = stubs.get(info.filename)
            cut.writestr(info.filename, stub if stub is not None else source.read(info))
    package.seek(0)
    return load_workbook(package, rich_text=rich_text)


def _untouched(wb: Workbook, splice: Splice) -> bool:
    """No row format or merged range of the sheet in memory falls among the kept rows. (A cell there is
    caught when the saved sheet is spliced: openpyxl writes it as a row among them, and the save refuses.)"""
    ws = wb[splice.sheet]
    inside = range(splice.first, splice.last + 1)
    if any(row in inside for row in list(ws.row_dimensions)):
        return False
    return not any(r.min_row <= splice.last and r.max_row >= splice.first for r in ws.merged_cells.ranges)


def _appends_below(wb: Workbook, splice: Splice, sheet: Sheet) -> bool:
    """The merge appends under the last row holding a value in the log's own columns: that row must be
    one openpyxl holds, under the middle, or new rows would be written among the kept ones."""
    ws = wb[splice.sheet]
    top = [tuple(r) for r in ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True)]
    index, columns, _problems = locate_header(top, sheet, sheet_name=ws.title)
    if index is None:
        return False
    ours = sorted(columns.values())
    below = ws.iter_rows(min_row=splice.last + 1, min_col=ours[0], max_col=ours[-1], values_only=True)
    return any(any(row[c - ours[0]] is not None for c in ours) for row in below)


# --- saving ----------------------------------------------------------------------------------------------


def _write_spliced(package: zipfile.ZipFile, by_part: dict[str, Splice], shared: bytes | None, target: Path) -> None:
    """The package openpyxl saved, copied part by part to `target`: the spliced sheets get their kept and
    appended rows, and the original shared strings (with their relationship and content type) come along
    when a kept row refers to them."""
    names = [info.filename for info in package.infolist()]
    if shared is not None and _SHARED_STRINGS_PART in names:
        raise SpliceError("openpyxl wrote a shared-string table of its own")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
        for name in names:
            data = package.read(name)
            if name in by_part:
                with out.open(name, "w", force_zip64=True) as part:
                    for piece in _splice(data, by_part[name]):
                        part.write(piece)
                continue
            if shared is not None and name == "xl/_rels/workbook.xml.rels":
                data = _with_shared_strings_rel(data)
            elif shared is not None and name == "[Content_Types].xml":
                data = _with_shared_strings_type(data)
            out.writestr(name, data)
        if shared is not None:
            out.writestr(_SHARED_STRINGS_PART, shared)


def _splice(written: bytes, splice: Splice) -> list[bytes]:
    """The sheet openpyxl wrote with the kept rows and the appended ones in place, as pieces to write one
    after the other (the kept rows are tens of megabytes: no copy of them is made)."""
    open_at, close_at = written.find(b"<sheetData>"), written.rfind(b"</sheetData>")
    if open_at < 0 or close_at < 0:
        raise SpliceError(f"{splice.sheet}: no sheetData in the sheet openpyxl wrote")
    numbers = [(m.start(), int(m.group(1))) for m in _ROW.finditer(written, open_at, close_at)]
    if bad := [n for _, n in numbers if splice.first <= n <= splice.last]:
        raise SpliceError(f"{splice.sheet}: row {bad[0]} was written among the kept rows")
    insert_at = next((at for at, n in numbers if n > splice.last), close_at)
    head, tail = written[:insert_at], written[insert_at:]
    parts = [head, splice.middle, tail]
    if splice.appended:
        first = splice.appended_last - len(splice.appended) + 1
        if numbers and numbers[-1][1] >= first:
            raise SpliceError(f"{splice.sheet}: row {numbers[-1][1]} was written where the appended rows go")
        end = tail.rfind(b"</sheetData>")
        parts = [head, splice.middle, tail[:end], *splice.appended, tail[end:]]
        # the dimension (before sheetData) reaches the last appended row
        head = _DIMENSION.sub(lambda m: m.group(1) + b"%d" % max(int(m.group(2)), splice.appended_last) + b'"', head, 1)
    root = _ROOT.search(head)
    if root is None:
        raise SpliceError(f"{splice.sheet}: no worksheet element")
    tag = root.group(0)
    present = set(_DECLARATION.findall(tag))
    extra = b"".join(
        d
        for d in re.findall(rb'\s(?:xmlns:\w+="[^"]*"|mc:Ignorable="[^"]*")', splice.declarations)
        if not _has(d, present) and not (d.startswith(b" mc:Ignorable") and b"mc:Ignorable" in tag)
    )
    if extra:
        closing = len(tag) - (2 if tag.endswith(b"/>") else 1)
        head = head[: root.start()] + tag[:closing] + extra + tag[closing:] + head[root.end() :]
    parts[0] = head
    return parts


def _cell_xml(ref: str, style: int, value: object) -> bytes:
    """A cell as openpyxl's writer writes it (strings inline, dates as serial numbers)."""
    s = f' s="{style}"' if style else ""
    if value is None:
        # openpyxl writes a styled empty cell as an element of its own, with ElementTree's " />"
        return f'<c r="{ref}"{s} t="n" />'.encode() if style else b""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value!r} cannot be used in worksheets.")
        space = ' xml:space="preserve"' if value.strip() != value else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'.encode()
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'.encode()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        value = to_excel(value)
    if not isinstance(value, int | float):
        raise TypeError(f"cannot append {type(value).__name__} to a log")
    return f'<c r="{ref}"{s} t="n"><v>{safe_string(value)}</v></c>'.encode()


def _has(declaration: bytes, present: set[bytes]) -> bool:
    prefix = re.match(rb"\sxmlns:(\w+)=", declaration)
    return prefix is not None and prefix.group(1) in present


def _with_shared_strings_rel(rels: bytes) -> bytes:
    if _SHARED_STRINGS_REL.encode() in rels:
        raise SpliceError("openpyxl related a shared-string table of its own")
    rel = b'<Relationship Id="rIdSheetsyncSst" Type="%s" Target="sharedStrings.xml"/>' % _SHARED_STRINGS_REL.encode()
    at = rels.rfind(b"</Relationships>")
    if at < 0:
        raise SpliceError("workbook relationships have no closing tag")
    return rels[:at] + rel + rels[at:]


def _with_shared_strings_type(types: bytes) -> bytes:
    if b'PartName="/xl/sharedStrings.xml"' in types:
        return types
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/>' % _SHARED_STRINGS_TYPE.encode()
    at = types.rfind(b"</Types>")
    if at < 0:
        raise SpliceError("[Content_Types].xml has no closing tag")
    return types[:at] + override + types[at:]
