"""What calamine does not tell: which cells of a sheet hold formulas (xlsx/xlsm/ods), which show a percentage
(xlsx, ods, xls) or an error such as #NAME? (calamine reads those as blank), which use an old Vietnamese font
(xlsx), and merged ranges in .ods."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

import xlrd
from defusedxml.ElementTree import fromstring, iterparse

from sheetsync.excel.cell_styles import is_percent_format, read_cell_styles

__all__ = ["Scan", "scan_ods", "scan_xls", "scan_xlsx", "sheet_parts"]

# 0-based (row, column)
Cell = tuple[int, int]
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# a formula element's start tag, with or without a namespace prefix (<f>, <f t="shared" …/>, <x:f>)
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
# an error value's cell type: <c r="B4" t="e"><f>FOO()</f><v>#NAME?</v></c>
_ERROR_TYPE = b't="e"'
# a sheet far larger than a template is not scanned cell by cell (repeats are arithmetic, never expanded)
_MAX_COLUMNS = 16_384
_MAX_ROW_REPEAT = 1000


@dataclass
class Scan:
    formulas: set[Cell] = field(default_factory=set)
    merged: list[tuple[Cell, Cell]] = field(default_factory=list)  # (top-left, bottom-right), inclusive
    percent: set[Cell] = field(default_factory=set)  # shown as a percentage: the value 0.5 reads "50%"
    fonts: dict[Cell, str] = field(default_factory=dict)  # cells in a TCVN3/VNI font: the font's name
    errors: dict[Cell, str] = field(default_factory=dict)  # cells showing an error value: "#NAME?", "#VALUE!"


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part ("xl/worksheets/sheet1.xml"), from the workbook and its relationships."""
    workbook = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            parts.setdefault(sheet.get("name", ""), part)
    return parts


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    return sheet_parts(archive).get(sheet_name)


def scan_xlsx(path: Path, sheet_name: str) -> Scan:
    """Formula, percent and legacy-font cells of one sheet, streamed (calamine gives only cached values)."""
    scan = Scan()
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet_name)
        if part is None or part not in archive.namelist():
            return scan
        styles = read_cell_styles(archive)
        data = archive.read(part)
        plain = _FORMULA_TAG.search(data) is None and _ERROR_TYPE not in data
        if plain and not styles.percent and not styles.legacy_fonts:
            return scan  # the usual report: no formula, no error value, no percent or old-font format to look for
        with io.BytesIO(data) as stream:
            for _event, element in iterparse(stream, events=("end",)):
                if element.tag != f"{_MAIN}c":
                    continue
                match = _REF.match(element.get("r", ""))
                if match:
                    cell = (int(match[2]) - 1, _column_index(match[1]))
                    style = element.get("s", "0")
                    if element.find(f"{_MAIN}f") is not None:
                        scan.formulas.add(cell)
                    if element.get("t") == "e":
                        scan.errors[cell] = element.findtext(f"{_MAIN}v") or "#N/A"
                    if style in styles.percent:
                        scan.percent.add(cell)
                    if style in styles.legacy_fonts:
                        scan.fonts[cell] = styles.legacy_fonts[style]
                element.clear()
    return scan


def _rows(table: Element) -> Iterator[Element]:
    """Rows in order, including those inside header-row, row-group and similar wrappers."""
    for child in table:
        if child.tag == f"{_TABLE}table-row":
            yield child
        elif child.tag.startswith(_TABLE) and child.tag != f"{_TABLE}table-column":
            yield from _rows(child)


def _block(row: int, column: int, rows: int, columns: int) -> Iterator[Cell]:
    """The cells a repeated ODS cell stands for, as far as a template reaches (repeats are never expanded
    past that: the gate has bounded the sheet, but a million cells would still be a million set entries)."""
    return ((row + r, column + c) for r in range(min(rows, _MAX_ROW_REPEAT)) for c in range(min(columns, 256)))


def scan_ods(path: Path, sheet_name: str) -> Scan:
    """Formula cells and merged ranges of one .ods sheet (calamine reports neither for OpenDocument)."""
    scan = Scan()
    with zipfile.ZipFile(path) as archive:
        root = fromstring(archive.read("content.xml"))
    table = next((t for t in root.iter(f"{_TABLE}table") if t.get(f"{_TABLE}name") == sheet_name), None)
    if table is None:
        return scan
    row = 0
    for element in _rows(table):
        repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1"))
        column = 0
        for cell in element:
            if cell.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                continue
            span = int(cell.get(f"{_TABLE}number-columns-repeated", "1"))
            if cell.get(f"{_TABLE}formula") is not None:
                scan.formulas.update(_block(row, column, repeat, span))
            if cell.get(f"{_OFFICE}value-type") == "percentage":
                scan.percent.update(_block(row, column, repeat, span))
            if cell.get(f"{_CALCEXT}value-type") == "error":
                shown = "".join(cell.itertext()).strip() or "#N/A"
                scan.errors.update(dict.fromkeys(_block(row, column, repeat, span), shown))
            across = int(cell.get(f"{_TABLE}number-columns-spanned", "1"))
            down = int(cell.get(f"{_TABLE}number-rows-spanned", "1"))
            if across > 1 or down > 1:
                scan.merged.append(((row, column), (row + down - 1, column + across - 1)))
            column += span
            if column > _MAX_COLUMNS:
                break
        row += repeat
    return scan


def scan_xls(data: bytes, sheet_name: str) -> Scan:
    """Percent-formatted and error cells of one .xls sheet, read with xlrd (calamine gives .xls values
    without their number formats: "66%" typed in Excel reads 0.66, and an error cell reads blank)."""
    scan = Scan()
    book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO())
    try:
        if sheet_name not in book.sheet_names():
            return scan
        sheet = book.sheet_by_name(sheet_name)
        percent = {
            index
            for index, xf in enumerate(book.xf_list)
            if (fmt := book.format_map.get(xf.format_key)) is not None and is_percent_format(fmt.format_str)
        }
        for r in range(sheet.nrows):
            for c, (kind, value, xf) in enumerate(
                zip(sheet.row_types(r), sheet.row_values(r), _xf_indexes(sheet, r), strict=False)
            ):
                if kind == xlrd.XL_CELL_ERROR:
                    scan.errors[(r, c)] = xlrd.error_text_from_code.get(int(value), "#N/A")
                elif kind == xlrd.XL_CELL_NUMBER and xf in percent:
                    scan.percent.add((r, c))
    finally:
        book.release_resources()
    return scan


def _xf_indexes(sheet: xlrd.sheet.Sheet, row: int) -> list[int]:
    return [sheet.cell_xf_index(row, c) for c in range(sheet.row_len(row))]
