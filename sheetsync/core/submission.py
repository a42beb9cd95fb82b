"""A unit's filled template as plain values: what the reader hands the merge, whatever the file format was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sheetsync.problems import Problem


@dataclass(frozen=True)
class SubmittedRow:
    """One task row of the "Báo cáo" sheet, as the unit left it."""

    number: int  # 1-based row in the sheet
    code: str  # Mã NV as written (cleaned)
    role: str  # Vai trò as written ("Chủ trì" / "Phối hợp", may be edited)
    values: Mapping[str, object]  # template column key -> cleaned cell value (schema.TEMPLATE keys)
    cells: Mapping[str, str]  # template column key -> cell reference ("E12"), for messages
    formulas: frozenset[str] = frozenset()  # keys whose cell held a formula (value is the cached result)

    def cell(self, key: str) -> str:
        return self.cells.get(key, str(self.number))


@dataclass(frozen=True)
class Signed:
    """What the office signed when it issued the template (HMAC-verified before the merge sees it)."""

    unit_code: str
    period: str
    version: int
    # task code -> role ("lead"/"coordinating") and the status values it was issued with
    tasks: Mapping[str, str]
    issued: Mapping[str, Mapping[str, object]]


@dataclass(frozen=True)
class Submission:
    file: str  # name shown to people (for an .eml: "thu.eml › bao-cao.xlsx")
    sha256: str  # of the spreadsheet bytes
    sheet: str  # the sheet name as found in the file
    signed: Signed
    report_date: dt.date | None
    report_date_cell: str
    report_date_source: str  # "cell", "email" or "file" (modification time) — the latter two warn
    rows: tuple[SubmittedRow, ...] = ()
    # problems found while reading (warnings: legacy encoding converted, formula cells, …)
    problems: tuple[Problem, ...] = field(default_factory=tuple)
