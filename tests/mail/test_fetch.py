"""`nhan-thu` against a real Dovecot: only reports fetched, saved whole, moved, never twice, never deleted."""

from __future__ import annotations

import email
import email.policy
import email.utils
import os
import signal
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from sheetsync.jobs.fetch import run_fetch
from sheetsync.problems import Code, ExitCode
from tests.mail.conftest import write_settings
from tests.mail.servers import PASSWORD, Dovecot, make_certificate

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


def run_cli(master: Path, *args: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHEETSYNC_MAT_KHAU": PASSWORD}
    env.pop("SHEETSYNC_CRASH_AT", None)
    if crash_at:
        env["SHEETSYNC_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "sheetsync", "--workbook", str(master), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)


def saved_ids(master: Path) -> list[str]:
    found = []
    for path in sorted(inbox_of(master).glob("*.eml")):
        found.append(email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["Message-ID"])
    return found


def test_the_same_message_twice_on_the_server_is_saved_once(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], imap=dovecot)
    message = report("vhxh@example.vn").as_bytes(policy=email.policy.SMTP)
    dovecot.append_many([message, message])  # a client's failed move once left a copy behind
    job = run_fetch(master)
    assert len(job.fetched.saved) == 1 and job.fetched.duplicates == 1
    assert dovecot.count() == 0 and dovecot.count("sheetsync-da-nhan") == 2  # moved, never deleted


@pytest.mark.slow
@pytest.mark.parametrize(
    "crash_at",
    ["mail-downloaded:2", "mail-saved:1", "mail-saved:3", "mail-journalled:2", "mail-moved:1", "mail-moved:3"],
)
def test_killed_at_any_point_the_next_run_finishes_without_loss_or_duplicate(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path], crash_at: str
) -> None:
    write_settings(master, certificate[0], imap=dovecot)
    reports = [report(f"dv{n}@example.vn", name=f"BaoCao_{n}.xlsx") for n in range(4)]
    dovecot.append_many([newsletter(0).as_bytes(), *(r.as_bytes(policy=email.policy.SMTP) for r in reports)])
    killed = run_cli(master, "nhan-thu", crash_at=crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    finished = run_cli(master, "nhan-thu")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert sorted(saved_ids(master)) == sorted(r["Message-ID"] for r in reports)
    assert [m["Subject"] for m in dovecot.messages()] == ["Bản tin số 0"]
    assert sorted(m["Message-ID"] for m in dovecot.messages("sheetsync-da-nhan")) == sorted(
        r["Message-ID"] for r in reports
    )
    assert not list(inbox_of(master).glob(".nhan-*")), "no half-written temporary file is left"


def test_the_server_dying_mid_run_loses_nothing_and_the_next_run_finishes(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], imap=dovecot)
    big = b"PK" + os.urandom(3 * 1024 * 1024)  # slow enough to be caught mid-way
    reports = [report(f"dv{n}@example.vn", name=f"BaoCao_{n}.xlsx", data=big) for n in range(6)]
    dovecot.append_many([r.as_bytes(policy=email.policy.SMTP) for r in reports])
    env = {**os.environ, "SHEETSYNC_MAT_KHAU": PASSWORD}
    command = [sys.executable, "-m", "sheetsync", "--workbook", str(master), "nhan-thu"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(inbox_of(master).glob("*.eml")):
        time.sleep(0.02)
    dovecot.kill()
    output, _ = process.communicate(timeout=120)
    assert process.returncode == ExitCode.CANNOT_RUN, output
    assert "127.0.0.1" in output
    dovecot.start()
    finished = run_cli(master, "nhan-thu")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert sorted(saved_ids(master)) == sorted(r["Message-ID"] for r in reports)
    assert dovecot.count() == 0 and dovecot.count("sheetsync-da-nhan") == 6


@pytest.mark.slow
def test_thousands_of_old_messages_are_looked_at_once_and_never_downloaded(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], imap=dovecot)
    old = [newsletter(n).as_bytes() for n in range(2000)]
    dovecot.append_many([*old[:1000], report("vp@example.vn").as_bytes(policy=email.policy.SMTP), *old[1000:]])
    first = run_fetch(master)
    assert (first.fetched.examined, first.fetched.downloaded, len(first.fetched.saved)) == (2001, 1, 1)
    dovecot.append(report("kt@example.vn"))
    second = run_fetch(master)
    assert (second.fetched.examined, second.fetched.downloaded, len(second.fetched.saved)) == (1, 1, 1)
    assert dovecot.count() == 2000


