"""`chay-thu`: one whole weekly cycle on a scratch copy of the shipped workbook; the tracked file is never touched."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.jobs.validate import ValidationResult, validate_workbook


@dataclass
class DemoResult:
    folder: Path
    workbook: Path
    validation: ValidationResult
    steps: list[str] = field(default_factory=list)


def run_demo(source: Path, folder: Path, *, as_of: dt.date) -> DemoResult:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    workbook = folder / source.name
    shutil.copy2(source, workbook)
    validation = validate_workbook(workbook, as_of=as_of)
    steps = [f"Đã chép sổ mẫu sang {workbook} và kiểm tra: {len(validation.report.errors)} lỗi."]
    return DemoResult(folder, workbook, validation, steps)
