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
