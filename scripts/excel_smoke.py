r"""The Excel button checked once on a real Windows PC with Excel: a checklist to run before a release.

    .venv\Scripts\pip install -e .
    .venv\Scripts\python scripts\excel_smoke.py              # Excel opens, works, closes (about a minute)
    .venv\Scripts\python scripts\excel_smoke.py --giu C:\thu  # keep both copies there to open and look at

It prepares the demo (`chay-thu`'s copy of the shipped workbook, its templates and the units' sample reports),
copies it twice, runs the weekly cycle on one copy through the file path (`chay-tuan`) and on the other
through the button's code inside Excel (xlwings, the book open and unsaved edits included), then compares
the two masters cell by cell on every sheet, the files filed away, and what Excel saved. It prints a table
to paste into the release note and exits 0 when every check passed, 1 when one failed, 2 without Excel.
Nothing of the office's own workbook is touched: everything happens in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sheetsync import __version__  # noqa: E402
from sheetsync.excelui.button import run_in_book  # noqa: E402
from sheetsync.excelui.xlbook import XlMaster  # noqa: E402
from sheetsync.jobs.cycle import run_cycle_at  # noqa: E402
from sheetsync.jobs.demo import prepare_demo  # noqa: E402
from sheetsync.problems import ExitCode  # noqa: E402
from sheetsync.schema import DEFAULT_WORKBOOK, SUMMARY_SHEET  # noqa: E402

__all__ = ["Check", "compare_cells", "main", "open_in_excel", "run_checks"]

PASS, FAIL, SKIP = "ĐẠT", "KHÔNG ĐẠT", "BỎ QUA"
AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 10, 16, 0)
Cells = dict[str, dict[tuple[int, int], Any]]
# opens a workbook in Excel: the xlwings Book and what closes it (and Excel) afterwards
Opener = Callable[[Path], tuple[Any, Callable[[], None]]]


@dataclass
class Check:
    label: str
    result: str = SKIP
    note: str = ""


@dataclass
class Checklist:
    checks: list[Check] = field(default_factory=list)

    def add(self, label: str, ok: bool | None, note: str = "") -> bool:
        self.checks.append(Check(label, SKIP if ok is None else PASS if ok else FAIL, note))
        return bool(ok)

    @property
    def exit_code(self) -> int:
        if any(c.result == FAIL for c in self.checks):
            return 1
        return 2 if any(c.result == SKIP for c in self.checks) else 0

    def table(self) -> str:
        lines = ["| # | Kiểm tra | Kết quả | Ghi chú |", "|---|---|---|---|"]
        for number, check in enumerate(self.checks, start=1):
            note = check.note.replace("|", "/").replace("\n", " ")
            lines.append(f"| {number} | {check.label} | {check.result} | {note} |")
        return "\n".join(lines)


def open_in_excel(path: Path) -> tuple[Any, Callable[[], None]]:
    """The workbook open in a new, visible Excel (xlwings), and how to close it without saving again."""
    import xlwings as xw

    app = xw.App(visible=True, add_book=False)
    app.display_alerts = False  # Excel's own prompts would wait for a click the checklist cannot give
    book = app.books.open(str(path))
    return book, app.quit


def file_cells(path: Path) -> Cells:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    try:
        return {
            ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def book_cells(master: XlMaster) -> Cells:
    """What the open book holds now, read back through xlwings as the button's own reads do."""
    found: Cells = {}
    for sheet in master.book.sheets:
        grid = master.grid(sheet.name)
        found[sheet.name] = {
            (r, c): value
            for r, row in enumerate(grid, start=1)
            for c, value in enumerate(row, start=1)
            if value not in (None, "")
        }
    return found


