"""The unit directory: find a unit by code, name or alias, and split a cell that names several units."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sheetsync.core.text import clean, fold


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    email: str = ""
    contact: str = ""
    phone: str = ""
    parent: str = ""  # the parent body printed above the unit's name ("" = none)
    signer: str = ""  # the title its head signs under ("" = schema.DEFAULT_SIGNER)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.code, self.name, *self.aliases)


@dataclass(frozen=True)
class Match:
    """The result of a look-up: one unit, none, or several (ambiguous)."""

    text: str
    units: tuple[Unit, ...] = ()

    @property
    def unit(self) -> Unit | None:
        return self.units[0] if len(self.units) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.units) > 1


# Separators a person uses between units in one cell; ',' is handled apart (see split_units).
_HARD_SEPARATORS = re.compile(r"[;\n\r]+")
# Bullets at the start of a line in multi-line cells ("- Công an phường").
_SEEN_LIMIT = 50_000
_BULLET = re.compile(r"^\s*(?:[-+•*·]|\d+[.)])\s*")


@dataclass
class UnitDirectory:
    units: tuple[Unit, ...]
    _index: dict[str, list[Unit]] = field(default_factory=dict, repr=False)
    # look-ups already made: every row of every report names units again (a ward-year merge: ~100,000)
    _seen: dict[str, Match] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            for name in unit.names:
                key = fold(name)
                if not key:
                    continue
                bucket = self._index.setdefault(key, [])
                if unit not in bucket:
                    bucket.append(unit)

    def by_code(self, code: str) -> Unit | None:
        for unit in self.units:
            if unit.code == code:
                return unit
        return None

    def lookup(self, text: object) -> Match:
        if isinstance(text, str) and (known := self._seen.get(text)) is not None:
            return known
        found = self._lookup(text)
        if isinstance(text, str) and len(self._seen) < _SEEN_LIMIT:
            self._seen[text] = found
        return found

    def _lookup(self, text: object) -> Match:
        shown = clean(str(text)) if text is not None else ""
        shown = _BULLET.sub("", shown).rstrip(".;, ")
        return Match(shown, tuple(self._index.get(fold(shown), ())))

    def conflicts(self) -> list[tuple[str, tuple[Unit, ...]]]:
        """Names or aliases shared by two units: look-ups by them would be ambiguous."""
        return [(key, tuple(units)) for key, units in self._index.items() if len(units) > 1]

    def split(self, text: object) -> list[Match]:
        """Split a cell naming zero or more units.

        `;` and new lines always separate. A `,` separates only where every piece is a known unit,
        because "Phòng Kinh tế, Hạ tầng và Đô thị" is one unit (SPEC.md).
        """
        if text is None:
            return []
        matches: list[Match] = []
        for chunk in _HARD_SEPARATORS.split(str(text)):
            chunk = _BULLET.sub("", clean(chunk)).strip(" ,.")
            if not chunk:
                continue
            whole = self.lookup(chunk)
            if whole.units:
                matches.append(whole)
                continue
            pieces = [p for p in (self.lookup(piece) for piece in chunk.split(",")) if p.text]
            if len(pieces) > 1 and all(p.units for p in pieces):
                matches.extend(pieces)
            else:
                matches.append(whole)
        return matches


def directory(units: Iterable[Unit]) -> UnitDirectory:
    return UnitDirectory(tuple(units))


def office_unit(units: UnitDirectory, office_name: str) -> Unit | None:
    """The office's own row of "Đơn vị" (its contact person, phone and address), by name, else by "VP"."""
    return units.lookup(office_name).unit or units.lookup("VP").unit
