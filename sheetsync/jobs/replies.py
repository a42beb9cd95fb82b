"""After a merge: each rejected or partly applied e-mailed report earns one reply to its sender, carrying its
.loi.txt letter, threaded under the original message (In-Reply-To), never twice (SPEC "chay-tuan")."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
from collections.abc import Sequence
from email.utils import getaddresses
from pathlib import Path

from sheetsync.core.mail_text import reply_text
from sheetsync.jobs.mailing import MailBatch, deliver
from sheetsync.jobs.merge import FileResult
from sheetsync.jobs.session import DEFAULT_LOCK_WAIT_SECONDS, begin
from sheetsync.office.config import Config
from sheetsync.office.outbox import Outgoing
from sheetsync.schema import Outcome

__all__ = ["REPLY_KIND", "plan_replies", "send_replies"]

REPLY_KIND = "Trả lời tệp lỗi"


def plan_replies(files: Sequence[FileResult]) -> list[Outgoing]:
    """One reply per e-mail (not per attachment) that has a letter beside it after filing."""
    items: dict[Path, Outgoing] = {}
    for file in files:
        if file.source.suffix.lower() != ".eml" or file.moved_to is None or file.letter is None:
            continue
        if file.moved_to in items or not file.letter.is_file() or not file.moved_to.is_file():
            continue
        raw = file.moved_to.read_bytes()
        original = email.message_from_bytes(raw, policy=email.policy.default)
        sender = str(original.get("Reply-To") or original.get("From") or "")
        to = tuple(address for _, address in getaddresses([sender]) if "@" in address)
        message_id = str(original.get("Message-ID") or "").strip()
        key = f"tra-loi|{message_id or hashlib.sha256(raw).hexdigest()}"
        partly = file.decision.outcome is not Outcome.REJECTED
        unit = file.decision.unit_name or None
        text = reply_text(unit, file.source.name, file.letter.read_text(encoding="utf-8"), partly)
        items[file.moved_to] = Outgoing(
            key=key,
            kind=REPLY_KIND,
            unit=file.source.name,
            unit_name=unit or (to[0] if to else file.source.name),
            to=to,
            text=text,
            attachments=(file.letter,),
            in_reply_to=message_id or None,
        )
    return list(items.values())


def send_replies(
    config: Config, files: Sequence[FileResult], *, now: dt.datetime, wait: float = DEFAULT_LOCK_WAIT_SECONDS
) -> MailBatch | None:
    items = plan_replies(files)
    if not items:
        return None
    session, problems, locked = begin(config.workbook, now=now, wait=wait)
    if session is None:
        return MailBatch(problems=problems, fatal=True, locked=locked)
    with session:
        return deliver(session, items, config=config, drafts=None, now=now)
