"""`sheetsync chay-thu`: run the weekly cycle on sample data in a scratch folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render, render_merge
from sheetsync.cli.options import common, resolve


@click.command("chay-thu")
@common
@click.option(
    "--thu-muc",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("chay-thu"),
    show_default=True,
    help="Thư mục nháp để chạy thử (bị xóa và tạo lại).",
)
@click.pass_context
def command(ctx: click.Context, workbook: Path | None, as_of: dt.date | None, folder: Path) -> None:
    """Chạy thử một vòng tuần trên bản sao của sổ mẫu; sổ thật không bị thay đổi."""
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.demo import run_demo

    path, day = resolve(ctx, workbook, as_of)
    result = run_demo(path, folder, as_of=day)
    if result.merge is not None:
        render_merge.merge(result.merge)
        render.line()
    render.fatal(result.problems)
    render.line("Chạy thử một vòng tuần:")
    for step in result.steps:
        render.line("  " + step)
    if result.exit_code == 0:
        render.line("Các tệp bị trả lại là cố ý, để thấy cách công cụ báo lỗi cho đơn vị.")
    ctx.exit(result.exit_code)
