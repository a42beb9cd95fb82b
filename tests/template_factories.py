"""Templates issued from the fixture master and filled in code the way a unit would fill them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sheetsync.excel.fill import fill_template
from sheetsync.jobs.templates import TemplatesResult, make_templates
from sheetsync.office.keyfile import read_key
from tests.factories import make_master

PERIOD = "Tháng 12/2026"
NOW = dt.datetime(2026, 12, 1, 9, 0)


def issue(tmp_path: Path, *, tasks: list[dict[str, Any]] | None = None) -> tuple[Path, TemplatesResult]:
    master = make_master(tmp_path / "so", tasks=tasks)
    result = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, wait=0)
    assert not result.fatal, result.problems
    return master, result


def key_of(master: Path) -> bytes:
    key = read_key(master)
    assert key is not None
    return key


def template_of(result: TemplatesResult, unit_code: str) -> Path:
    return next(w.path for w in result.written if w.unit_code == unit_code)


def fill(
    template: Path,
    dest: Path,
    *,
    report_date: object = dt.date(2026, 12, 5),
    reporter: str | None = "Trần Thị B, chuyên viên",
    rows: dict[str, dict[str, Any]] | None = None,
    formulas: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Type into the template as a unit does (see sheetsync.excel.fill), with test defaults."""
    return fill_template(template, dest, report_date=report_date, reporter=reporter, rows=rows, formulas=formulas)
