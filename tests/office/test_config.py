"""The settings file beside the master: defaults without one, clear Vietnamese errors, a sample that parses."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from sheetsync.core.settings import SETTINGS, Settings, parse_settings
from sheetsync.office.config import Config, config_path, load_config, sample_text, write_sample
from sheetsync.problems import Code

WORKBOOK_NAME = "ChuongTrinh2026.xlsx"


def _workbook(tmp_path: Path) -> Path:
    return tmp_path / "workbook" / WORKBOOK_NAME


def _write(tmp_path: Path, text: str) -> Path:
    workbook = _workbook(tmp_path)
    workbook.parent.mkdir(parents=True, exist_ok=True)
    config_path(workbook).write_text(text, encoding="utf-8")
    return workbook


def test_without_a_file_the_defaults_apply(tmp_path: Path) -> None:
    workbook = _workbook(tmp_path)
    config, problems = load_config(workbook)
    assert problems == [] and config is not None
    assert config.settings == Settings() and config.source is None
    assert config.inbox == workbook.parent / "hop-thu"
    assert config.log_file == workbook.parent / "sheetsync.log"


def test_the_file_beside_the_workbook_is_read(tmp_path: Path) -> None:
    workbook = _write(tmp_path, 'thu_muc_nhan = "../thu-den"\n[lich]\nthu = "T2"\ngio = "08:15"\n')
    config, problems = load_config(workbook)
    assert problems == [] and config is not None
    assert config.source == config_path(workbook)
    assert config.inbox == workbook.parent / "../thu-den"
    assert (config.schedule.weekday, config.schedule.at) == (0, dt.time(8, 15))


def test_an_absolute_inbox_is_kept(tmp_path: Path) -> None:
    inbox = tmp_path / "elsewhere"
    workbook = _write(tmp_path, f"thu_muc_nhan = '{inbox}'\n")
    config, _ = load_config(workbook)
    assert config is not None and config.inbox == inbox


def test_a_bad_value_names_the_file_the_key_and_the_value(tmp_path: Path) -> None:
    workbook = _write(tmp_path, '[lich]\nthu = "thu chin"\ngio = "25:00"\n')
    config, problems = load_config(workbook)
    assert config is None
    shown = str(config_path(workbook))
    assert {(p.code, p.file, p.value) for p in problems} == {
        (Code.bad_config_value, shown, "thu chin"),
        (Code.bad_config_value, shown, "25:00"),
    }
    assert all(shown in p.message for p in problems)


def test_a_toml_syntax_error_is_explained_with_its_line(tmp_path: Path) -> None:
    workbook = _write(tmp_path, 'so_ngay_canh_bao = 7\nthu_muc_nhan = "D:\\Bao cao"\n')
    config, problems = load_config(workbook)
    assert config is None
    assert [p.code for p in problems] == [Code.config_unreadable]
    assert "dòng 2" in problems[0].message and "nháy đơn" in problems[0].message


def test_an_unquoted_word_is_explained(tmp_path: Path) -> None:
    workbook = _write(tmp_path, "[lich]\nthu = thứ sáu\n")
    _, problems = load_config(workbook)
    assert [p.code for p in problems] == [Code.config_unreadable]
    assert "ngoặc kép" in problems[0].message


def test_a_file_saved_by_notepad_with_a_bom_is_read(tmp_path: Path) -> None:
    workbook = _workbook(tmp_path)
    workbook.parent.mkdir(parents=True)
    config_path(workbook).write_bytes('\ufeff[lich]\nthu = "thứ năm"\n'.encode())
    config, problems = load_config(workbook)
    assert problems == [] and config is not None and config.schedule.weekday == 3


def test_the_sample_documents_every_setting_and_means_the_defaults() -> None:
    text = sample_text()
    for setting in SETTINGS:
        assert setting.doc in text
        assert setting.key.rpartition(".")[2] + " = " in text
    settings_from_sample, problems = parse_settings(tomllib.loads(text), file="sample")
    assert problems == [] and settings_from_sample == Settings()


def test_write_sample_never_overwrites_the_offices_file(tmp_path: Path) -> None:
    workbook = _write(tmp_path, "so_ngay_canh_bao = 3\n")
    assert write_sample(workbook) is None
    assert config_path(workbook).read_text(encoding="utf-8") == "so_ngay_canh_bao = 3\n"
    assert write_sample(workbook, overwrite=True) == config_path(workbook)
    assert config_path(workbook).read_text(encoding="utf-8") == sample_text()


def test_command_line_schedule_overrides_the_file(tmp_path: Path) -> None:
    config = Config(_workbook(tmp_path), Settings())
    changed = config.with_schedule(weekday=0)
    assert (changed.schedule.weekday, changed.schedule.at) == (0, dt.time(16, 0))
    assert config.schedule.weekday == 4


def test_the_shipped_settings_file_is_the_generated_sample() -> None:
    shipped = Path(__file__).resolve().parents[2] / "workbook" / "sheetsync.toml"
    assert shipped.read_text(encoding="utf-8") == sample_text(), "run `sheetsync cau-hinh --ghi-lai` to refresh it"


def test_the_readme_names_every_setting() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        head, _, name = setting.key.partition(".")
        assert f"`{setting.key}`" in readme or f"`{head}.*`" in readme or f"`{head}.{name}`" in readme, setting.key
