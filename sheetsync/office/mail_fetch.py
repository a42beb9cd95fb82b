"""Fetch the units' reports from the office's IMAP mailbox into the inbox folder, each message whole as .eml.

Order per message, so that a kill at any moment loses nothing and saves nothing twice: download → write the
.eml atomically under a name derived from its content → journal "saved" (fsync) → MOVE it on the server to
`chuyen_vao` → journal "moved". A re-run finds the file or the journal line (by SHA-256 and Message-ID) and
only finishes the move. Mail is never deleted; other messages are never touched (BODY.PEEK keeps them unread).
Only UIDs above the last one examined are looked at, and only their structure (BODYSTRUCTURE): a mailbox of
thousands of old messages costs one small answer, and only reports are downloaded.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import imaplib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from sheetsync.office.crashpoints import crashpoint
from sheetsync.office.imap_parse import FetchItem, looks_like_report, parse_fetch, quote_folder
from sheetsync.office.mail_servers import FETCH_SETTING, Mailbox, MailError, open_imap, plaintext_warning, server_error
from sheetsync.problems import Code, Problem

__all__ = ["FETCH_JOURNAL", "FetchResult", "fetch_reports", "is_report"]

FETCH_JOURNAL = ".sheetsync-thu-da-nhan.jsonl"  # beside the master
CHUNK = 500  # UIDs per FETCH of structures
KEYWORD = "$SheetsyncDaNhan"  # marks a copied message when the server has no MOVE
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class FetchResult:
    saved: list[Path] = field(default_factory=list)  # new .eml files in the inbox
    moved: int = 0
    examined: int = 0  # messages whose structure was looked at
    downloaded: int = 0  # messages downloaded whole
    duplicates: int = 0  # already saved before (a move that failed, a crashed run, the same message twice)
    left: int = 0  # not reports: left untouched
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False


@dataclass
class _Journal:
    path: Path
    records: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> _Journal:
        journal = cls(path)
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:  # the last line of a killed run
                    continue
                if isinstance(record, dict):
                    journal.records.append(record)
        return journal

    def add(self, **record: object) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.records.append(record)

    def known(self) -> tuple[set[str], set[str]]:
        saved = [r for r in self.records if r.get("type") == "saved"]
        return {str(r["sha256"]) for r in saved}, {str(r["message_id"]) for r in saved if r.get("message_id")}

    def watermark(self, folder: str, validity: str) -> int:
        marks = [
            int(str(r["uid"]))
            for r in self.records
            if r.get("type") == "seen" and r.get("folder") == folder and r.get("validity") == validity
        ]
        return max(marks, default=0)

    def unmoved(self, folder: str, validity: str) -> list[int]:
        """UIDs saved whose move was never confirmed (it failed, or the run was killed in between)."""
        moved = {(r.get("folder"), r.get("validity"), r.get("uid")) for r in self.records if r.get("type") == "moved"}
        return sorted(
            int(str(r["uid"]))
            for r in self.records
            if r.get("type") == "saved"
            and r.get("folder") == folder
            and r.get("validity") == validity
            and (folder, validity, r.get("uid")) not in moved
        )


def is_report(message: EmailMessage) -> bool:
    """At least one attachment whose name ends in a spreadsheet suffix (what `merge` will read)."""
    for part in message.walk():
        name = part.get_filename()
        if name and name.strip().lower().endswith(SPREADSHEET_SUFFIXES):
            return True
    return False


def fetch_reports(box: Mailbox, inbox: Path, journal_path: Path) -> FetchResult:
    result = FetchResult()
    settings = box.settings
    if (warning := plaintext_warning(settings.fetch, FETCH_SETTING, box.config_file)) is not None:
        result.problems.append(warning)
    try:
        imap = open_imap(box)
    except MailError as exc:
        result.problems.append(exc.problem)
        result.fatal = True
        return result
    try:
        _fetch(imap, box, inbox, _Journal.read(journal_path), result)
    except (OSError, imaplib.IMAP4.error) as exc:  # the server went away mid-run: the next run goes on
        result.problems.append(server_error(exc, settings.fetch))
        result.fatal = True
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            imap.logout()
    return result


def _ok(answer: tuple[str, Any], what: str) -> list[Any]:
    status, data = answer
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise imaplib.IMAP4.error(f"{what}: {detail}")
    return data


def _fetch(imap: imaplib.IMAP4, box: Mailbox, inbox: Path, journal: _Journal, result: FetchResult) -> None:
    settings = box.settings
    folder, target = settings.folder, settings.move_to
    can_move = "MOVE" in imap.capabilities
    _ensure_folder(imap, target)
    _ok(imap.select(quote_folder(folder)), f"SELECT {folder}")
    validity = str((imap.response("UIDVALIDITY")[1] or [b"0"])[0], "ascii", "replace")
    for uid in journal.unmoved(folder, validity):  # saved before, the move never confirmed
        if _move(imap, uid, target, can_move, result):
            journal.add(type="moved", folder=folder, validity=validity, uid=uid)
    result.problems.extend(_still_too_large(imap, journal, folder, validity, settings.max_message_mb))
    mark = journal.watermark(folder, validity)
    criteria = f"UID {mark + 1}:*" + ("" if can_move else f" UNKEYWORD {KEYWORD}")
    found = _ok(imap.uid("SEARCH", None, criteria), "SEARCH")  # type: ignore[arg-type]
    uids = sorted(int(u) for u in (found[0] or b"").split() if int(u) > mark)
    inbox.mkdir(parents=True, exist_ok=True)
    limit = settings.max_message_mb * 1024 * 1024
    for start in range(0, len(uids), CHUNK):
        chunk = uids[start : start + CHUNK]
        answer = _ok(imap.uid("FETCH", ",".join(map(str, chunk)), "(UID RFC822.SIZE BODYSTRUCTURE)"), "FETCH")
        items = sorted(parse_fetch(answer), key=lambda i: i.uid)
        result.examined += len(items)
        for item in items:
            _one(imap, item, box, inbox, journal, validity, limit, can_move, result)
        if items:  # once per chunk: a kill inside it only means looking at its structures again
            journal.add(type="seen", folder=folder, validity=validity, uid=items[-1].uid)


def _one(
    imap: imaplib.IMAP4,
    item: FetchItem,
    box: Mailbox,
    inbox: Path,
    journal: _Journal,
    validity: str,
    limit: int,
    can_move: bool,
    result: FetchResult,
) -> None:
    settings = box.settings
    if not looks_like_report(item.structure):
        result.left += 1
        return
    if item.size > limit:
        subject, sender = _headline(imap, item.uid)
        journal.add(type="too_large", folder=settings.folder, validity=validity, uid=item.uid, size=item.size,
                    subject=subject, sender=sender)  # fmt: skip
        result.problems.append(_too_large(journal.records[-1], settings.max_message_mb))
        return
    data = _ok(imap.uid("FETCH", str(item.uid), "(BODY.PEEK[])"), "FETCH")
    raw = next((bytes(p[1]) for p in data if isinstance(p, tuple)), None)
    if raw is None:
        return
    result.downloaded += 1
    crashpoint("mail-downloaded")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        report = is_report(message)
        message_id = str(message.get("Message-ID") or "").strip()
    except Exception as exc:
        reason = f"{type(exc).__name__}"
        result.problems.append(Problem.make(Code.mail_unreadable, uid=item.uid, folder=settings.folder, reason=reason))
        return
    if not report:
        result.left += 1
        return
    sha = hashlib.sha256(raw).hexdigest()
    hashes, ids = journal.known()
    target = inbox / _file_name(message, sha)
    if sha in hashes or (message_id and message_id in ids) or target.exists():
        result.duplicates += 1
        if sha not in hashes:  # saved by a run killed before its journal line
            journal.add(type="saved", folder=settings.folder, validity=validity, uid=item.uid, sha256=sha,
                        message_id=message_id, file=target.name)  # fmt: skip
    else:
        _write_atomic(target, raw)
        crashpoint("mail-saved")
        journal.add(type="saved", folder=settings.folder, validity=validity, uid=item.uid, sha256=sha,
                    message_id=message_id, file=target.name)  # fmt: skip
        result.saved.append(target)
    crashpoint("mail-journalled")
    if _move(imap, item.uid, settings.move_to, can_move, result):
        crashpoint("mail-moved")
        journal.add(type="moved", folder=settings.folder, validity=validity, uid=item.uid)


def _too_large(record: dict[str, object], limit_mb: int) -> Problem:
    size = f"{int(str(record['size'])) / 1024 / 1024:.1f}".replace(".", ",")
    return Problem.make(
        Code.mail_too_large, subject=record.get("subject"), sender=record.get("sender"), size=size, limit=limit_mb
    )


def _still_too_large(
    imap: imaplib.IMAP4, journal: _Journal, folder: str, validity: str, limit_mb: int
) -> list[Problem]:
    """Messages left on the server as too large are reported on every run while they are still there."""
    records = {
        int(str(r["uid"])): r
        for r in journal.records
        if r.get("type") == "too_large" and r.get("folder") == folder and r.get("validity") == validity
    }
    if not records:
        return []
    found = _ok(imap.uid("SEARCH", None, "UID " + ",".join(map(str, sorted(records)))), "SEARCH")  # type: ignore[arg-type]
    present = {int(u) for u in (found[0] or b"").split()}
    return [_too_large(records[uid], limit_mb) for uid in sorted(present & set(records))]


def _file_name(message: EmailMessage, sha: str) -> str:
    """From the message's own Date and content, so the same message always gets the same name."""
    try:
        day = parsedate_to_datetime(str(message["Date"])).date().isoformat()
    except (TypeError, ValueError, IndexError):
        day = "khong-ngay"
    sender = _SAFE.sub("-", str(message.get("From", "")).rpartition("<")[2].split("@")[0]).strip("-")[:30]
    return f"thu_{day}_{sender or 'don-vi'}_{sha[:12]}.eml"


