"""Replace one coordinating unit's paragraph in "Ý kiến đơn vị phối hợp", keeping every other line as it is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sheetsync.core.dates import parse_date_text
from sheetsync.core.text import nfc
from sheetsync.core.units import UnitDirectory

__all__ = ["Paragraph", "normalize_text", "render", "split_paragraphs", "with_paragraph"]

# the same opening line core.opinions reads: "Công an phường (05/12/2026): …"
_OPENING = re.compile(r"^(?P<name>[^\n()]+?) \((?P<date>\d{1,2}/\d{1,2}/\d{4})\):[ \t]?(?P<rest>.*)$")


@dataclass(frozen=True)
class Paragraph:
    unit_code: str | None  # None: lines staff typed above the first unit's paragraph (kept as they are)
    day: date | None
    text: str  # the paragraph's lines, opening line included


def normalize_text(value: object) -> str:
    """Cell text as stored and compared: NFC, Windows line ends unified, no trailing spaces, trimmed."""
    if value is None:
        return ""
    lines = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def split_paragraphs(text: object, units: UnitDirectory) -> list[Paragraph]:
    """The cell cut at every line that opens a known unit's paragraph; the lines under it belong to it."""
    paragraphs: list[Paragraph] = []
    for line in normalize_text(text).split("\n") if text else []:
        opening = _OPENING.match(line.strip())
        unit = units.lookup(opening["name"]).unit if opening else None
        if opening and unit is not None:
            paragraphs.append(Paragraph(unit.code, parse_date_text(opening["date"]), line))
        elif paragraphs:
            paragraphs[-1] = replace(paragraphs[-1], text=f"{paragraphs[-1].text}\n{line}")
        else:
            paragraphs.append(Paragraph(None, None, line))
    return paragraphs


def render(paragraphs: Sequence[Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)


def with_paragraph(paragraphs: Sequence[Paragraph], unit_code: str, day: date, text: str) -> list[Paragraph]:
    """The unit's paragraph replaced where it stands (or added last); a second copy of it (pasted twice) goes."""
    new = Paragraph(unit_code, day, text)
    result: list[Paragraph] = []
    placed = False
    for paragraph in paragraphs:
        if paragraph.unit_code != unit_code:
            result.append(paragraph)
        elif not placed:
            result.append(new)
            placed = True
    return result if placed else [*result, new]
