"""Old "Lịch sử" rows left unparsed on load come back byte for byte on save; anything unusual means a whole load."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sheetsync.excel import lazy_log
from sheetsync.excel.apply import append_rows
from sheetsync.excel.cells import set_value
from sheetsync.excel.lazy_log import load_lazily, save_spliced
from sheetsync.excel.master import MasterBook
from sheetsync.jobs.summary import refresh, run_summary
from sheetsync.schema import HISTORY, SUMMARY_SHEET, TASKS
from tests.factories import make_master

OLD_ROWS = 80
NEW = [
    {"time": dt.datetime(2026, 12, 7, 9), "code": "1.1.1", "field": "Tình trạng", "old": None, "new": "Đang thực hiện"},
    {"time": dt.datetime(2026, 12, 7, 9), "code": "1.1.2", "field": "Tiến độ (%)", "old": 60, "new": 72.5},
    {"time": dt.datetime(2026, 12, 7, 9), "code": "1.1.7", "field": "Ngày hoàn thành", "old": None,
     "new": dt.date(2026, 12, 5), "source": "BaoCao_VP.xlsx"},
    {"time": dt.datetime(2026, 12, 7, 9, 0, 1), "code": "1.1.7", "field": "Kết quả thực hiện",
     "old": "=HYPERLINK(\"x\")", "new": "  dòng 1 & <2>\ndòng 2 ", "unit": "Công an phường"},
]  # fmt: skip


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    monkeypatch.setattr(lazy_log, "MIN_LAZY_ROWS", 20)


def with_history(tmp_path: Path, rows: int = OLD_ROWS) -> Path:
    master = make_master(tmp_path / "so")
    wb = openpyxl.load_workbook(master)
    ws = wb[HISTORY.name]
    for index in range(rows):
        time = dt.datetime(2026, 1, 5, 8) + dt.timedelta(hours=index)
        old, new = f"cũ {index} — “ngoặc” & <thẻ>", f"mới {index}"
        values = [time, f"1.1.{index % 7 + 1}", "Kết quả thực hiện", old, new, "Công an phường", f"BaoCao_{index}.xlsx"]
        for column, value in enumerate(values, start=1):
            set_value(ws.cell(index + 2, column), value)
        ws.cell(index + 2, 1).number_format = "dd/mm/yyyy hh:mm"
    wb.save(master)
    return master


def looks(path: Path) -> dict[str, list[list[tuple[object, ...]]]]:
    wb = openpyxl.load_workbook(path, rich_text=True)
    return {
        ws.title: [
            [(c.value, c.number_format, c.font.b, c.alignment.wrap_text, c.fill.fgColor.rgb) for c in row]
            for row in ws.iter_rows()
        ]
        for ws in wb.worksheets
    }


def lazy_then_whole(master: Path, tmp_path: Path) -> tuple[Path, Path, tuple[lazy_log.Splice, ...]]:
    """The same append done on a lazily loaded copy and on a wholly loaded one."""
    wb, splices, _blanked = load_lazily(master, [HISTORY], rich_text=True)
    raw = splices[0] if splices else None
    append_rows(wb, HISTORY, NEW[:2], raw=raw)
    append_rows(wb, HISTORY, NEW[2:], raw=raw)  # a second append goes on after the first
    save_spliced(wb, splices, lazy := tmp_path / "lazy.xlsx")
    whole = openpyxl.load_workbook(master, rich_text=True)
    append_rows(whole, HISTORY, NEW[:2])
    append_rows(whole, HISTORY, NEW[2:])
    whole.save(plain := tmp_path / "whole.xlsx")
    return lazy, plain, splices


def test_appending_to_a_lazily_loaded_log_gives_the_same_workbook_as_a_whole_load(tmp_path):
    lazy, whole, splices = lazy_then_whole(with_history(tmp_path), tmp_path)
    assert [(s.sheet, s.first) for s in splices] == [(HISTORY.name, 31)]
    assert looks(lazy) == looks(whole)
    history = openpyxl.load_workbook(lazy)[HISTORY.name]
    assert history.max_row == 1 + OLD_ROWS + len(NEW)
    assert history.cell(50, 4).value == "cũ 48 — “ngoặc” & <thẻ>"
    assert history.cell(history.max_row, 5).value == "  dòng 1 & <2>\ndòng 2 "
    assert history.cell(history.max_row, 4).quotePrefix  # a formula-looking text stays text
    assert history.cell(history.max_row - 1, 5).number_format == "dd/mm/yyyy"


def test_small_logs_are_loaded_whole(tmp_path):
    _wb, splices, _blanked = load_lazily(with_history(tmp_path, rows=15), [HISTORY], rich_text=True)
    assert splices == ()


@pytest.mark.parametrize("plant", ["merged", "formula", "comment"])
def test_old_rows_with_merged_cells_formulas_or_comments_mean_a_whole_load(tmp_path, plant):
    master = with_history(tmp_path)
    wb = openpyxl.load_workbook(master)
    ws = wb[HISTORY.name]
    if plant == "merged":
        ws.merge_cells("D40:E40")
    elif plant == "formula":
        ws["H45"] = "=LEN(D45)"
    else:
        ws["D50"].comment = openpyxl.comments.Comment("ghi chú của Văn phòng", "VP")
    wb.save(master)
    lazy, whole, splices = lazy_then_whole(master, tmp_path)
    assert splices == ()
    assert looks(lazy) == looks(whole)


def test_rows_under_the_log_that_hold_no_log_value_mean_a_whole_load(tmp_path):
    """The merge appends under the last row with a value in the log's columns, not under a stray note."""
    master = with_history(tmp_path)
    wb = openpyxl.load_workbook(master)
    wb[HISTORY.name]["K200"] = "ghi chú"
    wb.save(master)
    _wb, splices, _blanked = load_lazily(master, [HISTORY], rich_text=True)
    assert splices == ()


