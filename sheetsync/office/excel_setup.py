"""`excel-setup`: the entry file and xlwings.conf beside the master so the add-in's Run main button works."""

from __future__ import annotations

import keyword
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.problems import Code, Problem

__all__ = ["ENTRY_MARKER", "SetupResult", "entry_source", "install_addin", "module_name", "setup_excel"]

# First line of the file we write; a file without it is the office's own and is never overwritten.
ENTRY_MARKER = "# Written by `sheetsync excel-setup`"
XLWINGS_CONF = "xlwings.conf"  # xlwings' per-folder settings file (docs: "Workbook Directory Config")


def module_name(workbook: Path) -> str | None:
    """The add-in runs `import <workbook name>`: only an ASCII identifier works ("Chuong Trinh.xlsx" does not)."""
    stem = workbook.stem
    return stem if stem.isascii() and stem.isidentifier() and not keyword.iskeyword(stem) else None


def entry_source(workbook: Path) -> str:
    return (
        f"{ENTRY_MARKER} for {workbook.name}; written again by the command, so do not edit.\n"
        f'"""The xlwings add-in\'s Run main button for {workbook.name}: it imports this file and calls main()."""\n'
        "\n"
        "from sheetsync.excelui.button import run_button\n"
        "\n"
        "\n"
        "def main() -> None:\n"
        "    run_button(__file__)\n"
    )


def _interpreter(python: Path) -> Path:
    # On Windows pythonw.exe runs without flashing a console window over Excel.
    quiet = python.with_name("pythonw.exe")
    return quiet if python.name.lower() == "python.exe" and quiet.exists() else python


def _read_conf(path: Path) -> dict[str, str]:
    """xlwings.conf lines are `"KEY","value"` (read by VBA `Input #`); keep whatever the office put there."""
    entries: dict[str, str] = {}
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        key, sep, value = line.partition(",")
        if sep:
            entries[key.strip().strip('"').upper()] = value.strip().strip('"')
    return entries


def conf_settings(python: Path, package_root: Path) -> dict[str, str]:
    interpreter = str(_interpreter(python))
    return {"INTERPRETER_WIN": interpreter, "INTERPRETER_MAC": interpreter, "PYTHONPATH": str(package_root)}


@dataclass
class SetupResult:
    entry: Path | None = None
    conf: Path | None = None
    addin: str = ""  # what installing the add-in said, or why it was not done
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # Vietnamese, printed with the manual steps


def install_addin(python: Path) -> tuple[bool, str]:
    """`xlwings addin install` with the same Python (it copies the add-in to XLSTART; needs Excel)."""
    if not (sys.platform.startswith("win") or sys.platform == "darwin"):
        return False, "máy này không có Excel (xlwings chỉ cài được cùng Excel trên Windows hoặc macOS)."
    done = subprocess.run(
        [str(python), "-m", "xlwings.cli", "addin", "install"], capture_output=True, text=True, check=False
    )
    said = (done.stdout + done.stderr).strip()
    return done.returncode == 0, said or "xlwings addin install: không có thông báo."


def setup_excel(
    workbook: Path,
    *,
    python: Path | None = None,
    package_root: Path | None = None,
    installer: Callable[[Path], tuple[bool, str]] | None = None,
) -> SetupResult:
    """Write `<workbook name>.py` and xlwings.conf beside the workbook; install the add-in if asked."""
    python = python or Path(sys.executable)
    package_root = package_root or Path(__file__).resolve().parents[2]
    result = SetupResult()
    name = module_name(workbook)
    if name is None:
        result.problems.append(Problem.make(Code.workbook_name_not_module, file=str(workbook), value=workbook.name))
        return result
    entry = workbook.with_name(name + ".py")
    if entry.exists() and not entry.read_text(encoding="utf-8", errors="replace").startswith(ENTRY_MARKER):
        result.problems.append(Problem.make(Code.entry_file_exists, file=str(entry), path=str(entry)))
        return result
    workbook.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_source(workbook), encoding="utf-8")
    result.entry = entry

    conf = workbook.parent / XLWINGS_CONF
    entries = {**_read_conf(conf), **conf_settings(python, package_root)}
    # VBA reads this file in the Windows ANSI code page: keep it ASCII and say so when a path is not.
    lines = [f'"{key}","{value}"' for key, value in entries.items()]
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\r\n" if os.name == "nt" else "\n")
    result.conf = conf
    if not all(line.isascii() for line in lines):
        result.warnings.append(
            "Đường dẫn tới Python hoặc tới sheetsync có chữ có dấu; Excel đọc xlwings.conf theo bảng mã cũ nên có thể "
            "không tìm thấy. Nên đặt sheetsync ở thư mục không dấu, ví dụ C:\\sheetsync."
        )
    if installer is not None:
        ok, said = installer(python)
        result.addin = said if ok else f"Chưa cài được add-in: {said}"
    return result
