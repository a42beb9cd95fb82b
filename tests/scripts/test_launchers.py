"""The double-click launchers: the .sh twin runs for real on a temp folder; the .cmd is checked as text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SH = ROOT / "scripts" / "chay-hang-tuan.sh"
CMD = ROOT / "scripts" / "chay-hang-tuan.cmd"


def run_sh(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SHEETSYNC_PYTHON": sys.executable, **(env or {})}
    return subprocess.run(
        ["bash", str(SH), *args],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_sh_launcher_reports_a_missing_workbook_in_vietnamese_and_exits_2(tmp_path: Path) -> None:
    done = run_sh("--workbook", str(tmp_path / "workbook" / "ChuongTrinh2026.xlsx"))
    assert done.returncode == 2, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Không tìm thấy tệp sổ theo dõi" in output
    assert "=== Kết quả ===" in done.stdout and "Không chạy được (mã 2)" in done.stdout
    assert "Nhấn Enter" not in done.stdout  # no terminal: never waits for a key


def test_sh_launcher_is_executable_and_passes_arguments_on() -> None:
    assert os.access(SH, os.X_OK)
    text = SH.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n") and '"${run[@]}" chay-tuan "$@"' in text


def test_cmd_launcher_is_a_windows_batch_file_that_shows_vietnamese() -> None:
    raw = CMD.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # a BOM breaks the first line in cmd.exe
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "@echo off"
    chcp = lines.index("chcp 65001 >nul")
    assert all(line.isascii() for line in lines[:chcp])  # read in the legacy code page, before the switch
    code = [line for line in lines if not line.lower().startswith("rem ")]
    assert "%RUN% chay-tuan %*" in code
    assert any("pause" in line for line in code) and "if not defined SHEETSYNC_KHONG_DUNG (" in code
    assert code[-1] == "exit /b %RC%"


def _outcomes(text: str, pattern: str) -> dict[str, str]:
    return {m[0]: m[1].strip() for m in re.findall(pattern, text)}


def test_both_launchers_tell_the_same_outcome_for_each_exit_code() -> None:
    sh = _outcomes(SH.read_text(encoding="utf-8"), r'\n  ([0-3])\) echo "(.*?)" ;;')
    cmd = _outcomes(CMD.read_text(encoding="utf-8"), r'if "%RC%"=="([0-3])" echo (.*)')
    assert set(sh) == {"0", "1", "3"} and set(cmd) == {"0", "1", "2", "3"}
    assert sh["0"] == cmd["0"] and sh["3"].split(":")[0] == cmd["3"].split(":")[0]
    # block parentheses in cmd.exe: an echo inside an if (...) must not contain ")"
    block = CMD.read_text(encoding="utf-8").split("if not defined SHEETSYNC_KHONG_DUNG (")[1].split("\n)")[0]
    assert ")" not in block


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_sh_launcher_runs_the_weekly_cycle_on_a_real_master_and_inbox(tmp_path: Path) -> None:
    import datetime as dt

    from tests.template_factories import fill, issue, template_of

    master, issued = issue(tmp_path)
    inbox = master.parent / "hop-thu"
    inbox.mkdir()
    today = dt.date.today()
    rows = {"1.1.2": {"progress": 80, "result": "Thu đạt 80% dự toán"}}
    fill(template_of(issued, "KTHTDT"), inbox / "kt.xlsx", report_date=today, rows=rows)

    done = run_sh("--workbook", str(master))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "đã xử lý 1 báo cáo (1 đã cập nhật), 1 nhiệm vụ được cập nhật." in done.stdout
    assert "Xong: sổ theo dõi đã được cập nhật" in done.stdout
    assert (inbox / "da-xu-ly" / today.isoformat() / "kt.xlsx").exists() and not (inbox / "kt.xlsx").exists()
    assert "Vòng cập nhật lúc" in (master.parent / "sheetsync.log").read_text(encoding="utf-8")

    again = run_sh("--workbook", str(master))  # nothing new: the summary is refreshed all the same
    assert again.returncode == 0 and "không có báo cáo mới; đã làm mới trang “Tổng hợp”" in again.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_sh_launcher_says_the_master_is_open_and_writes_nothing(tmp_path: Path) -> None:
    from tests.factories import make_master

    master = make_master(tmp_path / "so")
    (master.parent / ("~$" + master.name)).write_bytes(b"\x03Lan")
    before = master.read_bytes()
    done = run_sh("--workbook", str(master))
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Chưa ghi gì: sổ đang mở trong Excel/LibreOffice" in done.stdout
    assert master.read_bytes() == before
