"""`sheetsync templates`: one signed report template per unit for a period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import allow_loss, common, resolve


@click.command("templates")
@click.option("--period", required=True, help="Tên kỳ báo cáo, ví dụ “Tháng 12/2026” hoặc “Quý IV/2026”.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục ghi các mẫu báo cáo (tạo mới nếu chưa có).",
)
@common
@allow_loss
@click.pass_context
def command(
    ctx: click.Context, period: str, out: Path, workbook: Path | None, as_of: dt.date | None, allow_loss: bool
) -> None:
    """Lập mẫu báo cáo cho từng đơn vị có nhiệm vụ (chủ trì hoặc phối hợp) và ghi kỳ báo cáo vào sổ."""
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.templates import make_templates

    path, _day = resolve(ctx, workbook, as_of)
    result = make_templates(path, period=period, out=out, now=dt.datetime.now(), allow_loss=allow_loss)
    render.templates(result)
    ctx.exit(result.exit_code)
