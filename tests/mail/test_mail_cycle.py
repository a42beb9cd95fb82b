"""`chay-tuan` with mail on, against real Dovecot and SMTP servers: a month of real-looking traffic, fetched,
merged, rejected senders answered once, then `don-doc` reminding exactly the units "Tổng hợp" lists."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import shutil
import signal
import subprocess
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import openpyxl
import pytest

from sheetsync.jobs.cycle import run_cycle_at
from sheetsync.jobs.remind import run_reminders
from sheetsync.jobs.templates import make_templates
from sheetsync.jobs.templates_mail import mail_templates
from sheetsync.schema import SUMMARY_SHEET, Outcome
from tests.factories import make_master
from tests.mail.conftest import mail_units, read_sent, write_settings
from tests.mail.servers import PASSWORD, Dovecot, Smtp
from tests.sheets import summary_table
from tests.template_factories import fill

PERIOD = "Tháng 12/2026"
ISSUED = dt.datetime(2026, 12, 1, 9, 0)
AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 10, 16, 0)
MIME = {
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".xls": ("application", "vnd.ms-excel"),
    ".ods": ("application", "vnd.oasis.opendocument.spreadsheet"),
    ".pdf": ("application", "pdf"),
}


def mail(sender: str, subject: str, attachments: dict[str, bytes], day: int = 7) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "vanphong@anduong.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][dt.date(2026, 12, day).weekday()]}, " + (
        f"{day:02d} Dec 2026 09:15:00 +0700"
    )
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    msg.set_content("Kính gửi Văn phòng,\nĐơn vị gửi báo cáo theo mẫu.\nTrân trọng.")
    for name, data in attachments.items():
        maintype, subtype = MIME.get(Path(name.replace("\\", "/")).suffix.lower(), ("application", "octet-stream"))
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def convert(source: Path, fmt: str, out: Path, profile: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", fmt,
               "--outdir", str(out), str(source)]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=180, check=False)
    result = out / f"{source.stem}.{fmt}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


def not_a_template(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["Bảng kê tự lập", "không theo mẫu"])  # type: ignore[union-attr]
    wb.save(path)
    return path


def traffic(tmp: Path, written: object, *, heavy: bool) -> tuple[list[EmailMessage], dict[str, object]]:
    """A month of the office's mailbox: reports of every lead unit, a correction, a rejected file, a path-like
    name, newsletters, and (heavy) .xls/.ods saved by LibreOffice and a 40 MB attachment."""
    templates = {w.unit_code: w.path for w in written.written}  # type: ignore[attr-defined]
    files = tmp / "don-vi"
    files.mkdir()
    vp = fill(templates["VP"], files / "BaoCao_VP.xlsx", report_date=dt.date(2026, 12, 5),
              rows={"1.1.1": {"status": "Đang thực hiện", "progress": 70}})  # fmt: skip
    kt_first = fill(templates["KTHTDT"], files / "BaoCao_KT_lan1.xlsx", report_date=dt.date(2026, 12, 4),
                    rows={"1.1.2": {"progress": 65}})  # fmt: skip
    kt_fix = fill(templates["KTHTDT"], files / "BaoCao_KT_lan2.xlsx", report_date=dt.date(2026, 12, 6),
                  rows={"1.1.2": {"progress": 80}})  # fmt: skip
    vhxh = fill(templates["VHXH"], files / "BaoCao_VHXH.xlsx", report_date=dt.date(2026, 12, 5),
                rows={"2.1.1": {"status": "Đang thực hiện", "result": "Đã kiểm tra 12 lượt"}})  # fmt: skip
    names = {"kt_first": kt_first.name, "kt_fix": kt_fix.name, "vhxh": vhxh.name}
    if heavy:
        profile = tmp / "lo-profile"
        kt_first = convert(kt_first, "xls", files / "xls", profile)
        kt_fix = convert(kt_fix, "xls", files / "xls", profile)
        vhxh = convert(vhxh, "ods", files / "ods", profile)
    messages = [mail(f"bantin{n}@baochi.example.vn", f"Bản tin số {n}", {"ban-tin.pdf": b"%PDF-1.4 " * 50}, 1 + n % 9)
                for n in range(12)]  # fmt: skip
    messages.append(mail("vanphong.anduong@example.vn", "Báo cáo tháng 12 - Văn phòng", {vp.name: vp.read_bytes()}, 5))
    messages.append(mail("kthtdt.anduong@example.vn", "Báo cáo KT-HT-ĐT", {kt_first.name: kt_first.read_bytes()}, 4))
    messages.append(
        mail("kthtdt.anduong@example.vn", "Gửi lại báo cáo (đã sửa)", {kt_fix.name: kt_fix.read_bytes()}, 6)
    )
    messages.append(mail("vhxh.anduong@example.vn", "Báo cáo VH-XH", {vhxh.name: vhxh.read_bytes()}, 5))
    rejected = mail(
        "nguoi-la@example.vn", "Gửi bảng kê", {"bang-ke.xlsx": not_a_template(files / "k.xlsx").read_bytes()}
    )
    messages.append(rejected)
    pathlike = mail("cap.anduong@example.vn", "Báo cáo CAP", {"..\\..\\Windows\\BaoCao_CAP.xlsx": b"PK\x03\x04x"}, 8)
    messages.append(pathlike)
    if heavy:
        huge = mail("vhxh.anduong@example.vn", "Ảnh chụp báo cáo (tệp lớn)", {"anh.xlsx": os.urandom(40 * 1024 * 1024)})
        messages.append(huge)
    for n in range(8):  # ordinary correspondence, no attachment
        messages.append(mail(f"congdan{n}@example.vn", f"Đề nghị số {n}", {}, 2 + n))
    return messages, {"rejected": rejected, "pathlike": pathlike, **names}


def expected_reminders(master: Path) -> set[str]:
    """Who "Tổng hợp" says is late: lead units that have not reported, and leads of overdue/due-soon tasks."""
    ws = openpyxl.load_workbook(master)[SUMMARY_SHEET]
    units = summary_table(ws, "Đơn vị chủ trì")
    late = {str(row["Đơn vị chủ trì"]) for row in units if row.get("Báo cáo kỳ này") == "Chưa báo cáo"}
    late |= {str(row["Đơn vị chủ trì"]) for row in summary_table(ws, "Mã NV")}
    return late


def scenario(tmp_path: Path, dovecot: Dovecot, smtp: Smtp, cert: Path, *, heavy: bool) -> dict[str, object]:
    master = make_master(tmp_path / "workbook", units=mail_units(CAP="cap.anduong@example.vn"))
    write_settings(master, cert, imap=dovecot, smtp=smtp)
    written = make_templates(master, period=PERIOD, out=tmp_path / "mau", now=ISSUED, due=dt.date(2026, 12, 8), wait=0)
    mail_templates(written, send=True, drafts=None, resend=False, now=ISSUED, wait=0)
    messages, named = traffic(tmp_path, written, heavy=heavy)
    dovecot.append_many([m.as_bytes(policy=email.policy.SMTP) for m in messages])
    return {"master": master, "messages": messages, **named}


def inbox_tree(master: Path) -> list[str]:
    inbox = master.parent / "hop-thu"
    return sorted(str(p.relative_to(inbox)) for p in inbox.rglob("*") if p.is_file() and not p.name.startswith("."))


def check_end_state(master: Path, dovecot: Dovecot, smtp: Smtp, named: dict[str, object], heavy: bool) -> None:
    # exactly the reports left INBOX (moved, never deleted); the rest is untouched
    left = sorted(m["Subject"] for m in dovecot.messages())
    assert len(left) == 20 + (1 if heavy else 0)
    assert all(s.startswith(("Bản tin", "Đề nghị", "Ảnh chụp")) for s in left)
    assert dovecot.count("sheetsync-da-nhan") == 6
    tree = inbox_tree(master)
    assert len([t for t in tree if t.endswith(".eml")]) == 6, tree
    assert len([t for t in tree if t.endswith(".loi.txt")]) == 2, tree
    # one reply per rejected e-mail, to its sender, in its thread, and only once however often the cycle ran (a
    # kill between the server's "accepted" and the journal re-sends it under the same Message-ID: one message)
    replies = {r.message["Message-ID"]: r for r in smtp.received if r.message["In-Reply-To"]}.values()
    assert sorted(r.message["Subject"] for r in replies) == ["Re: Báo cáo CAP", "Re: Gửi bảng kê"]
    assert sorted((r.rcpt_tos[0], r.message["In-Reply-To"]) for r in replies) == sorted(
        [
            ("cap.anduong@example.vn", named["pathlike"]["Message-ID"]),  # type: ignore[index]
            ("nguoi-la@example.vn", named["rejected"]["Message-ID"]),  # type: ignore[index]
        ]
    )


@pytest.fixture
def smtp(smtp_starttls: Smtp) -> Smtp:
    return smtp_starttls


def run_cycle(master: Path) -> object:
    return run_cycle_at(master, now=NOW, as_of=AS_OF)


def test_a_month_of_mail_fetched_merged_answered_once_and_the_late_units_reminded(
    tmp_path: Path, dovecot: Dovecot, smtp: Smtp, certificate: tuple[Path, Path]
) -> None:
    setup = scenario(tmp_path, dovecot, smtp, certificate[0], heavy=False)
    master = setup["master"]
    assert isinstance(master, Path)
    cycle = run_cycle(master)
    assert cycle.fetched is not None and len(cycle.fetched.fetched.saved) == 6  # type: ignore[attr-defined]
    outcomes = sorted(f.decision.outcome for f in cycle.merge.files)  # type: ignore[attr-defined]
    assert outcomes.count(Outcome.REJECTED) == 2 and outcomes.count(Outcome.ACCEPTED) == 4, outcomes
    check_end_state(master, dovecot, smtp, setup, heavy=False)
    again = run_cycle(master)
    assert again.replies is None  # type: ignore[attr-defined]
    check_end_state(master, dovecot, smtp, setup, heavy=False)
    before = len(smtp.received)
    reminded = run_reminders(master, as_of=AS_OF, now=NOW, wait=0)
    sent = smtp.received[before:]
    names = {r.unit.name for r in reminded.reminders}
    assert names == expected_reminders(master)
    assert len(sent) == len(names) and {r.message["Subject"].rpartition("– ")[2] for r in sent} == names
    assert len([r for r in read_sent(master) if str(r["kind"]) == "Đôn đốc"]) == len(names)


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_done_means_killed_at_points_along_the_way_the_re_runs_reach_the_same_end_state(
    tmp_path: Path, dovecot: Dovecot, smtp: Smtp, certificate: tuple[Path, Path]
) -> None:
    """.xls/.ods saved by LibreOffice, a 40 MB attachment; `chay-tuan` killed while fetching, while merging and
    right after the server accepted a reply, then run to the end, twice."""
    setup = scenario(tmp_path, dovecot, smtp, certificate[0], heavy=True)
    master = setup["master"]
    assert isinstance(master, Path)
    env = {**os.environ, "SHEETSYNC_MAT_KHAU": PASSWORD}
    command = [sys.executable, "-m", "sheetsync", "--workbook", str(master), "--as-of", AS_OF.isoformat(), "chay-tuan"]
    for point in ("mail-saved:3", "mail-moved:2", "filed:2", "mail-accepted:1", None):
        run_env = {**env, "SHEETSYNC_CRASH_AT": point} if point else env
        done = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=600, check=False)
        if point:
            assert done.returncode == -signal.SIGKILL, (point, done.stdout, done.stderr)
        else:
            assert done.returncode == 1, done.stdout + done.stderr  # rejected files and the 40 MB message
            assert "Ảnh chụp báo cáo (tệp lớn)” của vhxh.anduong@example.vn nặng 54,7 MB" in done.stdout  # base64
    check_end_state(master, dovecot, smtp, setup, heavy=True)
    journal = openpyxl.load_workbook(master)["Nhật ký"]
    rows = [(row[1], row[6]) for row in journal.iter_rows(min_row=2, values_only=True) if row[6]]
    # a merge killed after saving the master logs its rejected files again on the re-run (the merge's own rule);
    # what counts here: every report applied once, both bad ones refused
    assert len({file for file, outcome in rows if outcome == Outcome.ACCEPTED.value}) == 4, rows
    assert len({file for file, outcome in rows if outcome == Outcome.REJECTED.value}) == 2, rows
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 1
    check_end_state(master, dovecot, smtp, setup, heavy=True)
