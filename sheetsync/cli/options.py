"""Options every command shares (SPEC.md: --workbook and --as-of on all commands)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sheetsync.schema import DEFAULT_WARN_DAYS, DEFAULT_WORKBOOK

F = TypeVar("F", bound=Callable[..., Any])


class AsOfDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"“{value}” không phải ngày hợp lệ; ghi theo dạng YYYY-MM-DD, ví dụ 2026-11-26.", param, ctx)


class DayMonthYear(click.ParamType):
    """`--han-nop 17/12/2026`: day/month/year as the office writes dates, never month/day."""

    name = "DD/MM/YYYY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        from sheetsync.core.dates import parse_date_text

        if isinstance(value, dt.date):
            return value
        day = parse_date_text(str(value)) if re.search(r"\d{4}", str(value)) else None
        if day is None:
            self.fail(f"“{value}” không phải ngày hợp lệ; ghi ngày/tháng/năm, ví dụ 17/12/2026.", param, ctx)
        return day


def common(func: F) -> F:
    func = click.option(
        "--as-of",
        "as_of",
        type=AsOfDate(),
        default=None,
        help="Tính đánh giá như vào ngày này (YYYY-MM-DD); mặc định là hôm nay.",
    )(func)
    func = click.option(
        "--workbook",
        "workbook",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=f"Đường dẫn sổ theo dõi; mặc định {DEFAULT_WORKBOOK}.",
    )(func)
    return func


def allow_loss(func: F) -> F:
    """--cho-phep-mat, for every command that writes the master (the write guard, jobs/write_guard.py)."""
    return click.option(
        "--cho-phep-mat",
        "allow_loss",
        is_flag=True,
        help="Vẫn ghi sổ dù bản ghi sẽ làm mất những thứ công cụ đã liệt kê (hộp văn bản, sparkline…); "
        "sổ cũ được sao lưu nguyên vẹn vào sao-luu/ trước khi ghi.",
    )(func)


def resolve(ctx: click.Context, workbook: Path | None, as_of: dt.date | None) -> tuple[Path, dt.date]:
    """Command-level options win over the group-level ones; then the defaults."""
    parent = ctx.find_root().params
    path = workbook or parent.get("workbook") or Path(DEFAULT_WORKBOOK)
    day = as_of or parent.get("as_of") or dt.date.today()
    return Path(path), day


class WeekdayParam(click.ParamType):
    """`--thu sau`, `--thu "thứ sáu"`, `--thu T6`: 0 (Monday) … 6 (Sunday)."""

    name = "THỨ"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from sheetsync.core.settings import parse_weekday

        day = value if isinstance(value, int) and not isinstance(value, bool) else parse_weekday(value)
        if day is None or not 0 <= day <= 6:
            self.fail(f"“{value}” không phải ngày trong tuần; ví dụ: sau, “thứ sáu”, T6, CN.", param, ctx)
        return day


class ClockTimeParam(click.ParamType):
    """`--gio 16:00`, `--gio 16h30`."""

    name = "HH:MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.time:
        from sheetsync.core.settings import parse_clock_time

        at = parse_clock_time(value)
        if at is None:
            self.fail(f"“{value}” không phải giờ hợp lệ; ghi giờ:phút từ 00:00 đến 23:59, ví dụ 16:00.", param, ctx)
        return at


def warn_days(func: F) -> F:
    """--warn-days N for every command that assesses; without it, so_ngay_canh_bao of sheetsync.toml."""
    return click.option(
        "--warn-days",
        "warn_days",
        type=click.IntRange(min=0, max=365),
        metavar="N",
        default=None,
        help="Còn không quá ngần này ngày đến hạn chót thì đánh giá “Sắp đến hạn”; mặc định lấy "
        f"so_ngay_canh_bao trong sheetsync.toml ({DEFAULT_WARN_DAYS} nếu chưa đặt).",
    )(func)


def settled_warn_days(ctx: click.Context, workbook: Path, given: int | None) -> int:
    """The warn window every command uses: the command line's, else the settings file's (one source for all
    commands, so Đánh giá never depends on which command ran last). A broken settings file stops the run."""
    from sheetsync.cli.output import fatal
    from sheetsync.office.config import load_config

    config, problems = load_config(workbook)
    if config is None:
        fatal(problems)
        ctx.exit(2)
        raise AssertionError  # ctx.exit raises
    return config.warn_days if given is None else given
