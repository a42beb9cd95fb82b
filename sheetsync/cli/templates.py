"""`sheetsync templates`: one signed report template per unit for a period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import DayMonthYear, allow_loss, common, resolve


@click.command("templates")
@click.option("--period", required=True, help="Tên kỳ báo cáo, ví dụ “Tháng 12/2026” hoặc “Quý IV/2026”.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục ghi các mẫu báo cáo (tạo mới nếu chưa có).",
)
@click.option(
    "--han-nop",
    "due",
    type=DayMonthYear(),
    default=None,
    help="Hạn các đơn vị gửi báo cáo kỳ này (ngày/tháng/năm, ví dụ 17/12/2026); "
    "mặc định theo quy tắc [ky_bao_cao] trong sheetsync.toml.",
)
@common
@allow_loss
@click.pass_context
def command(
    ctx: click.Context,
    period: str,
    out: Path,
    due: dt.date | None,
    workbook: Path | None,
    as_of: dt.date | None,
    allow_loss: bool,
) -> None:
    """Lập mẫu báo cáo cho từng đơn vị có nhiệm vụ (chủ trì hoặc phối hợp), ghi kỳ báo cáo và hạn nộp vào sổ."""
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.templates import make_templates

    path, _day = resolve(ctx, workbook, as_of)
    result = make_templates(path, period=period, out=out, now=dt.datetime.now(), due=due, allow_loss=allow_loss)
    render.templates(result)
    ctx.exit(result.exit_code)