def test_a_write_among_the_kept_rows_is_refused_rather_than_saved(tmp_path):
    wb, splices, _blanked = load_lazily(with_history(tmp_path), [HISTORY], rich_text=True)
    wb[HISTORY.name]["D40"] = "sửa tay"
    with pytest.raises(lazy_log.SpliceError):
        save_spliced(wb, splices, tmp_path / "out.xlsx")


def excel_like(master: Path, target: Path) -> Path:
    """The master as Excel saves it: strings in a shared table, rows carrying x14ac:dyDescent."""
    strings: list[str] = []

    def shared(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(2).decode())
        return match.group(1) + b' t="s"><v>%d</v></c>' % (len(strings) - 1)

    with zipfile.ZipFile(master) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet4.xml":  # Lịch sử: the fourth sheet
                data = re.sub(
                    rb'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, data
                )
                data = data.replace(b"<row ", b'<row x14ac:dyDescent="0.25" ')
                data = data.replace(
                    b"<worksheet ",
                    b'<worksheet xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                    b'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac" ',
                    1,
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            out.writestr(info, data)
        items = "".join(f"<si><t>{s}</t></si>" for s in strings)
        out.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>',
        )
    return target


def test_shared_strings_and_excel_row_attributes_of_kept_rows_stay_valid(tmp_path):
    master = excel_like(with_history(tmp_path), tmp_path / "excel.xlsx")
    assert openpyxl.load_workbook(master)[HISTORY.name]["D50"].value == "cũ 48 — “ngoặc” & <thẻ>"
    lazy, whole, splices = lazy_then_whole(master, tmp_path)
    assert splices and splices[0].shared_strings is not None and b"x14ac" in splices[0].declarations
    assert looks(lazy) == looks(whole)
    with zipfile.ZipFile(lazy) as saved:
        assert "xl/sharedStrings.xml" in saved.namelist()
        sheet = saved.read("xl/worksheets/sheet4.xml")
    assert b"xmlns:x14ac=" in sheet[: sheet.find(b">", sheet.find(b"<worksheet"))]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice) on PATH")
