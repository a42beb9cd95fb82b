"""Terminal output of the mail commands: one row per message (rich table), then problems and a closing line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table

from sheetsync.cli.render import console, fatal, problems

if TYPE_CHECKING:
    from sheetsync.jobs.fetch import FetchJob
    from sheetsync.jobs.mailing import MailBatch
    from sheetsync.jobs.remind import RemindResult
    from sheetsync.jobs.templates_mail import TemplateMail

MAIL_OFF = "Thư điện tử chưa được cấu hình ([thu_dien_tu] trong sheetsync.toml): "


def batch(result: MailBatch, title: str) -> None:
    """The per-unit result table of a sending or drafting run."""
    if result.deliveries:
        table = Table(title=title)
        table.add_column("Đơn vị")
        table.add_column("Loại thư")
        table.add_column("Gửi tới", max_width=36)
        table.add_column("Kết quả")
        table.add_column("Ghi chú", overflow="fold")
        for item in result.deliveries:
            to = "; ".join(item.item.to) or "—"
            table.add_row(item.item.unit_name, item.item.kind, to, item.status, item.detail)
        console.print(table)
    if result.fatal:
        fatal(result.problems)
    else:
        problems(result.problems, with_file=False)
    if result.drafts is not None:
        click.echo(f"Các thư nháp (.eml) nằm trong {result.drafts}: mở bằng Outlook hoặc Thunderbird để xem rồi gửi.")


def templates_mail(result: TemplateMail) -> None:
    if result.drafts_by_default:
        click.echo(
            "Thư điện tử chưa được cấu hình ([thu_dien_tu] trong sheetsync.toml): chưa gửi thư nào, đã ghi thư nháp."
        )
    batch(result.batch, "Gửi mẫu báo cáo")


def fetch(job: FetchJob) -> None:
    found = job.fetched
    if job.fatal and not found.examined:
        click.echo("Không nhận được thư:", err=True)
        fatal(job.problems)
        return
    for path in found.saved:
        click.echo(f"  + {path.name}")
    click.echo(
        f"Đã xem {found.examined} thư mới trong hộp thư, tải {found.downloaded} thư có tệp báo cáo; lưu "
        f"{len(found.saved)} thư vào {job.inbox}, {found.duplicates} thư đã lưu từ trước; đã chuyển {found.moved} "
        f"thư sang thư mục đã nhận trên máy chủ; {found.left} thư khác để nguyên."
    )
    if job.fatal:
        fatal(job.problems)
    else:
        problems(job.problems)


def reminders(result: RemindResult) -> None:
    if result.fatal:
        if not result.locked:
            click.echo(f"Không lập được danh sách đôn đốc từ sổ {result.workbook}:", err=True)
        fatal(result.problems)
        return
    period = f"kỳ “{result.period}”" if result.period else "chưa có kỳ báo cáo hiện tại"
    if not result.reminders:
        click.echo(f"Không có đơn vị nào cần đôn đốc ({period}, tính đến {result.as_of:%d/%m/%Y}).")
        return
    if result.dry_run:
        table = Table(title=f"Đơn vị sẽ được đôn đốc ({period}, tính đến {result.as_of:%d/%m/%Y})")
        table.add_column("Đơn vị")
        table.add_column("Gửi tới", max_width=36)
        table.add_column("Lý do")
        table.add_column("Nhiệm vụ", overflow="fold")
        for item, reminder in zip(result.items, result.reminders, strict=False):
            tasks = ", ".join(f"{t.code} ({t.assessment})" for t in reminder.tasks)
            table.add_row(reminder.unit.name, "; ".join(item.to) or "— (thiếu Email)", reminder.reason, tasks)
        console.print(table)
        click.echo("Chạy thử (--dry-run): chưa gửi, chưa ghi gì.")
        return
    if result.drafts_by_default:
        click.echo(MAIL_OFF + "đã ghi thư nháp thay vì gửi.")
    if result.batch is not None:
        batch(result.batch, f"Đôn đốc ngày {result.as_of:%d/%m/%Y}")
