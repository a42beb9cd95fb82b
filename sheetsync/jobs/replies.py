"""After a merge: each rejected or partly applied e-mailed report earns one reply to its sender, carrying its
.loi.txt letter, threaded under the original message (In-Reply-To), never twice (SPEC "chay-tuan").

The candidates are the messages `nhan-thu` saved (its journal), found wherever the merge filed them with a
letter beside them; not this run's merge result alone, so a run killed between filing and replying still
gets its replies sent by the next one. A message the office saved by hand is not answered automatically.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import json
from collections.abc import Sequence
from email.utils import getaddresses
from pathlib import Path

from sheetsync.core.mail_text import Text, reply_text
from sheetsync.jobs.mailing import MailBatch, deliver
from sheetsync.jobs.merge import FileResult
from sheetsync.jobs.session import DEFAULT_LOCK_WAIT_SECONDS, begin
from sheetsync.office.config import Config
from sheetsync.office.mail_fetch import FETCH_JOURNAL
from sheetsync.office.outbox import SENT_JOURNAL, Outgoing, SentJournal
from sheetsync.schema import ERROR_SUFFIX, PROCESSED_DIR, REJECTED_DIR

__all__ = ["REPLY_KIND", "plan_replies", "send_replies"]

REPLY_KIND = "Trả lời tệp lỗi"


def _fetched_names(config: Config) -> list[str]:
    path = config.folder / FETCH_JOURNAL
    if not path.exists():
        return []
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("type") == "saved" and record.get("file"):
            names.append(str(record["file"]))
    return list(dict.fromkeys(names))


def _filed(inbox: Path, name: str) -> list[Path]:
    """Where the merge put it: loi/DAY/name or da-xu-ly/DAY/name, with its letter beside it."""
    found = []
    for folder in (REJECTED_DIR, PROCESSED_DIR):
        for path in sorted((inbox / folder).glob(f"*/{name}")):
            if path.with_name(path.name + ERROR_SUFFIX).is_file():
                found.append(path)
    return found


def plan_replies(config: Config, files: Sequence[FileResult] = ()) -> list[Outgoing]:
    units = {f.moved_to: f.decision.unit_name for f in files if f.moved_to is not None and f.decision.unit_name}
    items = []
    for name in _fetched_names(config):
        for path in _filed(config.inbox, name):
            raw = path.read_bytes()
            original = email.message_from_bytes(raw, policy=email.policy.default)
            sender = str(original.get("Reply-To") or original.get("From") or "")
            to = tuple(address for _, address in getaddresses([sender]) if "@" in address)
            message_id = str(original.get("Message-ID") or "").strip()
            letter = path.with_name(path.name + ERROR_SUFFIX)
            partly = path.parent.parent.name == PROCESSED_DIR
            unit = units.get(path) or None
            text = reply_text(unit, name, letter.read_text(encoding="utf-8"), partly)
            if subject := str(original.get("Subject") or "").strip():  # threaded as the unit's mail program expects
                text = Text(subject if subject.lower().startswith("re:") else f"Re: {subject}", text.body)
            items.append(
                Outgoing(
                    key=f"tra-loi|{message_id or hashlib.sha256(raw).hexdigest()}",
                    kind=REPLY_KIND,
                    unit=name,
                    unit_name=unit or (to[0] if to else name),
                    to=to,
                    text=text,
                    attachments=(letter,),
                    in_reply_to=message_id or None,
                )
            )
    return items


def send_replies(
    config: Config, files: Sequence[FileResult], *, now: dt.datetime, wait: float = DEFAULT_LOCK_WAIT_SECONDS
) -> MailBatch | None:
    """None when there is nothing to answer; otherwise the batch (already answered ones are skipped)."""
    items = plan_replies(config, files)
    answered = SentJournal.read(config.folder / SENT_JOURNAL).sent()
    if all(item.key in answered for item in items):  # the usual week: nothing new to answer, the master untouched
        return None
    session, problems, locked = begin(config.workbook, now=now, wait=wait)
    if session is None:
        return MailBatch(problems=problems, fatal=True, locked=locked)
    with session:
        return deliver(session, items, config=config, drafts=None, now=now)
