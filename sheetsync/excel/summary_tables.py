"""The tables of "Tổng hợp" as header and row values (what goes where); summary_sheet draws them."""

from __future__ import annotations

from dataclasses import dataclass

from sheetsync.core.dates import format_date
from sheetsync.core.numbers import format_percent
from sheetsync.core.summary import Counts, Summary
from sheetsync.schema import TASKS, UNITS, Assessment

__all__ = [
    "CATEGORY_ORDER",
    "Col",
    "TableSpec",
    "attention_table",
    "days_text",
    "pillar_table",
    "reminder_table",
    "unit_table",
]

# done first, then what needs action, then what does not: the order of the official sentence
CATEGORY_ORDER: tuple[Assessment, ...] = (
    Assessment.DONE_ON_TIME,
    Assessment.DONE_LATE,
    Assessment.OVERDUE,
    Assessment.DUE_SOON,
    Assessment.ON_TRACK,
    Assessment.ONGOING,
)
UNASSESSED = "Chưa xác định thời hạn"
TOTAL = "Tổng cộng"


@dataclass(frozen=True)
class Col:
    header: str
    span: int = 1
    align: str = "center"


@dataclass(frozen=True)
class TableSpec:
    cols: tuple[Col, ...]
    rows: tuple[tuple[object, ...], ...]
    bold_last: bool = False  # the last row is a "Tổng cộng"
    looks: tuple[Assessment | None, ...] = ()  # per row: paint the last cell in this Đánh giá's colours

    def column_of(self, header: str) -> int:
        """1-based grid column where `header`'s cells start."""
        column = 1
        for col in self.cols:
            if col.header == header:
                return column
            column += col.span
        raise KeyError(header)


def _count_cols(summary: Summary) -> tuple[Col, ...]:
    cols = [Col("Tổng số"), *(Col(a.value) for a in CATEGORY_ORDER)]
    if summary.any_unassessed:
        cols.append(Col(UNASSESSED))
    return (*cols, Col("Tỷ lệ hoàn thành"))


def _count_values(summary: Summary, counts: Counts) -> tuple[object, ...]:
    values: list[object] = [counts.total, *(counts[a] for a in CATEGORY_ORDER)]
    if summary.any_unassessed:
        values.append(counts.unassessed)
    return (*values, format_percent(counts.done_share))


def pillar_table(summary: Summary) -> TableSpec:
    rows = [(i, c.label, *_count_values(summary, c)) for i, c in enumerate(summary.pillars, start=1)]
    rows.append(("", TOTAL, *_count_values(summary, summary.total)))
    cols = (Col("STT"), Col(TASKS.label("pillar"), 2, "left"), *_count_cols(summary))
    return TableSpec(cols, tuple(rows), bold_last=True)


def unit_table(summary: Summary) -> TableSpec:
    """One row per lead unit (the chart reads these rows), then the total."""
    reported = {True: "Đã báo cáo", False: "Chưa báo cáo", None: "-"}
    rows = [
        (
            i,
            line.counts.label,
            *_count_values(summary, line.counts),
            format_date(line.last_report) if line.last_report else "Chưa có",
            reported[line.reported],
        )
        for i, line in enumerate(summary.units, start=1)
    ]
    rows.append(("", TOTAL, *_count_values(summary, summary.total), "", ""))
    cols = (
        Col("STT"),
        Col(TASKS.label("lead"), 2, "left"),
        *_count_cols(summary),
        Col("Báo cáo gần nhất"),
        Col("Báo cáo kỳ này" if summary.period else "Báo cáo kỳ hiện tại"),
    )
    return TableSpec(cols, tuple(rows), bold_last=True)


def days_text(days_left: int) -> str:
    if days_left < 0:
        return f"Quá hạn {-days_left} ngày"
    if days_left == 0:
        return "Đến hạn hôm nay"
    return f"Còn {days_left} ngày"


def attention_table(summary: Summary) -> TableSpec:
    rows = tuple(
        (i, a.code, a.content, a.lead, format_date(a.due), days_text(a.days_left), a.assessment.value)
        for i, a in enumerate(summary.attention, start=1)
    )
    cols = (
        Col("STT"),
        Col(TASKS.label("code")),
        Col(TASKS.label("content"), 5, "left"),
        Col(TASKS.label("lead"), 2, "left"),
        Col(TASKS.label("due")),
        Col("Số ngày"),
        Col(TASKS.label("assessment"), 2),
    )
    return TableSpec(cols, rows, looks=tuple(a.assessment for a in summary.attention))


def reminder_table(summary: Summary) -> TableSpec:
    rows = tuple(
        (
            i,
            r.unit.name,
            r.unit.contact,
            r.unit.phone,
            r.unit.email,
            format_date(r.last_report) if r.last_report else "Chưa có",
        )
        for i, r in enumerate(summary.reminders, start=1)
    )
    cols = (
        Col("STT"),
        Col("Đơn vị", 2, "left"),
        Col(UNITS.label("contact"), 3, "left"),
        Col(UNITS.label("phone"), 2),
        Col(UNITS.label("email"), 3, "left"),
        Col("Báo cáo gần nhất", 2),
    )
    return TableSpec(cols, rows)
