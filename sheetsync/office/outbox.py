"""Outgoing mail: one well-formed message per unit (stdlib `email`, policy SMTP: RFC 2047 subjects, RFC 2231
file names), written as an `.eml` draft or sent over SMTP, each send recorded before it is reported.

Delivery is at-least-once with a stable Message-ID. Before each SMTP transaction a "sending" line is appended
(and fsynced) to a journal beside the master, after the server accepts it a "sent" line. A message whose
"sent" line exists is never sent again. One that has only "sending" (the process was killed, or the server
dropped the connection, between DATA and its answer) may or may not have gone out: the next run sends it
again WITH THE SAME Message-ID, so the unit's mail program shows one message (Outlook, Gmail and Thunderbird
fold identical Message-IDs). Losing a reminder silently is worse for the office than a rare double.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
import smtplib
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from sheetsync.core.mail_text import Text
from sheetsync.core.text import strip_marks
from sheetsync.office.crashpoints import crashpoint

__all__ = [
    "SENT_JOURNAL",
    "Outgoing",
    "SentJournal",
    "attachment_of",
    "build_message",
    "draft_name",
    "message_id_for",
    "pending_records",
    "record_of",
    "send_all",
    "write_draft",
]

SENT_JOURNAL = ".sheetsync-thu-da-gui.jsonl"  # beside the master: what was sent, surviving a crash
SHEET_TYPES = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xlsm": ("application", "vnd.ms-excel.sheet.macroEnabled.12"),
    ".xls": ("application", "vnd.ms-excel"),
    ".ods": ("application", "vnd.oasis.opendocument.spreadsheet"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".txt": ("text", "plain"),
}


@dataclass(frozen=True)
class Outgoing:
    """One message to one unit (or the leader). `key` says what it is, for "never the same thing twice"."""

    key: str  # "mau|<period>|<unit code>", "don-doc|<yyyy-mm-dd>|<unit code>", "tra-loi|<message-id>"
    kind: str  # Vietnamese, for the table and the record: "Mẫu báo cáo", "Đôn đốc", "Trả lời tệp lỗi"
    unit: str  # the unit's code (or a label) for the table
    unit_name: str
    to: tuple[str, ...]
    text: Text
    attachments: tuple[Path, ...] = ()
    in_reply_to: str | None = None


def message_id_for(key: str, sender: str, attempt: int = 0) -> str:
    """Stable for the same thing sent: a re-run after a crash re-sends the same Message-ID, not a new one."""
    domain = sender.rpartition("@")[2] or "sheetsync.invalid"
    digest = hashlib.sha256(f"{key}|{attempt}".encode()).hexdigest()[:32]
    return f"<sheetsync.{digest}@{domain}>"


def _address(text: str, name: str = "") -> Address:
    local, _, domain = text.strip().rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def build_message(
    item: Outgoing, *, sender: str, sender_name: str, now: dt.datetime, message_id: str, draft: bool = False
) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = _address(sender, sender_name)
    msg["To"] = [_address(a) for a in item.to]
    msg["Subject"] = item.text.subject
    msg["Date"] = format_datetime(now.astimezone())
    msg["Message-ID"] = message_id
    if item.in_reply_to:
        msg["In-Reply-To"] = item.in_reply_to
        msg["References"] = item.in_reply_to
    if draft:
        msg["X-Unsent"] = "1"  # Outlook opens the .eml as a draft ready to send
    msg["X-Mailer"] = "sheetsync"
    msg.set_content(item.text.body, charset="utf-8")
    for path in item.attachments:
        maintype, subtype = SHEET_TYPES.get(path.suffix.lower(), ("application", "octet-stream"))
        if (maintype, subtype) == ("application", "octet-stream"):
            guessed = mimetypes.guess_type(path.name)[0]
            if guessed and "/" in guessed:
                maintype, subtype = guessed.split("/", 1)
        if maintype == "text":
            msg.add_attachment(path.read_text(encoding="utf-8"), subtype=subtype, filename=path.name)
        else:
            msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def draft_name(item: Outgoing) -> str:
    """ASCII file names: Outlook and zip tools on office PCs mangle anything else."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in strip_marks(f"{item.kind}_{item.unit}"))
    return f"{safe.strip('-')}.eml"


