"""After the master is safely written: each input moved to da-xu-ly/ or loi/, with a letter the office can forward."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sheetsync.core.dates import format_date
from sheetsync.core.plan import Decision
from sheetsync.core.units import Unit
from sheetsync.office.backup import remove_stale_temps
from sheetsync.office.crashpoints import crashpoint
from sheetsync.problems import Problem
from sheetsync.schema import ERROR_SUFFIX, OFFICE_NAME, PROCESSED_DIR, REJECTED_DIR, WARD_NAME, Outcome

__all__ = ["file_away", "folder_for", "letter", "needs_letter"]


def folder_for(decisions: Sequence[Decision]) -> str:
    """loi/ when nothing of the file was taken; da-xu-ly/ when something was (an e-mail with one good attachment)."""
    return REJECTED_DIR if decisions and all(d.rejected for d in decisions) else PROCESSED_DIR


def needs_letter(decisions: Sequence[Decision]) -> bool:
    return any(d.rejected or d.skipped_rows for d in decisions)


def file_away(path: Path, inbox: Path, folder: str, day: dt.date, text: str | None = None) -> Path:
    """Move `path` into inbox/folder/YYYY-MM-DD/ under a free name (never over an existing file), the letter
    first: a crash in between leaves the input in the inbox, to be handled again, never a file without its reason."""
    target_dir = inbox / folder / day.isoformat()
    target_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target_dir)  # letters a killed run was writing: the caller holds the run lock
    target = _free_name(target_dir, path.name)
    letter_path = target.with_name(target.name + ERROR_SUFFIX)
    if text is not None:
        _write_atomic(letter_path, text)
        crashpoint("letter-written")
    try:
        os.rename(path, target)  # a symlink moves as the link itself; its target is never touched
    except OSError:
        letter_path.unlink(missing_ok=True)  # the input stays in the inbox; its letter comes with it next time
        raise
    crashpoint("filed")
    return target


def _free_name(folder: Path, name: str) -> Path:
    stem, suffix = _split(name)
    candidate, number = folder / name, 1
    while candidate.exists() or candidate.is_symlink() or candidate.with_name(candidate.name + ERROR_SUFFIX).exists():
        number += 1
        candidate = folder / f"{stem} ({number}){suffix}"
    return candidate


def _split(name: str) -> tuple[str, str]:
    path = Path(name)
    return (path.stem, path.suffix) if path.suffix and path.stem else (name, "")


def _write_atomic(path: Path, text: str) -> None:
    fd, temp = tempfile.mkstemp(prefix=".sheetsync-", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\r\n") as handle:  # Notepad on older Windows needs CRLF
        handle.write("\ufeff" + text)  # the BOM makes Notepad read UTF-8 Vietnamese correctly
    os.replace(temp, path)


def letter(source: str, decisions: Sequence[Decision], *, day: dt.date, contact: Unit | None = None) -> str:
    """What is wrong and where, in Vietnamese, addressed to the unit so the office can forward it as it is:
    each row named with its task, the period, and whom to call (`contact`: the office's row of "Đơn vị")."""
    units = sorted({d.unit_name for d in decisions if d.unit_name})
    # unit names contain commas ("Phòng Kinh tế, Hạ tầng và Đô thị"): several are set apart with semicolons
    lines = [f"Kính gửi: {'; '.join(units) if units else 'Đơn vị gửi báo cáo'}.", ""]
    lines.append(f"{OFFICE_NAME} {WARD_NAME} đã nhận tệp “{source}” và xử lý ngày {format_date(day)}.")
    for decision in decisions:
        lines.append("")
        if len(decisions) > 1 or decision.file != source:
            lines.append(f"Tệp “{decision.file}”:")
        if decision.period:
            reported = f", ngày báo cáo {format_date(decision.report_date)}" if decision.report_date else ""
            lines.append(f"Báo cáo kỳ “{decision.period}”{reported}.")
        lines.append(_verdict(decision))
        errors = [p for p in decision.problems if p.is_error]
        notes = [p for p in decision.problems if not p.is_error]
        lines += [f"  {n}. {_where(p, decision)}{p.message}" for n, p in enumerate(errors, start=1)]
        if notes:
            lines.append("  Lưu ý thêm (không bắt buộc sửa):")
            lines += [f"  - {_where(p, decision)}{p.message}" for p in notes]
    lines += ["", _contact(contact), ""]
    return "\n".join(lines)


def _contact(office: Unit | None) -> str:
    ways = []
    if office is not None:
        if office.contact:
            ways.append(f"{office.contact}")
        if office.phone:
            ways.append(f"điện thoại {office.phone}")
        if office.email:
            ways.append(f"thư điện tử {office.email}")
    if not ways:
        return f"Nếu cần hỗ trợ, đề nghị liên hệ {OFFICE_NAME} {WARD_NAME}."
    return f"Nếu cần hỗ trợ, đề nghị liên hệ {OFFICE_NAME} {WARD_NAME}: {', '.join(ways)}."


def _rows(decision: Decision, numbers: Sequence[int]) -> str:
    """ "dòng 15 (nhiệm vụ 1.2.2)", "các dòng 15 (nhiệm vụ 1.2.2) và 17 (nhiệm vụ 2.1.1)"."""
    named = [_row(decision, n) for n in numbers]
    if len(named) == 1:
        return f"dòng {named[0]}"
    return f"các dòng {', '.join(named[:-1])} và {named[-1]}"


def _row(decision: Decision, number: int) -> str:
    code = decision.row_tasks.get(number)
    return f"{number} (nhiệm vụ {code})" if code else str(number)


def _verdict(decision: Decision) -> str:
    if decision.outcome is Outcome.REJECTED:
        return "Tệp CHƯA được cập nhật vào sổ theo dõi vì các lỗi dưới đây. Đề nghị đơn vị sửa rồi gửi lại:"
    if decision.skipped_rows:
        rows = _rows(decision, decision.skipped_rows)
        these = "dòng này" if len(decision.skipped_rows) == 1 else "các dòng này"
        if decision.writes:
            done = "Sổ theo dõi đã cập nhật các dòng hợp lệ"
        else:
            done = "Các dòng còn lại không có thay đổi so với sổ theo dõi"
        return f"{done}; {rows} CHƯA được cập nhật vì các lỗi dưới đây. Đề nghị đơn vị sửa {these} rồi gửi lại:"
    return f"Kết quả: {decision.outcome.value.lower()}."


def _where(problem: Problem, decision: Decision) -> str:
    if problem.sheet and problem.cell:
        number = _ROW_NUMBER.search(problem.cell)
        code = decision.row_tasks.get(int(number[1])) if number else None
        task = f" (nhiệm vụ {code})" if code else ""
        return f"Trang “{problem.sheet}”, ô {problem.cell}{task}: "
    if problem.sheet:
        return f"Trang “{problem.sheet}”: "
    return ""


_ROW_NUMBER = re.compile(r"[A-Z]+(\d+)$")
