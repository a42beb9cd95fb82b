"""excel-setup: the entry file named after the workbook, xlwings.conf beside it, the add-in installer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sheetsync.office.excel_setup import ENTRY_MARKER, entry_source, module_name, setup_excel
from sheetsync.problems import Code


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("ChuongTrinh2026.xlsx", "ChuongTrinh2026"),
        ("so_theo_doi.xlsm", "so_theo_doi"),
        ("Chuong Trinh 2026.xlsx", None),  # a space: `import Chuong Trinh 2026` is not Python
        ("2026.xlsx", None),
        ("ChươngTrình.xlsx", None),  # diacritics: the VBA side passes the name through the ANSI code page
        ("class.xlsx", None),
        ("Chuong-Trinh.xlsx", None),
    ],
)
def test_the_workbook_name_must_be_an_importable_module(name: str, module: str | None) -> None:
    assert module_name(Path(name)) == module


def test_the_entry_file_defines_main_calling_the_adapter(tmp_path: Path) -> None:
    source = entry_source(tmp_path / "ChuongTrinh2026.xlsx")
    assert source.startswith(ENTRY_MARKER)
    tree = ast.parse(source)
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions == ["main"]
    assert "from sheetsync.excelui.button import run_button" in source and "run_button(__file__)" in source


def test_setup_writes_the_entry_file_and_xlwings_conf(tmp_path: Path) -> None:
    workbook = tmp_path / "workbook" / "ChuongTrinh2026.xlsx"
    python = tmp_path / "venv" / "bin" / "python"
    result = setup_excel(workbook, python=python, package_root=tmp_path / "sheetsync-src", installer=None)
    assert result.problems == [] and result.addin == ""
    assert result.entry == workbook.with_name("ChuongTrinh2026.py")
    assert result.entry.read_text(encoding="utf-8") == entry_source(workbook)
    lines = (workbook.parent / "xlwings.conf").read_text(encoding="utf-8").splitlines()
    assert lines == [
        f'"INTERPRETER_WIN","{python}"',
        f'"INTERPRETER_MAC","{python}"',
        f'"PYTHONPATH","{tmp_path / "sheetsync-src"}"',
    ]


def test_on_windows_layouts_the_windowless_python_is_chosen(tmp_path: Path) -> None:
    scripts = tmp_path / ".venv" / "Scripts"
    scripts.mkdir(parents=True)
    for name in ("python.exe", "pythonw.exe"):
        (scripts / name).write_bytes(b"")
    workbook = tmp_path / "ChuongTrinh2026.xlsx"
    setup_excel(workbook, python=scripts / "python.exe", package_root=tmp_path, installer=None)
    assert f'"INTERPRETER_WIN","{scripts / "pythonw.exe"}"' in (tmp_path / "xlwings.conf").read_text(encoding="utf-8")


def test_the_offices_own_xlwings_settings_are_kept(tmp_path: Path) -> None:
    workbook = tmp_path / "ChuongTrinh2026.xlsx"
    (tmp_path / "xlwings.conf").write_text('"CONDA PATH",""\n"INTERPRETER_WIN","C:\\old\\python.exe"\n')
    setup_excel(workbook, python=Path("/py"), package_root=Path("/src"), installer=None)
    text = (tmp_path / "xlwings.conf").read_text(encoding="utf-8")
    assert '"CONDA PATH",""' in text and "old" not in text and '"INTERPRETER_WIN","/py"' in text


def test_a_workbook_name_that_cannot_be_imported_is_refused_in_vietnamese(tmp_path: Path) -> None:
    result = setup_excel(tmp_path / "Chuong Trinh 2026.xlsx", installer=None)
    assert [p.code for p in result.problems] == [Code.workbook_name_not_module]
    assert "Chuong Trinh 2026.xlsx" in result.problems[0].message and "đổi tên" in result.problems[0].message
    assert list(tmp_path.iterdir()) == []


def test_a_python_file_of_the_office_is_never_overwritten(tmp_path: Path) -> None:
    theirs = tmp_path / "ChuongTrinh2026.py"
    theirs.write_text("print('của văn phòng')\n", encoding="utf-8")
    result = setup_excel(tmp_path / "ChuongTrinh2026.xlsx", installer=None)
    assert [p.code for p in result.problems] == [Code.entry_file_exists]
    assert theirs.read_text(encoding="utf-8") == "print('của văn phòng')\n"


def test_our_own_entry_file_is_rewritten(tmp_path: Path) -> None:
    workbook = tmp_path / "ChuongTrinh2026.xlsx"
    workbook.with_suffix(".py").write_text(ENTRY_MARKER + " old version\n", encoding="utf-8")
    assert setup_excel(workbook, installer=None).problems == []
    assert workbook.with_suffix(".py").read_text(encoding="utf-8") == entry_source(workbook)


def test_the_add_in_installer_gets_the_same_python_and_its_answer_is_reported(tmp_path: Path) -> None:
    calls: list[Path] = []

    def installer(python: Path) -> tuple[bool, str]:
        calls.append(python)
        return False, "máy này không có Excel"

    result = setup_excel(tmp_path / "ChuongTrinh2026.xlsx", python=Path("/py"), installer=installer)
    assert calls == [Path("/py")] and result.addin == "Chưa cài được add-in: máy này không có Excel"


def test_a_path_with_diacritics_is_warned_about(tmp_path: Path) -> None:
    result = setup_excel(tmp_path / "ChuongTrinh2026.xlsx", package_root=Path("/Tài liệu/sheetsync"), installer=None)
    assert result.warnings and "không dấu" in result.warnings[0]
