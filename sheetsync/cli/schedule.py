"""`sheetsync lich`: run the weekly cycle every week at the set day and time until stopped (Ctrl+C)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

import click

from sheetsync.cli import render
from sheetsync.cli.options import ClockTimeParam, WeekdayParam, common, resolve
from sheetsync.office.config import load_config
from sheetsync.office.scheduler import WeeklyRunner, run_log
from sheetsync.problems import ExitCode


@click.command("lich")
@common
@click.option(
    "--thu",
    "weekday",
    type=WeekdayParam(),
    default=None,
    help="Ngày chạy trong tuần: hai, ba, tu, nam, sau, bay, CN (hoặc “thứ sáu”, T6); mặc định theo sheetsync.toml, "
    "không có thì thứ sáu.",
)
@click.option(
    "--gio",
    "at",
    type=ClockTimeParam(),
    default=None,
    help="Giờ chạy HH:MM (24 giờ); mặc định theo sheetsync.toml, không có thì 16:00.",
)
@click.option("--chay-ngay", "run_now", is_flag=True, help="Chạy một vòng ngay khi bật lịch, rồi chờ tới lịch.")
@click.pass_context
def command(
    ctx: click.Context,
    workbook: Path | None,
    as_of: dt.date | None,
    weekday: int | None,
    at: dt.time | None,
    run_now: bool,
) -> None:
    """Bật lịch chạy vòng cập nhật hằng tuần (mặc định 16:00 thứ sáu) cho tới khi nhấn Ctrl+C.

    Mỗi lần chạy được ghi vào tệp nhật ký sheetsync.log cạnh sổ. Một lần chạy lỗi được ghi lại và lịch vẫn
    tiếp tục; không bao giờ có hai vòng chạy cùng lúc. Cửa sổ này cần để mở (có thể thu nhỏ).
    """
    # imported when the command runs, so that `sheetsync --help` stays quick (no openpyxl)
    from sheetsync.jobs.cycle import run_cycle_at

    if as_of is not None or ctx.find_root().params.get("as_of") is not None:
        raise click.UsageError("--as-of không dùng với lịch: mỗi lần chạy tính theo ngày chạy.")
    path, _ = resolve(ctx, workbook, None)
    config, problems = load_config(path)
    if config is None:
        render.fatal(problems)
        ctx.exit(ExitCode.CANNOT_RUN)
        return
    config = config.with_schedule(weekday=weekday, at=at)
    echo = logging.StreamHandler(sys.stdout)
    echo.setFormatter(logging.Formatter("%(message)s"))
    with run_log(config.log_file, echo=echo) as log:
        runner = WeeklyRunner(lambda now: run_cycle_at(path, now=now), config.schedule, log=log)
        log.info("Sổ theo dõi: %s. Hộp thư: %s. Nhật ký: %s.", path, config.inbox, config.log_file)
        log.info("Nhấn Ctrl+C để dừng lịch.")
        if run_now:
            runner.run_once()
        runner.run_forever()
    ctx.exit(ExitCode.OK)
