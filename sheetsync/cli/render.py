"""The one place that turns results into terminal output: problem lines, tables, summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table

from sheetsync.cli import render_merge
from sheetsync.cli.output import console, ensure_utf8, err_console, fatal, line, problem_line, problems
from sheetsync.core.reporting import ReportingPeriod
from sheetsync.problems import ExitCode

if TYPE_CHECKING:  # the jobs load openpyxl: only the commands that run them import them
    from sheetsync.jobs.cycle import CycleResult
    from sheetsync.jobs.summary import SummaryResult
    from sheetsync.jobs.templates import TemplatesResult
    from sheetsync.jobs.validate import ValidationResult

# the primitives other renderers and commands reach through `render.` (cli/output.py is their home)
__all__ = [
    "console",
    "cycle",
    "ensure_utf8",
    "err_console",
    "fatal",
    "line",
    "problem_line",
    "problems",
    "summary_run",
    "templates",
    "validation",
]


def validation(result: ValidationResult) -> None:
    name = result.workbook
    if result.fatal:
        click.echo(f"Không kiểm tra được sổ {name}:", err=True)
        fatal(result.report.problems)
        return
    for item in result.report.problems:
        # the master's own problems read `sheet!cell: …` (SPEC); a submission's also name its file
        own = item.file in (None, result.workbook.name, str(result.workbook))
        click.echo(problem_line(item, with_file=not own))
    errors, warnings = len(result.report.errors), len(result.report.warnings)
    click.echo("")
    if errors or warnings:
        click.echo(
            f"Sổ {name}: {result.task_count} nhiệm vụ, {result.unit_count} đơn vị — {errors} lỗi, {warnings} cảnh báo."
        )
    else:
        click.echo(f"Sổ {name}: {result.task_count} nhiệm vụ, {result.unit_count} đơn vị — không có lỗi.")
    for problem in result.write_problems:
        click.echo(problem_line(problem, with_file=True), err=True)
    if result.check_sheet_written and (errors or warnings):
        click.echo("Đã ghi danh sách lỗi vào trang “Kiểm tra” của sổ.")
    elif result.check_sheet_written:
        click.echo("Sổ không có lỗi nào: trang “Kiểm tra” đã được làm mới (không còn dòng lỗi cũ).")


def templates(result: TemplatesResult) -> None:
    if result.fatal:
        if result.locked:
            click.echo("Không lập mẫu: sổ theo dõi đang bận; chưa ghi gì.", err=True)
        else:
            click.echo(f"Không lập được mẫu báo cáo từ sổ {result.workbook}:", err=True)
        fatal(result.problems)
        return
    problems(result.problems)
    table = Table(title=f"Mẫu báo cáo kỳ “{result.period}”", show_lines=False)
    table.add_column("Mã ĐV")
    table.add_column("Đơn vị", max_width=24)
    table.add_column("Chủ trì", justify="right")
    table.add_column("Phối hợp", justify="right")
    table.add_column("Tệp", no_wrap=True)  # the name staff look for in the folder: never cut
    for item in result.written:
        table.add_row(item.unit_code, item.unit_name, str(item.leads), str(item.coordinating), item.path.name)
    console.print(table)
    click.echo(f"Đã ghi {len(result.written)} mẫu vào thư mục {result.out}.")
    if result.units_without_tasks:
        click.echo("Không lập mẫu cho đơn vị chưa được giao nhiệm vụ: " + ", ".join(result.units_without_tasks) + ".")
    click.echo(f"Đã ghi kỳ báo cáo “{result.period}” vào sổ; bản sao lưu trước khi ghi: {result.backup}.")
    if result.reporting is not None:
        click.echo(period_note(result.reporting, given=result.due_given))


def period_note(period: ReportingPeriod, *, given: bool) -> str:
    """Where the due date came from and which days the period covers, as the office reads it."""
    from sheetsync.core.dates import format_date
    from sheetsync.core.reporting import range_text

    due = format_date(period.due) if period.due else "chưa có"
    source = "theo --han-nop" if given else "theo quy tắc [ky_bao_cao] trong sheetsync.toml"
    text = f"Hạn nộp báo cáo: {due} ({source})."
    if (span := range_text(period)) is not None:
        text += f" Kỳ báo cáo tính {span}."
    return text


def summary_run(result: SummaryResult) -> None:
    """`sheetsync summary`: what was refreshed, the headline, what needs action, then the master's problems."""
    from sheetsync.core.dates import format_date
    from sheetsync.core.summary import headline
    from sheetsync.schema import SUMMARY_SHEET

    if result.summary is None:
        if not result.locked:  # the lock message says itself that nothing was written
            click.echo(f"Không lập được tổng hợp cho sổ {result.workbook}; chưa ghi gì:", err=True)
        fatal(result.problems)
        return
    numbers = result.summary
    day = format_date(numbers.as_of)
    click.echo(f"Đã tính lại Hạn chót, Đánh giá, tô màu và trang “{SUMMARY_SHEET}” (tính đến ngày {day}).")
    click.echo(headline(numbers.total))
    for item in numbers.attention:
        click.echo(f"  - {item.code} ({item.lead}): {item.assessment.value}, hạn chót {format_date(item.due)}")
    if numbers.period is None:
        click.echo("Chưa có kỳ báo cáo hiện tại (chưa chạy lệnh templates): chưa lập danh sách đôn đốc.")
    elif numbers.reminders:
        names = "; ".join(r.unit.name for r in numbers.reminders)  # names hold commas
        click.echo(f"Chưa báo cáo kỳ “{numbers.period}” ({len(numbers.reminders)} đơn vị): {names}.")
    else:
        click.echo(f"Tất cả đơn vị có nhiệm vụ đã báo cáo kỳ “{numbers.period}”.")
    if result.backup is not None:
        click.echo(f"Bản sao lưu trước khi ghi: {result.backup}")
    problems(result.notes)
    if result.problems:
        errors = sum(p.is_error for p in result.problems)
        click.echo("")
        warnings = len(result.problems) - errors
        click.echo(f"Sổ có {errors} lỗi, {warnings} cảnh báo; Văn phòng cần sửa để số liệu đầy đủ:")
        problems(result.problems)


def cycle(result: CycleResult) -> None:
    """The merge's file table and the problems first, then the paragraph people read, last on the screen."""
    if result.merge is not None and result.merge.exit_code in (ExitCode.OK, ExitCode.PROBLEMS):
        render_merge.merge(result.merge)
        click.echo("")
    elif result.summary is not None and result.summary.problems and result.summary.summary is not None:
        problems(result.summary.problems)
        click.echo("")
    mail = [*(result.fetched.problems if result.fetched else []), *(result.replies.problems if result.replies else [])]
    if mail:  # the mailbox's and the replies' problems: a message too large, a server that refused
        problems(mail)
        click.echo("")
    click.echo(result.message)