def test_an_oversized_message_is_left_on_the_server_and_reported(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], imap=dovecot, nhan_extra="toi_da_mb = 1")
    dovecot.append(report("vp@example.vn", data=b"PK" + os.urandom(2 * 1024 * 1024), subject="Báo cáo nặng"))
    dovecot.append(report("kt@example.vn"))
    job = run_fetch(master)
    assert len(job.fetched.saved) == 1 and job.fetched.downloaded == 1
    (too_large,) = [p for p in job.problems if p.code is Code.mail_too_large]
    assert "Báo cáo nặng" in too_large.message and "vp@example.vn" in too_large.message
    assert job.exit_code is ExitCode.PROBLEMS
    assert [m["Subject"] for m in dovecot.messages()] == ["Báo cáo nặng"]
    again = run_fetch(master)  # reported on every run while it is still there, never downloaded
    assert [p.code for p in again.problems] == [Code.mail_too_large] and again.fetched.downloaded == 0


def test_malformed_mime_and_encoded_names_are_judged_by_their_real_attachment(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], imap=dovecot)
    broken = (
        b"From: la@example.vn\r\nSubject: hong\r\nMessage-ID: <hong@example.vn>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/vnd.ms-excel\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n%%%%not base64\r\n"  # no closing boundary, no file name
    )
    encoded = report("vhxh@example.vn", name="Báo cáo tháng 12 – Phòng Văn hóa.xlsx")
    dovecot.append_many([broken, encoded.as_bytes(policy=email.policy.SMTP)])
    job = run_fetch(master)
    assert job.exit_code is ExitCode.OK, job.problems
    assert saved_ids(master) == [encoded["Message-ID"]]
    assert [m["Message-ID"] for m in dovecot.messages()] == ["<hong@example.vn>"]


def test_starttls_and_a_vietnamese_folder_name(master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]) -> None:
    write_settings(master, certificate[0], imap=dovecot, imap_security="starttls", nhan_extra='chuyen_vao = "Đã nhận"')
    sent = report("vp@example.vn")
    dovecot.append(sent)
    job = run_fetch(master)
    assert job.exit_code is ExitCode.OK, job.problems
    assert [m["Message-ID"] for m in dovecot.messages("&ARAA4w- nh&Hq0-n")] == [sent["Message-ID"]]


def test_plain_imap_works_but_is_warned_about(master: Path, dovecot: Dovecot, certificate: tuple[Path, Path]) -> None:
    write_settings(master, certificate[0], imap=dovecot, imap_security="khong")
    dovecot.append(report("vp@example.vn"))
    job = run_fetch(master)
    assert len(job.fetched.saved) == 1
    assert [p.code for p in job.problems] == [Code.mail_plaintext]


def test_wrong_password_untrusted_certificate_and_unknown_host_exit_2_naming_the_setting(
    master: Path, dovecot: Dovecot, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    settings = write_settings(master, certificate[0], imap=dovecot)
    dovecot.append(report("vp@example.vn"))
    env_wrong = run_cli_env(master, "nhan-thu", password="khong-dung-123")
    assert env_wrong.returncode == ExitCode.CANNOT_RUN
    assert "thu_dien_tu.nhan.tai_khoan" in env_wrong.stderr + env_wrong.stdout
    assert "khong-dung-123" not in env_wrong.stderr + env_wrong.stdout
    other_ca, _ = make_certificate(tmp_path)
    settings.write_text(settings.read_text(encoding="utf-8").replace(str(certificate[0]), str(other_ca)), "utf-8")
    untrusted = run_cli(master, "nhan-thu")
    assert untrusted.returncode == ExitCode.CANNOT_RUN
    assert "thu_dien_tu.chung_chi" in untrusted.stderr
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            'may_chu = "127.0.0.1"\ncong = ', 'may_chu = "mail.invalid"\ncong = '
        ),
        "utf-8",
    )
    unknown = run_cli(master, "nhan-thu")
    assert unknown.returncode == ExitCode.CANNOT_RUN
    assert "thu_dien_tu.nhan.may_chu" in unknown.stderr
    assert dovecot.count() == 1 and not list(inbox_of(master).glob("*.eml"))


def run_cli_env(master: Path, *args: str, password: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHEETSYNC_MAT_KHAU": password}
    command = [sys.executable, "-m", "sheetsync", "--workbook", str(master), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
