"""`templates --gui / --ban-nhap`: each unit its template by e-mail (or as a draft), once per period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sheetsync.core.mail_text import split_addresses, template_text
from sheetsync.jobs.mailing import MailBatch, deliver
from sheetsync.jobs.remind import template_key
from sheetsync.jobs.session import DEFAULT_LOCK_WAIT_SECONDS, begin
from sheetsync.jobs.templates import TemplatesResult
from sheetsync.office.config import load_config
from sheetsync.office.outbox import Outgoing
from sheetsync.schema import DRAFTS_DIR

__all__ = ["TEMPLATE_KIND", "TemplateMail", "mail_templates"]

TEMPLATE_KIND = "Mẫu báo cáo"


@dataclass
class TemplateMail:
    batch: MailBatch
    drafts_by_default: bool = False  # mail not configured: drafts in thu-gui/ inside --out


def mail_templates(
    written: TemplatesResult,
    *,
    send: bool,
    drafts: Path | None,
    resend: bool,
    now: dt.datetime,
    wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    allow_loss: bool = False,
) -> TemplateMail:
    """After `make_templates` wrote them: send (or draft) one message per unit, record each in the master."""
    workbook = written.workbook
    due = written.reporting.due if written.reporting is not None else None
    config, problems = load_config(workbook)
    if config is None:
        return TemplateMail(MailBatch(problems=problems, fatal=True))
    by_default = False
    if drafts is None and send and not config.settings.email.enabled:
        drafts, by_default = written.out / DRAFTS_DIR, True
    session, problems, locked = begin(workbook, now=now, wait=wait, allow_loss=allow_loss)
    if session is None:
        return TemplateMail(MailBatch(problems=problems, fatal=True, locked=locked))
    with session:
        program = session.loaded.program
        if program is None:
            return TemplateMail(MailBatch(problems=session.loaded.problems, fatal=True))
        items = []
        for item in written.written:
            unit = program.units.by_code(item.unit_code)
            email = unit.email if unit is not None else ""
            items.append(
                Outgoing(
                    key=template_key(written.period, item.unit_code),
                    kind=TEMPLATE_KIND,
                    unit=item.unit_code,
                    unit_name=item.unit_name,
                    to=split_addresses(email),
                    text=template_text(item.unit_name, written.period, due, item.path.name),
                    attachments=(item.path,),
                )
            )
        batch = deliver(session, items, config=config, drafts=drafts, resend=resend, now=now)
    return TemplateMail(batch, by_default)