def test_a_master_saved_by_libreoffice_keeps_its_log_through_a_summary_run(tmp_path):
    source = with_history(tmp_path)
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    master = out / source.name
    before = looks(master)[HISTORY.name]
    _wb, splices, _blanked = load_lazily(master, [HISTORY], rich_text=True)
    assert splices, "LibreOffice's file should take the shortcut"
    result = run_summary(master, as_of=dt.date(2026, 12, 7), now=dt.datetime(2026, 12, 7, 9))
    assert result.backup is not None, result.problems
    after = openpyxl.load_workbook(master)
    assert [[c.value for c in r] for r in after[HISTORY.name].iter_rows()] == [[v[0] for v in r] for r in before]
    assert after[TASKS.name].max_row > 5


def test_the_summary_sheet_is_loaded_without_its_cells_and_must_be_rebuilt_before_a_save(tmp_path):
    master = with_history(tmp_path)
    run_summary(master, as_of=dt.date(2026, 11, 30), now=dt.datetime(2026, 11, 30, 9))
    old = openpyxl.load_workbook(master)[SUMMARY_SHEET]
    assert old.max_row > 10 and old.merged_cells.ranges
    wb, splices, blanked = load_lazily(master, [HISTORY], rich_text=True, rebuilt=[SUMMARY_SHEET])
    assert [ws.title for ws in blanked] == [SUMMARY_SHEET]
    assert not wb[SUMMARY_SHEET]._cells and not wb[SUMMARY_SHEET].merged_cells.ranges
    with pytest.raises(lazy_log.SpliceError):
        save_spliced(wb, splices, tmp_path / "not-rebuilt.xlsx", blanked=blanked)
    as_of = dt.date(2026, 12, 7)
    refresh(MasterBook(master, wb), as_of=as_of)
    save_spliced(wb, splices, lazy := tmp_path / "lazy.xlsx", blanked=blanked)
    whole = openpyxl.load_workbook(master, rich_text=True)
    refresh(MasterBook(master, whole), as_of=as_of)
    whole.save(plain := tmp_path / "whole.xlsx")
    assert looks(lazy) == looks(plain)
    assert openpyxl.load_workbook(lazy).sheetnames == openpyxl.load_workbook(master).sheetnames


# --- every refusal and fallback, one test each -----------------------------------------------------------


def rewrite_part(master: Path, target: Path, part: str, change) -> Path:
    """A copy of the package with one part's bytes changed as `change` says (a file another program wrote)."""
    with zipfile.ZipFile(master) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, change(data) if info.filename == part else data)
    return target


HISTORY_PART = "xl/worksheets/sheet4.xml"  # Lịch sử, the fourth sheet of the factory master


def test_rows_out_of_order_mean_a_whole_load(tmp_path):
    def swap(xml: bytes) -> bytes:
        return (
            xml.replace(b'<row r="40"', b'<row r="TMP"')
            .replace(b'<row r="41"', b'<row r="40"')
            .replace(b'<row r="TMP"', b'<row r="41"')
        )

    master = rewrite_part(with_history(tmp_path), tmp_path / "order.xlsx", HISTORY_PART, swap)
    assert load_lazily(master, [HISTORY], rich_text=True)[1] == ()


def test_a_hyperlink_among_the_old_rows_means_a_whole_load(tmp_path):
    master = with_history(tmp_path)
    wb = openpyxl.load_workbook(master)
    wb[HISTORY.name]["G45"].hyperlink = "https://vi-du.vn/bao-cao"
    wb.save(master)
    lazy, _whole, splices = lazy_then_whole(master, tmp_path)
    assert splices == ()
    assert openpyxl.load_workbook(lazy)[HISTORY.name]["G45"].hyperlink.target == "https://vi-du.vn/bao-cao"


def test_a_merged_range_outside_the_old_rows_does_not_stop_the_shortcut(tmp_path):
    master = with_history(tmp_path)
    wb = openpyxl.load_workbook(master)
    wb[HISTORY.name].merge_cells("I1:J1")  # a note of the office's beside the header
    wb.save(master)
    lazy, whole, splices = lazy_then_whole(master, tmp_path)
    assert splices and looks(lazy) == looks(whole)


