"""What `merge` prints: a progress bar over files, the file table, the changes of a dry run, where things went."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from sheetsync.cli.output import console, err_console, fatal, problem_line
from sheetsync.core.plan import CellWrite, show_value
from sheetsync.problems import ExitCode
from sheetsync.schema import PROCESSED_DIR, REJECTED_DIR, Outcome

if TYPE_CHECKING:  # the jobs load openpyxl: only the commands that run them import them
    from sheetsync.jobs.merge import MergeResult
    from sheetsync.jobs.merge import Progress as ProgressCallback

__all__ = ["merge", "progress_bar"]

_SHOWN_CHARS = 60


@contextlib.contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A bar on stderr (stdout keeps the table for mail or a log), gone once the files are read."""
    bar = Progress(
        TextColumn("Đọc báo cáo"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=True,
    )
    task = bar.add_task("", total=None)

    def update(done: int, total: int, name: str) -> None:
        bar.update(task, completed=done, total=total, description=name)

    with bar:
        yield update


def merge(result: MergeResult) -> None:
    if result.exit_code in (ExitCode.LOCKED, ExitCode.CANNOT_RUN):
        if result.exit_code is ExitCode.LOCKED:
            head = "Không tổng hợp: sổ theo dõi đang mở hoặc đang bận; chưa ghi gì, chưa chuyển tệp nào."
        else:
            head = "Không tổng hợp được báo cáo (chưa ghi gì vào sổ, chưa chuyển tệp nào):"
        click.echo(head, err=True)
        fatal(result.problems)
        return
    if not result.files:
        click.echo(f"Thư mục {result.inbox} không có tệp báo cáo nào cần xử lý.")
    else:
        _files(result)
    for problem in result.problems:  # notes on the inbox, a file that could not be moved
        click.echo(problem_line(problem, with_file=True))
    if result.dry_run:
        _changes(result.changes)
    elif result.written:
        _where(result)
    if result.master_problems:
        click.echo(f"Sổ theo dõi còn {len(result.master_problems)} lỗi; chạy “sheetsync validate” để xem từng lỗi.")


def _files(result: MergeResult) -> None:
    table = Table(title="Kết quả tổng hợp báo cáo" + (" (xem trước, chưa ghi)" if result.dry_run else ""))
    table.add_column("Tệp", overflow="fold")
    table.add_column("Đơn vị", max_width=24)
    table.add_column("Kết quả")
    table.add_column("Số dòng thay đổi", justify="right")
    table.add_column("Vấn đề", justify="right")
    for file in result.files:
        d = file.decision
        errors, warnings = len(d.errors), len(d.problems) - len(d.errors)
        issues = ", ".join(x for x in (errors and f"{errors} lỗi", warnings and f"{warnings} cảnh báo") if x) or "—"
        table.add_row(d.file, d.unit_name or "—", d.outcome.value, str(d.rows_changed), issues)
    console.print(table)
    for file in result.files:
        for problem in file.decision.problems:
            click.echo(problem_line(problem, with_file=True))


def _changes(changes: list[CellWrite]) -> None:
    if not changes:
        click.echo("Không có ô nào sẽ thay đổi.")
        return
    table = Table(title=f"Các ô sẽ thay đổi trong trang “Nhiệm vụ” ({len(changes)} ô; chưa ghi gì)")
    table.add_column("Mã NV")
    table.add_column("Cột")
    table.add_column("Giá trị cũ", overflow="fold")
    table.add_column("Giá trị mới", overflow="fold")
    for write in changes:
        table.add_row(write.code, write.label, _short(write.old), _short(write.new))
    console.print(table)


def _short(value: object) -> str:
    text = show_value(value).replace("\n", " ⏎ ")
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _where(result: MergeResult) -> None:
    click.echo(f"Đã ghi sổ {result.workbook}; bản sao lưu trước khi ghi: {result.backup}.")
    moved = {f.moved_to for f in result.files if f.moved_to is not None}
    done = sum(1 for path in moved if path.parent.parent.name == PROCESSED_DIR)
    refused = sum(1 for path in moved if path.parent.parent.name == REJECTED_DIR)
    if done:
        click.echo(f"Đã chuyển {done} tệp vào {result.inbox / PROCESSED_DIR}.")
    if refused:
        click.echo(
            f"Đã chuyển {refused} tệp bị từ chối vào {result.inbox / REJECTED_DIR}, kèm tệp .loi.txt nêu lỗi "
            "để gửi lại cho đơn vị."
        )
    partial = sum(1 for f in result.files if f.decision.outcome is Outcome.PARTIAL)
    if partial:
        click.echo(f"{partial} tệp chỉ cập nhật một phần: xem tệp .loi.txt bên cạnh trong {PROCESSED_DIR}/.")
