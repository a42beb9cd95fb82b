"""A busy week for the crash and concurrency tests: the shipped workbook, its templates, and 30 inbox files,
run through the real command line (`python -m sheetsync merge`) in a child process."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl

from sheetsync.jobs.load import load
from sheetsync.jobs.templates import make_templates
from sheetsync.office.crashpoints import ENV
from sheetsync.schema import BACKUP_DIR, ERROR_SUFFIX, HISTORY, JOURNAL, MERGE_STATE, TASKS, Outcome
from tests.hostile import builders
from tests.hostile.kit import sha256
from tests.merge_support import eml
from tests.template_factories import fill

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 1, 9, 0)
SHEETS = (TASKS.name, JOURNAL.name, HISTORY.name, MERGE_STATE.name)


def build_ward(root: Path) -> Path:
    """The shipped workbook with its templates issued, and an inbox of 30 files: 9 units × 3 report dates
    (two of them sent together in one e-mail) and 4 files that are rejected."""
    office, inbox = root / "so", root / "hop-thu"
    office.mkdir(parents=True)
    inbox.mkdir()
    master = office / "ChuongTrinh2026.xlsx"
    shutil.copyfile(ROOT / "workbook" / "ChuongTrinh2026.xlsx", master)
    issued = make_templates(master, period="Tháng 12/2026", out=root / "mau", now=NOW, wait=0)
    assert not issued.fatal, issued.problems
    shutil.rmtree(office / BACKUP_DIR)  # the templates run's own backup: the ward starts without any
    program = load(master).program
    assert program is not None
    mailed = {}
    for written in issued.written:
        tasks = program.tasks_of(written.unit_code)
        for n, day in enumerate((2, 3, 4), start=1):
            rows = {
                task.code: {"status": "Đang thực hiện", "progress": 10 * n, "result": f"Lần {n}: {task.code}"}
                if role == "lead"
                else {"result": f"{written.unit_code} phối hợp lần {n}"}
                for task, role in tasks
            }
            name = f"{written.unit_code}-{day:02d}-12.xlsx"
            target = (root / name) if written.unit_code in ("VP", "CAP") and day == 4 else inbox / name
            fill(written.path, target, report_date=dt.date(2026, 12, day), rows=rows)
            if target.parent == root:
                mailed[name] = target.read_bytes()
    eml(inbox / "thu-vp-cap.eml", mailed)
    (inbox / "rong.xlsx").write_bytes(b"")
    builders.random_bytes(inbox / "hong.xlsx")
    builders.truncated(inbox / "VHXH-02-12.xlsx", inbox / "cat-cut.xlsx")
    builders.encrypted(inbox / "TYT-02-12.xlsx", inbox / "mat-khau.xlsx")
    assert len(list(inbox.iterdir())) == 30
    return master


def cli(master: Path, inbox: Path, crash_at: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env["PYTHONPATH"] = str(ROOT)
    if crash_at:
        env[ENV] = crash_at
    args = ["--workbook", str(master), "--as-of", AS_OF.isoformat(), "merge", "--inbox", str(inbox)]
    return subprocess.Popen(
        [sys.executable, "-m", "sheetsync", *args],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def snapshot(master: Path) -> dict[str, list[tuple[object, ...]]]:
    """Cell values of the sheets a merge writes; the run's clock ("Thời gian") masked. Raises if it cannot open."""
    wb = openpyxl.load_workbook(master)
    shot = {}
    for name in SHEETS:
        if name not in wb.sheetnames:
            shot[name] = []
            continue
        rows = [list(r) for r in wb[name].iter_rows(values_only=True) if any(v is not None for v in r)]
        masked = [i for i, label in enumerate(rows[0] if rows else []) if label == "Thời gian"]
        shot[name] = [tuple(None if i in masked else v for i, v in enumerate(r)) for r in rows]
    return shot


def inputs(inbox: Path) -> Counter[str]:
    """SHA-256 of every input file anywhere under the inbox (waiting, da-xu-ly/, loi/), letters and hidden
    temporary files left out."""
    return Counter(
        sha256(p) for p in inbox.rglob("*") if p.is_file() and not p.name.endswith(ERROR_SUFFIX) and p.name[0] != "."
    )


def journal(shot: dict[str, list[tuple[object, ...]]]) -> Counter[tuple[object, ...]]:
    """(file, SHA-256, outcome) of each Nhật ký row that applied something or said nothing changed."""
    kept = {Outcome.ACCEPTED.value, Outcome.PARTIAL.value, Outcome.NO_CHANGE.value}
    return Counter((r[1], r[2], r[6]) for r in shot[JOURNAL.name][1:] if r[6] in kept)
