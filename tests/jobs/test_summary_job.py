"""`run_summary` on a master on disk: pinned numbers in every table of "Tổng hợp", the task cells, exit codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from sheetsync.excel.master import open_master
from sheetsync.jobs.summary import refresh, run_summary
from sheetsync.problems import Code, ExitCode
from sheetsync.schema import SUMMARY_SHEET, SUMMARY_STAMP, TASKS, Assessment
from tests import summary_program as fx
from tests.factories import make_master
from tests.sheets import summary_table, task_cells, texts

A = Assessment
ORDER = (A.DONE_ON_TIME, A.DONE_LATE, A.OVERDUE, A.DUE_SOON, A.ON_TRACK, A.ONGOING)
PILLAR_OF = {t["code"]: t["pillar"] for t in fx.TASKS}
LEAD_OF = {t["code"]: t["lead"] for t in fx.TASKS}


def expected_counts(as_of: date, group: dict[str, str], name: str) -> list[int]:
    """[total, six categories, unassessed] counted from the fixture's expectations, not from the code."""
    codes = [c for c, g in group.items() if g == name]
    by = [sum(fx.EXPECTED[as_of][c] is a for c in codes) for a in ORDER]
    return [len(codes), *by, sum(fx.EXPECTED[as_of][c] is None for c in codes)]


def numbers(row: dict[str, object]) -> list[object]:
    return [row["Tổng số"], *(row[a.value] for a in ORDER), row["Chưa xác định thời hạn"]]


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return fx.build(tmp_path / "ChuongTrinh2026.xlsx")


@pytest.mark.parametrize("as_of", list(fx.EXPECTED))
def test_task_cells_get_due_date_and_assessment_of_the_run_date(master: Path, as_of: date) -> None:
    assert run_summary(master, as_of=as_of).exit_code is ExitCode.PROBLEMS  # the fixture's 3 planted problems
    ws = openpyxl.load_workbook(master)[TASKS.name]
    shown = task_cells(ws, "assessment")
    assert shown == {code: (a.value if a else None) for code, a in fx.EXPECTED[as_of].items()}
    due = task_cells(ws, "due")
    assert due["2.1.2"].date() == date(2026, 6, 23) and due["1.2.1"] is None and due["3.2.1"] is None


@pytest.mark.parametrize("as_of", list(fx.EXPECTED))
def test_pillar_and_unit_tables_pin_every_count(master: Path, as_of: date) -> None:
    run_summary(master, as_of=as_of)
    ws = openpyxl.load_workbook(master)[SUMMARY_SHEET]
    pillars = summary_table(ws, TASKS.label("pillar"))
    assert [r[TASKS.label("pillar")] for r in pillars] == [fx.P1, fx.P2, fx.P3, "Tổng cộng"]
    for row in pillars[:3]:
        assert numbers(row) == expected_counts(as_of, PILLAR_OF, row[TASKS.label("pillar")])
    assert numbers(pillars[3]) == [11, *(sum(numbers(r)[i] for r in pillars[:3]) for i in range(1, 8))]
    assert [r["Tỷ lệ hoàn thành"] for r in pillars] == ["50%", "0%", "66,7%", "36,4%"]

    units = summary_table(ws, TASKS.label("lead"))
    names = {u["code"]: u["name"] for u in fx.UNITS}
    assert [r[TASKS.label("lead")] for r in units] == [names[c] for c in ("VP", "KT", "VH", "CA")] + ["Tổng cộng"]
    for row, code in zip(units, ("VP", "KT", "VH", "CA"), strict=False):
        assert numbers(row) == expected_counts(as_of, LEAD_OF, code)
    assert [(r["Báo cáo gần nhất"], r["Báo cáo kỳ này"]) for r in units[:4]] == [
        ("20/06/2026", "Đã báo cáo"),
        ("20/05/2026", "Chưa báo cáo"),
        ("22/06/2026", "Đã báo cáo"),
        ("Chưa có", "Chưa báo cáo"),
    ]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            fx.WARN_EDGE,
            [
                ("2.1.2", "23/06/2026", "Quá hạn 2 ngày", A.OVERDUE),
                ("1.1.1", "30/06/2026", "Còn 5 ngày", A.DUE_SOON),
                ("2.1.3", "02/07/2026", "Còn 7 ngày", A.DUE_SOON),
            ],
        ),
        (
            fx.ON_DEADLINE,
            [
                ("2.1.2", "23/06/2026", "Quá hạn 7 ngày", A.OVERDUE),
                ("1.1.1", "30/06/2026", "Đến hạn hôm nay", A.DUE_SOON),
                ("2.1.3", "02/07/2026", "Còn 2 ngày", A.DUE_SOON),
                ("2.2.1", "03/07/2026", "Còn 3 ngày", A.DUE_SOON),
            ],
        ),
    ],
)
def test_attention_list_shows_worst_first(master: Path, as_of: date, expected: list[tuple[str, ...]]) -> None:
    run_summary(master, as_of=as_of)
    ws = openpyxl.load_workbook(master)[SUMMARY_SHEET]
    rows = summary_table(ws, TASKS.label("code"))
    got = [(r["Mã NV"], r["Hạn chót"], r["Số ngày"], r["Đánh giá"]) for r in rows]
    assert got == [(c, d, n, a.value) for c, d, n, a in expected]
    assert rows[0][TASKS.label("content")] == "Nhiệm vụ 2.1.2" and rows[0][TASKS.label("lead")] == fx.UNITS[0]["name"]