def compare_cells(by_excel: Cells, by_file: Cells, *, shown: int = 5) -> list[str]:
    """Every difference as `sheet!(row, column): Excel … / tệp …`, the first `shown` of them."""
    differences = []
    for name in sorted(set(by_excel) | set(by_file)):
        if name not in by_excel or name not in by_file:
            differences.append(f"trang “{name}” chỉ có ở {'tệp' if name in by_file else 'Excel'}")
            continue
        left, right = by_excel[name], by_file[name]
        for at in sorted(set(left) | set(right)):
            if left.get(at) != right.get(at):
                differences.append(f"{name}!{at}: Excel {left.get(at)!r} / tệp {right.get(at)!r}")
    return differences[:shown] + ([f"… và {len(differences) - shown} chỗ khác"] if len(differences) > shown else [])


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def run_checks(work: Path, opener: Opener | None, *, source: Path = ROOT / DEFAULT_WORKBOOK) -> Checklist:
    """The whole checklist in `work`; `opener` None means no Excel here (its checks are skipped)."""
    checks = Checklist()
    demo, inbox = prepare_demo(source, work / "chuan-bi", as_of=AS_OF, now=NOW)
    if not checks.add("Chuẩn bị bản chạy thử: sổ mẫu, mẫu báo cáo, báo cáo của đơn vị", inbox is not None):
        return checks
    assert inbox is not None
    inbox.rename(demo.workbook.parent / "hop-thu")  # where the settings' default inbox is
    by_file_master = work / "duong-tep" / demo.workbook.name
    by_excel_master = work / "nut-excel" / demo.workbook.name
    shutil.copytree(demo.workbook.parent, by_file_master.parent)
    shutil.copytree(demo.workbook.parent, by_excel_master.parent)

    by_file = run_cycle_at(by_file_master, now=NOW, as_of=AS_OF)
    checks.add(
        "Đường tệp (chay-tuan) chạy xong vòng cập nhật",
        by_file.exit_code in (ExitCode.OK, ExitCode.PROBLEMS),
        by_file.message[:160],
    )
    if opener is None:
        checks.add("Mở sổ trong Excel qua xlwings", None, "máy này không có Excel")
        return checks
    try:
        book, close = opener(by_excel_master)
    except Exception as exc:  # no Excel, no xlwings, a COM error: say which
        checks.add("Mở sổ trong Excel qua xlwings", False, f"{type(exc).__name__}: {exc}")
        return checks
    checks.add("Mở sổ trong Excel qua xlwings", True, _excel_version(book))
    on_disk = by_excel_master.read_bytes()
    try:
        master = XlMaster(book)
        in_excel = run_in_book(master, now=NOW, as_of=AS_OF)
        checks.add(
            "Nút Excel chạy xong vòng cập nhật trong sổ đang mở",
            in_excel.exit_code in (ExitCode.OK, ExitCode.PROBLEMS),
            in_excel.message[:160],
        )
        checks.add(
            "Hai đường cho cùng mã kết thúc",
            in_excel.exit_code is by_file.exit_code,
            f"Excel {int(in_excel.exit_code)}, tệp {int(by_file.exit_code)}",
        )
        differences = compare_cells(book_cells(master), file_cells(by_file_master))
        checks.add("Mọi trang, mọi ô giống nhau giữa hai đường", not differences, "; ".join(differences))
        formulas = [
            f"{name}!{at}"
            for name, cells in book_cells(master).items()
            for at, value in cells.items()
            if isinstance(value, str) and value.startswith("=")
        ]
        checks.add("Không ô nào thành công thức (chữ đơn vị gõ vẫn là chữ)", not formulas, ", ".join(formulas[:5]))
    finally:
        close()
    filed_excel, filed_file = _tree(by_excel_master.parent / "hop-thu"), _tree(by_file_master.parent / "hop-thu")
    checks.add("Tệp trong hộp thư được chuyển đi như nhau", filed_excel == filed_file, _diff(filed_excel, filed_file))
    backups = sorted((by_excel_master.parent / "sao-luu").glob("*"))
    checks.add(
        "Bản trên ổ đĩa được sao lưu trước khi Excel lưu",
        any(b.read_bytes() == on_disk for b in backups),
        ", ".join(b.name for b in backups),
    )
    saved = by_excel_master.read_bytes() != on_disk
    checks.add("Excel đã lưu sổ", saved, "" if saved else "tệp trên ổ đĩa không đổi sau khi chạy")
    if saved:
        with zipfile.ZipFile(by_excel_master) as package:
            charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        sheets = file_cells(by_excel_master)
        checks.add(
            f"Sổ Excel lưu mở lại được, có trang “{SUMMARY_SHEET}” và biểu đồ",
            SUMMARY_SHEET in sheets and bool(charts),
            f"{len(sheets)} trang, {len(charts)} biểu đồ",
        )
    return checks


def _diff(left: set[str], right: set[str]) -> str:
    only = sorted(left ^ right)
    return ", ".join(only[:5])


def _excel_version(book: Any) -> str:
    try:
        return f"Excel {book.app.version}"
    except Exception:
        return ""


def _environment() -> str:
    try:
        import xlwings

        xl = f"xlwings {xlwings.__version__}"
    except ImportError:
        xl = "không có xlwings"
    return f"sheetsync {__version__}, Python {platform.python_version()}, {platform.platform()}, {xl}"


def main(argv: list[str] | None = None, *, opener: Opener | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--giu", type=Path, help="giữ hai bản chạy thử trong thư mục này để mở ra xem")
    args = parser.parse_args(argv)
    if opener is None and (sys.platform.startswith("win") or sys.platform == "darwin"):
        opener = open_in_excel
    with tempfile.TemporaryDirectory(prefix="sheetsync-excel-") as temp:
        work = args.giu or Path(temp)
        if args.giu is not None and work.exists():
            shutil.rmtree(work)
        checks = run_checks(work, opener)
    print(f"Kiểm tra nút Excel ngày {dt.date.today():%d/%m/%Y}: {_environment()}")
    print()
    print(checks.table())
    print()
    verdict = {0: "Tất cả đều đạt.", 1: "Có mục không đạt: xem ghi chú.", 2: "Chưa kiểm tra được phần Excel."}
    print(verdict[checks.exit_code])
    return checks.exit_code


if __name__ == "__main__":
    sys.exit(main())
