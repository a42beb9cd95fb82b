"""Read a filled template (.xlsx, .xlsm, .xls, .ods) with python-calamine into a verified Submission."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import itertools
import struct
import zipfile
from pathlib import Path
from typing import Any

import python_calamine as calamine
import xlrd

from sheetsync.core.dates import BadDate, format_date, parse_cell_date
from sheetsync.core.legacy import detect_legacy, is_capital_font, to_unicode
from sheetsync.core.signature import decode, verify
from sheetsync.core.submission import Signed, Submission, SubmittedRow
from sheetsync.core.table import Table, column_letter, locate_header, read_table
from sheetsync.core.text import fold, is_blank
from sheetsync.excel.gate import Format, inspect_container
from sheetsync.excel.seal import find_seal
from sheetsync.excel.sheet_scan import Scan, scan_ods, scan_xls, scan_xlsx
from sheetsync.excel.values import clean_value, label_key
from sheetsync.problems import Code, Level, Problem
from sheetsync.schema import (
    PROGRAM_YEAR,
    REPORT_DATE_LABEL,
    REPORTER_LABEL,
    REPORTER_PHONE_LABEL,
    SIGNATURE_SHEET,
    STATUS_KEYS,
    TEMPLATE,
)

__all__ = ["read_submission"]

Grid = list[list[object]]
Spans = tuple[list[tuple[int, int]], list[int]]
# the locked cells that tell a task row from the signature block or notes under the table
_ROW_KEYS = ("code", "role", "content", "deadline")
_FALLBACK_SOURCES = {"email": "ngày gửi thư", "file": "ngày sửa tệp"}
# what xlrd raises on a damaged BIFF stream calamine could still read
_XLRD_ERRORS = (xlrd.XLRDError, xlrd.compdoc.CompDocError, struct.error, IndexError, AssertionError, EOFError)
_LEGACY_NAMES = {"tcvn3": "TCVN3/ABC", "vni": "VNI-Windows"}


def read_submission(
    path: Path,
    *,
    key: bytes,
    display_name: str | None = None,
    fallback_date: tuple[dt.date, str] | None = None,
) -> tuple[Submission | None, list[Problem]]:
    """The verified submission and every problem found while reading; None when a file-level error
    (unreadable, not a template, bad signature, structure broken) stopped the reading. Never raises."""
    shown = display_name or path.name
    verdict = inspect_container(path)
    if verdict.problem is not None:
        return None, [dataclasses.replace(verdict.problem, file=shown)]
    try:
        data = path.read_bytes()
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
        grids = {name: _grid(book.get_sheet_by_name(name)) for name in names}
    except calamine.PasswordError:
        return None, [Problem.make(Code.file_encrypted, file=shown)]
    except (calamine.CalamineError, OSError, ValueError) as exc:
        return None, [Problem.make(Code.file_unreadable, file=shown, reason=_reason(exc))]

    signed, problem = _verify(grids, key, shown)
    if signed is None:
        return None, [problem] if problem else []
    found = _report_sheet(grids, shown)
    if isinstance(found, Problem):
        return None, [found]
    sheet, table = found
    problems: list[Problem] = []
    if verdict.format is Format.XLSM:
        problems.append(Problem.make(Code.macro_ignored, file=shown))
    scan = _scan(path, data, verdict.format, sheet, book)
    grid = grids[sheet]
    where: dict[str, Any] = {"file": shown, "sheet": sheet}
    report_cell, report_date, source = _report_date(grid, table.header_row, path, fallback_date, where, problems)
    submission = Submission(
        file=shown,
        sha256=hashlib.sha256(data).hexdigest(),
        sheet=sheet,
        signed=signed,
        report_date=report_date,
        report_date_cell=report_cell,
        report_date_source=source,
        rows=_rows(table, scan, where, problems),
        problems=(),
        reporter=_beside(grid, REPORTER_LABEL, table.header_row),
        phone=_beside(grid, REPORTER_PHONE_LABEL, table.header_row),
    )
    return dataclasses.replace(submission, problems=tuple(problems)), problems


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"


def _grid(sheet: calamine.CalamineSheet) -> Grid:
    # skip_empty_area=False keeps row 1 as row 1, so cell references in messages are right
    return [list(row) for row in sheet.to_python(skip_empty_area=False)]


def _verify(grids: dict[str, Grid], key: bytes, shown: str) -> tuple[Signed | None, Problem | None]:
    ordered = sorted(grids, key=lambda name: name != SIGNATURE_SHEET)
    seal = find_seal([grids[name] for name in ordered])
    if seal is None:
        reason = "không có thông tin nhận dạng mẫu; có thể số liệu đã được chép sang tệp khác"
        return None, Problem.make(Code.not_a_template, file=shown, reason=reason)
    if not verify(key, seal.payload, seal.signature):
        return None, Problem.make(Code.bad_signature, file=shown)
    signed = decode(seal.payload)
    if signed is None:
        reason = "mẫu thuộc phiên bản khác, công cụ này không đọc được"
        return None, Problem.make(Code.not_a_template, file=shown, reason=reason)
    return signed, None


def _report_sheet(grids: dict[str, Grid], shown: str) -> tuple[str, Table] | Problem:
    """ "Báo cáo" by name (tolerant of case and diacritics), else the sheet that has the template's header."""
    wanted = fold(TEMPLATE.name)
    named = [n for n in grids if fold(n) == wanted]
    others = [n for n in grids if n not in named and n != SIGNATURE_SHEET]
    for name in named + others:
        index, columns, found = locate_header(grids[name], TEMPLATE, sheet_name=name, file=shown)
        if index is None and name not in named:
            continue  # not the report sheet (the guide, a sheet the unit added)
        table, _ = read_table(grids[name], TEMPLATE, sheet_name=name, file=shown)
        if index is not None and table is not None and not found:
            return name, table
        return _broken(name, index, columns, found, shown)
    reason = f"không tìm thấy trang “{TEMPLATE.name}” có dòng tiêu đề của mẫu"
    return Problem.make(Code.structure_broken, file=shown, reason=reason)


