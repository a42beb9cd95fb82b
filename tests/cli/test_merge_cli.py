"""`sheetsync merge` from the command line: exit codes, the file table, a dry run's changes."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from sheetsync.cli import cli
from tests.template_factories import fill, issue, template_of


def setup(tmp_path):
    master, issued = issue(tmp_path)
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill(template_of(issued, "KTHTDT"), inbox / "kt.xlsx", rows={"1.1.2": {"progress": 80}})
    fill(template_of(issued, "VHXH"), inbox / "vhxh.xlsx", rows={"2.1.1": {"progress": 150}})
    return master, inbox


def merge(master, inbox, *extra):
    args = ["merge", "--workbook", str(master), "--inbox", str(inbox), "--as-of", "2026-12-10", *extra]
    return CliRunner().invoke(cli, args)


def test_merge_prints_the_file_table_and_where_things_went(tmp_path):
    master, inbox = setup(tmp_path)
    result = merge(master, inbox)
    assert result.exit_code == 1, result.output
    assert "kt.xlsx" in result.output and "Đã cập nhật" in result.output
    assert "vhxh.xlsx: Báo cáo!F" in result.output  # the rejected row, as sheet!cell
    assert "bản sao lưu trước khi ghi" in result.output
    assert f"da-xu-ly/{dt.date.today().isoformat()}" in "\n".join(str(p) for p in inbox.rglob("*"))


def test_dry_run_lists_the_cell_changes_and_writes_nothing(tmp_path):
    master, inbox = setup(tmp_path)
    before = master.read_bytes()
    result = merge(master, inbox, "--dry-run")
    assert result.exit_code == 1, result.output
    assert "xem trước, chưa ghi" in result.output
    assert "Tiến độ (%)" in result.output and "80" in result.output
    assert master.read_bytes() == before and sorted(p.name for p in inbox.iterdir()) == ["kt.xlsx", "vhxh.xlsx"]


def test_master_open_exits_3(tmp_path):
    master, inbox = setup(tmp_path)
    (master.parent / ("~$" + master.name)).write_bytes(b"\x03Lan")
    result = merge(master, inbox)
    assert result.exit_code == 3
    assert "chưa ghi gì" in result.output and "Excel" in result.output
