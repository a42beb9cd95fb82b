"""The words of every e-mail the tool sends (Vietnamese, NFC): subjects and bodies as plain text, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sheetsync.core.dates import format_date
from sheetsync.core.text import nfc
from sheetsync.schema import OFFICE_NAME, PROGRAM_YEAR, WARD_NAME

__all__ = [
    "LateTask",
    "Text",
    "leader_summary_text",
    "reminder_text",
    "reply_text",
    "split_addresses",
    "template_text",
]

_PROGRAM = f"Chương trình hành động năm {PROGRAM_YEAR} của UBND {WARD_NAME}"
_SIGNATURE = f"Trân trọng,\n{OFFICE_NAME} {WARD_NAME}"
_NOTE = (
    "(Thư này do công cụ sheetsync của Văn phòng gửi. Xin trả lời bằng cách gửi lại tệp báo cáo đính kèm; "
    "không đổi tên trang tính, không thêm bớt dòng.)"
)
_SPLIT = re.compile(r"[;,\s]+")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@dataclass(frozen=True)
class LateTask:
    """One task a reminder names: Mã NV, content, Thời hạn, Đánh giá (SPEC "don-doc")."""

    code: str
    content: str
    deadline: str
    assessment: str


def split_addresses(text: str) -> tuple[str, ...]:
    """The "Email" cell: several addresses separated by `;` (also `,` or spaces, as people type them)."""
    return tuple(part for part in _SPLIT.split(text.strip()) if "@" in part)


def _due(due: dt.date | None) -> str:
    return format_date(due) if due is not None else "theo thông báo của Văn phòng"


def template_text(unit_name: str, period: str, due: dt.date | None, file_name: str) -> Text:
    subject = f"Mẫu báo cáo {period} – {unit_name}"
    body = (
        f"Kính gửi: {unit_name}.\n\n"
        f"{OFFICE_NAME} {WARD_NAME} gửi đơn vị mẫu báo cáo kết quả thực hiện {_PROGRAM}, kỳ {period} "
        f"(tệp đính kèm {file_name}).\n\n"
        f"Hạn gửi báo cáo: {_due(due)}.\n\n"
        "Cách báo cáo: mở tệp bằng Excel (hoặc LibreOffice, WPS), điền các ô màu vàng (tình trạng, tiến độ, ngày "
        "hoàn thành, kết quả, khó khăn, đề xuất) và ô “Ngày báo cáo”, lưu tệp rồi TRẢ LỜI thư này kèm tệp đã điền. "
        "Lưu dạng .xlsx, .xls hay .ods đều được; giữ nguyên tên trang tính và các cột đã khóa.\n\n"
        f"{_SIGNATURE}\n\n{_NOTE}"
    )
    return Text(nfc(subject), nfc(body))


def reminder_text(
    unit_name: str,
    period: str | None,
    due: dt.date | None,
    report_state: str | None,
    tasks: Sequence[LateTask],
    as_of: dt.date,
    attachment: str | None,
) -> Text:
    subject = f"Đôn đốc báo cáo {period} – {unit_name}" if report_state else f"Đôn đốc thực hiện nhiệm vụ – {unit_name}"
    lines = [f"Kính gửi: {unit_name}.", ""]
    if report_state:
        lines.append(
            f"Đến ngày {format_date(as_of)}, {OFFICE_NAME} chưa nhận được báo cáo kỳ {period} của đơn vị "
            f"({report_state.lower()}; hạn gửi: {_due(due)}). Đề nghị đơn vị gửi báo cáo ngay."
        )
        if attachment:
            lines.append(f"Mẫu báo cáo của đơn vị được gửi kèm lại thư này (tệp {attachment}).")
        lines.append("")
    if tasks:
        lines.append(f"Các nhiệm vụ đơn vị chủ trì cần khẩn trương thực hiện (tính đến ngày {format_date(as_of)}):")
        for task in tasks:
            lines.append(f"- {task.code}: {task.content}")
            lines.append(f"  Thời hạn: {task.deadline or '(chưa ghi)'}; đánh giá: {task.assessment}.")
        lines.append("")
    lines += [_SIGNATURE, "", _NOTE]
    return Text(nfc(subject), nfc("\n".join(lines)))


def reply_text(unit_name: str | None, file_name: str, letter: str, partly: bool) -> Text:
    outcome = "chỉ được cập nhật một phần" if partly else "chưa được cập nhật"
    subject = f"Báo cáo {file_name} {outcome}"
    body = (
        f"Kính gửi: {unit_name or 'đơn vị'}.\n\n"
        f"Báo cáo đơn vị gửi (tệp {file_name}) {outcome} vào sổ theo dõi. Lý do và vị trí từng lỗi:\n\n"
        f"{letter.strip()}\n\n"
        "Đề nghị đơn vị sửa các ô được nêu trên chính tệp mẫu rồi gửi lại.\n\n"
        f"{_SIGNATURE}"
    )
    return Text(nfc(f"Re: {subject}" if not subject.startswith("Re:") else subject), nfc(body))


def leader_summary_text(period: str | None, as_of: dt.date, lines: Sequence[tuple[str, str, int]]) -> Text:
    """One page for the leader: each unit reminded, why, and how many tasks."""
    subject = f"Tóm tắt đôn đốc ngày {format_date(as_of)}"
    body = [f"Ngày {format_date(as_of)}, {OFFICE_NAME} đã đôn đốc {len(lines)} đơn vị"]
    body[0] += f" (kỳ báo cáo {period}):" if period else ":"
    for number, (unit, reason, count) in enumerate(lines, 1):
        tasks = f"; {count} nhiệm vụ cần khẩn trương" if count else ""
        body.append(f"{number}. {unit}: {reason}{tasks}.")
    body += ["", _SIGNATURE]
    return Text(nfc(subject), nfc("\n".join(body)))
