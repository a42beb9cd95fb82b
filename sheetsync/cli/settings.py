"""`sheetsync cau-hinh`: write the commented settings file beside the workbook, or check the one there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import common, resolve
from sheetsync.office.config import config_path, load_config, write_sample
from sheetsync.problems import ExitCode


@click.command("cau-hinh")
@common
@click.option("--ghi-lai", "overwrite", is_flag=True, help="Ghi đè tệp cấu hình đang có bằng tệp mẫu mặc định.")
@click.pass_context
def command(ctx: click.Context, workbook: Path | None, as_of: dt.date | None, overwrite: bool) -> None:
    """Tạo tệp cấu hình mẫu sheetsync.toml cạnh sổ (nếu chưa có), hoặc kiểm tra tệp đang có và in các giá trị."""
    path, _ = resolve(ctx, workbook, None)
    written = write_sample(path, overwrite=overwrite) if overwrite or not config_path(path).exists() else None
    if written is not None:
        render.line(f"Đã ghi tệp cấu hình mẫu {written}; mọi thiết lập đều có ghi chú, sửa bằng Notepad.")
    config, problems = load_config(path)
    if config is None:
        render.fatal(problems)
        ctx.exit(ExitCode.CANNOT_RUN)
        return
    render.line(f"Tệp cấu hình {config_path(path)} hợp lệ. Các giá trị đang dùng:")
    render.line(f"  Hộp thư nhận báo cáo: {config.inbox}")
    render.line(f"  Số ngày cảnh báo “Sắp đến hạn”: {config.warn_days}")
    render.line(f"  Chờ lần chạy khác tối đa: {config.lock_wait:g} giây")
    render.line(f"  Lịch chạy (sheetsync lich): {config.schedule.label}")
    render.line(f"  Nhật ký chạy: {config.log_file}")
    ctx.exit(ExitCode.OK)
