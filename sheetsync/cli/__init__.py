"""The `sheetsync` command: a thin shell over sheetsync.jobs; each sub-command lives in its own module."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import click

from sheetsync import __version__
from sheetsync.cli.options import AsOfDate
from sheetsync.cli.output import ensure_utf8
from sheetsync.cli.usage import usage_error
from sheetsync.problems import ExitCode
from sheetsync.schema import DEFAULT_WORKBOOK

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Formatter(click.HelpFormatter):
    """Click's help headings ("Usage:", "Options") in Vietnamese."""

    _HEADINGS: ClassVar[dict[str, str]] = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Đối số"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Cách dùng: " if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(self._HEADINGS.get(name, name))


class _Context(click.Context):
    formatter_class = _Formatter


class _VietnameseHelp:
    """Click's built-in --help text is English; staff read Vietnamese."""

    context_class: type[click.Context] = _Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]  # a mixin: click's method, found by the MRO
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option


class Group(_VietnameseHelp, click.Group):
    def main(  # type: ignore[override]  # one signature for click's two overloads
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        *,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's standalone mode, but its usage errors ("No such option", "Missing option") in Vietnamese."""
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as error:
            click.echo(usage_error(error), err=True)
            sys.exit(ExitCode.CANNOT_RUN)
        except click.ClickException as error:
            click.echo(f"Lỗi: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Đã dừng theo yêu cầu.", err=True)
            sys.exit(ExitCode.CANNOT_RUN)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="sheetsync", help="Hiện số phiên bản rồi thoát.")
@click.option(
    "--workbook",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"Đường dẫn sổ theo dõi; mặc định {DEFAULT_WORKBOOK}.",
)
@click.option("--as-of", "as_of", type=AsOfDate(), default=None, help="Ngày tính đánh giá (YYYY-MM-DD).")
def cli(workbook: Path | None, as_of: object) -> None:
    """sheetsync: giữ sổ theo dõi Chương trình hành động 2026 của phường An Dương luôn đúng.

    Kiểm tra sổ, gửi mẫu báo cáo cho đơn vị, tổng hợp báo cáo hằng tuần và lập trang “Tổng hợp”.
    """


def _register() -> None:
    from sheetsync.cli import cycle, demo, excel, fetch, merge, remind, schedule, settings, summary, templates, validate

    for module in (validate, templates, merge, summary, demo, cycle, schedule, settings, excel, fetch, remind):
        command = module.command
        command.__class__ = type(command.__class__.__name__, (_VietnameseHelp, command.__class__), {})
        cli.add_command(command)


_register()


def main() -> None:
    ensure_utf8()
    try:
        cli.main(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("Đã dừng theo yêu cầu.", err=True)
        raise SystemExit(ExitCode.CANNOT_RUN) from None
