"""`sheetsync chay-tuan`: one weekly cycle now (what the double-click launchers run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import common, resolve
from sheetsync.jobs.cycle import run_cycle_at
from sheetsync.office.scheduler import run_log
from sheetsync.schema import RUN_LOG


@click.command("chay-tuan")
@common
@click.pass_context
def command(ctx: click.Context, workbook: Path | None, as_of: dt.date | None) -> None:
    """Chạy ngay một vòng cập nhật: tổng hợp các báo cáo trong hộp thư vào sổ rồi làm mới trang “Tổng hợp”.

    Hộp thư, số ngày cảnh báo và thời gian chờ lấy từ tệp sheetsync.toml cạnh sổ (nếu có).
    """
    path, _ = resolve(ctx, workbook, None)
    now = dt.datetime.now()
    result = run_cycle_at(path, now=now, as_of=as_of or ctx.find_root().params.get("as_of"))
    render.cycle(result)
    if path.parent.is_dir():
        with run_log(path.parent / RUN_LOG) as log:
            log.info("[chạy tay] %s (mã kết thúc %d)", result.message, int(result.exit_code))
    ctx.exit(result.exit_code)
