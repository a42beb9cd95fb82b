"""`sheetsync don-doc`: reminders to late units (drafts, or sent when mail is on)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli.options import allow_loss, common, resolve


@click.command("don-doc")
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê đơn vị nào sẽ nhận thư gì; không gửi, không ghi gì.")
@click.option(
    "--ban-nhap",
    "drafts",
    metavar="THƯ_MỤC",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Ghi thư nháp (.eml) vào thư mục này thay vì gửi.",
)
@common
@allow_loss
@click.pass_context
def command(
    ctx: click.Context,
    dry_run: bool,
    drafts: Path | None,
    workbook: Path | None,
    as_of: dt.date | None,
    allow_loss: bool,
) -> None:
    """Gửi thư đôn đốc cho các đơn vị chủ trì chậm báo cáo hoặc có nhiệm vụ quá hạn, sắp đến hạn.

    Mỗi đơn vị nhận nhiều nhất một thư mỗi ngày. Khi chưa cấu hình thư điện tử, thư nháp được ghi vào
    thu-gui/NGÀY/ cạnh sổ.
    """
    from sheetsync.cli import render_mail  # the jobs load openpyxl: not for `--help`
    from sheetsync.jobs.remind import run_reminders

    path, day = resolve(ctx, workbook, as_of)
    result = run_reminders(
        path, as_of=day, now=dt.datetime.now(), dry_run=dry_run, drafts=drafts, allow_loss=allow_loss
    )
    render_mail.reminders(result)
    ctx.exit(result.exit_code)
