"""`nhan-thu` against a real Dovecot: only reports fetched, saved whole, moved, never twice, never deleted."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

from sheetsync.jobs.fetch import run_fetch
from sheetsync.problems import ExitCode
from tests.mail.conftest import write_settings
from tests.mail.servers import Dovecot

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def report(sender: str, name: str = "BaoCao_VP_Thang-12-2026.xlsx", data: bytes = b"PK\x03\x04 not really", *,
           subject: str = "Báo cáo tháng 12/2026", message_id: str | None = None) -> EmailMessage:  # fmt: skip
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanphong@anduong.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 07 Dec 2026 08:30:00 +0700"
    msg["Message-ID"] = message_id or email.utils.make_msgid(domain="example.vn")
    msg.set_content("Kính gửi Văn phòng, đơn vị gửi báo cáo kỳ này.")
    msg.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return msg


def newsletter(number: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "bantin@example.vn"
    msg["To"] = "vanphong@anduong.gov.vn"
    msg["Subject"] = f"Bản tin số {number}"
    msg["Message-ID"] = email.utils.make_msgid(domain="example.vn")
    msg.set_content("Tin tức tuần này.")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="ban-tin.pdf")
    return msg


def inbox_of(master: Path) -> Path:
    return master.parent / "hop-thu"


def test_only_reports_are_saved_whole_and_moved_others_untouched(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], imap=dovecot)
    sent = report("vp@example.vn")
    dovecot.append(newsletter(1))
    dovecot.append(sent)
    dovecot.append(newsletter(2))
    job = run_fetch(master)
    assert job.exit_code is ExitCode.OK, job.problems
    (saved,) = job.fetched.saved
    assert saved.parent == inbox_of(master) and saved.suffix == ".eml"
    again = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert again["Message-ID"] == sent["Message-ID"]
    assert [m["Subject"] for m in dovecot.messages()] == ["Bản tin số 1", "Bản tin số 2"]
    assert [m["Message-ID"] for m in dovecot.messages("sheetsync-da-nhan")] == [sent["Message-ID"]]
    # a second run finds nothing new and downloads nothing
    second = run_fetch(master)
    assert (second.fetched.saved, second.fetched.downloaded, second.fetched.examined) == ([], 0, 0)
