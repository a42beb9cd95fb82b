"""`sheetsync validate`: list every problem of the master (and of any submission files given)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import allow_loss, common, resolve


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@common
@click.option(
    "--ghi-vao-tep",
    "write_sheet",
    is_flag=True,
    help="Ghi danh sách lỗi vào trang “Kiểm tra” của sổ, mỗi lỗi có liên kết tới ô sai.",
)
@allow_loss
@click.pass_context
def command(
    ctx: click.Context,
    files: tuple[Path, ...],
    workbook: Path | None,
    as_of: dt.date | None,
    write_sheet: bool,
    allow_loss: bool,
) -> None:
    """Kiểm tra sổ theo dõi (và các tệp báo cáo nếu có) và liệt kê mọi lỗi theo dạng trang!ô: nội dung."""
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.validate import validate_workbook

    path, day = resolve(ctx, workbook, as_of)
    result = validate_workbook(path, files=list(files), as_of=day, write_check_sheet=write_sheet, allow_loss=allow_loss)
    render.validation(result)
    ctx.exit(result.exit_code)
