""" "Ý kiến đơn vị phối hợp": one paragraph per coordinating unit, written and read back in one fixed shape."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sheetsync.core.dates import format_date, parse_date_text
from sheetsync.core.text import fold, nfc
from sheetsync.core.units import UnitDirectory
from sheetsync.schema import OPINION_DIFFICULTIES, OPINION_PROPOSALS

__all__ = ["Opinion", "format_opinion", "parse_opinions"]

# "Công an phường (05/12/2026): Đã phối hợp …" opens a unit's paragraph; the section lines follow it
_OPENING = re.compile(r"^(?P<name>[^\n()]+?) \((?P<date>\d{1,2}/\d{1,2}/\d{4})\):[ \t]?(?P<rest>.*)$")
_SECTIONS = {fold(OPINION_DIFFICULTIES): "difficulties", fold(OPINION_PROPOSALS): "proposals"}


@dataclass(frozen=True)
class Opinion:
    unit_code: str
    report_date: dt.date | None
    result: str = ""
    difficulties: str = ""
    proposals: str = ""


def format_opinion(unit_name: str, report_date: dt.date, result: str, difficulties: str, proposals: str) -> str:
    """The paragraph a coordinating unit's contribution becomes (empty sections left out)."""
    lines = [f"{unit_name} ({format_date(report_date)}): {result}".rstrip()]
    if difficulties:
        lines.append(f"{OPINION_DIFFICULTIES}: {difficulties}")
    if proposals:
        lines.append(f"{OPINION_PROPOSALS}: {proposals}")
    return "\n".join(lines)


def parse_opinions(text: object, units: UnitDirectory) -> dict[str, Opinion]:
    """Each known unit's latest paragraph in the cell (by unit code). Text staff typed that does not open
    with a known unit's name and a date belongs to the paragraph above it (or to none)."""
    if not isinstance(text, str) or not text.strip():
        return {}
    found: dict[str, Opinion] = {}
    current: dict[str, list[str]] | None = None
    owner: tuple[str, dt.date | None] | None = None

    def close() -> None:
        if owner is None or current is None:
            return
        code, day = owner
        opinion = Opinion(code, day, *("\n".join(current[k]).strip() for k in ("result", "difficulties", "proposals")))
        previous = found.get(code)
        if previous is None or (day and (previous.report_date is None or day >= previous.report_date)):
            found[code] = opinion

    section = "result"
    for line in nfc(text).replace("\r\n", "\n").split("\n"):
        opening = _OPENING.match(line.strip())
        unit = units.lookup(opening["name"]).unit if opening else None
        if opening and unit is not None:
            close()
            owner = (unit.code, parse_date_text(opening["date"]))
            current = {"result": [opening["rest"]], "difficulties": [], "proposals": []}
            section = "result"
            continue
        if current is None:
            continue
        head, sep, rest = line.partition(":")
        key = _SECTIONS.get(fold(head)) if sep else None
        if key is not None:
            section = key
            current[section].append(rest.strip())
        else:
            current[section].append(line)
    close()
    return found
