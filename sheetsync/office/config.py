"""The settings file beside the master (sheetsync.toml): read it, fill defaults, write a commented sample."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from sheetsync.core.settings import SETTINGS, Settings, WeeklyTime, parse_settings, toml_literal
from sheetsync.problems import Code, Problem, Reason
from sheetsync.schema import CONFIG_FILE, CYCLE_LOCK_FILE, RUN_LOG

__all__ = ["Config", "config_path", "load_config", "sample_text", "write_sample"]


@dataclass(frozen=True)
class Config:
    """Everything a weekly cycle needs to know, with paths resolved."""

    workbook: Path
    settings: Settings
    source: Path | None = None  # the file read; None when there was none and defaults apply

    @property
    def folder(self) -> Path:
        return self.workbook.parent

    @property
    def inbox(self) -> Path:
        path = Path(self.settings.inbox).expanduser()
        return path if path.is_absolute() else self.folder / path

    @property
    def warn_days(self) -> int:
        return self.settings.warn_days

    @property
    def lock_wait(self) -> float:
        return self.settings.lock_wait

    @property
    def schedule(self) -> WeeklyTime:
        return self.settings.schedule

    @property
    def log_file(self) -> Path:
        return self.folder / RUN_LOG

    @property
    def cycle_lock(self) -> Path:
        return self.folder / CYCLE_LOCK_FILE

    @property
    def ca_file(self) -> Path | None:
        """thu_dien_tu.chung_chi resolved like the inbox: relative to the settings file's folder."""
        if not self.settings.email.ca_file:
            return None
        path = Path(self.settings.email.ca_file).expanduser()
        return path if path.is_absolute() else self.folder / path

    def with_schedule(self, *, weekday: int | None = None, at: dt.time | None = None) -> Config:
        """Command-line options win over the file."""
        old = self.settings.schedule
        schedule = WeeklyTime(old.weekday if weekday is None else weekday, old.at if at is None else at)
        return replace(self, settings=replace(self.settings, schedule=schedule))


def config_path(workbook: Path) -> Path:
    return workbook.parent / CONFIG_FILE


def load_config(workbook: Path) -> tuple[Config | None, list[Problem]]:
    """The settings file beside the workbook, or the defaults when there is none; problems name file and key."""
    path = config_path(workbook)
    if not path.exists():
        return Config(workbook, Settings()), []
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        return None, [Problem.make(Code.config_unreadable, file=shown, path=shown, reason=Reason.config_not_utf8)]
    except OSError as exc:
        error = exc.strerror or type(exc).__name__
        return None, [
            Problem.make(Code.config_unreadable, file=shown, path=shown, reason=Reason.disk_error, error=error)
        ]
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem.make(Code.config_unreadable, file=shown, path=shown, reason=_toml_reason(exc))]
    settings, problems = parse_settings(data, file=shown)
    if settings is None:
        return None, problems
    return Config(workbook, settings, path), []


def _toml_reason(exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    # tomllib says "(at line 3, column 20)"; keep the position, explain the usual culprit in Vietnamese.
    where = text[text.rfind("(at ") :].strip("()") if "(at " in text else ""
    where = where.replace("at line", "dòng").replace("column", "cột")
    if "escape" in text.lower() or "\\" in text:
        hint = "đường dẫn Windows hãy đặt trong dấu nháy đơn, ví dụ 'D:\\Bao cao', hoặc dùng dấu /"
    elif "quote" in text.lower() or "invalid value" in text.lower():
        hint = 'chữ phải đặt trong dấu ngoặc kép, ví dụ thu = "thứ sáu"'
    else:
        hint = "sai cú pháp TOML"
    return f"{hint}; {where}" if where else hint


_HEADER = """\
# Cấu hình sheetsync — đặt cạnh sổ theo dõi (cùng thư mục với ChuongTrinh2026.xlsx).
# Dòng bắt đầu bằng # là ghi chú. Thiết lập nào để trống hoặc xóa đi thì dùng giá trị mặc định
# ghi dưới đây. Chữ đặt trong dấu ngoặc kép ("..."); đường dẫn Windows đặt trong dấu nháy đơn ('D:\\Bao cao').
# Sửa xong, chạy `sheetsync cau-hinh` để kiểm tra tệp và xem các giá trị đang dùng.
"""
_SECTION_TITLES = {
    "lich": "Lịch chạy tự động hằng tuần (lệnh `sheetsync lich`; dùng Task Scheduler thì bỏ qua phần này).",
    "ky_bao_cao": "Kỳ báo cáo: hạn nộp mặc định và cách tính khoảng ngày của kỳ.",
    "thu_dien_tu": "Thư điện tử của Văn phòng (README, mục “Thư điện tử”). Thử trước bằng --ban-nhap.",
    "thu_dien_tu.gui": "Máy chủ gửi thư (SMTP).",
    "thu_dien_tu.nhan": "Máy chủ nhận thư (IMAP): nơi các đơn vị gửi báo cáo về.",
}


def sample_text() -> str:
    """The commented sample: one block per setting, generated from the settings table so it cannot drift."""
    lines = [_HEADER]
    section = ""
    for setting in SETTINGS:
        head, _, name = setting.key.rpartition(".")
        if head != section:
            section = head
            lines += ["", f"# {_SECTION_TITLES[head]}", f"[{head}]"]
        lines += ["", f"# {setting.doc}", f"{name or head} = {toml_literal(setting.default)}"]
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def write_sample(workbook: Path, *, overwrite: bool = False) -> Path | None:
    """Write the sample beside the workbook; None (nothing written) when a file is already there."""
    path = config_path(workbook)
    if path.exists() and not overwrite:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_text(), encoding="utf-8")
    return path
