"""Sheets that reach far: refused by the gate from their bytes, before calamine lays out a dense grid."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from sheetsync.excel import extent, extent_xls
from sheetsync.excel.gate import check_container
from sheetsync.problems import Code


def xlsx_with(path: Path, extra_rows: bytes) -> Path:
    """A one-sheet workbook as Excel writes it, with `extra_rows` appended inside <sheetData>."""
    base = path.with_name("base-" + path.name)
    workbook = xlsxwriter.Workbook(str(base))
    workbook.add_worksheet("Báo cáo").write(0, 0, "Mã NV")
    workbook.close()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", extra_rows + b"</sheetData>")
            target.writestr(info, data)
    return path


def refusal(path: Path):
    problem = check_container(path)
    assert problem is not None, f"{path.name} was let through"
    return problem.code, problem.sheet, problem.cell


def test_two_far_apart_cells_are_refused_naming_the_sheet_and_the_box(tmp_path):
    bomb = xlsx_with(tmp_path / "xa.xlsx", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert bomb.stat().st_size < 10_000
    assert refusal(bomb) == (Code.sheet_too_large, "Báo cáo", "A1:XFD1048576")
    assert "1.048.576 dòng × 16.384 cột" in check_container(bomb).message


def test_the_refused_file_would_have_killed_the_process(tmp_path):
    """Proof that the check is needed: calamine aborts (no Python exception) on the same bytes."""
    bomb = xlsx_with(tmp_path / "xa.xlsx", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    code = (
        "import resource, python_calamine as c; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
        f"c.CalamineWorkbook.from_path({str(bomb)!r}).get_sheet_by_name('Báo cáo')"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert run.returncode < 0 or b"memory allocation" in run.stderr


def test_cells_without_references_follow_the_previous_one(tmp_path):
    cells = b"<c><v>1</v></c>" * 1200
    path = xlsx_with(tmp_path / "rong.xlsx", b'<row r="1000">' + cells + b"</row>")
    assert refusal(path) == (Code.sheet_too_large, "Báo cáo", "A1:ATD1000")


def test_a_greater_than_sign_inside_an_attribute_does_not_hide_the_reference(tmp_path):
    path = xlsx_with(tmp_path / "giau.xlsx", b'<row r="20000"><c x=">" r="B20000"><v>1</v></c></row>')
    assert refusal(path)[:2] == (Code.sheet_too_large, "Báo cáo")


@pytest.mark.parametrize("chunk", [5, 8, 13, 31, 64, 97])
def test_a_tag_cut_by_a_chunk_boundary_is_still_read(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(extent, "_CHUNK", chunk)  # boundaries fall in every part of every tag
    rows = b'<row r="2"><c r="B2" s="1" t="n"><v>1</v></c></row><row r="50000"><c x=">" r="A50000"><v>1</v></c></row>'
    path = xlsx_with(tmp_path / "cat.xlsx", rows)
    assert refusal(path) == (Code.sheet_too_large, "Báo cáo", "A1:B50000")


def test_a_long_sheet_is_refused_in_seconds(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>9.9.%d</t></is></c></row>' % (n, n, n)
                    for n in range(2, 100_002))  # fmt: skip
    path = xlsx_with(tmp_path / "dai.xlsx", rows)
    started = time.perf_counter()
    assert refusal(path) == (Code.sheet_too_large, "Báo cáo", "A1:A100001")
    assert time.perf_counter() - started < 5


def test_a_template_sized_sheet_passes(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="J%d"><v>1</v></c></row>' % (n, n) for n in range(2, 300))
    assert check_container(xlsx_with(tmp_path / "vua.xlsx", rows)) is None


def ods_with(path: Path, rows: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Báo cáo">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Mã NV</text:p></table:table-cell>'
        f"</table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_ods_repeats_of_a_value_are_counted(tmp_path):
    row = (
        '<table:table-row table:number-rows-repeated="200000"><table:table-cell office:value-type="float" '
        'office:value="1" table:number-columns-repeated="100"/></table:table-row>'
    )
    assert refusal(ods_with(tmp_path / "lap.ods", row)) == (Code.sheet_too_large, "Báo cáo", "A1:CV200001")


def test_ods_padding_of_empty_repeated_cells_is_not_counted(tmp_path):
    # what LibreOffice writes under every sheet: a million empty rows of 1024 empty cells
    row = (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert check_container(ods_with(tmp_path / "lo.ods", row)) is None


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def test_xls_cell_records_far_apart_are_counted_per_sheet():
    name = b"\x06\x00" + bytes([7, 1]) + "Báo cáo".encode("utf-16-le")
    stream = (
        _record(0x0809, bytes(16))
        + _record(0x0085, bytes(4) + name)
        + _record(0x000A, b"")
        + _record(0x0809, bytes(16))
        + _record(0x0200, struct.pack("<IIHH", 0, 3, 0, 3))  # DIMENSIONS says A1:C3: a lie
        + _record(0x00FD, struct.pack("<HHHI", 0, 0, 15, 0))
        + _record(0x027E, struct.pack("<HHHI", 65535, 255, 15, 0))
        + _record(0x000A, b"")
    )
    found = extent_xls.oversized_xls(stream)
    assert (found.sheet, found.cells) == ("Báo cáo", "A1:IV65536")
    mulrk = _record(0x00BD, struct.pack("<HHHIHIH", 5, 0, 15, 0, 15, 0, 1))
    assert extent_xls.oversized_xls(_record(0x0809, bytes(16)) + mulrk + _record(0x000A, b"")) is None


def test_a_tag_that_never_ends_is_unreadable_not_buffered_forever(tmp_path, monkeypatch):
    monkeypatch.setattr(extent, "_CHUNK", 64)
    monkeypatch.setattr(extent, "_MAX_TAG", 1000)
    path = xlsx_with(tmp_path / "mo.xlsx", b'<row r="2"><c r="A2" x="' + b"a" * 5000 + b"/></row>")
    problem = check_container(path)
    assert problem is not None and problem.code is Code.file_unreadable


def test_many_sheets_each_within_the_limits_are_refused_together(tmp_path):
    """A thousand sheets of two cells each at A1 and ALL1000 would each be a 1,000,000-cell grid."""
    base = xlsx_with(tmp_path / "mot.xlsx", b'<row r="1000"><c r="ALL1000"><v>1</v></c></row>')
    with zipfile.ZipFile(base) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(tmp_path / "nhieu.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        for n in range(2, 400):
            target.writestr(f"xl/worksheets/sheet{n}.xml", sheet)
    problem = check_container(tmp_path / "nhieu.xlsx")
    assert problem is not None and problem.code is Code.sheets_too_large
    assert "3 trang tính" in problem.message and "3.000.000 ô" in problem.message


def test_ods_tables_are_counted_together_too(tmp_path):
    far = (
        '<table:table-row table:number-rows-repeated="998"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="999"/>'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    one = ods_with(tmp_path / "mot.ods", far)
    with zipfile.ZipFile(one) as archive:
        content = archive.read("content.xml").decode()
    start, end = content.index("<table:table "), content.index("</table:table>") + len("</table:table>")
    many = content[:end] + content[start:end] * 3 + content[end:]
    with zipfile.ZipFile(tmp_path / "nhieu.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", many)
    assert check_container(one) is None
    problem = check_container(tmp_path / "nhieu.ods")
    assert problem is not None and problem.code is Code.sheets_too_large


def test_xls_sheets_are_counted_together_too():
    sheet = (
        _record(0x0809, bytes(16))
        + _record(0x00FD, struct.pack("<HHHI", 0, 0, 15, 0))
        + _record(0x00FD, struct.pack("<HHHI", 999, 999, 15, 0))
        + _record(0x000A, b"")
    )
    assert extent_xls.oversized_xls(_record(0x0809, bytes(16)) + _record(0x000A, b"") + sheet) is None
    found = extent_xls.oversized_xls(_record(0x0809, bytes(16)) + _record(0x000A, b"") + sheet * 3)
    assert isinstance(found, extent.Total) and found.sheets == 3


def _with_long_shared_string(path: Path, cells: int) -> Path:
    base = xlsx_with(path.with_name("nen-" + path.name), b"")
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace("Mã NV".encode(), b"x" * 32_000)
            if info.filename == "xl/worksheets/sheet1.xml":
                flood = b"".join(
                    b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(2, cells + 2)
                )
                data = data.replace(b"</sheetData>", flood + b"</sheetData>")
            target.writestr(info, data)
    return path


def test_a_shared_string_copied_into_thousands_of_cells_is_refused(tmp_path):
    assert check_container(_with_long_shared_string(tmp_path / "it.xlsx", 1000)) is None  # 32 MB of copies
    problem = check_container(_with_long_shared_string(tmp_path / "nhieu.xlsx", 2500))  # 80 MB
    assert problem is not None and problem.code is Code.too_much_text
    assert "76,3 MB" in problem.message and "64,0 MB" in problem.message


def test_ods_text_counts_once_per_repeated_cell(tmp_path):
    cell = (
        '<table:table-cell office:value-type="string" table:number-columns-repeated="100"><text:p>'
        + "x" * 30_000
        + "</text:p></table:table-cell>"
    )
    few = ods_with(tmp_path / "it.ods", f'<table:table-row table:number-rows-repeated="10">{cell}</table:table-row>')
    many = ods_with(
        tmp_path / "nhieu.ods", f'<table:table-row table:number-rows-repeated="30">{cell}</table:table-row>'
    )
    assert check_container(few) is None  # 30 MB
    problem = check_container(many)  # 90 MB
    assert problem is not None and problem.code is Code.too_much_text


def test_xls_shared_string_cells_count_the_table_they_copy_from():
    table = _record(0x00FC, bytes(8) + struct.pack("<HB", 30_000, 0) + b"x" * 30_000)
    labels = b"".join(_record(0x00FD, struct.pack("<HHHI", n, 0, 15, 0)) for n in range(2300))
    globals_ = _record(0x0809, bytes(16)) + table + _record(0x000A, b"")
    sheet = _record(0x0809, bytes(16)) + labels + _record(0x000A, b"")
    found = extent_xls.oversized_xls(globals_ + sheet)
    assert isinstance(found, extent.Total) and found.too_much_text
    few = _record(0x0809, bytes(16)) + labels[: 1000 * 14] + _record(0x000A, b"")
    assert extent_xls.oversized_xls(globals_ + few) is None


def test_merged_ranges_past_the_limit_are_refused_in_every_format(tmp_path):
    ranges = b"".join(b'<mergeCell ref="K%d:L%d"/>' % (n, n) for n in range(1, 10_002))
    xlsx = xlsx_with(tmp_path / "gop.xlsx", b"")
    with zipfile.ZipFile(xlsx) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b'</sheetData><mergeCells count="10001">' + ranges + b"</mergeCells>"
    )
    with zipfile.ZipFile(tmp_path / "gop2.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    problem = check_container(tmp_path / "gop2.xlsx")
    assert problem is not None and problem.code is Code.too_many_merged and "10.001 vùng" in problem.message
    spanned = '<table:table-row><table:table-cell table:number-columns-spanned="2"/></table:table-row>' * 10_001
    assert check_container(ods_with(tmp_path / "gop.ods", spanned)).code is Code.too_many_merged
    merged = _record(0x00E5, struct.pack("<H", 1001) + bytes(8 * 1001)) * 10  # Excel writes 1,026 at most per record
    found = extent_xls.oversized_xls(_record(0x0809, bytes(16)) + merged + _record(0x000A, b""))
    assert isinstance(found, extent.Total) and found.too_many_merged
