"""`sheetsync validate` end to end: exit codes, `sheet!cell: message` lines, the "Kiểm tra" sheet."""

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from sheetsync.cli import cli
from tests.factories import make_master, tasks

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "workbook" / "ChuongTrinh2026.xlsx"


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_shipped_workbook_validates_clean():
    result = run("validate", "--workbook", str(SHIPPED))
    assert result.exit_code == 0, result.output
    assert "29 nhiệm vụ" in result.output and "không có lỗi" in result.output


def test_python_dash_m_entry_point(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "sheetsync", "validate", "--workbook", str(SHIPPED)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "29 nhiệm vụ" in done.stdout


def test_each_problem_is_one_line_naming_sheet_and_cell(tmp_path):
    path = make_master(
        tmp_path,
        tasks=tasks(
            **{
                "1.1.2": {"status": "Xong rồi", "deadline": "Theo kế hoạch của Thành phố"},
                "2.1.1": {"lead": "Phòng Tài chính"},
            }
        ),
    )
    result = run("validate", "--workbook", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("Nhiệm vụ!")]
    assert len(lines) == 3
    assert any(line.startswith("Nhiệm vụ!") and "Theo kế hoạch của Thành phố" in line for line in lines)
    assert any("Không có đơn vị “Phòng Tài chính”" in line for line in lines)


def test_master_without_task_sheet_cannot_run(tmp_path):
    path = make_master(tmp_path)
    wb = openpyxl.load_workbook(path)
    del wb["Nhiệm vụ"]
    wb.save(path)
    result = run("validate", "--workbook", str(path))
    assert result.exit_code == 2
    assert "Thiếu trang tính “Nhiệm vụ”" in result.output


def test_missing_master_cannot_run(tmp_path):
    result = run("validate", "--workbook", str(tmp_path / "khong-co.xlsx"))
    assert result.exit_code == 2 and "Không tìm thấy tệp sổ theo dõi" in result.output


def test_bad_as_of_is_a_usage_error():
    result = run("validate", "--workbook", str(SHIPPED), "--as-of", "26/11/2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_check_sheet_lists_problems_with_links_and_keeps_a_backup(tmp_path):
    path = make_master(tmp_path, tasks=tasks(**{"1.1.2": {"progress": 150}}))
    result = run("validate", "--workbook", str(path), "--ghi-vao-tep")
    assert result.exit_code == 1, result.output
    wb = openpyxl.load_workbook(path)
    ws = wb["Kiểm tra"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert [(r[1], r[2]) for r in rows] == [("Nhiệm vụ", "I7")]
    assert ws["C5"].hyperlink.location == "'Nhiệm vụ'!I7"
    assert list((tmp_path / "sao-luu").iterdir()), "a backup is taken before writing"
    # the rest of the master is intact
    assert wb["Nhiệm vụ"]["I7"].value == 150


def test_check_sheet_refused_while_master_open_in_excel(tmp_path):
    path = make_master(tmp_path)
    owner = tmp_path / "~$ChuongTrinh2026.xlsx"
    owner.write_bytes(b"\x05Hoa N" + b"\x00" * 50)
    before = path.read_bytes()
    result = run("validate", "--workbook", str(path), "--ghi-vao-tep")
    assert result.exit_code == 3
    assert "Excel" in result.output and "Hoa N" in result.output
    assert path.read_bytes() == before


def test_submission_problems_name_their_file_and_master_problems_do_not(tmp_path):
    path = make_master(tmp_path, tasks=tasks(**{"1.1.2": {"progress": 150}}))
    stray = tmp_path / "bao-cao-la.xlsx"
    stray.write_text("Mã NV;Tiến độ\n1.1.1;50\n", encoding="utf-8")
    result = run("validate", "--workbook", str(path), str(stray))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("Nhiệm vụ!I7: ") for line in lines)
    assert any(line.startswith("bao-cao-la.xlsx: ") for line in lines)
