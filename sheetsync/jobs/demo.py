"""`chay-thu`: one whole weekly cycle on a scratch copy of the shipped workbook; the tracked file is never touched.

templates → reports filled as units would send them (one by e-mail, one with mistakes, one unreadable file)
→ merge → summary. Everything lands in one folder a newcomer can open and look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from sheetsync.core.dates import format_date
from sheetsync.core.program import Program, Task
from sheetsync.excel.fill import fill_template
from sheetsync.jobs.load import load
from sheetsync.jobs.merge import MergeResult, run_merge
from sheetsync.jobs.templates import TemplatesResult, make_templates
from sheetsync.problems import ExitCode, Problem
from sheetsync.schema import Status

MASTER_DIR, TEMPLATES_DIR, INBOX_DIR = "so-theo-doi", "mau-gui-don-vi", "hop-thu"
XLSX_MIME = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class DemoResult:
    folder: Path
    workbook: Path
    templates: TemplatesResult | None = None
    merge: MergeResult | None = None
    steps: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        """0 when the cycle ran through: the rejected sample files are rejected on purpose."""
        if self.templates is None or self.templates.fatal:
            return self.templates.exit_code if self.templates else ExitCode.CANNOT_RUN
        if self.merge is None or self.merge.exit_code in (ExitCode.CANNOT_RUN, ExitCode.LOCKED):
            return self.merge.exit_code if self.merge else ExitCode.CANNOT_RUN
        return ExitCode.OK


def prepare_demo(source: Path, folder: Path, *, as_of: dt.date, now: dt.datetime) -> tuple[DemoResult, Path | None]:
    """Steps 1-3 of the demo: a copy of the workbook, its templates issued, and the units' sample reports in
    an inbox; the inbox, or None when a step could not be done (the result says why). Nothing merged yet:
    scripts/excel_smoke.py merges the same inputs once through Excel and once through the file."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / MASTER_DIR).mkdir(parents=True)
    workbook = folder / MASTER_DIR / source.name
    result = DemoResult(folder, workbook)
    if not source.is_file():
        result.steps.append(f"Không tìm thấy sổ mẫu {source}.")
        return result, None
    shutil.copy2(source, workbook)
    result.steps.append(f"1. Chép sổ mẫu sang {workbook} (sổ thật không bị đụng tới).")

    period = f"Tháng {as_of.month}/{as_of.year}"
    templates = make_templates(workbook, period=period, out=folder / TEMPLATES_DIR, now=now, wait=0)
    result.templates = templates
    if templates.fatal:
        result.problems.extend(templates.problems)
        return result, None
    result.steps.append(f"2. Lập {len(templates.written)} mẫu báo cáo kỳ “{period}” trong {folder / TEMPLATES_DIR}.")

    loaded = load(workbook)
    assert loaded.program is not None  # the templates run just parsed it
    inbox = folder / INBOX_DIR
    inbox.mkdir()
    sent = _send_sample_reports(loaded.program, templates, inbox, report_day=as_of - dt.timedelta(days=1))
    result.steps.append(f"3. Giả lập {len(sent)} tệp đơn vị gửi về {inbox}: " + "; ".join(sent) + ".")
    return result, inbox


def run_demo(source: Path, folder: Path, *, as_of: dt.date, now: dt.datetime | None = None) -> DemoResult:
    now = now or dt.datetime.combine(as_of, dt.time(9, 0))
    result, inbox = prepare_demo(source, folder, as_of=as_of, now=now)
    if inbox is None:
        return result
    workbook = result.workbook
    merge = run_merge(workbook, inbox, as_of=as_of, now=now, lock_wait=0)
    result.merge = merge
    applied = sum(1 for f in merge.files if f.moved_to and f.moved_to.parent.parent.name == "da-xu-ly")
    result.steps.append(
        f"4. Tổng hợp: {applied} tệp đã cập nhật vào sổ ({len(merge.changes)} ô thay đổi, ghi ở trang “Lịch sử”), "
        f"{len(merge.files) - applied} tệp bị trả lại kèm thư giải thích .loi.txt trong {inbox / 'loi'}."
    )
    result.steps.append(
        f"5. Đã tính lại Đánh giá, tô màu và lập trang “Tổng hợp” (số liệu tính đến ngày {format_date(as_of)}). "
        f"Mở {workbook} để xem."
    )
    return result


