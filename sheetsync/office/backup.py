"""Backups beside the master and crash-safe saving: a crash leaves the old workbook or the new one, never half."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sheetsync.office.crashpoints import crashpoint
from sheetsync.schema import BACKUP_DIR

# what save_temp, atomic_copy and _write_atomic name their temporary files (mkstemp: 8 random characters),
# and what backup() copies into before its rename
_TEMP = re.compile(r"^\.sheetsync-[a-z0-9_]{8}\.(?:xlsx|xlsm|tmp)$")


class Saveable(Protocol):
    """What this module saves: anything that writes itself to a path (an openpyxl Workbook, a MasterBook)."""

    def save(self, filename: Path) -> None: ...


def remove_stale_temps(folder: Path) -> list[Path]:
    """Temporary files a killed run left in `folder` or its sao-luu/: half-written masters, backups and
    letters, which no one could open and which would pile up crash after crash. Call only under the run
    lock: no other run is writing then, so every one of them is stale. The key file (.sheetsync-key) and
    the lock (.sheetsync.lock) do not match."""
    found = [p for p in folder.glob(".sheetsync-*") if _TEMP.match(p.name)]
    found += [p for p in (folder / BACKUP_DIR).glob("*.tmp")]
    removed = []
    for path in found:
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def backup(master: Path, *, now: dt.datetime) -> Path:
    """Copy the master to sao-luu/ with a timestamp; never overwrites an earlier backup."""
    folder = master.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = now.strftime("%Y-%m-%d_%H%M%S")
    target = folder / f"{master.stem}_{stamp}{master.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{master.stem}_{stamp}_{counter}{master.suffix}"
    temp = target.with_name(target.name + ".tmp")
    shutil.copy2(master, temp)
    _fsync(temp)
    crashpoint("backup-copied")
    os.replace(temp, target)
    return target


def atomic_save(wb: Saveable, master: Path) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over the master."""
    temp = save_temp(wb, master)
    try:
        commit(temp, master)
    finally:
        if temp.exists():
            temp.unlink()


def save_temp(wb: Saveable, master: Path, *, write: Callable[[Path], None] | None = None) -> Path:
    """Save `wb` beside the master under a temporary name (so it can be checked before it replaces it).

    `write` saves in its stead (MasterBook.save, which puts back rows it left unparsed)."""
    fd, name = tempfile.mkstemp(prefix=".sheetsync-", suffix=master.suffix, dir=master.parent)
    os.close(fd)
    temp = Path(name)
    crashpoint("temp-created")
    try:
        (write or wb.save)(temp)
        _keep_mode(master, temp)
        _fsync(temp)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def commit(temp: Path, master: Path) -> None:
    """Rename a saved temporary file over the master in one step, and make the rename durable."""
    os.replace(temp, master)
    _fsync_dir(master.parent)


def atomic_copy(source: Path, target: Path) -> None:
    """Replace `target` by a copy of `source` in one rename."""
    fd, name = tempfile.mkstemp(prefix=".sheetsync-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        shutil.copy2(source, temp)
        _keep_mode(target, temp)
        _fsync(temp)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def _keep_mode(original: Path, temp: Path) -> None:
    # mkstemp creates 0600 files; on a shared office folder the master must keep the permissions it had.
    if original.exists():
        shutil.copymode(original, temp)
    else:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
