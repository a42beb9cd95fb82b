"""scripts/excel_smoke.py runs its checklist end to end: through the xlwings stand-in here, for real on Windows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scripts import excel_smoke
from tests.excelui.fake_xlwings import FakeBook


def _stand_in(path: Path) -> tuple[Any, Any]:
    book = FakeBook.from_file(path)
    return book, lambda: None


def test_through_the_stand_in_both_paths_give_the_same_master_cell_by_cell(tmp_path: Path) -> None:
    checks = excel_smoke.run_checks(tmp_path, _stand_in)
    results = {c.label: c.result for c in checks.checks}
    assert results["Mọi trang, mọi ô giống nhau giữa hai đường"] == excel_smoke.PASS
    assert results["Hai đường cho cùng mã kết thúc"] == excel_smoke.PASS
    assert results["Tệp trong hộp thư được chuyển đi như nhau"] == excel_smoke.PASS
    assert results["Bản trên ổ đĩa được sao lưu trước khi Excel lưu"] == excel_smoke.PASS
    # the stand-in keeps its cells in memory: only a real Excel writes the file, and the list says so
    assert results["Excel đã lưu sổ"] == excel_smoke.FAIL and checks.exit_code == 1
    assert all(r == excel_smoke.PASS for label, r in results.items() if label != "Excel đã lưu sổ")


def test_without_excel_the_file_path_is_checked_and_the_rest_is_said_to_be_skipped(tmp_path: Path, capsys) -> None:
    code = excel_smoke.main(["--giu", str(tmp_path / "giu")], opener=None)
    printed = capsys.readouterr().out
    assert code == 2 and "| 1 | Chuẩn bị bản chạy thử" in printed and excel_smoke.SKIP in printed
    assert "Chưa kiểm tra được phần Excel." in printed
    assert (tmp_path / "giu" / "duong-tep").is_dir()  # kept to be opened and looked at


def test_a_difference_names_its_sheet_and_cell() -> None:
    by_excel = {"Nhiệm vụ": {(8, 9): 75, (8, 10): "xong"}, "Lịch sử": {}}
    by_file = {"Nhiệm vụ": {(8, 9): 80, (8, 10): "xong"}}
    assert excel_smoke.compare_cells(by_excel, by_file) == [
        "trang “Lịch sử” chỉ có ở Excel",
        "Nhiệm vụ!(8, 9): Excel 75 / tệp 80",
    ]
