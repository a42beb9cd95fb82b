"""`sheetsync nhan-thu`: fetch the units' reports from the office's mailbox into the inbox folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli.options import common, resolve


@click.command("nhan-thu")
@click.option(
    "--inbox",
    metavar="THƯ_MỤC",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Thư mục lưu thư nhận được; mặc định thu_muc_nhan trong sheetsync.toml (hop-thu).",
)
@common
@click.pass_context
def command(ctx: click.Context, inbox: Path | None, workbook: Path | None, as_of: dt.date | None) -> None:
    """Nhận báo cáo của các đơn vị từ hộp thư của Văn phòng: mỗi thư có tệp bảng tính được lưu nguyên vẹn
    (.eml) vào thư mục nhận báo cáo rồi chuyển sang thư mục đã nhận trên máy chủ. Không xóa thư nào."""
    from sheetsync.cli import render_mail  # the jobs load openpyxl: not for `--help`
    from sheetsync.jobs.fetch import run_fetch

    path, _ = resolve(ctx, workbook, as_of)
    job = run_fetch(path, inbox=inbox)
    render_mail.fetch(job)
    ctx.exit(job.exit_code)
