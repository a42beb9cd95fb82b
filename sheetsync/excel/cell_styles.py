"""What an .xlsx cell's style says about its value: shown as a percentage, or typed in an old Vietnamese font.

calamine gives values without formats. Two formats change what a unit meant:
- typing "50%" in Excel stores 0.5 and gives the cell a percent format, and the template's check on
  Tiến độ (a number 0–100) lets 0.5 through: read raw, it would be half a percent;
- text typed in a TCVN3 (.VnTime…) or VNI (VNI-Times…) font is stored as Latin-1 mojibake; the font
  name says which table converts it, and a TCVN3 "H" font that it is drawn in capitals (DOMAIN.md §6).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from sheetsync.core.legacy import encoding_of_font

__all__ = ["CellStyles", "is_percent_format", "read_cell_styles"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_STYLES_TYPE = "/styles"
_BUILTIN_PERCENT = frozenset({9, 10})  # "0%", "0.00%" (ECMA-376 §18.8.30)
# a % that is a literal character of the format, not the percent sign: quoted ("%") or escaped (\%)
_LITERALS = re.compile(r'"[^"]*"|\\.')


@dataclass
class CellStyles:
    percent: set[str] = field(default_factory=set)  # the `s` attribute values of percent-formatted cells
    legacy_fonts: dict[str, str] = field(default_factory=dict)  # `s` value -> its legacy font's name


def read_cell_styles(archive: zipfile.ZipFile) -> CellStyles:
    """The cell styles (xf indices, as cells' `s` attributes name them) that matter for reading values."""
    part = _styles_part(archive)
    if part is None:
        return CellStyles()
    root = fromstring(archive.read(part))
    custom = {
        int(fmt.get("numFmtId", "-1")): fmt.get("formatCode", "")
        for fmt in root.iter(f"{_MAIN}numFmt")
        if fmt.get("numFmtId", "").isdigit()
    }
    fonts_element = root.find(f"{_MAIN}fonts")
    fonts = [] if fonts_element is None else [_font_name(font) for font in fonts_element.findall(f"{_MAIN}font")]
    styles = CellStyles()
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate([] if cell_xfs is None else cell_xfs.findall(f"{_MAIN}xf")):
        number_format = _int(xf.get("numFmtId"))
        if number_format in _BUILTIN_PERCENT or is_percent_format(custom.get(number_format, "")):
            styles.percent.add(str(index))
        font = _int(xf.get("fontId"))
        if 0 <= font < len(fonts) and encoding_of_font(fonts[font]) is not None:
            styles.legacy_fonts[str(index)] = fonts[font]
    return styles


def _styles_part(archive: zipfile.ZipFile) -> str | None:
    try:
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return None
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Type", "").endswith(_STYLES_TYPE):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            return part if part in archive.namelist() else None
    return None


def _font_name(font: Element) -> str:
    name = font.find(f"{_MAIN}name")
    return "" if name is None else str(name.get("val", ""))


def _int(text: str | None) -> int:
    return int(text) if text is not None and text.isdigit() else -1


def is_percent_format(code: str) -> bool:
    """A number format that multiplies by 100: a % outside quotes and escapes (in any of its sections)."""
    return "%" in _LITERALS.sub("", code)