def _write_atomic(target: Path, raw: bytes) -> None:
    fd, temp = tempfile.mkstemp(prefix=".nhan-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _ensure_folder(imap: imaplib.IMAP4, name: str) -> None:
    status, data = imap.list('""', quote_folder(name))
    if status == "OK" and any(d for d in data if d):
        return
    status, data = imap.create(quote_folder(name))
    if status != "OK":
        # created by a concurrent client between LIST and CREATE is fine; anything else is reported
        status, data = imap.list('""', quote_folder(name))
        if status != "OK" or not any(d for d in data if d):
            raise imaplib.IMAP4.error(f"CREATE {name}")


def _move(imap: imaplib.IMAP4, uid: int, target: str, can_move: bool, result: FetchResult) -> bool:
    try:
        if can_move:
            status, data = imap.uid("MOVE", str(uid), quote_folder(target))
        else:
            status, data = imap.uid("COPY", str(uid), quote_folder(target))
            if status == "OK":
                status, data = imap.uid("STORE", str(uid), "+FLAGS.SILENT", f"({KEYWORD})")
    except imaplib.IMAP4.error as exc:
        status, data = "NO", [str(exc).encode()]
    if status == "OK":
        result.moved += 1
        return True
    reason = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace") or status
    result.problems.append(Problem.make(Code.mail_move_failed, subject=f"UID {uid}", folder=target, reason=reason))
    return False


def _headline(imap: imaplib.IMAP4, uid: int) -> tuple[str, str]:
    status, data = imap.uid("FETCH", str(uid), "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")
    raw = next((bytes(p[1]) for p in data if isinstance(p, tuple)), b"") if status == "OK" else b""
    headers = email.message_from_bytes(raw, policy=email.policy.default)
    return str(headers.get("Subject", "") or "(không tiêu đề)"), str(headers.get("From", "") or "(không rõ)")
