"""How a case file is made: a template filled as a unit fills it, then edited in Excel's terms (openpyxl) or
byte by byte (builders.py). Rows of the VP template: 15 = 1.1.1, 16 = 1.1.7, 17 = 3.1.1 (Chủ trì), 18 = 1.1.2,
19 = 2.2.1 (Phối hợp); columns A Mã NV … E Tình trạng, F Tiến độ, G Ngày hoàn thành, H Kết quả; D10 the
report date."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.schema import TEMPLATE
from tests.hostile import builders
from tests.hostile.kit import GOOD, Kit

Build = Callable[[Kit, Path], object]


def filled(unit: str = "VP", template: str = "templates", **kwargs: Any) -> Callable[[Kit, Path], Path]:
    def build(kit: Kit, dest: Path) -> Path:
        return kit.fill(unit, dest, template=getattr(kit, template)[unit], **kwargs)

    return build


def then(first: Callable[[Kit, Path], Path], edit: Callable[[Path, Path], object]) -> Callable[[Kit, Path], object]:
    """Fill a template into a scratch file, then make the case file from it (bytes or openpyxl edits)."""

    def build(kit: Kit, dest: Path) -> None:
        scratch = dest.parent.parent / f"nhap-{dest.name}"
        first(kit, scratch)
        edit(scratch, dest)

    return build


def in_excel(change: Callable[[Worksheet], object], sheet: str = TEMPLATE.name) -> Callable[[Path, Path], None]:
    def edit(source: Path, dest: Path) -> None:
        wb = openpyxl.load_workbook(source)
        change(wb[sheet])
        wb.save(dest)

    return edit


def swap_status_and_result(ws: Worksheet) -> None:
    for row in range(14, ws.max_row + 1):
        e, h = ws.cell(row, 5), ws.cell(row, 8)
        e.value, h.value = h.value, e.value


def fonts(status: str, result: str) -> Callable[[Worksheet], None]:
    def change(ws: Worksheet) -> None:
        ws.cell(15, 5).font, ws.cell(15, 8).font = Font(name=status), Font(name=result)

    return change


def relabel(ws: Worksheet) -> None:
    for (cell,) in ws.iter_rows(min_row=4, max_col=1):
        if isinstance(cell.value, str):
            cell.value = cell.value.replace('"unit":"VP"', '"unit":"CAP"')


def copy_of_good(kit: Kit, dest: Path) -> None:
    shutil.copyfile(dest.parent / GOOD, dest)


def empty(kit: Kit, dest: Path) -> None:
    dest.write_bytes(b"")


def random(kit: Kit, dest: Path) -> None:
    builders.random_bytes(dest)


def csv(kit: Kit, dest: Path) -> None:
    builders.csv_text(dest)


def percent_format(ws: Worksheet) -> None:
    ws.cell(15, 6).number_format = "0%"


def rename(ws: Worksheet) -> None:
    ws.title = "Sheet1"


def forty_thousand(source: Path, dest: Path) -> None:
    builders.long_text(source, dest, "Quá dài. ")


def nine_thousand_rows(source: Path, dest: Path) -> None:
    builders.huge_sheet(source, dest, rows=9_000)


def many_far_sheets(source: Path, dest: Path, sheets: int = 50) -> None:
    """Sheets added beside the report, each with two values at A1 and ALL1000: each alone is within the
    limits, together they would make calamine lay out 50 grids of a million cells."""
    wb = openpyxl.load_workbook(source)
    for n in range(sheets):
        ws = wb.create_sheet(f"Trang {n + 1}")
        ws["A1"], ws["ALL1000"] = 1, 1
    wb.save(dest)


def merged_everywhere(source: Path, dest: Path) -> None:
    """A million merged ranges: 520 MB and seconds in calamine alone, before any check."""
    builders.merged_ranges(source, dest, 1_000_000)


def rows_each_merged(source: Path, dest: Path) -> None:
    """9,000 pasted rows, each with a merged range (within the limits): checking which report cells the
    ranges cover must stay linear (it took hours when every range was tried for every cell)."""
    pasted = dest.with_name("dan-" + dest.name)
    builders.huge_sheet(source, pasted, rows=9_000)
    builders.merged_ranges(pasted, dest, 9_000, first_row=40)
    pasted.unlink()
