"""`cau-hinh`, `chay-tuan` and `lich` through the CLI: exit codes, Vietnamese output, the log beside the workbook."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.jobs import cycle as cycle_module
from sheetsync.jobs.summary import SummaryResult
from sheetsync.office import scheduler as scheduler_module
from sheetsync.office.config import config_path, sample_text
from sheetsync.problems import ExitCode


@dataclass
class FakeSummary:
    calls: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, workbook: Path, **kwargs: Any) -> SummaryResult:
        self.calls.append(kwargs)
        return SummaryResult(workbook)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "workbook" / "ChuongTrinh2026.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"stand-in")
    return path


@pytest.fixture
def summary(monkeypatch: pytest.MonkeyPatch) -> FakeSummary:
    fake = FakeSummary()
    monkeypatch.setattr(cycle_module, "_default_summary", lambda: fake)
    return fake


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cau_hinh_writes_the_commented_sample_once_then_checks_it(workbook: Path) -> None:
    first = _run("cau-hinh", "--workbook", str(workbook))
    assert first.exit_code == 0, first.output
    assert config_path(workbook).read_text(encoding="utf-8") == sample_text()
    assert "Đã ghi tệp cấu hình mẫu" in first.output and "thứ sáu hằng tuần, lúc 16:00" in first.output
    config_path(workbook).write_text('[lich]\nthu = "T2"\n', encoding="utf-8")
    second = _run("cau-hinh", "--workbook", str(workbook))
    assert "Đã ghi" not in second.output and "thứ hai hằng tuần" in second.output


def test_cau_hinh_names_a_bad_key_and_value_and_exits_2(workbook: Path) -> None:
    config_path(workbook).write_text('[lich]\nthu = "thu chin"\n', encoding="utf-8")
    result = _run("cau-hinh", "--workbook", str(workbook))
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert "“thu chin”" in result.output and "“lich.thu”" in result.output


def test_chay_tuan_runs_one_cycle_and_logs_it(workbook: Path, summary: FakeSummary) -> None:
    result = _run("--as-of", "2026-12-01", "chay-tuan", "--workbook", str(workbook))
    assert result.exit_code == 0, result.output
    assert [(c["as_of"], c["warn_days"]) for c in summary.calls] == [(dt.date(2026, 12, 1), 7)]
    assert "không có báo cáo mới" in result.output
    log = (workbook.parent / "sheetsync.log").read_text(encoding="utf-8")
    assert "[chạy tay] Vòng cập nhật lúc" in log


def test_chay_tuan_without_a_workbook_exits_2(tmp_path: Path, summary: FakeSummary) -> None:
    result = _run("chay-tuan", "--workbook", str(tmp_path / "khong-co.xlsx"))
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert "Không tìm thấy tệp sổ theo dõi" in result.output and summary.calls == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--thu", "thu chin"], "không phải ngày trong tuần"),
        (["--gio", "25:00"], "không phải giờ hợp lệ"),
        (["--as-of", "2026-11-27"], "--as-of không dùng với lịch"),
    ],
)
def test_lich_refuses_bad_options_in_vietnamese(workbook: Path, args: list[str], message: str) -> None:
    result = _run("lich", "--workbook", str(workbook), *args)
    assert result.exit_code == 2 and message in result.output


def _stop_at_first_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(scheduler_module.time, "sleep", interrupted)


def test_lich_starts_with_the_options_given_and_stops_cleanly_on_ctrl_c(
    workbook: Path, summary: FakeSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stop_at_first_sleep(monkeypatch)
    result = _run("lich", "--workbook", str(workbook), "--thu", "hai", "--gio", "8:30")
    assert result.exit_code == 0, result.output
    assert "Đã bật lịch: thứ hai hằng tuần, lúc 08:30." in result.output
    assert "Đã dừng lịch theo yêu cầu (Ctrl+C)." in result.output
    assert summary.calls == []  # nothing ran: it stopped before Monday
    log = (workbook.parent / "sheetsync.log").read_text(encoding="utf-8")
    assert "Đã bật lịch: thứ hai hằng tuần, lúc 08:30." in log


def test_lich_takes_the_schedule_from_the_settings_file(
    workbook: Path, summary: FakeSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stop_at_first_sleep(monkeypatch)
    config_path(workbook).write_text('[lich]\nthu = "thứ năm"\ngio = "09:15"\n', encoding="utf-8")
    result = _run("lich", "--workbook", str(workbook), "--chay-ngay")
    assert "Đã bật lịch: thứ năm hằng tuần, lúc 09:15." in result.output
    assert len(summary.calls) == 1 and "không có báo cáo mới" in result.output


def test_lich_with_a_bad_settings_file_exits_2(workbook: Path) -> None:
    config_path(workbook).write_text("so_ngay_canh_bao = -3\n", encoding="utf-8")
    result = _run("lich", "--workbook", str(workbook))
    assert result.exit_code == ExitCode.CANNOT_RUN and "“so_ngay_canh_bao”" in result.output


def test_excel_setup_writes_the_files_and_prints_the_manual_steps(workbook: Path) -> None:
    result = _run("excel-setup", "--workbook", str(workbook), "--khong-cai-addin")
    assert result.exit_code == 0, result.output
    assert workbook.with_suffix(".py").exists() and (workbook.parent / "xlwings.conf").exists()
    assert "xlwings addin install" in result.output and "“Run main”" in result.output
    assert "Chưa cài được add-in" not in result.output  # not asked for


def test_excel_setup_refuses_a_workbook_name_python_cannot_import(tmp_path: Path) -> None:
    result = _run("excel-setup", "--workbook", str(tmp_path / "Chuong Trinh.xlsx"), "--khong-cai-addin")
    assert result.exit_code == ExitCode.CANNOT_RUN and "không dùng được với nút Run main" in result.output


def test_chay_tuan_turns_an_unexpected_error_into_a_sentence_and_logs_the_traceback(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cycle_module, "_default_summary", broken)
    result = _run("chay-tuan", "--workbook", str(workbook))
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert "Vòng cập nhật bị dừng vì lỗi ngoài dự kiến (OSError" in result.output
    assert "Traceback" not in result.output
    assert "Traceback" in (workbook.parent / "sheetsync.log").read_text(encoding="utf-8")


def test_chay_tuan_passes_the_acceptance_of_losses_on_to_the_jobs(workbook: Path, summary: FakeSummary) -> None:
    _run("chay-tuan", "--workbook", str(workbook))
    _run("chay-tuan", "--workbook", str(workbook), "--cho-phep-mat")
    assert [c["allow_loss"] for c in summary.calls] == [False, True]
