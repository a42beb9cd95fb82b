"""`sheetsync chay-tuan`: one weekly cycle now (what the double-click launchers run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import allow_loss, common, resolve
from sheetsync.office.scheduler import log_outcome


@click.command("chay-tuan")
@common
@allow_loss
@click.pass_context
def command(ctx: click.Context, workbook: Path | None, as_of: dt.date | None, allow_loss: bool) -> None:
    """Chạy ngay một vòng cập nhật: tổng hợp các báo cáo trong hộp thư vào sổ rồi làm mới trang “Tổng hợp”.

    Hộp thư, số ngày cảnh báo và thời gian chờ lấy từ tệp sheetsync.toml cạnh sổ (nếu có).
    """
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.cycle import failed, run_cycle_at

    path, _ = resolve(ctx, workbook, None)
    now = dt.datetime.now()
    try:
        day = as_of or ctx.find_root().params.get("as_of")
        result = run_cycle_at(path, now=now, as_of=day, allow_loss=allow_loss)
    except Exception as exc:  # a bug or a full disk: a sentence for the office, the traceback in the log
        result = failed(now, exc, file=path)
        log_outcome(path, "[chạy tay]", result.message, result.exit_code, error=True)
    else:
        log_outcome(path, "[chạy tay]", result.message, result.exit_code)
    render.cycle(result)
    ctx.exit(result.exit_code)