def test_a_log_whose_header_cannot_be_found_means_a_whole_load(tmp_path):
    def rename(xml: bytes) -> bytes:  # the header row replaced by a note: no column of the log is found
        note = '<row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú của Văn phòng</t></is></c></row>'.encode()
        return re.sub(rb'<row r="1".*?</row>', note, xml, count=1, flags=re.DOTALL)

    master = rewrite_part(with_history(tmp_path), tmp_path / "header.xlsx", HISTORY_PART, rename)
    assert load_lazily(master, [HISTORY], rich_text=True)[1] == ()


def test_kept_rows_pointing_into_a_missing_shared_string_table_are_never_cut(tmp_path):
    xml = zipfile.ZipFile(excel_like(with_history(tmp_path), tmp_path / "excel.xlsx")).read(HISTORY_PART)
    assert lazy_log._cut(xml, HISTORY.name, lambda: b"<sst/>") is not None
    assert lazy_log._cut(xml, HISTORY.name, lambda: None) is None


def test_an_openpyxl_that_writes_shared_strings_means_a_whole_load_of_an_excel_file(tmp_path, monkeypatch):
    master = excel_like(with_history(tmp_path), tmp_path / "excel.xlsx")
    monkeypatch.setattr(lazy_log, "_writes_inline_strings", lambda: False)
    assert load_lazily(master, [HISTORY], rich_text=True)[1] == ()


def test_a_sheet_without_rows_is_neither_cut_nor_blanked():
    empty = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    assert lazy_log._cut(empty, HISTORY.name, lambda: None) is None
    assert lazy_log._blank(b"<worksheet/>") is None


