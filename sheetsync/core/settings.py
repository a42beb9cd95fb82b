"""The office's settings as plain values: every key of sheetsync.toml, its default, its check and its doc."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sheetsync.core.text import fold
from sheetsync.problems import Code, Problem
from sheetsync.schema import DEFAULT_WARN_DAYS, INBOX_DIR

__all__ = [
    "SETTINGS",
    "WEEKDAY_LABELS",
    "EmailSettings",
    "PeriodRule",
    "Setting",
    "Settings",
    "WeeklyTime",
    "parse_clock_time",
    "parse_settings",
    "parse_weekday",
    "toml_literal",
]

# datetime.weekday() order: 0 is Monday. What staff read in messages and the log.
WEEKDAY_LABELS: tuple[str, ...] = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")

# Folded forms (no case, no marks) staff type for each day; "thứ 6" and "T6" are how offices write Friday.
_DAY_WORDS: tuple[tuple[str, ...], ...] = (
    ("hai", "2", "monday"),
    ("ba", "3", "tuesday"),
    ("tu", "4", "wednesday"),
    ("nam", "5", "thursday"),
    ("sau", "6", "friday"),
    ("bay", "7", "saturday"),
    ("chu nhat", "cn", "sunday"),
)
# "vào thứ sáu hằng tuần", "mỗi thứ sáu": the extra words say nothing more.
_FILLER = re.compile(r"^(?:vao |moi |cac )*(.*?)(?: hang tuan)?$")
_CLOCK = re.compile(r"^(\d{1,2})\s*(?::|h|g|gio)\s*(\d{1,2})?\s*(?:phut|p)?$|^(\d{1,2}):(\d{2}):(\d{2})$")


def parse_weekday(text: object) -> int | None:
    """0–6 (Monday–Sunday) from "thứ sáu", "Thu 6", "T6", "6", "chủ nhật", "CN", "friday"; None when unknown."""
    if isinstance(text, bool) or not isinstance(text, str | int):
        return None
    match = _FILLER.match(fold(str(text)))
    key = match.group(1) if match else ""
    if key.startswith("thu "):
        key = key.removeprefix("thu ").strip()
    elif re.fullmatch(r"t\d", key):
        key = key[1:]
    for index, words in enumerate(_DAY_WORDS):
        if key in words:
            return index
    return None


def parse_clock_time(value: object) -> dt.time | None:
    """A time of day from "16:00", "16h", "16h30", "16 giờ 30", or a TOML time; None when not a real time."""
    if isinstance(value, dt.time):
        return value.replace(microsecond=0, tzinfo=None)
    if not isinstance(value, str):
        return None
    match = _CLOCK.match(fold(value))
    if match is None:
        return None
    if match.group(3) is not None:
        hour, minute, second = int(match.group(3)), int(match.group(4)), int(match.group(5))
    else:
        hour, minute, second = int(match.group(1)), int(match.group(2) or 0), 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


@dataclass(frozen=True)
class WeeklyTime:
    weekday: int  # 0 = Monday
    at: dt.time

    @property
    def label(self) -> str:
        return f"{WEEKDAY_LABELS[self.weekday]} hằng tuần, lúc {self.at:%H:%M}"

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """The first scheduled moment strictly after `moment`."""
        days = (self.weekday - moment.weekday()) % 7
        candidate = dt.datetime.combine(moment.date() + dt.timedelta(days=days), self.at)
        return candidate if candidate > moment else candidate + dt.timedelta(days=7)


@dataclass(frozen=True)
class EmailSettings:
    """Reserved for sending reminders and the summary by e-mail later; nothing reads it yet."""

    enabled: bool = False
    server: str = ""
    port: int = 587
    sender: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class PeriodRule:
    """How `templates` fixes a period's due date when `--han-nop` is not given, and which range a label covers."""

    days_after_end: int = 3  # Hạn nộp = the period's last day + this many days
    days_after_issue: int = 7  # for a label that names no period we know: the day templates are made + this
    cutoff: bool = False  # Nghị định 09/2019 cut-off (15th of the previous month to the 14th)

    def due_date(self, span_end: dt.date | None, issued_on: dt.date) -> dt.date:
        if span_end is None:
            return issued_on + dt.timedelta(days=self.days_after_issue)
        return span_end + dt.timedelta(days=self.days_after_end)


