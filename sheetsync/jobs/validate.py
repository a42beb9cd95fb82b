"""`validate`: every problem of the master, and of submission files given, as one report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.jobs.load import load
from sheetsync.problems import ExitCode, Problem, Report


@dataclass
class ValidationResult:
    workbook: Path
    report: Report = field(default_factory=Report)
    fatal: bool = False
    task_count: int = 0
    unit_count: int = 0
    check_sheet_written: bool = False
    write_problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        if self.fatal:
            return ExitCode.CANNOT_RUN
        if any(p.code.name in ("master_open", "master_busy") for p in self.write_problems):
            return ExitCode.LOCKED
        if any(p.is_error for p in self.write_problems):  # e.g. the write would lose the office's work
            return ExitCode.CANNOT_RUN
        return ExitCode.PROBLEMS if self.report.has_errors else ExitCode.OK


def validate_workbook(
    workbook: Path,
    *,
    files: Sequence[Path] = (),
    as_of: dt.date,
    write_check_sheet: bool = False,
    allow_loss: bool = False,
) -> ValidationResult:
    loaded = load(workbook)
    result = ValidationResult(workbook)
    result.report.extend(loaded.problems)
    if loaded.fatal or loaded.program is None:
        result.fatal = True
        return result
    result.task_count = len(loaded.program.tasks)
    result.unit_count = len(loaded.program.units.units)
    for path in files:
        from sheetsync.jobs.submissions import check_submission  # lazy: the merge machinery is heavier

        result.report.extend(check_submission(path, loaded.program, workbook=workbook, as_of=as_of))
    if write_check_sheet and loaded.book is not None:
        from sheetsync.jobs.check_sheet import write_check_sheet as write

        result.write_problems = write(loaded.book, result.report.problems, as_of=as_of, allow_loss=allow_loss)
        result.check_sheet_written = not any(p.is_error for p in result.write_problems)
    return result
