"""Find a sheet's header row by text (not position) and turn the rows under it into plain records."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from sheetsync.core.text import fold, is_blank
from sheetsync.problems import Code, Problem
from sheetsync.schema import Sheet

# Title rows may sit above the header; staff rarely put more than a few.
HEADER_SCAN_ROWS = 30


def column_letter(index: int) -> str:
    """1-based column index → Excel letters (1 → A, 27 → AA)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def header_key(label: object) -> str:
    """Header matching ignores case, surrounding spaces, Unicode form (SPEC.md) — and stray diacritics."""
    return fold(label)


@dataclass(frozen=True)
class Row:
    number: int  # the sheet's 1-based row number
    values: Mapping[str, object]
    letters: Mapping[str, str]

    def get(self, key: str) -> object:
        return self.values.get(key)

    def cell(self, key: str) -> str:
        return f"{self.letters[key]}{self.number}"


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int  # 1-based
    columns: Mapping[str, int]  # key -> 1-based column index
    rows: tuple[Row, ...]
    extra_columns: tuple[str, ...] = ()  # headers staff added: kept untouched

    def letter(self, key: str) -> str:
        return column_letter(self.columns[key])


def locate_header(
    grid: Sequence[Sequence[object]], sheet: Sheet, *, sheet_name: str | None = None, file: str | None = None
) -> tuple[int | None, dict[str, int], list[Problem]]:
    """The header row (0-based index into grid) and each known column's 1-based index."""
    name = sheet_name or sheet.name
    wanted = {header_key(label): c.key for c in sheet.columns for label in (*c.former, c.label)}
    best: tuple[int, int] | None = None  # (hits, row index)
    for index, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        hits = len({wanted[k] for k in (header_key(v) for v in row) if k in wanted})
        if hits and (best is None or hits > best[0]):
            best = (hits, index)
    required = [c for c in sheet.columns if c.required]
    if best is None or best[0] < max(2, len(required) // 2):
        labels = ", ".join(c.label for c in required[:4]) + ", …"
        problem = Problem.make(Code.missing_header_row, file=file, sheet=name, sheet_name=name, labels=labels)
        return None, {}, [problem]
    index = best[1]
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for position, value in enumerate(grid[index], start=1):
        key = wanted.get(header_key(value))
        if key is None:
            continue
        if key in columns:
            problems.append(
                Problem.make(
                    Code.duplicate_column,
                    file=file,
                    sheet=name,
                    cell=f"{column_letter(position)}{index + 1}",
                    label=sheet.label(key),
                    other=column_letter(columns[key]),
                )
            )
            continue
        columns[key] = position
    for column in required:
        if column.key not in columns:
            near = _near_miss(grid[index], column.label, set(columns.values()))
            if near is not None:
                position, typed = near
                cell = f"{column_letter(position)}{index + 1}"
                problems.append(
                    Problem.make(
                        Code.near_miss_column, file=file, sheet=name, cell=cell, value=typed, label=column.label
                    )
                )
                continue
            problems.append(
                Problem.make(
                    Code.missing_column,
                    file=file,
                    sheet=name,
                    cell=f"{index + 1}:{index + 1}",
                    label=column.label,
                )
            )
    return index, columns, problems


_NOT_LETTERS = re.compile(r"[\W_]+")


def _near_miss(row: Sequence[object], label: str, taken: set[int]) -> tuple[int, str] | None:
    """The header cell that was meant to be `label` but was typed slightly differently ("Tiến độ(%)",
    "Tien do %", "Tình trạng:"): the same letters once spaces and punctuation are set aside, or nearly so."""
    wanted = _NOT_LETTERS.sub("", fold(label))
    best: tuple[float, int, str] | None = None
    for position, value in enumerate(row, start=1):
        if position in taken or is_blank(value):
            continue
        typed = _NOT_LETTERS.sub("", fold(value))
        score = 1.0 if typed == wanted else SequenceMatcher(None, typed, wanted).ratio()
        if score >= 0.85 and (best is None or score > best[0]):
            best = (score, position, str(value).strip())
    return None if best is None else (best[1], best[2])


def read_table(
    grid: Sequence[Sequence[object]], sheet: Sheet, *, sheet_name: str | None = None, file: str | None = None
) -> tuple[Table | None, list[Problem]]:
    """Records under the header row; blank rows skipped. None when the header is unusable."""
    name = sheet_name or sheet.name
    index, columns, problems = locate_header(grid, sheet, sheet_name=name, file=file)
    if index is None or any(p.code in (Code.missing_column, Code.near_miss_column) for p in problems):
        return None, problems
    letters = {key: column_letter(col) for key, col in columns.items()}
    rows = []
    for offset, raw in enumerate(grid[index + 1 :], start=index + 2):
        values = {key: (raw[col - 1] if col - 1 < len(raw) else None) for key, col in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append(Row(offset, values, letters))
    known = set(columns.values())
    extras = tuple(str(v) for pos, v in enumerate(grid[index], start=1) if pos not in known and not is_blank(v))
    return Table(name, index + 1, columns, tuple(rows), extras), problems
