"""`sheetsync merge --inbox DIR [--dry-run] [--strict]`: the weekly merge of the units' reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render_merge
from sheetsync.cli.options import allow_loss, common, resolve, settled_warn_days, warn_days


@click.command("merge")
@click.option(
    "--inbox",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục chứa các tệp báo cáo (.xlsx, .xlsm, .xls, .ods) và thư .eml của đơn vị.",
)
@click.option(
    "--dry-run",
    "dry_run",
    is_flag=True,
    help="Chỉ xem trước các thay đổi: không ghi sổ, không chuyển tệp.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Từ chối cả tệp nếu có dòng lỗi (mặc định: bỏ qua dòng lỗi, cập nhật các dòng còn lại).",
)
@common
@warn_days
@allow_loss
@click.pass_context
def command(
    ctx: click.Context,
    inbox: Path,
    dry_run: bool,
    strict: bool,
    workbook: Path | None,
    as_of: dt.date | None,
    warn_days: int | None,
    allow_loss: bool,
) -> None:
    """Tổng hợp báo cáo của các đơn vị vào sổ theo dõi, rồi chuyển tệp đã xử lý vào da-xu-ly/ hoặc loi/."""
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.merge import run_merge

    path, day = resolve(ctx, workbook, as_of)
    days = settled_warn_days(ctx, path, warn_days)
    with render_merge.progress_bar() as progress:
        result = run_merge(
            path,
            inbox,
            as_of=day,
            dry_run=dry_run,
            strict=strict,
            warn_days=days,
            progress=progress,
            allow_loss=allow_loss,
        )
    render_merge.merge(result)
    ctx.exit(result.exit_code)
