"""Check submission files against the master without merging: what `validate FILE...` lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sheetsync.core.checks import check_file, check_rows
from sheetsync.core.program import Program
from sheetsync.excel.submission import read_submission
from sheetsync.office.keyfile import key_or_problem
from sheetsync.problems import Problem

__all__ = ["check_submission"]


def check_submission(path: Path, program: Program, *, workbook: Path, as_of: dt.date) -> list[Problem]:
    """Every problem of one submission file that needs no merge history: file-level and row-level."""
    key, missing = key_or_problem(workbook, file=path.name)
    if key is None:
        return [missing] if missing is not None else []
    submission, problems = read_submission(path, key=key)
    if submission is None:
        return problems
    return [*problems, *check_file(submission, program, as_of), *check_rows(submission, program, as_of)]
