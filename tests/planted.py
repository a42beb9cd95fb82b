"""Masters made with xlsxwriter (whose XML is close to Excel's), each with office features planted in it."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from sheetsync.schema import SUMMARY_SHEET, TASKS, UNITS
from tests.factories import TASKS as TASK_ROWS
from tests.factories import UNITS as UNIT_ROWS

Plant = Callable[[Workbook, Worksheet, Worksheet], None]

# Excel stores a list validation that points straight at another sheet in the x14 extension, and
# xlsxwriter writes the plain form instead; this is Excel's XML (EXCEL_NOTES §2), injected after saving.
X14_VALIDATION = (
    '<ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    'uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}">'
    '<x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>'Đơn vị'!$A$2:$A$5</xm:f></x14:formula1><xm:sqref>D2:D40</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext>"
)
# openpyxl copies the VBA part byte for byte without reading it, so a stand-in with the compound-file
# signature is enough to follow it through a save (a real project would need Excel to make).
FAKE_VBA = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def tiny_png() -> bytes:
    """A valid 1×1 red PNG, made here so no binary fixture is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _image(name: str) -> dict[str, object]:
    return {"image_data": io.BytesIO(tiny_png()), "image_name": name}


# Each plant puts one feature on "Nhiệm vụ" (tasks) or "Đơn vị" (units), away from the tool's columns.
PLANTS: dict[str, Plant] = {
    "text_box": lambda wb, t, u: t.insert_textbox("R2", "Ghi chú của Văn phòng: rà soát lại quý III"),
    "sparkline": lambda wb, t, u: (
        t.write_row("R2", [1, 3, 2]),
        t.add_sparkline("U2", {"range": "'Nhiệm vụ'!R2:T2"}),
    ),
    "image": lambda wb, t, u: t.insert_image("R2", "logo.png", _image("logo.png")),
    "chart": lambda wb, t, u: _chart(wb, t),
    "comment": lambda wb, t, u: t.write_comment("C2", "Đã trao đổi với Phòng KT-HT&ĐT"),
    "validation": lambda wb, t, u: t.data_validation("R2:R40", {"validate": "list", "source": ["Có", "Không"]}),
    "data_bar": lambda wb, t, u: (
        t.write_column("R2", [10, 40, 80]),
        t.conditional_format("R2:R4", {"type": "data_bar", "data_bar_2010": True}),
    ),
    "cell_format": lambda wb, t, u: t.conditional_format(
        "C2:C40", {"type": "text", "criteria": "containing", "value": "bầu cử", "format": wb.add_format({"bold": 1})}
    ),
    "rich_text": lambda wb, t, u: t.write_rich_string(
        "C3", "Thu ngân sách ", wb.add_format({"bold": True, "font_color": "red"}), "đạt dự toán"
    ),
    "defined_name": lambda wb, t, u: wb.define_name("DanhSachDonVi", "='Đơn vị'!$A$2:$A$5"),
    "formula": lambda wb, t, u: u.write_formula("H2", "=LEN(B2)", None, 22),
    "hyperlink": lambda wb, t, u: u.write_url("H2", "https://example.org/", string="Cổng thông tin"),
    "merged": lambda wb, t, u: u.merge_range("H2:I3", "Ghi chú gộp ô"),
    "table": lambda wb, t, u: wb.add_worksheet("Theo dõi riêng").add_table(
        "A1:B3", {"data": [["a", 1], ["b", 2]], "columns": [{"header": "Việc"}, {"header": "Số"}]}
    ),
    "header_image": lambda wb, t, u: t.set_header("&L&G", {"image_left": "logo.png", "image_data_left": _png_io()}),
    "background": lambda wb, t, u: t.set_background(_png_io()),
    "vba": lambda wb, t, u: wb.add_vba_project(io.BytesIO(FAKE_VBA), is_stream=True),
    "button": lambda wb, t, u: t.insert_button("R2", {"macro": "GuiBaoCao", "caption": "Gửi báo cáo"}),
}
# features planted by editing the saved package, as Excel's XML
INJECTED = {"validation_x14"}


def _png_io() -> io.BytesIO:
    return io.BytesIO(tiny_png())


def _chart(wb: Workbook, ws: Worksheet) -> None:
    ws.write_column("R2", [3, 5, 2])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "='Nhiệm vụ'!$R$2:$R$4", "name": "Tiến độ"})
    ws.insert_chart("T2", chart)


def make_planted_master(path: Path, *features: str, tool_sheet: Plant | None = None) -> Path:
    """A master at `path` (.xlsx or .xlsm) with the factories' units and tasks and the named features.

    `tool_sheet`, when given, plants on a "Tổng hợp" sheet (the tool's own) instead.
    """
    wb = xlsxwriter.Workbook(str(path))
    tasks = wb.add_worksheet(TASKS.name)
    units = wb.add_worksheet(UNITS.name)
    tasks.write_row(0, 0, TASKS.labels)
    for row, task in enumerate(TASK_ROWS, start=1):
        tasks.write_row(row, 0, [task.get(key, "") for key in TASKS.keys])
    units.write_row(0, 0, UNITS.labels)
    for row, unit in enumerate(UNIT_ROWS, start=1):
        units.write_row(row, 0, [unit.get(key, "") for key in UNITS.keys])
    for feature in features:
        if feature not in INJECTED:
            PLANTS[feature](wb, tasks, units)
    if tool_sheet is not None:
        summary = wb.add_worksheet(SUMMARY_SHEET)
        summary.write("A1", "Tổng hợp")
        tool_sheet(wb, summary, units)
    wb.close()
    if "validation_x14" in features:
        inject_x14_validation(path)
    return path


def inject_x14_validation(path: Path, part: str = "xl/worksheets/sheet1.xml") -> None:
    """Rewrite the package with Excel's x14 data validation appended to the sheet's extension list."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                text = data.decode("utf-8")
                if "<extLst>" in text:
                    text = text.replace("</extLst>", X14_VALIDATION + "</extLst>")
                else:
                    text = re.sub(r"</worksheet>\s*$", f"<extLst>{X14_VALIDATION}</extLst></worksheet>", text)
                data = text.encode("utf-8")
            target.writestr(info, data)
