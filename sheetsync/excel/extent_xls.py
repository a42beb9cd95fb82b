"""How far each sheet of an .xls reaches and how much text its cells hold, from the BIFF records: the same
bounds as extent.py sets for .xlsx and .ods, before calamine lays the sheets out (its DIMENSIONS record
may lie). A LABELSST cell gets its own copy of a string of the shared string table: each is counted as
long as the longest string the table can hold (its size, at most 65,535 UTF-16 characters)."""

from __future__ import annotations

import struct

from sheetsync.excel.extent import Box, Extent, Tally, Total

__all__ = ["oversized_xls"]

_BOF, _EOF, _BOUNDSHEET, _SST, _CONTINUE, _LABELSST = 0x0809, 0x000A, 0x0085, 0x00FC, 0x003C, 0x00FD
_MERGEDCELLS = 0x00E5
_LONGEST_STRING = 2 * 65_535
_CELL_RECORDS = frozenset({0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0406})
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column … last column


def oversized_xls(stream: bytes) -> Extent | Total | None:
    """The first worksheet of a BIFF workbook stream whose cell records span more than the limits, or the
    total of all of them."""
    tally, names = Tally(), list[str]()
    box, sheet, index = Box(), "", -1
    offset, table, previous = 0, 0, 0
    while offset + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4 : offset + 4 + size]
        offset += 4 + size
        if kind == _SST or (kind == _CONTINUE and previous in (_SST, _CONTINUE) and index == 0):
            table += size  # the shared string table and its continuations, in the workbook globals
        previous = kind if kind != _CONTINUE else previous
        if kind == _BOUNDSHEET and len(body) >= 8:
            names.append(_sheet_name(body))
        elif kind == _BOF:
            index += 1
            box, sheet = Box(), names[index - 1] if 0 < index <= len(names) else f"trang {index}"
        elif kind == _EOF:
            if refusal := tally.add(box.extent(sheet), box.text, box.merged):
                return refusal
            box = Box()
        elif kind in _CELL_RECORDS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
            box.add(row, column)
            if kind == _LABELSST:
                box.text += min(table, _LONGEST_STRING)
        elif kind == _MERGEDCELLS and len(body) >= 2:
            box.merged += struct.unpack_from("<H", body)[0]
        elif kind in _MULTI_RECORDS and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            box.add(row, first, 1, max(last - first + 1, 1))
    return tally.add(box.extent(sheet), box.text, box.merged)  # a stream cut before its last EOF


def _sheet_name(body: bytes) -> str:
    length, flags = body[6], body[7] if len(body) > 7 else 0
    try:
        if flags & 1:
            return body[8 : 8 + 2 * length].decode("utf-16-le")
        return body[8 : 8 + length].decode("latin-1")
    except UnicodeDecodeError:
        return ""
