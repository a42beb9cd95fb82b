"""`sheetsync templates` and `sheetsync validate FILE` end to end: exit codes, output, files written."""

import openpyxl
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.excel.period import read_current_period
from sheetsync.schema import SIGNATURE_SHEET
from tests.factories import make_master
from tests.template_factories import fill


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_templates_writes_one_file_per_unit_and_records_the_period(tmp_path):
    master = make_master(tmp_path / "so")
    result = run("templates", "--workbook", str(master), "--period", "Quý IV/2026", "--out", str(tmp_path / "mau"))
    assert result.exit_code == 0, result.output
    assert "Đã ghi 4 mẫu" in result.output and "sao-luu" in result.output
    assert sorted(p.name for p in (tmp_path / "mau").iterdir())[0] == "BaoCao_CAP_Quy-IV-2026.xlsx"
    assert read_current_period(openpyxl.load_workbook(master)) == "Quý IV/2026"


def test_templates_refuses_with_exit_3_when_the_master_is_open(tmp_path):
    master = make_master(tmp_path / "so")
    (master.parent / "~$ChuongTrinh2026.xlsx").write_bytes(b"\x05Lan A")
    result = run("templates", "--workbook", str(master), "--period", "Tháng 12/2026", "--out", str(tmp_path / "mau"))
    assert result.exit_code == 3
    assert "Excel" in result.output and "chưa ghi gì" in result.output
    assert not (tmp_path / "mau").exists()


def test_templates_exit_2_for_a_missing_master_or_period(tmp_path):
    missing = run("templates", "--workbook", str(tmp_path / "x.xlsx"), "--period", "T12", "--out", str(tmp_path))
    assert missing.exit_code == 2
    no_period = run("templates", "--workbook", str(tmp_path / "x.xlsx"), "--out", str(tmp_path))
    assert no_period.exit_code == 2


def test_validate_lists_a_submissions_problems_by_sheet_and_cell(tmp_path):
    master = make_master(tmp_path / "so")
    assert run("templates", "--workbook", str(master), "--period", "T12", "--out", str(tmp_path / "mau")).exit_code == 0
    template = tmp_path / "mau" / "BaoCao_VP_T12.xlsx"
    good = fill(template, tmp_path / "tot.xlsx", rows={"1.1.1": {"status": "Đang thực hiện", "progress": 50}})
    clean = run("validate", "--workbook", str(master), "--as-of", "2026-12-10", str(good))
    assert clean.exit_code == 0, clean.output

    bad = fill(template, tmp_path / "sai.xlsx", rows={"1.1.1": {"progress": 150}})
    result = run("validate", "--workbook", str(master), "--as-of", "2026-12-10", str(bad))
    assert result.exit_code == 1
    assert "Báo cáo!F15: Tiến độ “150” không hợp lệ" in result.output

    wb = openpyxl.load_workbook(bad)
    ws = wb[SIGNATURE_SHEET]
    ws["A4"] = ws["A4"].value.replace('"unit":"VP"', '"unit":"CAP"')
    wb.save(bad)
    relabelled = run("validate", "--workbook", str(master), "--as-of", "2026-12-10", str(bad))
    assert relabelled.exit_code == 1 and "Mã xác thực của mẫu không khớp" in relabelled.output


def test_validate_without_a_key_says_where_the_key_should_be(tmp_path):
    master = make_master(tmp_path / "so")
    other = make_master(tmp_path / "khac")
    assert run("templates", "--workbook", str(other), "--period", "T12", "--out", str(tmp_path / "mau")).exit_code == 0
    result = run("validate", "--workbook", str(master), str(tmp_path / "mau" / "BaoCao_VP_T12.xlsx"))
    assert result.exit_code == 1 and ".sheetsync-key" in result.output
