"""A unit's filled template as plain values: what the reader hands the merge, whatever the file format was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sheetsync.problems import Problem

# Signed.tasks values: the role the template was issued with (same strings as core.program.Task.role_of)
LEAD = "lead"
COORDINATING = "coordinating"


@dataclass(frozen=True)
class SubmittedRow:
    """One task row of the "Báo cáo" sheet, as the unit left it.

    `values` has every schema.TEMPLATE key whose column was found, cleaned but not judged:
    text NFC and trimmed (line breaks kept), None for a blank cell; numbers as the cell holds them;
    date columns (completed_on) already through core.dates.parse_cell_date, so date | BadDate | None.
    core.checks.row_values turns them into Status / number / date and reports what is wrong.
    """

    number: int  # 1-based row in the sheet
    code: str  # Mã NV as written (cleaned)
    role: str  # Vai trò as written ("Chủ trì" / "Phối hợp", may be edited)
    values: Mapping[str, object]  # template column key -> cleaned cell value (schema.TEMPLATE keys)
    cells: Mapping[str, str]  # template column key -> cell reference ("E12"), for messages
    formulas: frozenset[str] = frozenset()  # keys whose cell held a formula (value is the cached result)
    merged: frozenset[str] = frozenset()  # keys whose cell lies inside a merged range (value = top-left's)
    # keys whose cell shows an error value ("#NAME?", "#VALUE!"): its value reads blank, but it is no blank
    errors: Mapping[str, str] = field(default_factory=dict)

    def cell(self, key: str) -> str:
        return self.cells.get(key, str(self.number))


@dataclass(frozen=True)
class Signed:
    """What the office signed when it issued the template (HMAC-verified before the merge sees it)."""

    unit_code: str
    period: str
    version: int
    # task code -> role the template was issued with: LEAD ("lead") or COORDINATING ("coordinating")
    tasks: Mapping[str, str]
    # task code -> schema.STATUS_KEYS -> value shown in the template when issued: Status text (str),
    # progress (int | float), completed_on (dt.date), texts (str); None where the cell was empty
    issued: Mapping[str, Mapping[str, object]]
    issued_on: dt.date | None = None  # the day the `templates` run made the file
    # task code -> digest of the locked cells (Vai trò, Nội dung, Thời hạn) as issued; see core.signature
    fixed: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Submission:
    file: str  # name shown to people (for an .eml: "thu.eml › bao-cao.xlsx")
    sha256: str  # of the spreadsheet bytes
    sheet: str  # the sheet name as found in the file
    signed: Signed
    report_date: dt.date | None  # None only when the cell held an unreadable date (a file-level error)
    report_date_cell: str
    report_date_source: str  # "cell", "email" or "file" (modification time) — the latter two warn
    rows: tuple[SubmittedRow, ...] = ()
    # every problem found while reading (the same list read_submission returns): warnings such as
    # formula cells or a missing report date, and file-level errors that did not stop the reading
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    reporter: str = ""  # "Người báo cáo" as typed in the header block
    phone: str = ""  # "Điện thoại liên hệ"
