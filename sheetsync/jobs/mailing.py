"""Send a batch of prepared messages (or write them as drafts), never the same one twice, each recorded in the
workbook's "Thư đã gửi" before the run reports success; one result line per message for the table."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sheetsync.core.table import read_table
from sheetsync.excel.apply import append_rows
from sheetsync.jobs.session import Session, WriteRefused
from sheetsync.jobs.templates import office_address
from sheetsync.office.config import Config, config_path, load_config
from sheetsync.office.mail_servers import SEND_SETTING, Mailbox, MailError, open_smtp, plaintext_warning, server_error
from sheetsync.office.outbox import (
    SENT_JOURNAL,
    Outgoing,
    SentJournal,
    build_message,
    draft_name,
    message_id_for,
    pending_records,
    record_of,
    send_all,
    write_draft,
)
from sheetsync.problems import Code, ExitCode, Problem
from sheetsync.schema import SENT_MAIL

__all__ = [
    "SENT",
    "Delivery",
    "MailBatch",
    "deliver",
    "mailbox_for",
    "record_sent",
    "sent_keys",
]

SENT = "Đã gửi"
ALREADY_SENT = "Đã gửi trước đó, không gửi lại"
DRAFTED = "Đã ghi bản nháp"
FAILED = "Chưa gửi được"
NO_ADDRESS = "Thiếu địa chỉ Email"
NOT_TRIED = "Chưa gửi (máy chủ ngắt kết nối)"


@dataclass
class Delivery:
    """One row of the result table."""

    item: Outgoing
    status: str
    detail: str = ""  # Message-ID, draft path or the reason


@dataclass
class MailBatch:
    deliveries: list[Delivery] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    drafts: Path | None = None  # where the drafts went, when drafts were written
    fatal: bool = False
    locked: bool = False

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.of(self.problems, locked=self.locked, fatal=self.fatal)

    def count(self, status: str) -> int:
        return sum(1 for d in self.deliveries if d.status == status)


def mailbox_for(config: Config) -> Mailbox:
    return Mailbox(config.settings.email, config.ca_file, str(config_path(config.workbook)))


def mail_config(workbook: Path) -> tuple[Config | None, list[Problem]]:
    return load_config(workbook)


def sent_keys(session: Session, journal: SentJournal) -> set[str]:
    """Keys sent already: the workbook's "Thư đã gửi" and the journal (which may be ahead of it after a crash)."""
    keys = set(journal.sent())
    book = session.loaded.book
    if book is not None and book.sheet(SENT_MAIL.name) is not None:
        table, _ = read_table(book.grid(SENT_MAIL.name), SENT_MAIL)
        if table is not None:
            keys |= {str(row.get("key")) for row in table.rows if row.get("key")}
    return keys


def _recorded_ids(session: Session) -> set[str]:
    book = session.loaded.book
    if book is None or book.sheet(SENT_MAIL.name) is None:
        return set()
    table, _ = read_table(book.grid(SENT_MAIL.name), SENT_MAIL)
    return {str(row.get("message_id")) for row in table.rows} if table is not None else set()


def deliver(
    session: Session,
    items: Sequence[Outgoing],
    *,
    config: Config,
    drafts: Path | None,
    resend: bool = False,
    now: dt.datetime,
) -> MailBatch:
    """`drafts` set: write one .eml per message there (X-Unsent), send nothing. Otherwise send over SMTP.
    Either way a message without an address is a problem (exit 1) and the others still go."""
    batch = MailBatch(drafts=drafts)
    journal = SentJournal.read(session.path.parent / SENT_JOURNAL)
    email = config.settings.email
    program = session.loaded.program
    # mail off (drafts): the office's own row of "Đơn vị" stands in for thu_dien_tu.dia_chi
    sender = email.address or (office_address(program, config.settings) if program is not None else "")
    sender = sender or "vanphong@example.invalid"
    done = sent_keys(session, journal) if drafts is None and not resend else set()
    to_send: list[tuple[Outgoing, str]] = []
    for item in items:
        if not item.to:
            batch.deliveries.append(Delivery(item, NO_ADDRESS))
            batch.problems.append(Problem.make(Code.unit_without_email, file=item.unit, unit=item.unit_name))
        elif item.key in done:
            batch.deliveries.append(Delivery(item, ALREADY_SENT))
        elif drafts is not None:
            message_id = message_id_for(item.key, sender, journal.attempts(item.key))
            msg = build_message(
                item, sender=sender, sender_name=email.display_name, now=now, message_id=message_id, draft=True
            )
            path = write_draft(msg, drafts, draft_name(item))
            journal.append({**record_of(item, message_id, now), "state": "drafted"})
            batch.deliveries.append(Delivery(item, DRAFTED, str(path)))
        else:
            message_id = journal.interrupted(item.key) or message_id_for(item.key, sender, journal.attempts(item.key))
            to_send.append((item, message_id))
    if to_send:
        _send(batch, to_send, config, journal, now)
    if drafts is None:
        _record(batch, session, journal)
    return batch


def _send(
    batch: MailBatch, to_send: list[tuple[Outgoing, str]], config: Config, journal: SentJournal, now: dt.datetime
) -> None:
    box = mailbox_for(config)
    email = config.settings.email
    if (warning := plaintext_warning(email.send, SEND_SETTING, box.config_file)) is not None:
        batch.problems.append(warning)
    answered: set[str] = set()

    def on_done(item: Outgoing, message_id: str | None, error: str | None) -> None:
        answered.add(item.key)
        if error is None:
            batch.deliveries.append(Delivery(item, SENT, message_id or ""))
        else:
            batch.deliveries.append(Delivery(item, FAILED, error))
            to = "; ".join(item.to)
            batch.problems.append(
                Problem.make(Code.mail_send_failed, file=item.unit, unit=item.unit_name, to=to, reason=error)
            )

    try:
        smtp = open_smtp(box)
    except MailError as exc:
        batch.problems.append(exc.problem)
        batch.fatal = True
        batch.deliveries.extend(Delivery(item, NOT_TRIED, "") for item, _ in to_send)
        return
    try:
        send_all(
            smtp,
            to_send,
            journal=journal,
            sender=email.address,
            sender_name=email.display_name,
            now=lambda: now,
            on_done=on_done,
        )
    except (OSError, smtplib.SMTPException) as exc:
        batch.problems.append(server_error(exc, email.send))
        batch.deliveries.extend(Delivery(item, NOT_TRIED, "") for item, _ in to_send if item.key not in answered)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _record(batch: MailBatch, session: Session, journal: SentJournal) -> None:
    """Fold every confirmed send the sheet lacks (this run's, and a crashed run's) into "Thư đã gửi", save."""
    rows = pending_records(journal, _recorded_ids(session))
    if not rows or session.loaded.book is None:
        return
    book = session.loaded.book
    append_rows(
        book.wb,
        SENT_MAIL,
        [{**r, "time": dt.datetime.fromisoformat(str(r["time"]))} for r in rows],
    )
    try:
        session.save()
    except WriteRefused as refusal:
        batch.problems.extend(refusal.problems)
    except OSError as exc:
        problem = Problem.make(Code.output_unwritable, file=str(session.path), path=str(session.path), reason=str(exc))
        batch.problems.append(problem)


def record_sent(session: Session) -> MailBatch:
    """Only fold the journal into the workbook (a run that sends nothing still records a crashed run's sends)."""
    batch = MailBatch()
    _record(batch, session, SentJournal.read(session.path.parent / SENT_JOURNAL))
    return batch
