"""`sheetsync summary`: recompute Đánh giá, highlighting and "Tổng hợp" without merging."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import allow_loss, common, resolve, settled_warn_days, warn_days


@click.command("summary")
@common
@warn_days
@allow_loss
@click.pass_context
def command(
    ctx: click.Context, workbook: Path | None, as_of: dt.date | None, warn_days: int | None, allow_loss: bool
) -> None:
    """Tính lại Hạn chót, Đánh giá, tô màu và trang “Tổng hợp”.

    Không cần hộp thư báo cáo: dùng khi sổ vừa được sửa tay hoặc để in số liệu mới nhất cho cuộc họp.
    Màu ở trang “Nhiệm vụ” tự cập nhật theo ngày mở sổ; chữ ở cột “Đánh giá” là số liệu của ngày chạy lệnh.
    """
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.summary import run_summary

    path, day = resolve(ctx, workbook, as_of)
    days = settled_warn_days(ctx, path, warn_days)
    result = run_summary(path, as_of=day, warn_days=days, allow_loss=allow_loss)
    render.summary_run(result)
    ctx.exit(result.exit_code)