def _broken(name: str, index: int | None, columns: dict[str, int], found: list[Problem], shown: str) -> Problem:
    """One file-level problem naming what is wrong with the header: it is gone, or columns are missing."""
    if index is None:
        reason = f"không tìm thấy dòng tiêu đề của trang “{name}” (có thể đã bị xóa)"
        return Problem.make(Code.structure_broken, file=shown, sheet=name, reason=reason)
    missing = [c.label for c in TEMPLATE.columns if c.required and c.key not in columns]
    if missing:
        reason = "thiếu cột " + ", ".join(f"“{label}”" for label in missing)
    else:
        twice = [p.cell for p in found if p.code is Code.duplicate_column]
        reason = "có cột tiêu đề bị lặp lại ở ô " + ", ".join(str(c) for c in twice)
    return Problem.make(Code.structure_broken, file=shown, sheet=name, cell=f"{index + 1}:{index + 1}", reason=reason)


def _scan(path: Path, data: bytes, fmt: Format, sheet: str, book: calamine.CalamineWorkbook) -> Scan:
    try:
        if fmt in (Format.XLSX, Format.XLSM):
            scan = scan_xlsx(path, sheet)
        elif fmt is Format.ODS:
            scan = scan_ods(path, sheet)
        else:
            scan = scan_xls(data, sheet)  # .xls: formulas are not detected (calamine gives the cached values)
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError, *_XLRD_ERRORS):
        scan = Scan()  # the values were read; what cannot be scanned is only not flagged
    if fmt is not Format.ODS:
        ranges = book.get_sheet_by_name(sheet).merged_cell_ranges or []
        scan.merged.extend(((r1, c1), (r2, c2)) for (r1, c1), (r2, c2) in ranges)
    return scan


def _unlegacy(raw: object, cell: str, font: str | None, where: dict[str, Any], problems: list[Problem]) -> object:
    """Text typed with an old TCVN3/VNI font reads as mojibake ("§ang thùc hiÖn"): convert it, and say so.
    The cell's font, when it names one of those fonts, settles the table (and a TCVN3 "H" font the case)."""
    if not isinstance(raw, str):
        return raw
    encoding = detect_legacy(raw, font)
    if encoding is None:
        return raw
    text = to_unicode(raw, encoding, capital_font=is_capital_font(font))
    problems.append(
        Problem.make(Code.legacy_encoding, cell=cell, value=text, encoding=_LEGACY_NAMES[encoding], **where)
    )
    return text


