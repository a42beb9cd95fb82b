"""Nhật ký as plain values: which unit reported for which period, when, and whether it was accepted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sheetsync.core.dates import BadDate, parse_cell_date
from sheetsync.core.table import Table
from sheetsync.core.text import clean, fold
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.schema import Outcome

__all__ = ["ACCEPTED", "JournalEntry", "journal_entries", "last_reports", "reported_units", "unit_of"]

# a submission counts as a report when it was applied, in full or in part, or restated what is there
ACCEPTED: frozenset[Outcome] = frozenset({Outcome.ACCEPTED, Outcome.PARTIAL, Outcome.NO_CHANGE})
_OUTCOMES = {fold(o.value): o for o in Outcome}


@dataclass(frozen=True)
class JournalEntry:
    unit: str  # as written: code, name or alias
    period: str
    report_date: dt.date | None  # Ngày báo cáo, else the day the file was processed
    outcome: Outcome | None
    processed: dt.date | None = None  # the day the tool read the file (Thời gian)

    @property
    def accepted(self) -> bool:
        return self.outcome in ACCEPTED


def _date(value: object) -> dt.date | None:
    parsed = parse_cell_date(value)
    return None if parsed is None or isinstance(parsed, BadDate) else parsed


def journal_entries(table: Table) -> list[JournalEntry]:
    entries = []
    for row in table.rows:
        raw_outcome = row.get("result")
        entries.append(
            JournalEntry(
                unit=clean(str(row.get("unit") or "")),
                period=clean(str(row.get("period") or "")),
                report_date=_date(row.get("report_date")) or _date(row.get("time")),
                outcome=_OUTCOMES.get(fold(raw_outcome)) if raw_outcome is not None else None,
                processed=_date(row.get("time")),
            )
        )
    return entries


def unit_of(entry: JournalEntry, units: UnitDirectory) -> Unit | None:
    found = units.lookup(entry.unit).unit
    if found is None and entry.unit:
        # "VP - Văn phòng HĐND và UBND": the code in front is enough
        found = units.lookup(entry.unit.replace("–", "-").split(" - ")[0]).unit
    return found


def last_reports(entries: Iterable[JournalEntry], units: UnitDirectory) -> dict[str, dt.date]:
    """Unit code → date of its latest accepted report, any period."""
    latest: dict[str, dt.date] = {}
    for entry in entries:
        unit = unit_of(entry, units)
        if unit is None or not entry.accepted or entry.report_date is None:
            continue
        if unit.code not in latest or entry.report_date > latest[unit.code]:
            latest[unit.code] = entry.report_date
    return latest


def reported_units(entries: Iterable[JournalEntry], units: UnitDirectory, period: str) -> set[str]:
    """Codes of the units with an accepted submission for `period` (SPEC.md: "has reported")."""
    wanted = fold(period)
    found = set()
    for entry in entries:
        unit = unit_of(entry, units)
        if unit is not None and entry.accepted and fold(entry.period) == wanted:
            found.add(unit.code)
    return found
