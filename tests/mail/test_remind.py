"""`don-doc`: the late units and only them, each once a day, drafts when mail is off, the leader's summary."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path

from click.testing import CliRunner

from sheetsync.cli import cli
from sheetsync.jobs.remind import run_reminders, scheduled_reminders
from sheetsync.jobs.templates import make_templates
from sheetsync.problems import Code, ExitCode
from tests.factories import make_master
from tests.mail.conftest import mail_units, read_sent, write_settings
from tests.mail.servers import Smtp

PERIOD = "Tháng 12/2026"
AS_OF = dt.date(2026, 12, 10)
NOW = dt.datetime(2026, 12, 10, 8, 0)
DUE = dt.date(2026, 12, 8)


def test_dry_run_lists_who_would_get_what_and_writes_nothing(tmp_path: Path, master: Path) -> None:
    make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, due=DUE, wait=0)
    before = master.read_bytes()
    result = run_reminders(master, as_of=AS_OF, now=NOW, dry_run=True)
    assert result.exit_code is ExitCode.OK
    # nobody reported for December; 1.1.1 (30/6) is overdue, 2.2.1 (15/12, Công an phường) "Sắp đến hạn"
    assert [(r.unit.code, r.report_state, [t.code for t in r.tasks]) for r in result.reminders] == [
        ("VP", "Quá hạn chưa nộp", ["1.1.1"]),
        ("KTHTDT", "Quá hạn chưa nộp", []),
        ("VHXH", "Quá hạn chưa nộp", []),
        ("CAP", "Quá hạn chưa nộp", ["2.2.1"]),
    ]
    assert master.read_bytes() == before
    assert not (master.parent / "thu-gui").exists()


def test_mail_off_means_drafts_beside_the_master_by_day_with_the_template_attached(tmp_path: Path) -> None:
    master = make_master(tmp_path / "workbook", units=mail_units(CAP="cap@example.vn"))
    out = tmp_path / "mau"
    runner = CliRunner()
    args = ["--workbook", str(master), "templates", "--period", PERIOD, "--han-nop", "08/12/2026", "--out", str(out)]
    issued = runner.invoke(cli, [*args, "--gui"])
    assert issued.exit_code == 0, issued.output
    result = runner.invoke(cli, ["--workbook", str(master), "--as-of", AS_OF.isoformat(), "don-doc"])
    assert result.exit_code == 0, result.output
    assert "chưa được cấu hình" in result.output
    drafts = sorted((master.parent / "thu-gui" / AS_OF.isoformat()).glob("*.eml"))
    assert len(drafts) == 4
    cap = next(d for d in drafts if "CAP" in d.name)
    message = email.message_from_bytes(cap.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "cap@example.vn"
    body = message.get_body().get_content()  # type: ignore[union-attr]
    assert "2.2.1" in body and "Bảo đảm an ninh trật tự trên địa bàn" in body and "Sắp đến hạn" in body
    assert [a.get_filename() for a in message.iter_attachments()] == ["BaoCao_CAP_Thang-12-2026.xlsx"]


def test_sent_once_per_unit_per_day_and_the_leader_gets_one_page(
    tmp_path: Path, master: Path, smtp_starttls: Smtp, certificate: tuple[Path, Path]
) -> None:
    write_settings(master, certificate[0], smtp=smtp_starttls, extra='lanh_dao = "chutich@anduong.gov.vn"')
    make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, due=DUE, wait=0)
    first = run_reminders(master, as_of=AS_OF, now=NOW, wait=0)
    # the police post has no Email: a problem (exit 1); the others and the leader are sent
    assert [p.code for p in first.batch.problems] == [Code.unit_without_email]  # type: ignore[union-attr]
    assert first.exit_code is ExitCode.PROBLEMS
    subjects = sorted(r.message["Subject"] for r in smtp_starttls.received)
    assert len(subjects) == 4 and "Tóm tắt đôn đốc ngày 10/12/2026" in subjects
    leader = next(r for r in smtp_starttls.received if r.rcpt_tos == ["chutich@anduong.gov.vn"])
    assert "Công an phường" in leader.message.get_body().get_content()  # type: ignore[union-attr]
    again = run_reminders(master, as_of=AS_OF, now=NOW, wait=0)
    assert len(smtp_starttls.received) == 4 and again.batch is not None and again.batch.count("Đã gửi") == 0
    next_day = run_reminders(master, as_of=AS_OF + dt.timedelta(days=1), now=NOW, wait=0)
    assert next_day.batch is not None and next_day.batch.count("Đã gửi") == 4
    assert len(read_sent(master)) == 8


def test_before_the_due_date_only_late_tasks_are_chased(tmp_path: Path, master: Path) -> None:
    make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, due=dt.date(2026, 12, 20), wait=0)
    result = run_reminders(master, as_of=AS_OF, now=NOW, dry_run=True)
    assert [(r.unit.code, r.report_state, [t.code for t in r.tasks]) for r in result.reminders] == [
        ("VP", None, ["1.1.1"]),
        ("CAP", None, ["2.2.1"]),
    ]


def test_the_schedule_s_reminder_round_says_what_it_did_in_one_sentence(tmp_path: Path, master: Path) -> None:
    make_templates(master, period=PERIOD, out=tmp_path / "mau", now=NOW, due=DUE, wait=0)
    outcome = scheduled_reminders(master, now=dt.datetime(2026, 12, 10, 16, 0))
    # mail off: drafts; the police post has no Email, which the log says (and exit 1)
    assert outcome.message.startswith("Đôn đốc ngày 10/12/2026: 4 đơn vị cần đôn đốc; đã gửi 0 thư, ghi 3 thư nháp.")
    assert "Công an phường chưa có địa chỉ thư" in outcome.message
    assert outcome.exit_code is ExitCode.PROBLEMS
