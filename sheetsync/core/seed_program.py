"""Read the 29 items and the program's name out of the program's own text (the draft Quyết định), verbatim.

The shipped data (scripts/data/chuong_trinh_2026.toml) was read out of this text once; a test parses the text
again and compares, so the master's "Nội dung nhiệm vụ" cannot drift from the program (SPEC "The seed program").
Mapping (SPEC): in pillar P, "Nhiệm vụ N" of "P.1. Nội dung" is P.1.N; the bullets of "P.2. Giải pháp trọng
tâm", in order, are P.2.1, P.2.2, ... Text is the program's wording, NFC, whitespace tidied (a bullet the
program splits over a blank line is joined), nothing else changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sheetsync.core.text import clean

__all__ = ["SeedItem", "parse_program_name", "parse_seed_items"]


@dataclass(frozen=True)
class SeedItem:
    code: str
    pillar: str
    content: str


_PART_II = re.compile(r"^II\.\s+NỘI DUNG NHIỆM VỤ")
_PART_III = re.compile(r"^III\.\s+TỔ CHỨC THỰC HIỆN")
_PILLAR = re.compile(r"^([1-9])\.\s+(\S.*)$")
_SECTION = re.compile(r"^([1-9])\.([12])\.\s+(Nội dung|Giải pháp trọng tâm)$")
_BULLET = re.compile(r"^-\s+(.*)$")
_NUMBERED = re.compile(r"^Nhiệm vụ\s+([1-9]\d*)\s*:\s*(.*)$")
# the Decision's title line: "Ban hành Chương trình hành động thực hiện Chủ đề năm 2026 của phường về “…”"
_DECISION_TITLE = re.compile(r"^Ban hành\s+(Chương trình hành động\b.*”)\s*$")


def _lines(text: str) -> list[str]:
    return [clean(line) for line in text.splitlines()]


def parse_seed_items(text: str) -> list[SeedItem]:
    """Every item of part II, in program order. Raises ValueError on a text that breaks the program's shape."""
    items: list[SeedItem] = []
    pillars: dict[int, str] = {}
    pillar = section = 0
    inside = False
    current: list[str] | None = None  # [code, pillar name, text so far]

    def finish() -> None:
        nonlocal current
        if current is not None:
            items.append(SeedItem(current[0], current[1], clean(current[2])))
            current = None

    for line in _lines(text):
        if _PART_II.match(line):
            inside = True
            continue
        if not inside:
            continue
        if _PART_III.match(line):
            break
        if not line:
            continue
        if heading := _SECTION.match(line):
            finish()
            pillar, section = int(heading[1]), int(heading[2])
            if pillar not in pillars:
                raise ValueError(f"section {line!r} before its pillar heading")
            continue
        if heading := _PILLAR.match(line):
            finish()
            pillar, section = int(heading[1]), 0
            pillars[pillar] = heading[2]
            continue
        if bullet := _BULLET.match(line):
            finish()
            if not section:
                raise ValueError(f"bullet outside a section: {line[:60]!r}")
            body = bullet[1]
            if section == 1:
                numbered = _NUMBERED.match(body)
                if numbered is None:
                    raise ValueError(f"a 'Nội dung' bullet without 'Nhiệm vụ N:': {line[:60]!r}")
                number, body = int(numbered[1]), numbered[2]
            else:
                number = 1 + sum(1 for i in items if i.code.startswith(f"{pillar}.2."))
            current = [f"{pillar}.{section}.{number}", pillars[pillar], body]
            continue
        if current is None:
            raise ValueError(f"text outside an item: {line[:60]!r}")
        # the program breaks a bullet over a blank line (1.2.1): the rest belongs to the same item
        current[2] = f"{current[2]} {line}"
    finish()
    return items


def parse_program_name(text: str) -> str:
    """The program's own name, as the Decision's title line gives it (without "Ban hành")."""
    for line in _lines(text):
        if found := _DECISION_TITLE.match(line):
            return found[1].replace("*", "")
    raise ValueError("no 'Ban hành Chương trình hành động …' line in the text")