def test_nothing_to_act_on_says_so(master: Path) -> None:
    run_summary(master, as_of=fx.BEFORE)
    assert "Không có nhiệm vụ quá hạn hoặc sắp đến hạn." in texts(openpyxl.load_workbook(master)[SUMMARY_SHEET])


def test_units_to_chase_carry_their_contacts(master: Path) -> None:
    run_summary(master, as_of=fx.WARN_EDGE)
    rows = summary_table(openpyxl.load_workbook(master)[SUMMARY_SHEET], "Đơn vị")
    assert [(r["Đơn vị"], r["Người đầu mối"], r["Điện thoại"], r["Email"], r["Báo cáo gần nhất"]) for r in rows] == [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", "Trần Thị Bình", "0225 3871 002", "kinhte@example.vn", "20/05/2026"),
        ("Công an phường", "Phạm Văn Dũng", "0912 345 678", None, "Chưa có"),
        ("Trạm Y tế phường", "Đỗ Thị Em", None, "yte@example.vn", "Chưa có"),
    ]


def test_sheet_is_stamped_with_the_run_date_and_period(master: Path) -> None:
    run_summary(master, as_of=fx.WARN_EDGE)
    found = texts(openpyxl.load_workbook(master)[SUMMARY_SHEET])
    stamp = SUMMARY_STAMP.format(date="25/06/2026")
    assert any(t.startswith(stamp) and fx.PERIOD in t for t in found)
    assert any(t.startswith("Tổng số 11 nhiệm vụ; đã hoàn thành 4 nhiệm vụ (đạt 36,4%") for t in found)


def test_without_a_current_period_the_chase_list_explains_why(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx", period=None)
    run_summary(path, as_of=fx.WARN_EDGE)
    ws = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    assert any(t.startswith("Chưa có kỳ báo cáo hiện tại") for t in texts(ws))
    assert {r["Báo cáo kỳ hiện tại"] for r in summary_table(ws, TASKS.label("lead"))[:4]} == {"-"}


def test_a_clean_master_exits_zero_and_keeps_a_backup(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    result = run_summary(path, as_of=date(2026, 4, 1))
    assert result.exit_code is ExitCode.OK, [p.render() for p in result.problems]
    assert result.backup is not None and result.backup.exists()


@pytest.mark.parametrize("owner", ["~$ChuongTrinh2026.xlsx", ".~lock.ChuongTrinh2026.xlsx#"])
def test_master_open_elsewhere_exits_3_and_writes_nothing(master: Path, owner: str) -> None:
    (master.parent / owner).write_text(",Nguyễn Văn An,may-vp,26.06.2026 08:00,file:///x;", encoding="utf-8")
    before = master.read_bytes()
    result = run_summary(master, as_of=fx.WARN_EDGE)
    assert result.exit_code is ExitCode.LOCKED and [p.code for p in result.problems] == [Code.master_open]
    assert master.read_bytes() == before


def test_missing_master_exits_2(tmp_path: Path) -> None:
    result = run_summary(tmp_path / "khong-co.xlsx", as_of=fx.WARN_EDGE)
    assert result.exit_code is ExitCode.CANNOT_RUN and result.problems[0].code is Code.workbook_missing


def test_refresh_changes_the_loaded_book_only(master: Path) -> None:
    before = master.read_bytes()
    book, problems = open_master(master)
    assert book is not None and problems == []
    assert refresh(book, as_of=fx.WARN_EDGE, warn_days=7) == []
    assert master.read_bytes() == before
    assert SUMMARY_SHEET in book.wb.sheetnames
    assert task_cells(book.wb[TASKS.name], "assessment")["2.1.2"] == A.OVERDUE.value


def test_refresh_reports_a_missing_tool_column_and_touches_nothing(master: Path) -> None:
    book, _ = open_master(master)
    assert book is not None
    ws = book.wb[TASKS.name]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == TASKS.label("code"))
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == TASKS.label("assessment"))
    ws.cell(header, column).value = "Nhận xét"
    assert [p.code for p in refresh(book, as_of=fx.WARN_EDGE)] == [Code.missing_column]
    assert SUMMARY_SHEET not in book.wb.sheetnames


def test_warn_window_is_configurable(master: Path) -> None:
    run_summary(master, as_of=fx.WARN_EDGE, warn_days=3)
    shown = task_cells(openpyxl.load_workbook(master)[TASKS.name], "assessment")
    assert (shown["1.1.1"], shown["2.1.3"]) == (A.ON_TRACK.value, A.ON_TRACK.value)  # 5 and 7 days left > 3