def _send_sample_reports(
    program: Program, templates: TemplatesResult, inbox: Path, *, report_day: dt.date
) -> list[str]:
    """Reports as three units would send them, plus one file nobody can read."""
    by_unit = {w.unit_code: w.path for w in templates.written}
    leads = sorted({t.lead.code for t in program.tasks if t.lead and t.lead.code in by_unit})
    sent: list[str] = []
    if not leads:
        return sent
    # a careful unit: what it did this period, a difficulty raised; a task is reported finished only when its
    # deadline falls before the report (the program's items run all year: nothing else ends early)
    first = leads[0]
    own = [t for t in program.tasks if t.lead and t.lead.code == first and t.status is not Status.DONE]
    rows: dict[str, dict[str, object]] = {}
    for index, task in enumerate(own[:3]):
        if task.due is not None and task.due <= report_day:
            rows[task.code] = _done(task, report_day)
            continue
        rows[task.code] = {
            "status": Status.IN_PROGRESS.value,
            "result": f"Đến ngày {format_date(report_day)}, đơn vị tiếp tục triển khai nhiệm vụ theo kế hoạch "
            "(nội dung minh họa của lần chạy thử).",
        }
        if index == 0:
            rows[task.code]["difficulties"] = "Thiếu nhân lực chuyên môn trong tháng cao điểm (minh họa)."
    name = fill_template(
        by_unit[first],
        inbox / f"BaoCao_{first}.xlsx",
        report_date=report_day,
        rows=rows,
        reporter="Chuyên viên phụ trách (mẫu)",
    )
    sent.append(f"{name.name} (đúng mẫu)")

    # a coordinating unit's contribution, sent by e-mail
    coordinating = next(((u.code, t) for t in program.tasks for u in t.coordinating if u.code in by_unit), None)
    if coordinating is not None:
        unit, task = coordinating
        draft = inbox / f".nhap_{unit}.xlsx"
        fill_template(
            by_unit[unit],
            draft,
            report_date=report_day,
            reporter="Cán bộ đầu mối (mẫu)",
            rows={task.code: {"result": "Đã phối hợp với đơn vị chủ trì theo kế hoạch (minh họa)."}},
        )
        eml = inbox / f"Thu_{unit}.eml"
        _email(draft, eml, sender=f"{unit.lower()}@vi-du.vn", sent_at=report_day)
        draft.unlink()
        sent.append(f"{eml.name} (thư điện tử có tệp đính kèm)")

    # a unit that makes mistakes: progress over 100, a completion date after its report date
    if len(leads) > 1:
        careless = leads[1]
        tasks = [t for t in program.tasks if t.lead and t.lead.code == careless][:2]
        rows = {tasks[0].code: {"progress": 150, "status": "đang làm"}}
        if len(tasks) > 1:
            rows[tasks[1].code] = {
                "status": "xong",
                "progress": 100,
                "completed_on": report_day + dt.timedelta(days=10),
            }
        name = fill_template(
            by_unit[careless],
            inbox / f"BaoCao_{careless}.xlsx",
            report_date=report_day,
            rows=rows,
            reporter="Người báo cáo (mẫu)",
        )
        sent.append(f"{name.name} (có lỗi nhập liệu)")

    garbage = inbox / "bang-tinh-luu-nham.xlsx"
    garbage.write_text("Mã NV;Tiến độ\n1.1.1;50\n", encoding="utf-8")
    sent.append(f"{garbage.name} (tệp CSV đổi tên, không đọc được)")
    return sent


def _done(task: Task, day: dt.date) -> dict[str, object]:
    return {
        "status": Status.DONE.value,
        "progress": 100,
        "completed_on": day,
        "result": "Đã hoàn thành nhiệm vụ (nội dung minh họa của lần chạy thử).",
    }


def _email(attachment: Path, eml: Path, *, sender: str, sent_at: dt.date) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "vanphong@vi-du.vn"
    message["Subject"] = "Báo cáo tiến độ Chương trình hành động"
    message["Date"] = format_datetime(dt.datetime.combine(sent_at, dt.time(16, 30)).astimezone())
    message.set_content("Kính gửi Văn phòng, đơn vị gửi báo cáo kèm theo.")
    message.add_attachment(attachment.read_bytes(), *XLSX_MIME, filename=f"BaoCao_{attachment.stem[6:]}.xlsx")
    eml.write_bytes(bytes(message))
