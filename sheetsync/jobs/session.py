"""A writing session on the master: our lock held, nobody else has it open, nothing lost, a backup, an atomic save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.jobs.load import Loaded, load
from sheetsync.jobs.write_guard import WriteRefused, check_write, owned_columns
from sheetsync.office.backup import backup, commit, remove_stale_temps, save_temp
from sheetsync.office.crashpoints import crashpoint
from sheetsync.office.guard import RunLock, check_not_open
from sheetsync.problems import Problem
from sheetsync.schema import PROGRAM_YEAR, Sheet

__all__ = ["DEFAULT_LOCK_WAIT_SECONDS", "Session", "WriteRefused", "begin"]

# A second run waits this long for the first to finish before refusing (SPEC: "waits or refuses").
DEFAULT_LOCK_WAIT_SECONDS = 600.0


@dataclass
class Session:
    path: Path
    now: dt.datetime
    loaded: Loaded
    lock: RunLock
    allow_loss: bool = False
    backups: list[Path] = field(default_factory=list)
    # warnings from the last save: losses accepted with allow_loss, cached formula values not kept
    notes: list[Problem] = field(default_factory=list)

    def save(self) -> Path:
        """Save to a temporary file, check it lost nothing of the office's, back the master up, then rename
        the temporary file over it. Returns the backup.

        Raises WriteRefused, with the master and the backup folder untouched, when the saved copy lacks
        something the master has outside the tool's own sheets and columns and `allow_loss` is off.
        """
        assert self.loaded.book is not None
        book = self.loaded.book
        # openpyxl keeps formulas but not their last values: make Excel recompute them all on open
        book.wb.calculation.fullCalcOnLoad = True
        temp = save_temp(book.wb, self.path, write=book.save)
        crashpoint("saved")
        try:
            check = check_write(self.path, temp, owned=owned_columns(book), allow_loss=self.allow_loss)
            if check.refused:
                raise WriteRefused(check.refused)
            crashpoint("checked")
            copy = backup(self.path, now=self.now)
            crashpoint("backed-up")
            self.backups.append(copy)
            commit(temp, self.path)
            crashpoint("committed")
        finally:
            temp.unlink(missing_ok=True)
        self.notes = check.notes(backup=copy)
        return copy

    def close(self) -> None:
        self.lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def begin(
    path: Path,
    *,
    now: dt.datetime,
    wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    stale_after: dt.timedelta | None = None,
    year: int = PROGRAM_YEAR,
    rich_text: bool = True,
    allow_loss: bool = False,
    lazy_logs: Sequence[Sheet] = (),
    rebuilt: Sequence[str] = (),
) -> tuple[Session | None, list[Problem], bool]:
    """(session, problems, locked). `locked` means exit code 3: open elsewhere or another run holds it.

    `allow_loss` (the command's --cho-phep-mat) lets `Session.save` write even though the saved copy
    lacks something of the master's; the losses then come back as warnings in `Session.notes`.
    """
    lock = RunLock(path)
    if (busy := lock.acquire(wait)) is not None:
        return None, [busy], True
    if (open_elsewhere := check_not_open(path, ignore_older_than=stale_after, now=now)) is not None:
        lock.release()
        return None, [open_elsewhere], True
    remove_stale_temps(path.parent)  # a run killed while saving left them; ours is the only run now
    loaded = load(path, year=year, rich_text=rich_text, lazy_logs=lazy_logs, rebuilt=rebuilt)
    session = Session(path, now, loaded, lock, allow_loss=allow_loss)
    return session, [], False
