"""Print setup shared by every sheet the tool lays out: A4, one page wide, Times New Roman page numbers."""

from __future__ import annotations

from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.excel import styles


def fit_a4(
    ws: Worksheet,
    *,
    landscape: bool = True,
    margins: tuple[float, float, float, float] | None = None,
    title_row: int | None = None,
    centered: bool = True,
) -> None:
    """A4, as many pages tall as needed but one page wide; margins in inches (left, right, top, bottom)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:  # openpyxl makes one for every sheet; a loaded sheet may lack it
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if centered:
        ws.print_options.horizontalCentered = True
    if margins is not None:
        ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom = margins
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"


def header_footer(item: HeaderFooterItem | None) -> HeaderFooterItem:
    """A sheet's header or footer: openpyxl makes every one for every sheet; the stubs allow none."""
    if item is None:
        raise ValueError("a sheet without its header or footer: not one openpyxl made or loaded")
    return item


def page_number_footer(ws: Worksheet, *, sheet_name: bool = False, size: int = 10) -> None:
    """ "Trang n/N" centred at the foot of each page, optionally the sheet's name on the left."""
    footer = header_footer(ws.oddFooter)
    parts = [footer.center]
    footer.center.text = "Trang &P/&N"
    if sheet_name:
        footer.left.text = ws.title
        parts.append(footer.left)
    for part in parts:
        part.font = f"{styles.FONT_NAME},Regular"
        part.size = size
