"""Crash safety, proven: a real merge (`python -m sheetsync merge`, the shipped workbook, 30 inputs) killed with
SIGKILL at every step of the run, and after each kill: the master opens and is either the state before or the
state after a complete run, the backups open, every input is still on disk exactly once, no temporary file is
taken for a report; then a re-run finishes the job, each report applied exactly once."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from sheetsync.jobs.load import load
from sheetsync.jobs.merge import run_merge
from sheetsync.jobs.templates import make_templates
from sheetsync.office.crashpoints import ENV
from sheetsync.office.inbox import list_inbox
from sheetsync.problems import ExitCode
from sheetsync.schema import BACKUP_DIR, ERROR_SUFFIX, HISTORY, JOURNAL, MERGE_STATE, TASKS, Outcome
from tests.hostile import builders
from tests.hostile.kit import sha256
from tests.merge_support import eml
from tests.template_factories import fill

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 1, 9, 0)
SHEETS = (TASKS.name, JOURNAL.name, HISTORY.name, MERGE_STATE.name)
# the named points of sheetsync/office/crashpoints.py, and the how-many-th pass of each: 31 submissions are
# read (30 inbox files, one an e-mail with two attachments), 4 letters written, 30 files filed
POINTS = [
    *(f"read:{n}" for n in (1, 8, 16, 24, 31)),
    *("planned", "applied", "refreshed", "temp-created", "saved", "checked", "backup-copied", "backed-up"),
    "committed",
    *(f"letter-written:{n}" for n in (1, 3)),
    *(f"filed:{n}" for n in (1, 8, 15, 22, 30)),
]
TIMED = (0.6, 0.75, 0.9, 0.97)  # fractions of a measured complete run, for kills no hook names


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


@pytest.fixture(scope="module")
def ward(tmp_path_factory):
    """The ward before the run, and the reference: the master after one complete run, and its duration."""
    root = tmp_path_factory.mktemp("chay-tron")
    master = build_ward(root / "goc")
    before, originals = snapshot(master), inputs(master.parent.parent / "hop-thu")
    shutil.copytree(root / "goc", root / "tham-chieu")
    done = root / "tham-chieu" / "so" / "ChuongTrinh2026.xlsx"
    started = time.monotonic()
    run = cli(done, done.parent.parent / "hop-thu")
    _, err = run.communicate(timeout=120)
    assert run.returncode == ExitCode.PROBLEMS, err.decode()
    duration = time.monotonic() - started
    after = snapshot(done)
    assert after != before and len(journal(after)) == 27  # the four broken files are the only ones refused
    return root / "goc", before, after, originals, duration


@pytest.mark.slow
def test_a_merge_killed_at_any_moment_loses_nothing_and_a_rerun_applies_every_report_once(ward, tmp_path):
    pristine, before, after, originals, duration = ward
    kills = [(point, None) for point in POINTS] + [(None, duration * f) for f in TIMED]
    assert len(kills) >= 20
    survived = []
    for n, (point, delay) in enumerate(kills):
        folder = tmp_path / f"lan-{n:02d}"
        shutil.copytree(pristine, folder)
        master, inbox = folder / "so" / "ChuongTrinh2026.xlsx", folder / "hop-thu"
        run = cli(master, inbox, point)
        if delay is not None:
            time.sleep(delay)
            run.send_signal(signal.SIGKILL)
        _, err = run.communicate(timeout=120)
        assert delay is not None or run.returncode == -signal.SIGKILL, (point, run.returncode, err.decode())
        where = point or f"{delay:.2f} s"

        shot = snapshot(master)  # opens
        assert shot in (before, after), where
        for copy in (master.parent / BACKUP_DIR).glob("*.xlsx"):
            assert snapshot(copy) == before, (where, copy.name)
        assert inputs(inbox) == originals, where  # every input on disk, exactly once
        waiting = {s.name for s in list_inbox(inbox)}
        assert waiting <= {p.name for p in (pristine / "hop-thu").iterdir()}, where

        result = run_merge(master, inbox, as_of=AS_OF, lock_wait=30)
        assert result.exit_code in (ExitCode.OK, ExitCode.PROBLEMS), (where, result.problems)
        final = snapshot(master)
        for name in (TASKS.name, HISTORY.name, MERGE_STATE.name):
            assert final[name] == after[name], (where, name)
        assert journal(final) == journal(after), where  # each report applied exactly once
        assert inputs(inbox) == originals and list_inbox(inbox) == [], where
        for copy in (master.parent / BACKUP_DIR).glob("*.xlsx"):
            assert snapshot(copy) in (before, after), (where, copy.name)
        leftovers = [p.name for p in master.parent.glob(".sheetsync-*") if p.suffix in (".xlsx", ".tmp")]
        assert leftovers == [] and not list((master.parent / BACKUP_DIR).glob("*.tmp")), where
        survived.append(where)
    assert len(survived) == len(kills)