def test_a_file_that_is_not_a_package_fails_as_openpyxl_fails(tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(zipfile.BadZipFile):
        load_lazily(broken, [HISTORY], rich_text=True)


@pytest.mark.parametrize("change", ["merge", "row height"])
def test_a_merge_or_row_format_over_the_kept_rows_is_refused_rather_than_saved(tmp_path, change):
    wb, splices, _blanked = load_lazily(with_history(tmp_path), [HISTORY], rich_text=True)
    ws = wb[HISTORY.name]
    if change == "merge":
        ws.merge_cells("D40:E41")
    else:
        ws.row_dimensions[40].height = 30
    with pytest.raises(lazy_log.SpliceError, match="changed in memory"):
        save_spliced(wb, splices, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_a_lazily_loaded_log_renamed_before_the_save_is_refused(tmp_path):
    wb, splices, _blanked = load_lazily(with_history(tmp_path), [HISTORY], rich_text=True)
    wb[HISTORY.name].title = "Lịch sử cũ"
    with pytest.raises(lazy_log.SpliceError, match="renamed or deleted"):
        save_spliced(wb, splices, tmp_path / "out.xlsx")


def test_a_cell_written_where_the_appended_rows_go_is_refused(tmp_path):
    wb, splices, _blanked = load_lazily(with_history(tmp_path), [HISTORY], rich_text=True)
    append_rows(wb, HISTORY, NEW, raw=splices[0])
    wb[HISTORY.name].cell(splices[0].appended_last, 2, "ghi đè")
    with pytest.raises(lazy_log.SpliceError, match="where the appended rows go"):
        save_spliced(wb, splices, tmp_path / "out.xlsx")


def test_a_saved_sheet_the_kept_rows_cannot_go_into_is_refused(tmp_path):
    _wb, splices, _blanked = load_lazily(with_history(tmp_path), [HISTORY], rich_text=True)
    with pytest.raises(lazy_log.SpliceError, match="no sheetData"):
        lazy_log._splice(b"<worksheet><sheetData/></worksheet>", splices[0])
    with pytest.raises(lazy_log.SpliceError, match="no worksheet element"):
        lazy_log._splice(b"<sheetData></sheetData>", splices[0])


def test_shared_strings_are_only_brought_back_where_openpyxl_wrote_none(tmp_path):
    with pytest.raises(lazy_log.SpliceError, match="of its own"):
        lazy_log._with_shared_strings_rel(
            b'<Relationships><Relationship Type="%s"/></Relationships>' % lazy_log._SHARED_STRINGS_REL.encode()
        )
    with pytest.raises(lazy_log.SpliceError, match="no closing tag"):
        lazy_log._with_shared_strings_rel(b"<Relationships>")
    with pytest.raises(lazy_log.SpliceError, match="no closing tag"):
        lazy_log._with_shared_strings_type(b"<Types>")
    package = tmp_path / "own.xlsx"
    with zipfile.ZipFile(package, "w") as out:
        out.writestr("xl/sharedStrings.xml", b"<sst/>")
    with zipfile.ZipFile(package) as saved, pytest.raises(lazy_log.SpliceError, match="of its own"):
        lazy_log._write_spliced(saved, {}, b"<sst/>", tmp_path / "out.xlsx")


def _rows(path: Path, numbers: range) -> list[bytes]:
    with zipfile.ZipFile(path) as saved:
        xml = saved.read(HISTORY_PART)
    return [re.search(rb'<row r="%d".*?</row>' % n, xml, re.DOTALL).group(0) for n in numbers]


def _styles(path: Path) -> list[bytes]:
    """Each cell format (cellXfs entry) of the file, its number format code written in: what s="N" means."""
    with zipfile.ZipFile(path) as saved:
        styles = saved.read("xl/styles.xml")
    codes = dict(re.findall(rb'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
    xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.DOTALL).group(1)
    entries = re.findall(rb"<xf\b.*?(?:/>|</xf>)", xfs, re.DOTALL)
    return [
        re.sub(rb'numFmtId="(\d+)"', lambda m: b'numFmt="%s"' % codes.get(m.group(1), m.group(1)), e) for e in entries
    ]


def _resolved(path: Path, numbers: range) -> list[bytes]:
    """The rows' bytes with each style number replaced by the format it stands for in the file's own table."""
    table = _styles(path)
    return [re.sub(rb' s="(\d+)"', lambda m: b' s="%s"' % table[int(m.group(1))], row) for row in _rows(path, numbers)]


def test_appended_rows_are_byte_for_byte_what_openpyxl_itself_writes(tmp_path):
    lazy, whole, splices = lazy_then_whole(with_history(tmp_path), tmp_path)
    assert splices
    appended = range(2 + OLD_ROWS, 2 + OLD_ROWS + len(NEW))
    # the same bytes, the style numbers aside: each file numbers its cell formats in the order it met them
    # (the whole load styles cell by cell, the appender once per kind), and each number stands for the
    # same format in its own file
    assert _resolved(lazy, appended) == _resolved(whole, appended)
    strip = re.compile(rb' s="\d+"')
    assert [strip.sub(b"", r) for r in _rows(lazy, appended)] == [strip.sub(b"", r) for r in _rows(whole, appended)]
    # and the kept rows are the original file's own bytes
    kept = range(splices[0].first, splices[0].last + 1)
    assert b"".join(_rows(lazy, kept)) == splices[0].middle


def test_the_installed_openpyxl_writes_rows_as_the_appender_does():
    """The guard that lets the openpyxl version float: a real save of a row of every kind, compared bytes."""
    lazy_log._writes_rows_as_appended.cache_clear()
    assert lazy_log._writes_rows_as_appended()


def test_an_openpyxl_that_writes_rows_otherwise_means_a_whole_load(tmp_path, monkeypatch):
    monkeypatch.setattr(lazy_log, "_writes_rows_as_appended", lambda: False)
    lazy, whole, splices = lazy_then_whole(with_history(tmp_path), tmp_path)
    assert splices == () and looks(lazy) == looks(whole)


def test_appended_rows_get_the_height_their_wrapped_text_needs_in_both_ways(tmp_path):
    lazy, whole, _splices = lazy_then_whole(with_history(tmp_path), tmp_path)
    heights = []
    for path in (lazy, whole):
        ws = openpyxl.load_workbook(path)[HISTORY.name]
        heights.append([ws.row_dimensions[r].height for r in range(ws.max_row - len(NEW) + 1, ws.max_row + 1)])
    assert heights[0] == heights[1]
    *short, two_lines = heights[0]
    assert short == [None, None, None]  # one line: the sheet's default height
    assert two_lines is not None and two_lines >= 2 * 12 * 1.3  # "dòng 1\ndòng 2": two lines of 12 pt