def _rows(table: Table, scan: Scan, where: dict[str, Any], problems: list[Problem]) -> tuple[SubmittedRow, ...]:
    rows = []
    columns = {key: index - 1 for key, index in table.columns.items()}  # 0-based
    covered = _merged_rows(scan.merged, columns)
    for row in table.rows:
        if all(is_blank(row.get(k)) for k in _ROW_KEYS if k in columns):
            continue  # the signature block or a note under the table, not a task
        raw = {key: row.get(key) for key in columns}
        r = row.number - 1
        # only what a unit types can be in an old font; the locked cells were written by sheetsync
        for key in [k for k in STATUS_KEYS if k in raw]:
            raw[key] = _unlegacy(raw[key], row.cell(key), scan.fonts.get((r, columns[key])), where, problems)
        values = {key: clean_value(key, value) for key, value in raw.items()}
        if "progress" in columns and (r, columns["progress"]) in scan.percent:
            values["progress"] = _as_shown(values["progress"])
        formulas = frozenset(k for k, c in columns.items() if (r, c) in scan.formulas)
        errors = {k: scan.errors[(r, c)] for k, c in columns.items() if (r, c) in scan.errors}
        merged = frozenset(k for k, spans in covered.items() if _within(spans, r))
        code = values.get("code")
        role = values.get("role")
        rows.append(
            SubmittedRow(
                number=row.number,
                code=code if isinstance(code, str) else "",
                role=role if isinstance(role, str) else "",
                values=values,
                cells={key: row.cell(key) for key in columns},
                formulas=formulas,
                merged=merged,
                errors=errors,
            )
        )
    return tuple(rows)


def _merged_rows(merged: list[tuple[tuple[int, int], tuple[int, int]]], columns: dict[str, int]) -> dict[str, Spans]:
    """For each report column, the rows merged ranges cover there: one pass over the ranges, then a bisect
    per row (checking every range for every cell took hours on a hostile file of thousands of each)."""
    found: dict[str, list[tuple[int, int]]] = {key: [] for key in columns}
    for (top, left), (bottom, right) in merged:
        for key, column in columns.items():
            if left <= column <= right:
                found[key].append((top, bottom))
    return {
        key: (sorted(spans), list(itertools.accumulate((b for _, b in sorted(spans)), max)))
        for key, spans in found.items()
    }


def _within(spans: Spans, row: int) -> bool:
    ranges, reach = spans  # ranges by first row; reach[i] = the last row any of the first i + 1 ranges covers
    i = bisect.bisect_right(ranges, (row, 1 << 62)) - 1
    return i >= 0 and reach[i] >= row


def _as_shown(value: object) -> object:
    """A percent-formatted number as the unit sees it: Excel stores "50%" typed in a cell as 0.5."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = round(value * 100, 6)
        return int(shown) if shown.is_integer() else shown
    return value


def _find_label(grid: Grid, label: str, above: int) -> tuple[int, int] | None:
    wanted = label_key(label)
    for r, row in enumerate(grid[: above - 1]):
        for c, value in enumerate(row):
            if isinstance(value, str) and label_key(value) == wanted:
                return r, c
    return None


def _beside(grid: Grid, label: str, above: int) -> str:
    found = _find_label(grid, label, above)
    if found is None:
        return ""
    r, c = found
    value = clean_value("reporter", grid[r][c + 1] if c + 1 < len(grid[r]) else None)
    return value if isinstance(value, str) else ""


def _report_date(
    grid: Grid,
    header_row: int,
    path: Path,
    fallback: tuple[dt.date, str] | None,
    where: dict[str, Any],
    problems: list[Problem],
) -> tuple[str, dt.date | None, str]:
    """(cell, date, source): the cell right of the "Ngày báo cáo" label, or the caller's date with a warning."""
    found = _find_label(grid, REPORT_DATE_LABEL, header_row)
    cell = ""
    if found is not None:
        r, c = found
        cell = f"{column_letter(c + 2)}{r + 1}"
        raw = grid[r][c + 1] if c + 1 < len(grid[r]) else None
        parsed = parse_cell_date(raw, default_year=PROGRAM_YEAR)
        if isinstance(parsed, BadDate):
            # the report date orders reports (an older one never overwrites a newer one): no guessing
            problems.append(Problem.make(Code.bad_date, cell=cell, value=parsed.text, level=Level.FILE, **where))
            return cell, None, "cell"
        if parsed is not None:
            return cell, parsed, "cell"
    if fallback is None:
        fallback = (dt.date.fromtimestamp(path.stat().st_mtime), "file")
    day, source = fallback
    shown_source = _FALLBACK_SOURCES.get(source, source)
    problems.append(
        Problem.make(Code.report_date_missing, cell=cell or None, value=format_date(day), source=shown_source, **where)
    )
    return cell, day, source
