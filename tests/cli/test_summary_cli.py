"""`sheetsync summary` from the command line: exit codes, the recap it prints, the workbook it writes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.schema import SUMMARY_SHEET
from tests import summary_program as fx
from tests.factories import make_master


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_summary_prints_the_headline_what_is_late_and_who_to_chase(tmp_path: Path) -> None:
    path = fx.build(tmp_path / "m.xlsx")
    code, out = invoke("summary", "--workbook", str(path), "--as-of", "2026-06-25")
    assert code == 1  # done, but the fixture master has problems for the office to fix
    assert "Tổng số 11 nhiệm vụ; đã hoàn thành 4 nhiệm vụ (đạt 36,4%" in out
    assert "2.1.2 (Văn phòng HĐND và UBND): Quá hạn chưa hoàn thành, hạn chót 23/06/2026" in out
    assert "Chưa báo cáo kỳ “Tháng 6/2026” (3 đơn vị)" in out
    assert "Nhiệm vụ!F16:" in out
    assert SUMMARY_SHEET in openpyxl.load_workbook(path).sheetnames


def test_group_options_work_too_and_a_clean_master_exits_zero(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    code, out = invoke("--workbook", str(path), "--as-of", "2026-04-01", "summary", "--warn-days", "3")
    assert code == 0, out
    assert "tính đến ngày 01/04/2026" in out


def test_open_in_excel_exits_3(tmp_path: Path) -> None:
    path = make_master(tmp_path)
    (tmp_path / f"~${path.name}").write_bytes(b"\x05An VP")
    code, out = invoke("summary", "--workbook", str(path))
    assert code == 3 and "đang được mở trong Excel" in out


def test_missing_workbook_exits_2(tmp_path: Path) -> None:
    code, out = invoke("summary", "--workbook", str(tmp_path / "khong-co.xlsx"))
    assert code == 2 and "Không tìm thấy tệp sổ theo dõi" in out


def test_negative_warn_window_is_refused(tmp_path: Path) -> None:
    code, _ = invoke("summary", "--workbook", str(make_master(tmp_path)), "--warn-days", "-1")
    assert code == 2