@dataclass(frozen=True)
class Settings:
    inbox: str = INBOX_DIR  # as written; a relative path is relative to the settings file's folder
    warn_days: int = DEFAULT_WARN_DAYS
    lock_wait: float = 600.0
    schedule: WeeklyTime = WeeklyTime(4, dt.time(16, 0))
    email: EmailSettings = field(default_factory=EmailSettings)
    periods: PeriodRule = field(default_factory=PeriodRule)


# --- checks: each returns (value, None) or (None, reason in Vietnamese) -----------------------------
Check = Callable[[Any], tuple[Any, str | None]]


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return None, "cần một đoạn chữ trong ngoặc kép, không để trống"


def _optional_text(value: Any) -> tuple[Any, str | None]:
    return (value.strip(), None) if isinstance(value, str) else (None, "cần một đoạn chữ trong ngoặc kép")


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value, None
        return None, f"cần một số nguyên từ {low} đến {high}"

    return check


def _seconds(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 86_400:
        return float(value), None
    return None, "cần số giây từ 0 đến 86400 (một ngày)"


def _flag(value: Any) -> tuple[Any, str | None]:
    return (value, None) if isinstance(value, bool) else (None, "cần true (bật) hoặc false (tắt), không có ngoặc kép")


def _addresses(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, list) and all(isinstance(v, str) and "@" in v for v in value):
        return tuple(v.strip() for v in value), None
    return None, 'cần một danh sách địa chỉ thư, ví dụ ["vanphong@example.vn"]'


def _weekday(value: Any) -> tuple[Any, str | None]:
    day = parse_weekday(value)
    return (day, None) if day is not None else (None, "cần một ngày trong tuần, ví dụ “thứ sáu”, “thứ 6” hoặc “T6”")


def _clock(value: Any) -> tuple[Any, str | None]:
    at = parse_clock_time(value)
    return (at, None) if at is not None else (None, "cần giờ:phút từ 00:00 đến 23:59, ví dụ “16:00”")


@dataclass(frozen=True)
class Setting:
    key: str  # dotted TOML key: "lich.thu"
    default: Any  # the value as it would be written in the file
    check: Check
    doc: str  # Vietnamese, for the commented sample file


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "thu_muc_nhan",
        INBOX_DIR,
        _text,
        "Thư mục nhận báo cáo của các đơn vị (đường dẫn tương đối tính từ thư mục chứa tệp này).",
    ),
    Setting(
        "so_ngay_canh_bao",
        DEFAULT_WARN_DAYS,
        _whole(0, 90),
        "Còn từ ngần này ngày trở xuống tới hạn chót thì đánh giá “Sắp đến hạn”.",
    ),
    Setting(
        "cho_khoa_giay", 600, _seconds, "Nếu một lần chạy khác đang cập nhật sổ, chờ tối đa ngần này giây rồi mới thôi."
    ),
    Setting(
        "lich.thu",
        "thứ sáu",
        _weekday,
        "Ngày chạy vòng cập nhật hằng tuần (lệnh `sheetsync lich`): thứ hai … chủ nhật, hoặc T2 … T7, CN.",
    ),
    Setting("lich.gio", "16:00", _clock, "Giờ chạy, dạng giờ:phút 24 giờ."),
    Setting(
        "ky_bao_cao.han_nop_sau_cuoi_ky",
        3,
        _whole(0, 90),
        "Hạn nộp báo cáo mặc định (khi lệnh `sheetsync templates` không ghi --han-nop): ngày cuối kỳ cộng "
        "ngần này ngày. Ví dụ kỳ “Tháng 12/2026” tính theo tháng dương lịch, ghi 3 thì hạn nộp là 03/01/2027; "
        "tính theo mốc Nghị định 09/2019 thì kỳ kết thúc ngày 14/12/2026, hạn nộp là 17/12/2026.",
    ),
    Setting(
        "ky_bao_cao.han_nop_sau_ngay_lap_mau",
        7,
        _whole(0, 90),
        "Khi tên kỳ không phải tháng, quý, 6 tháng, 9 tháng, năm, tuần hay khoảng ngày (ví dụ “Đợt 1”): "
        "hạn nộp mặc định là ngày lập mẫu cộng ngần này ngày.",
    ),
    Setting(
        "ky_bao_cao.moc_nghi_dinh_09",
        False,
        _flag,
        "Ghi true để kỳ tháng, quý, 6 tháng, 9 tháng, năm tính theo mốc chốt số liệu của Nghị định 09/2019/NĐ-CP "
        "(tháng = từ ngày 15 tháng trước đến ngày 14 tháng này); false thì theo tháng dương lịch.",
    ),
    Setting("thu_dien_tu.bat", False, _flag, "Tự gửi thư đôn đốc và bản tổng hợp (true/false) — dành cho bản sau."),
    Setting("thu_dien_tu.may_chu", "", _optional_text, "Máy chủ gửi thư (SMTP), ví dụ “smtp.example.vn”."),
    Setting("thu_dien_tu.cong", 587, _whole(1, 65_535), "Cổng của máy chủ gửi thư."),
    Setting("thu_dien_tu.nguoi_gui", "", _optional_text, "Địa chỉ gửi đi. Mật khẩu KHÔNG ghi ở đây."),
    Setting("thu_dien_tu.nguoi_nhan", [], _addresses, "Những địa chỉ nhận bản tổng hợp."),
)
_BY_KEY = {s.key: s for s in SETTINGS}
_SECTIONS = {s.key.split(".")[0] for s in SETTINGS if "." in s.key}


