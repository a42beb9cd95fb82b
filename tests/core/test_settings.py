"""Settings values as staff type them: weekdays, times, numbers, and one clear problem per bad key."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from sheetsync.core.settings import (
    SETTINGS,
    WEEKDAY_LABELS,
    MailServer,
    Settings,
    WeeklyTime,
    parse_clock_time,
    parse_settings,
    parse_weekday,
)
from sheetsync.problems import MESSAGES, Code


@pytest.mark.parametrize(
    ("typed", "weekday"),
    [
        ("thứ hai", 0),
        ("Thứ 3", 1),
        ("thứ tư", 2),
        ("tư", 2),
        ("thu nam", 3),
        ("thứ sáu", 4),
        ("Thu 6", 4),
        ("T6", 4),
        ("6", 4),
        (6, 4),
        ("vào thứ sáu hằng tuần", 4),
        ("THỨ SÁU", 4),
        ("thứ bảy", 5),
        ("chủ nhật", 6),
        ("CN", 6),
        ("friday", 4),
        ("thursday", 3),
        (unicodedata.normalize("NFD", "thứ sáu"), 4),
    ],
)
def test_weekdays_read_as_offices_write_them(typed: object, weekday: int) -> None:
    assert parse_weekday(typed) == weekday


@pytest.mark.parametrize("typed", ["thu chin", "T8", "8", "1", "", "thứ", True, None, 4.5])
def test_unknown_weekdays_are_refused(typed: object) -> None:
    assert parse_weekday(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("16:00", dt.time(16, 0)),
        ("16h", dt.time(16, 0)),
        ("16h30", dt.time(16, 30)),
        ("16 giờ 30", dt.time(16, 30)),
        ("7:05", dt.time(7, 5)),
        ("00:00", dt.time(0, 0)),
        ("23:59:30", dt.time(23, 59, 30)),
        (dt.time(16, 0), dt.time(16, 0)),
    ],
)
def test_times_of_day(typed: object, expected: dt.time) -> None:
    assert parse_clock_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "24:00", "16:60", "bốn giờ", "", "16", 16, None])
def test_impossible_times_are_refused(typed: object) -> None:
    assert parse_clock_time(typed) is None


def test_no_file_content_means_the_documented_defaults() -> None:
    settings, problems = parse_settings({}, file="sheetsync.toml")
    assert problems == []
    assert settings == Settings()
    assert settings.schedule == WeeklyTime(4, dt.time(16, 0))
    assert (settings.inbox, settings.warn_days, settings.lock_wait) == ("hop-thu", 7, 600.0)


def test_values_given_override_the_defaults() -> None:
    data = {
        "thu_muc_nhan": "D:\\Bao cao",
        "so_ngay_canh_bao": 10,
        "cho_khoa_giay": 30,
        "lich": {"thu": "thứ hai", "gio": "8h30"},
        "thu_dien_tu": {
            "bat": True,
            "dia_chi": "vanphong@example.vn",
            "gui": {"may_chu": "smtp.example.vn", "bao_mat": "SSL", "cong": 465},
            "nhan": {"may_chu": "imap.example.vn", "chuyen_vao": "Đã nhận"},
        },
    }
    settings, problems = parse_settings(data, file="f")
    assert problems == [] and settings is not None
    assert settings.inbox == "D:\\Bao cao"
    assert settings.warn_days == 10 and settings.lock_wait == 30.0
    assert settings.schedule == WeeklyTime(0, dt.time(8, 30))
    assert settings.email.enabled and settings.email.address == "vanphong@example.vn"
    assert settings.email.send == MailServer("smtp.example.vn", 465, "ssl", "")
    assert settings.email.fetch == MailServer("imap.example.vn", 993, "ssl", "")
    assert (settings.email.folder, settings.email.move_to) == ("INBOX", "Đã nhận")
    assert settings.email.login_for(settings.email.fetch) == "vanphong@example.vn"


def test_a_password_in_the_settings_file_is_refused_without_echoing_it() -> None:
    data = {"thu_dien_tu": {"nhan": {"mat_khau": "Bi-mat-2026"}}}
    settings, problems = parse_settings(data, file="workbook/sheetsync.toml")
    assert settings is None
    assert [p.code for p in problems] == [Code.password_in_config]
    assert "thu_dien_tu.nhan.mat_khau" in problems[0].message and "SHEETSYNC_MAT_KHAU" in problems[0].message
    assert "Bi-mat-2026" not in repr(problems)


def test_mail_switched_on_needs_the_address_and_both_servers() -> None:
    settings, problems = parse_settings({"thu_dien_tu": {"bat": True, "gui": {"bao_mat": "tls"}}}, file="f")
    assert settings is None
    keys = ["thu_dien_tu.dia_chi", "thu_dien_tu.gui.bao_mat", "thu_dien_tu.gui.may_chu", "thu_dien_tu.nhan.may_chu"]
    assert sorted(k for p in problems for k in keys if f"“{k}”" in p.message) == keys
    assert len(problems) == 4


def test_each_bad_value_is_one_problem_naming_file_key_and_value() -> None:
    data = {"lich": {"thu": "thu chin", "gio": "25:00"}, "so_ngay_canh_bao": -1, "cho_khoa_giay": "lâu"}
    settings, problems = parse_settings(data, file="workbook/sheetsync.toml")
    assert settings is None
    assert sorted((p.code, p.value) for p in problems) == [
        (Code.bad_config_value, "-1"),
        (Code.bad_config_value, "25:00"),
        (Code.bad_config_value, "lâu"),
        (Code.bad_config_value, "thu chin"),
    ]
    weekday = next(p for p in problems if p.value == "thu chin")
    assert "workbook/sheetsync.toml" in weekday.message and "“lich.thu”" in weekday.message
    assert "“thu chin”" in weekday.message and weekday.file == "workbook/sheetsync.toml"


def test_a_typo_in_a_key_is_not_silently_ignored() -> None:
    settings, problems = parse_settings({"lich": {"thuu": "thứ sáu"}}, file="f")
    assert settings is None
    assert [(p.code, "lich.thuu" in p.message, "lich.thu," in p.message) for p in problems] == [
        (Code.unknown_config_key, True, True)
    ]


def test_a_section_written_as_a_value_is_explained() -> None:
    _, problems = parse_settings({"lich": "thứ sáu"}, file="f")
    assert [p.code for p in problems] == [Code.bad_config_value]
    assert "[lich]" in problems[0].message


def test_booleans_are_not_numbers_and_numbers_are_not_booleans() -> None:
    _, problems = parse_settings({"so_ngay_canh_bao": True, "thu_dien_tu": {"bat": "có"}}, file="f")
    assert sorted(p.value for p in problems) == ["có", "true"]


def test_every_setting_has_a_valid_default_and_a_vietnamese_doc() -> None:
    for setting in SETTINGS:
        _value, reason = setting.check(setting.default)
        assert reason is None, setting.key
        assert setting.doc and setting.doc[0].isupper(), setting.key


def test_config_message_templates_use_the_parameters_given() -> None:
    for code in (Code.bad_config_value, Code.unknown_config_key, Code.config_unreadable):
        assert "{path}" in MESSAGES[code][2]


def test_next_run_is_strictly_after_the_moment() -> None:
    friday = WeeklyTime(4, dt.time(16, 0))
    assert friday.next_after(dt.datetime(2026, 11, 25, 9, 0)) == dt.datetime(2026, 11, 27, 16, 0)
    assert friday.next_after(dt.datetime(2026, 11, 27, 16, 0)) == dt.datetime(2026, 12, 4, 16, 0)
    assert friday.next_after(dt.datetime(2026, 11, 27, 15, 59)) == dt.datetime(2026, 11, 27, 16, 0)
    assert friday.label == "thứ sáu hằng tuần, lúc 16:00"
    assert WEEKDAY_LABELS[6] == "chủ nhật"
