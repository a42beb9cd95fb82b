"""Terminal output shared by every renderer: the consoles and the one way a problem becomes a line."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable

import click
from rich.console import Console

from sheetsync.problems import Problem

__all__ = ["console", "ensure_utf8", "err_console", "fatal", "line", "problem_line", "problems"]

# Piped into a log or a mail, rich would assume 80 columns and wrap file names mid-word.
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 120)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def problem_line(problem: Problem, *, with_file: bool = False) -> str:
    tag = "" if problem.is_error else "[cảnh báo] "
    return tag + problem.render(with_file=with_file)


def problems(items: Iterable[Problem], *, with_file: bool = False) -> None:
    """One line per problem as `sheet!cell: message`, plain text so it can be grepped or pasted into mail."""
    for item in items:
        click.echo(problem_line(item, with_file=with_file))


def fatal(items: Iterable[Problem]) -> None:
    for item in items:
        click.echo(problem_line(item, with_file=True), err=True)


def line(text: str = "") -> None:
    click.echo(text)


def ensure_utf8() -> None:
    """Windows consoles default to a legacy code page; Vietnamese needs UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8", errors="replace")
