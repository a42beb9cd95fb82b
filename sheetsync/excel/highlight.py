"""Conditional formatting on "Nhiệm vụ" that recomputes Đánh giá colours from TODAY(), so they stay true."""

from __future__ import annotations

from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from sheetsync.core.table import column_letter
from sheetsync.excel import styles
from sheetsync.schema import Assessment, Status

__all__ = ["MARKER", "apply_highlighting", "is_ours", "remove_highlighting", "rule_formulas"]

# Every formula of ours carries this always-true term, so a later run finds and replaces exactly its own
# rules, whatever range they ended up on, and never touches the rules staff made themselves.
MARKER = 'N("sheetsync")=0'
_MARKER_KEY = '"sheetsync"'
# rows below the last task that are coloured too, so a task staff add by hand is covered (as build_master)
SPARE_ROWS = 50


def rule_formulas(letters: dict[str, str], first_row: int, warn_days: int) -> dict[Assessment, str]:
    """One formula per Đánh giá value, relative to `first_row` (Excel/LibreOffice syntax, no leading "=").

    They mirror core.assess: done or not by Tình trạng; the completion date is Ngày hoàn thành, else
    Ngày cập nhật; Hạn chót empty = ongoing. Where the cells cannot say (no Hạn chót yet on a row added
    by hand, a date typed as text, an unreadable Thời hạn), the rule falls back to the Đánh giá the tool
    wrote on its last run, so the colours agree with the text on the run date and move with TODAY() after.
    """
    r = first_row
    due, status = f"${letters['due']}{r}", f"${letters['status']}{r}"
    done_on, updated = f"${letters['completed_on']}{r}", f"${letters['updated_on']}{r}"
    shown = f"${letters['assessment']}{r}"
    done = f'TRIM({status})="{Status.DONE.value}"'
    # Excel and LibreOffice both treat an empty cell as equal to ""
    computable = f'AND(ISNUMBER({due}),OR(NOT({done}),ISNUMBER({done_on}),AND({done_on}="",ISNUMBER({updated}))))'
    finished = f"INT(IF(ISNUMBER({done_on}),{done_on},{updated}))"
    conditions = {
        Assessment.DONE_ON_TIME: f"AND({done},{finished}<={due})",
        Assessment.DONE_LATE: f"AND({done},{finished}>{due})",
        Assessment.OVERDUE: f"AND(NOT({done}),{due}<TODAY())",
        Assessment.DUE_SOON: f"AND(NOT({done}),{due}>=TODAY(),{due}-TODAY()<={warn_days})",
        Assessment.ON_TRACK: f"AND(NOT({done}),{due}-TODAY()>{warn_days})",
        Assessment.ONGOING: "FALSE",  # computable rows always have a Hạn chót
    }
    return {
        value: f'AND({MARKER},IF({computable},{condition},{shown}="{value.value}"))'
        for value, condition in conditions.items()
    }


def is_ours(rule: Rule) -> bool:
    return any(_MARKER_KEY in (formula or "").replace(" ", "") for formula in (rule.formula or ()))


def remove_highlighting(ws: Worksheet) -> int:
    """Drop the rules an earlier run added; staff's own rules stay, in their order. Returns how many went."""
    kept = ConditionalFormattingList()
    removed = 0
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if is_ours(rule):
                removed += 1
            else:
                kept.add(ConditionalFormatting(sqref=cf.sqref, pivot=cf.pivot), rule)
    ws.conditional_formatting = kept
    return removed


def _dxf(wb: Workbook, assessment: Assessment) -> DifferentialStyle:
    """The rule's look, reusing an identical one already in the file so re-runs add no styles."""
    look = styles.ASSESSMENT_LOOKS[assessment]
    # colour only: a dxf cannot change font name or size, and bold on a whole row overflows wrapped cells
    font = Font(color=look.font.color)
    wanted = DifferentialStyle(font=font, fill=look.fill)
    key = tostring(wanted.to_tree())
    # the workbook's dxf table has no public reader; a rule with an equal dxf reuses its entry on save
    for existing in wb._differential_styles.styles:  # type: ignore[attr-defined]  # DifferentialStyleList
        if tostring(existing.to_tree()) == key:
            return existing
    return wanted


def apply_highlighting(
    ws: Worksheet, columns: dict[str, int], *, header_row: int, last_row: int, warn_days: int
) -> list[Rule]:
    """Replace our rules on the task rows: the whole row takes the colour of its Đánh giá."""
    remove_highlighting(ws)
    letters = {key: column_letter(index) for key, index in columns.items()}
    first = header_row + 1
    last = max(last_row, first) + SPARE_ROWS
    left = column_letter(1)
    right = column_letter(max(ws.max_column, *columns.values()))
    target = f"{left}{first}:{right}{last}"
    # after staff's rules: where both apply, theirs win
    priority = max((rule.priority or 0 for cf in ws.conditional_formatting for rule in cf.rules), default=0)
    added = []
    book = ws.parent
    if book is None:
        raise ValueError(f"{ws.title}: a sheet outside any workbook has no style table for its rules")
    for offset, (assessment, formula) in enumerate(rule_formulas(letters, first, warn_days).items(), start=1):
        rule = Rule(type="expression", formula=[formula], dxf=_dxf(book, assessment), priority=priority + offset)
        ws.conditional_formatting.add(target, rule)
        added.append(rule)
    return added
