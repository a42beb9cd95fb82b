"""Crash safety, proven: a real merge (`python -m sheetsync merge`, the shipped workbook, 30 inputs) killed with
SIGKILL at every step of the run, and after each kill: the master opens and is either the state before or the
state after a complete run, the backups open, every input is still on disk exactly once, no temporary file is
taken for a report; then a re-run finishes the job, each report applied exactly once."""

from __future__ import annotations

import shutil
import signal
import time

import pytest

from sheetsync.jobs.merge import run_merge
from sheetsync.office.inbox import list_inbox
from sheetsync.problems import ExitCode
from sheetsync.schema import BACKUP_DIR, HISTORY, MERGE_STATE, TASKS
from tests.hostile.busy_week import AS_OF, build_ward, cli, inputs, journal, snapshot

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
