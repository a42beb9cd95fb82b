"""A writing session on the master: our lock held, nobody else has it open, a backup before the atomic save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.jobs.load import Loaded, load
from sheetsync.office.backup import atomic_save, backup
from sheetsync.office.guard import RunLock, check_not_open
from sheetsync.problems import Problem
from sheetsync.schema import PROGRAM_YEAR

# A second run waits this long for the first to finish before refusing (SPEC: "waits or refuses").
DEFAULT_LOCK_WAIT_SECONDS = 600.0


@dataclass
class Session:
    path: Path
    now: dt.datetime
    loaded: Loaded
    lock: RunLock
    backups: list[Path] = field(default_factory=list)

    def save(self) -> Path:
        """Back the master up, then replace it atomically with the loaded (and changed) workbook."""
        assert self.loaded.book is not None
        copy = backup(self.path, now=self.now)
        self.backups.append(copy)
        atomic_save(self.loaded.book.wb, self.path)
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
    rich_text: bool = False,
) -> tuple[Session | None, list[Problem], bool]:
    """(session, problems, locked). `locked` means exit code 3: open elsewhere or another run holds it."""
    lock = RunLock(path)
    if (busy := lock.acquire(wait)) is not None:
        return None, [busy], True
    if (open_elsewhere := check_not_open(path, ignore_older_than=stale_after, now=now)) is not None:
        lock.release()
        return None, [open_elsewhere], True
    loaded = load(path, year=year, rich_text=rich_text)
    session = Session(path, now, loaded, lock)
    return session, [], False
