"""Named points where the crash test kills a real merge, to prove that a crash at any moment loses nothing.

Inactive unless the environment variable SHEETSYNC_CRASH_AT is set, by tests/hostile/test_crash.py only:
`SHEETSYNC_CRASH_AT=filed:5` kills the process (SIGKILL, as a power cut would: no cleanup, no finally) the
fifth time it passes `crashpoint("filed")`. The points, in the order a merge passes them: read (before each
input), planned, applied, refreshed, temp-created, saved, checked, backup-copied, backed-up, committed,
letter-written, filed. The mail commands' points: mail-downloaded, mail-saved, mail-journalled, mail-moved
(nhan-thu, per message) and mail-sending, mail-accepted, mail-sent (each message sent).
"""

from __future__ import annotations

import os
import signal

__all__ = ["ENV", "crashpoint"]

ENV = "SHEETSYNC_CRASH_AT"
_passed: dict[str, int] = {}


def crashpoint(name: str) -> None:
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] == int(nth or 1):
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
