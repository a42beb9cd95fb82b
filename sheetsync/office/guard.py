"""Who else has the master: Excel/LibreOffice owner files, and our own lock so two runs never interleave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import filelock

from sheetsync.problems import Code, Problem
from sheetsync.schema import EXCEL_OWNER_PREFIX, LIBREOFFICE_LOCK, LOCK_FILE


@dataclass(frozen=True)
class Holder:
    program: str
    owner: str
    since: dt.datetime
    lock_file: Path


def _excel_owner_names(name: str) -> list[str]:
    # Excel's owner file is "~$" + the name; for long names Office cuts the first one or two
    # characters (MS KB 211632), so look for all three forms.
    return [EXCEL_OWNER_PREFIX + name, EXCEL_OWNER_PREFIX + name[1:], EXCEL_OWNER_PREFIX + name[2:]]


def _read_excel_owner(path: Path) -> str:
    # Byte 0 is the length of the user's display name, which follows (reverse-engineered; not
    # verified against real Excel here). Fall back to "không rõ" when it does not parse.
    try:
        raw = path.read_bytes()[:200]
        length = raw[0]
        name = raw[1 : 1 + length].decode("latin-1").strip()
        return name if name.isprintable() and name else "không rõ"
    except (OSError, IndexError):
        return "không rõ"


def _read_libreoffice_owner(path: Path) -> str:
    # ",user,host,26.11.2026 03:29,file:///…;" — name, user, host, date, profile.
    try:
        fields = path.read_text(encoding="utf-8", errors="replace").split(",")
    except OSError:
        return "không rõ"
    person = fields[0].strip() or (fields[1].strip() if len(fields) > 1 else "")
    host = fields[2].strip() if len(fields) > 2 else ""
    who = " @ ".join(x for x in (person, host) if x)
    return who or "không rõ"


def holders(master: Path) -> list[Holder]:
    """Every owner file beside the master: the master is open in Excel or LibreOffice."""
    found: list[Holder] = []
    folder, name = master.parent, master.name
    for candidate in dict.fromkeys(_excel_owner_names(name)):
        path = folder / candidate
        if path.is_file():
            found.append(Holder("Excel", _read_excel_owner(path), _mtime(path), path))
    lo = folder / LIBREOFFICE_LOCK.format(name=name)
    if lo.is_file():
        found.append(Holder("LibreOffice", _read_libreoffice_owner(lo), _mtime(lo), lo))
    return found


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def check_not_open(master: Path, *, ignore_older_than: dt.timedelta | None = None, now: dt.datetime) -> Problem | None:
    """A problem when the master is open elsewhere. A lock file older than `ignore_older_than` is treated
    as stale (left by a crashed program) only when the caller asked for it explicitly."""
    for holder in holders(master):
        if ignore_older_than is not None and now - holder.since > ignore_older_than:
            continue
        return Problem.make(
            Code.master_open,
            file=str(master),
            program=holder.program,
            owner=holder.owner,
            since=holder.since.strftime("%H:%M %d/%m/%Y"),
        )
    return None


class RunLock:
    """An OS-level lock beside the master; released by the OS even if the process is killed."""

    def __init__(self, master: Path) -> None:
        self.path = master.parent / LOCK_FILE
        self._lock = filelock.FileLock(str(self.path))

    def acquire(self, timeout: float) -> Problem | None:
        try:
            self._lock.acquire(timeout=timeout)
        except filelock.Timeout:
            return Problem.make(Code.master_busy, file=str(self.path))
        return None

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