def write_draft(msg: EmailMessage, folder: Path, name: str) -> Path:
    """Atomic: a temporary file renamed into place, so a half-written draft never exists under its name."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, temp = tempfile.mkstemp(prefix=".thu-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(msg.as_bytes(policy=policy.SMTP))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


@dataclass
class SentJournal:
    """Append-only JSON lines beside the master; the crash bridge between the SMTP server and the workbook."""

    path: Path
    records: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> SentJournal:
        journal = cls(path)
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:  # a line half-written when the process was killed
                    continue
                if isinstance(record, dict):
                    journal.records.append(record)
        return journal

    def append(self, record: dict[str, object]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self.records.append(record)

    def sent(self) -> dict[str, dict[str, object]]:
        """key -> the latest "sent" record."""
        return {str(r["key"]): r for r in self.records if r.get("state") == "sent"}

    def attempts(self, key: str) -> int:
        """How many times this key was deliberately sent (--gui-lai): a new Message-ID each time."""
        return sum(1 for r in self.records if r.get("key") == key and r.get("state") == "sent")

    def interrupted(self, key: str) -> str | None:
        """The Message-ID of a send that began and never confirmed (to reuse), if any."""
        for record in reversed(self.records):
            if record.get("key") != key:
                continue
            return str(record["message_id"]) if record.get("state") == "sending" else None
        return None


# called after each message: (item, message id or None, error text or None)
Progress = Callable[[Outgoing, str | None, str | None], None]


def send_all(
    smtp: smtplib.SMTP,
    items: Sequence[tuple[Outgoing, str]],
    *,
    journal: SentJournal,
    sender: str,
    sender_name: str,
    now: Callable[[], dt.datetime],
    on_done: Progress,
) -> None:
    """Send each (item, message id) in turn, journalling before and after. Stops at the first connection
    failure (the rest are left for the next run); a refused recipient fails only its own message."""
    for item, message_id in items:
        msg = build_message(item, sender=sender, sender_name=sender_name, now=now(), message_id=message_id)
        record = record_of(item, message_id, now())
        journal.append({**record, "state": "sending"})
        crashpoint("mail-sending")
        try:
            smtp.send_message(msg, from_addr=sender, to_addrs=list(item.to))
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            journal.append({**record, "state": "failed"})
            on_done(item, None, _smtp_reason(exc))
            continue
        except (OSError, smtplib.SMTPException) as exc:
            on_done(item, None, _smtp_reason(exc))
            raise
        crashpoint("mail-accepted")
        journal.append({**record, "state": "sent", "time": now().isoformat(timespec="seconds")})
        crashpoint("mail-sent")
        on_done(item, message_id, None)


def record_of(item: Outgoing, message_id: str, at: dt.datetime) -> dict[str, object]:
    return {
        "key": item.key,
        "kind": item.kind,
        "unit": item.unit,
        "to": "; ".join(item.to),
        "subject": item.text.subject,
        "attachments": "; ".join(p.name for p in item.attachments),
        "paths": [str(p) for p in item.attachments],
        "message_id": message_id,
        "time": at.isoformat(timespec="seconds"),
    }


def _smtp_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "máy chủ từ chối địa chỉ nhận " + ", ".join(exc.recipients)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"máy chủ trả lời {exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
        return "máy chủ ngắt kết nối"
    return f"{type(exc).__name__}: {exc}"


def attachment_of(journal: SentJournal, key: str) -> Path | None:
    """The file last sent (or drafted) under `key`, when it is still there: a template to attach again."""
    for record in reversed(journal.records):
        if record.get("key") == key and record.get("state") in ("sent", "drafted"):
            for path in record.get("paths") or []:  # type: ignore[attr-defined]
                if Path(str(path)).is_file():
                    return Path(str(path))
    return None


def pending_records(journal: SentJournal, recorded: Iterable[str]) -> list[dict[str, object]]:
    """ "sent" lines whose Message-ID the workbook's sheet does not hold yet (to fold in)."""
    have = set(recorded)
    return [r for r in journal.sent().values() if str(r.get("message_id")) not in have]
