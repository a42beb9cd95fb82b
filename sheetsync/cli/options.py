"""Options every command shares (SPEC.md: --workbook and --as-of on all commands)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from sheetsync.schema import DEFAULT_WORKBOOK

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
