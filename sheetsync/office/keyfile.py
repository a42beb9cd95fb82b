"""The HMAC key that signs templates: one secret file beside the master, created on first use, never in a workbook."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from sheetsync.problems import Code, Problem, Reason
from sheetsync.schema import KEY_FILE

__all__ = ["key_or_problem", "key_path", "load_or_create_key", "read_key"]

_KEY_BYTES = 32


def key_path(master: Path) -> Path:
    return master.parent / KEY_FILE


def read_key(master: Path) -> bytes | None:
    """The key beside `master`, or None when there is none (no template was ever issued) or it is unusable."""
    path = key_path(master)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return key if len(key) >= 16 else None


def key_or_problem(master: Path, *, file: str) -> tuple[bytes | None, Problem | None]:
    """The key to check templates with, or the problem saying why there is none: a key file that was never
    made (no template issued from this master) is not the same as one that is damaged or unreadable."""
    key = read_key(master)
    if key is not None:
        return key, None
    path = key_path(master)
    shown = str(path)
    if not path.exists():
        return None, Problem.make(Code.key_missing, file=file, path=shown)
    try:
        path.read_bytes()
    except OSError as exc:
        error = exc.strerror or type(exc).__name__
        return None, Problem.make(Code.key_unusable, file=file, path=shown, reason=Reason.disk_error, error=error)
    return None, Problem.make(Code.key_unusable, file=file, path=shown, reason=Reason.key_damaged)


def load_or_create_key(master: Path) -> bytes:
    """The existing key, or a new random one written with owner-only permissions (0600).

    O_EXCL makes two first runs agree: the loser of the race reads the winner's key.
    """
    existing = read_key(master)
    if existing is not None:
        return existing
    path = key_path(master)
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        again = read_key(master)
        if again is None:
            raise  # a damaged key file is for a person to look at, never to overwrite silently
        return again
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    with contextlib.suppress(OSError):  # Windows has no POSIX modes; NTFS ACLs of the folder apply
        os.chmod(path, 0o600)
    return key
