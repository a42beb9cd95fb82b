"""The ward every hostile case is merged into: a master, its signing key, the templates it issued, and one good
report that goes into every inbox beside the case, so each run proves the rest of the week still goes through."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from sheetsync.jobs.load import load
from sheetsync.jobs.merge import MergeResult, run_merge
from sheetsync.jobs.templates import make_templates
from sheetsync.schema import KEY_FILE
from tests.factories import make_master
from tests.template_factories import fill

AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 10, 16, 0)
TODAY = AS_OF.isoformat()
PERIOD = "Tháng 12/2026"
EARLIER_PERIOD = "Tháng 11/2026"
GOOD = "kt.xlsx"  # KTHTDT reports 1.1.2, a task no case touches
GOOD_ROWS = {"1.1.2": {"progress": 80, "result": "Thu đạt 80% dự toán"}}

Values = dict[str, dict[str, object]]


@dataclass
class Kit:
    root: Path
    seed: Path  # the master's folder: ChuongTrinh2026.xlsx and its key
    templates: dict[str, Path]  # unit code -> its template for PERIOD
    earlier: dict[str, Path]  # unit code -> its template for EARLIER_PERIOD, same key
    foreign: dict[str, Path]  # unit code -> a template of another ward (another key)
    good: bytes
    before: Values  # the master's tasks before any merge
    reference: Values  # … after a merge of the good report alone

    def fill(self, unit: str, dest: Path, *, template: Path | None = None, **kwargs: Any) -> Path:
        return fill(template or self.templates[unit], dest, **kwargs)

    def ward(self, folder: Path) -> tuple[Path, Path]:
        """A fresh copy of the master (and key) and an inbox holding the good report."""
        office = folder / "so"
        shutil.copytree(self.seed, office)
        inbox = folder / "hop-thu"
        inbox.mkdir()
        (inbox / GOOD).write_bytes(self.good)
        return office / "ChuongTrinh2026.xlsx", inbox


def build_kit(root: Path) -> Kit:
    seed = root / "seed"
    master = make_master(seed)
    earlier = make_templates(master, period=EARLIER_PERIOD, out=root / "mau-11", now=NOW, wait=0)
    issued = make_templates(master, period=PERIOD, out=root / "mau-12", now=NOW, wait=0)
    other_ward = make_master(root / "phuong-khac")
    foreign = make_templates(other_ward, period=PERIOD, out=root / "mau-phuong-khac", now=NOW, wait=0)
    assert (seed / KEY_FILE).exists() and not (issued.fatal or earlier.fatal or foreign.fatal)
    for leftover in seed.glob("sao-luu"):  # the templates runs' backups are not part of the ward
        shutil.rmtree(leftover)
    templates = {w.unit_code: w.path for w in issued.written}
    good = fill(templates["KTHTDT"], root / GOOD, rows=GOOD_ROWS).read_bytes()
    kit = Kit(
        root,
        seed,
        templates,
        {w.unit_code: w.path for w in earlier.written},
        {w.unit_code: w.path for w in foreign.written},
        good,
        task_values(master),
        {},
    )
    master_copy, inbox = kit.ward(root / "tham-chieu")
    result = merge(master_copy, inbox)
    assert [f.decision.outcome.name for f in result.files] == ["ACCEPTED"], result.files
    kit.reference = task_values(master_copy)
    return kit


def merge(master: Path, inbox: Path, **options: Any) -> MergeResult:
    return run_merge(master, inbox, as_of=AS_OF, now=options.pop("now", NOW), lock_wait=0, **options)


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def task_values(master: Path) -> Values:
    loaded = load(master)
    assert not loaded.fatal and loaded.program is not None, loaded.problems
    return {t.code: {k: _plain(v) for k, v in t.row.values.items()} for t in loaded.program.tasks}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_rows(master: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(master)[sheet]
    return [tuple(_plain(v) for v in row) for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]
