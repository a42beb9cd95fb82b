"""The "Ý kiến đơn vị phối hợp" cell: one paragraph per coordinating unit, "Tên đơn vị (dd/mm/yyyy): …"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sheetsync.core.dates import format_date, make_date
from sheetsync.core.text import nfc
from sheetsync.core.units import Unit, UnitDirectory
from sheetsync.schema import TEMPLATE

__all__ = ["Paragraph", "compose_body", "paragraph_of", "render", "split_opinions", "with_paragraph"]

# A paragraph starts on a line that opens with a unit's name and a report date in brackets; the
# following lines (a body may hold a list) belong to it until the next such line.
_HEAD = re.compile(r"(?P<name>\S.*?) \((?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\): ?(?P<rest>.*)")
_TRAILING = " \t;,."


@dataclass(frozen=True)
class Paragraph:
    unit_code: str | None  # None: text staff typed that belongs to no unit's paragraph (kept as it is)
    day: date | None
    head: str  # "Công an phường (12/03/2026): " or "" for free text
    body: str

    @property
    def text(self) -> str:
        return self.head + self.body


def normalize_text(value: object) -> str:
    """Cell text as stored and compared: NFC, Windows line ends unified, no trailing spaces, trimmed."""
    if value is None:
        return ""
    lines = nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def compose_body(result: object, difficulties: object = None, proposals: object = None) -> str:
    """A coordinating unit's contribution from its template row: Kết quả, then the labelled extras."""
    parts = []
    for key, value in (("result", result), ("difficulties", difficulties), ("proposals", proposals)):
        text = normalize_text(value).rstrip(_TRAILING)
        if not text:
            continue
        parts.append(text if key == "result" else f"{TEMPLATE.label(key)}: {text}")
    return ". ".join(parts) + "." if parts else ""


def split_opinions(text: object, units: UnitDirectory) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for line in normalize_text(text).split("\n") if text else []:
        m = _HEAD.fullmatch(line)
        unit = units.lookup(m["name"]).unit if m else None
        day = make_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
        if m and unit is not None and day is not None:
            paragraphs.append(Paragraph(unit.code, day, line[: m.start("rest")], m["rest"]))
        elif paragraphs:
            last = paragraphs[-1]
            paragraphs[-1] = replace(last, body=f"{last.body}\n{line}")
        else:
            paragraphs.append(Paragraph(None, None, "", line))
    return paragraphs


def render(paragraphs: Sequence[Paragraph]) -> str:
    return "\n".join(p.text for p in paragraphs)


def paragraph_of(paragraphs: Sequence[Paragraph], unit_code: str) -> Paragraph | None:
    return next((p for p in paragraphs if p.unit_code == unit_code), None)


def with_paragraph(paragraphs: Sequence[Paragraph], unit: Unit, day: date, body: str) -> list[Paragraph]:
    """Replace the unit's paragraph where it stands (or add it last); every other paragraph is kept."""
    new = Paragraph(unit.code, day, f"{unit.name} ({format_date(day)}): ", body)
    result: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.unit_code != unit.code:
            result.append(paragraph)
        elif new not in result:  # a second paragraph of the same unit (pasted twice) goes
            result.append(new)
    return result if new in result else [*result, new]
