"""Sending against a real SMTP server (aiosmtpd): one well-formed Vietnamese message per unit, never twice."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.jobs.templates import make_templates
from sheetsync.jobs.templates_mail import mail_templates
from sheetsync.problems import Code, ExitCode
from tests.factories import make_master
from tests.mail.conftest import mail_units, read_sent, write_settings
from tests.mail.servers import USER, Smtp, running_smtp

PERIOD = "Tháng 12/2026"
NOW = dt.datetime(2026, 12, 1, 9, 0)


def issue(master: Path, out: Path) -> object:
    result = make_templates(master, period=PERIOD, out=out, now=NOW, wait=0)
    assert not result.fatal, result.problems
    return result


def sent_rows(master: Path) -> list[dict[str, object]]:
    return read_sent(master)


@pytest.mark.parametrize("security", ["starttls", "ssl", "khong"])
def test_each_unit_gets_its_own_template_once_recorded_in_the_workbook(
    tmp_path: Path, master: Path, certificate: tuple[Path, Path], security: str
) -> None:
    with running_smtp(security, *certificate) as smtp:
        write_settings(master, certificate[0], smtp=smtp)
        written = issue(master, tmp_path / "mau")
        mailed = mail_templates(written, send=True, drafts=None, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
        # the police post has no Email: a problem (exit 1), the three others are sent
        assert [p.code for p in mailed.batch.problems if p.is_error] == [Code.unit_without_email]
        assert mailed.batch.exit_code is ExitCode.PROBLEMS
        assert (Code.mail_plaintext in [p.code for p in mailed.batch.problems]) == (security == "khong")
        by_unit = {r.message["Subject"]: r for r in smtp.received}
        assert sorted(by_unit) == [
            f"Mẫu báo cáo {PERIOD} – Phòng Kinh tế, Hạ tầng và Đô thị",
            f"Mẫu báo cáo {PERIOD} – Phòng Văn hóa - Xã hội",
            f"Mẫu báo cáo {PERIOD} – Văn phòng HĐND và UBND",
        ]
        kt = by_unit[f"Mẫu báo cáo {PERIOD} – Phòng Kinh tế, Hạ tầng và Đô thị"]
        assert kt.rcpt_tos == ["kthtdt.anduong@example.vn", "truongphong.kt@example.vn"]
        (attachment,) = kt.message.iter_attachments()
        assert attachment.get_filename() == "BaoCao_KTHTDT_Thang-12-2026.xlsx"
        assert attachment.get_content() == (tmp_path / "mau" / "BaoCao_KTHTDT_Thang-12-2026.xlsx").read_bytes()
        assert "Hạn gửi báo cáo" in kt.message.get_body().get_content()  # type: ignore[union-attr]
        rows = sent_rows(master)
        assert sorted(str(r["unit"]) for r in rows) == ["KTHTDT", "VHXH", "VP"]
        assert {str(r["message_id"]) for r in rows} == {r.message["Message-ID"] for r in smtp.received}
        # the same period again: nothing is sent twice
        again = mail_templates(written, send=True, drafts=None, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
        assert len(smtp.received) == 3
        assert again.batch.count("Đã gửi") == 0
        assert len(sent_rows(master)) == 3


def test_the_subject_and_file_name_are_encoded_for_every_mail_program(
    tmp_path: Path, master: Path, smtp_starttls: Smtp, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], smtp=smtp_starttls)
    written = issue(master, tmp_path / "mau")
    mail_templates(written, send=True, drafts=None, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
    raw = smtp_starttls.received[0].data
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert all(byte < 128 for byte in raw), "8-bit bytes would be mangled by old gateways"
    assert b"Subject: =?utf-8?" in head
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["From"].addresses[0].addr_spec == USER
    # RFC 2047 decoding as mail programs do it (the whitespace between two encoded words is not text; CPython's
    # own address parser keeps it, a known bug of its own, so the raw header is decoded here)
    raw_from = email.message_from_bytes(raw, policy=email.policy.compat32)["From"]
    shown = str(make_header(decode_header(raw_from)))
    assert shown == f"Văn phòng HĐND và UBND phường An Dương <{USER}>"
    assert parsed.get_body().get_content_charset() == "utf-8"  # type: ignore[union-attr]
    assert "X-Unsent" not in parsed


def test_a_connection_dropped_after_the_third_message_leaves_exactly_the_rest_for_the_re_run(
    tmp_path: Path, certificate: tuple[Path, Path]
) -> None:
    master = make_master(tmp_path / "workbook", units=mail_units(CAP="cap.anduong@example.vn"))
    with running_smtp("starttls", *certificate) as smtp:
        smtp.drop_after = 3
        write_settings(master, certificate[0], smtp=smtp)
        written = issue(master, tmp_path / "mau")
        first = mail_templates(written, send=True, drafts=None, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
        assert len(smtp.received) == 3 and first.batch.count("Đã gửi") == 3
        assert Code.mail_server_error in [p.code for p in first.batch.problems]
        assert first.batch.exit_code is not ExitCode.OK
        assert len(sent_rows(master)) == 3
        smtp.drop_after = None
        second = mail_templates(written, send=True, drafts=None, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
        assert second.batch.exit_code is ExitCode.OK, second.batch.problems
        assert len(smtp.received) == 4
        assert len({r.message["Subject"] for r in smtp.received}) == 4
        assert len(sent_rows(master)) == 4


def test_gui_lai_sends_again_with_a_new_message_id(
    tmp_path: Path, master: Path, smtp_starttls: Smtp, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], smtp=smtp_starttls)
    written = issue(master, tmp_path / "mau")
    mail_templates(written, send=True, drafts=None, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
    mail_templates(written, send=True, drafts=None, resend=True, now=NOW, wait=0)  # type: ignore[arg-type]
    assert len(smtp_starttls.received) == 6
    assert len({r.message["Message-ID"] for r in smtp_starttls.received}) == 6
    assert len(sent_rows(master)) == 6


def test_drafts_are_unsent_eml_files_and_nothing_goes_out(
    tmp_path: Path, master: Path, smtp_starttls: Smtp, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], smtp=smtp_starttls)
    written = issue(master, tmp_path / "mau")
    drafts = tmp_path / "nhap"
    mailed = mail_templates(written, send=False, drafts=drafts, resend=False, now=NOW, wait=0)  # type: ignore[arg-type]
    assert smtp_starttls.received == []
    files = sorted(drafts.glob("*.eml"))
    assert len(files) == 3 and mailed.batch.count("Đã ghi bản nháp") == 3
    draft = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert draft["X-Unsent"] == "1"
    assert sent_rows(master) == []


def test_gui_without_mail_settings_writes_drafts_into_thu_gui_and_says_so(tmp_path: Path, master: Path) -> None:
    out = tmp_path / "mau"
    result = CliRunner().invoke(
        cli, ["--workbook", str(master), "templates", "--period", PERIOD, "--out", str(out), "--gui"]
    )
    assert result.exit_code == ExitCode.PROBLEMS, result.output  # the police post has no Email
    assert "chưa được cấu hình" in result.output and "thu-gui" in result.output
    assert len(list((out / "thu-gui").glob("*.eml"))) == 3


def test_wrong_password_unknown_host_and_untrusted_certificate_exit_2_naming_the_setting(
    tmp_path: Path, master: Path, smtp_starttls: Smtp, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = str(tmp_path / "mau")
    args = ["--workbook", str(master), "templates", "--period", PERIOD, "--out", out, "--gui"]
    write_settings(master, certificate[0], smtp=smtp_starttls)
    monkeypatch.setenv("SHEETSYNC_MAT_KHAU", "sai-mat-khau-123")
    wrong = CliRunner().invoke(cli, args)
    assert wrong.exit_code == ExitCode.CANNOT_RUN
    assert "thu_dien_tu.gui.tai_khoan" in wrong.output and "sai-mat-khau-123" not in wrong.output
    monkeypatch.setenv("SHEETSYNC_MAT_KHAU", "x")
    settings = master.parent / "sheetsync.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("chung_chi", "# chung_chi"), encoding="utf-8")
    untrusted = CliRunner().invoke(cli, args)
    assert untrusted.exit_code == ExitCode.CANNOT_RUN
    assert "thu_dien_tu.chung_chi" in untrusted.output
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('may_chu = "127.0.0.1"', 'may_chu = "khong-co.invalid"', 1),
        encoding="utf-8",
    )
    unknown = CliRunner().invoke(cli, args)
    assert unknown.exit_code == ExitCode.CANNOT_RUN
    assert "thu_dien_tu.gui.may_chu" in unknown.output
