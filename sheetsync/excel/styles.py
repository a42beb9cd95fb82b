"""Fonts, fills, borders and alignments of every workbook the tool writes, as named constants.

Times New Roman, as NĐ 30/2020/NĐ-CP asks of administrative documents; soft fills that still tell
apart when printed on an office laser printer; one fill and font per assessment (Đánh giá) value.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from sheetsync.schema import Assessment, Writer

FONT_NAME = "Times New Roman"

# --- fonts -----------------------------------------------------------------------------------------
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
AUTHORITY_FONT = Font(name=FONT_NAME, size=13, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=13, italic=True)
HEADER_FONT = Font(name=FONT_NAME, size=12, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=12)
BOLD_FONT = Font(name=FONT_NAME, size=12, bold=True)
ITALIC_FONT = Font(name=FONT_NAME, size=12, italic=True)
SECTION_FONT = Font(name=FONT_NAME, size=13, bold=True)
CODE_FONT = Font(name="Consolas", size=11)
# the "this is a sample" warning must be seen before anything else on the guide sheet
WARNING_FONT = Font(name=FONT_NAME, size=12, bold=True, color="9C0006")


# --- fills -----------------------------------------------------------------------------------------
def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


NO_FILL = PatternFill(fill_type=None)
# header tints tell staff who owns a column: the office (blue), the units through templates (green),
# the tool (grey: do not type here, the next run overwrites it)
HEADER_FILL = _fill("DDEBF7")
UNIT_HEADER_FILL = _fill("E2EFDA")
TOOL_HEADER_FILL = _fill("E7E6E6")
HEADER_FILLS: dict[Writer, PatternFill] = {
    Writer.OFFICE: HEADER_FILL,
    Writer.LEAD: UNIT_HEADER_FILL,
    Writer.COORDINATING: UNIT_HEADER_FILL,
    Writer.TOOL: TOOL_HEADER_FILL,
}
# tool-owned body cells: a faint grey so the column reads as "not for typing"
TOOL_CELL_FILL = _fill("F7F7F7")
WARNING_FILL = _fill("FFF2CC")
# cells a person types in (a unit in its template, the office in the Decision's number): pale yellow, the
# convention of Vietnamese office forms
INPUT_FILL = _fill("FFF9DB")
CODE_FILL = _fill("F2F2F2")

# --- borders and alignment ---------------------------------------------------------------------------
THIN = Side(style="thin", color="808080")
THIN_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_BORDER = Border(
    left=THIN, right=THIN, top=Side(style="thin", color="404040"), bottom=Side(style="medium", color="404040")
)
WARNING_BORDER = Border(
    left=Side(style="medium", color="C00000"),
    right=Side(style="medium", color="C00000"),
    top=Side(style="medium", color="C00000"),
    bottom=Side(style="medium", color="C00000"),
)

WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
TITLE_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(vertical="top")

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"


# --- assessment (Đánh giá) ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Look:
    fill: PatternFill
    font: Font


# red: overdue; amber: due soon; green: done on time; purple: done late (not orange, which
# prints too close to red and amber); blue: on track; grey: ongoing, never overdue
OVERDUE_FILL, OVERDUE_FONT = _fill("FFC7CE"), Font(name=FONT_NAME, size=12, bold=True, color="9C0006")
DUE_SOON_FILL, DUE_SOON_FONT = _fill("FFEB9C"), Font(name=FONT_NAME, size=12, bold=True, color="7F4F00")
DONE_ON_TIME_FILL, DONE_ON_TIME_FONT = _fill("C6EFCE"), Font(name=FONT_NAME, size=12, color="006100")
DONE_LATE_FILL, DONE_LATE_FONT = _fill("E4DFEC"), Font(name=FONT_NAME, size=12, color="5B2C83")
ON_TRACK_FILL, ON_TRACK_FONT = _fill("DDEBF7"), Font(name=FONT_NAME, size=12, color="1F4E79")
ONGOING_FILL, ONGOING_FONT = _fill("EDEDED"), Font(name=FONT_NAME, size=12, color="404040")

ASSESSMENT_LOOKS: dict[Assessment, Look] = {
    Assessment.OVERDUE: Look(OVERDUE_FILL, OVERDUE_FONT),
    Assessment.DUE_SOON: Look(DUE_SOON_FILL, DUE_SOON_FONT),
    Assessment.DONE_ON_TIME: Look(DONE_ON_TIME_FILL, DONE_ON_TIME_FONT),
    Assessment.DONE_LATE: Look(DONE_LATE_FILL, DONE_LATE_FONT),
    Assessment.ON_TRACK: Look(ON_TRACK_FILL, ON_TRACK_FONT),
    Assessment.ONGOING: Look(ONGOING_FILL, ONGOING_FONT),
}