def _flatten(data: Mapping[str, Any], problems: list[Problem], shown: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in data.items():
        if name in _SECTIONS and isinstance(value, Mapping):
            flat.update({f"{name}.{k}": v for k, v in value.items()})
        elif name in _SECTIONS:
            reason = f"“{name}” là một bảng, viết [{name}] trên một dòng riêng rồi các thiết lập bên dưới"
            problems.append(
                Problem.make(
                    Code.bad_config_value, file=shown, path=shown, key=name, value=toml_literal(value), reason=reason
                )
            )
        else:
            flat[name] = value
    return flat


def toml_literal(value: Any) -> str:
    """A value as it would be written in the file: what messages quote and the sample file shows."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {toml_literal(v)}" for k, v in value.items()) + "}"
    return str(value)


def parse_settings(data: Mapping[str, Any], *, file: str) -> tuple[Settings | None, list[Problem]]:
    """Check every key of a parsed TOML document; defaults for what is absent; None when anything is wrong."""
    problems: list[Problem] = []
    values = {s.key: s.check(s.default)[0] for s in SETTINGS}
    for key, raw in _flatten(data, problems, file).items():
        setting = _BY_KEY.get(key)
        if setting is None:
            choices = ", ".join(s.key for s in SETTINGS)
            problems.append(Problem.make(Code.unknown_config_key, file=file, path=file, key=key, choices=choices))
            continue
        value, reason = setting.check(raw)
        if reason is not None:
            shown = toml_literal(raw) if not isinstance(raw, str) else raw
            problems.append(
                Problem.make(Code.bad_config_value, file=file, path=file, key=key, value=shown, reason=reason)
            )
        else:
            values[key] = value
    if problems:
        return None, problems
    email = EmailSettings(
        values["thu_dien_tu.bat"],
        values["thu_dien_tu.may_chu"],
        values["thu_dien_tu.cong"],
        values["thu_dien_tu.nguoi_gui"],
        values["thu_dien_tu.nguoi_nhan"],
    )
    schedule = WeeklyTime(values["lich.thu"], values["lich.gio"])
    settings = Settings(values["thu_muc_nhan"], values["so_ngay_canh_bao"], values["cho_khoa_giay"], schedule, email)
    periods = PeriodRule(
        values["ky_bao_cao.han_nop_sau_cuoi_ky"],
        values["ky_bao_cao.han_nop_sau_ngay_lap_mau"],
        values["ky_bao_cao.moc_nghi_dinh_09"],
    )
    settings = replace(settings, periods=periods)
    return settings, []
