"""The office's habits with the master and its companions, through the command line: clear Vietnamese
messages naming the file and the fix, never a Python traceback or an exception's English name."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.office.keyfile import key_path
from tests.excel.test_submission_libreoffice import convert
from tests.factories import make_master
from tests.template_factories import issue

AS_OF = "2026-12-10"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_plain(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for raw in ("Traceback", "Error", "Exception", "BadZipFile", "UnicodeDecodeError", "InvalidFile"):
        assert raw not in result.output, result.output


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("fmt", ["ods", "xls", "csv"])
@pytest.mark.parametrize("command", [("validate",), ("merge", "--inbox", "hop-thu"), ("summary",)])
def test_a_master_saved_as_ods_xls_or_csv_is_named_with_how_to_save_it_as_xlsx(tmp_path, fmt, command):
    master = make_master(tmp_path / "so")
    saved = convert(master, fmt, tmp_path / fmt, tmp_path / "lo-profile")  # "Save As" in LibreOffice
    (tmp_path / "hop-thu").mkdir()
    args = [a if a != "hop-thu" else str(tmp_path / "hop-thu") for a in command]
    result = run(*args, "--workbook", str(saved), "--as-of", AS_OF)
    assert result.exit_code == 2, result.output
    assert_plain(result)
    assert saved.name in result.output and "Lưu thành (Save As)" in result.output and ".xlsx" in result.output


def test_a_damaged_master_says_so_without_the_exception_name(tmp_path):
    master = make_master(tmp_path / "so")
    master.write_bytes(master.read_bytes()[:2000])  # a copy cut short on a network drive
    result = run("validate", "--workbook", str(master), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert_plain(result)
    assert "bị hỏng" in result.output and "sao-luu" in result.output


def test_a_damaged_key_file_is_not_reported_as_missing(tmp_path):
    master, _issued = issue(tmp_path)
    key_path(master).write_text("không phải khóa\n", encoding="utf-8")  # opened and saved by hand
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    shutil.copy(next((tmp_path / "mau").rglob("*.xlsx")), inbox / "bao-cao.xlsx")
    result = run("merge", "--inbox", str(inbox), "--workbook", str(master), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert_plain(result)
    assert "bị hỏng hoặc không đọc được" in result.output and "Chưa có khóa" not in result.output


def test_a_settings_file_saved_in_another_encoding_says_how_to_save_it(tmp_path):
    master = make_master(tmp_path / "so")
    # Notepad's "Unicode" choice: UTF-16 with a byte-order mark
    (master.parent / "sheetsync.toml").write_bytes("# Cài đặt\nso_ngay_canh_bao = 5\n".encode("utf-16"))
    result = run("summary", "--workbook", str(master), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert_plain(result)
    assert "UTF-8" in result.output and "Notepad" in result.output


def test_writing_the_check_sheet_of_a_clean_master_does_not_claim_a_list_of_errors(tmp_path):
    master = make_master(tmp_path / "so")
    result = run("validate", "--ghi-vao-tep", "--workbook", str(master), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "Đã ghi danh sách lỗi" not in result.output
    assert "không có lỗi nào" in result.output
