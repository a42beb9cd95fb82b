"""Byte-level makers of broken and hostile spreadsheets, each from a real filled template where it can be.

Every maker writes `dest` and returns it; none takes more than a fraction of a second (the zip bomb is
built from one repeated deflate block, as tests/excel/test_gate.py does).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import msoffcrypto

# --- rewriting a package part by part ---------------------------------------------------------------


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_members(dest: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return dest


def rewrite(source: Path, dest: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    parts = members(source)
    parts[part] = edit(parts[part])
    return write_members(dest, parts)


def body_of(xml: bytes) -> bytes:
    """The part without its XML declaration."""
    return xml.split(b"?>", 1)[1].lstrip() if xml.startswith(b"<?xml") else xml


# --- not a spreadsheet at all -------------------------------------------------------------------------


def random_bytes(dest: Path, size: int = 8192) -> Path:
    dest.write_bytes(random.Random(6).randbytes(size))
    return dest


def csv_text(dest: Path) -> Path:
    dest.write_text("Mã NV,Vai trò,Tình trạng,Tiến độ (%)\n1.1.1,Chủ trì,xong,100\n", encoding="utf-8")
    return dest


def truncated(source: Path, dest: Path) -> Path:
    data = source.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    return dest


def encrypted(source: Path, dest: Path, password: str = "mat-khau") -> Path:
    with source.open("rb") as plain, dest.open("wb") as out:
        msoffcrypto.OfficeFile(plain).encrypt(password, out)
    return dest


# --- XML inside the package -------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n"
)


def entity_bomb(source: Path, dest: Path) -> Path:
    """Billion laughs in the report sheet (openpyxl writes its text inline), one text replaced by the entity
    that expands to 3 GB."""

    def edit(xml: bytes) -> bytes:
        return BILLION_LAUGHS + body_of(xml).replace(b"<t>", b"<t>&lol9;", 1)

    return rewrite(source, dest, "xl/worksheets/sheet1.xml", edit)


def external_entity(source: Path, dest: Path) -> Path:
    """XXE: the workbook part declares an entity read from the local disk and uses it as a sheet name."""

    def edit(xml: bytes) -> bytes:
        doctype = b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        body = body_of(xml)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + body.replace(b'name="', b'name="&xxe;', 1)

    return rewrite(source, dest, "xl/workbook.xml", edit)


# --- sizes --------------------------------------------------------------------------------------------


def _local_header(name: bytes, crc: int, csize: int, usize: int) -> bytes:
    return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, csize, usize, len(name), 0) + name


def _central_header(name: bytes, crc: int, csize: int, usize: int, offset: int) -> bytes:
    fields = (b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, csize, usize, len(name), 0, 0, 0, 0, 0, offset)
    return struct.pack("<4s6H3L5H2L", *fields) + name


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zip_bomb(source: Path, dest: Path, part: str = "xl/worksheets/sheet1.xml", inflated_mib: int = 2047) -> Path:
    """The template with `part` replaced by ~2 GB of zeros in ~2 MB: one 1 MiB deflate block, full-flushed
    so that it can be repeated, written with true sizes and CRC (a real bomb, not a lying header)."""
    block_source = bytes(1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(block_source) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * inflated_mib + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(inflated_mib):
        crc = zlib.crc32(block_source, crc)
    entries = [(n.encode(), zlib.crc32(d), _deflate(d), len(d)) for n, d in members(source).items() if n != part]
    entries.append((part.encode(), crc, stream, inflated_mib << 20))
    body, directory = io.BytesIO(), b""
    for name, member_crc, data, size in entries:
        offset = body.tell()
        body.write(_local_header(name, member_crc, len(data), size) + data)
        directory += _central_header(name, member_crc, len(data), size, offset)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), body.tell(), 0)
    dest.write_bytes(body.getvalue() + directory + end)
    return dest


def huge_sheet(source: Path, dest: Path, rows: int = 100_000) -> Path:
    """The report sheet with `rows` task-like rows pasted under the table (inline strings, as LibreOffice and
    many exporters write them): about 15 MB of XML, well under the zip size limits."""

    def edit(xml: bytes) -> bytes:
        first = 40
        pasted = b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>9.%d.%d</t></is></c>'
            b'<c r="B%d" t="inlineStr"><is><t>Ch\xe1\xbb\xa7 tr\xc3\xac</t></is></c><c r="F%d"><v>%d</v></c></row>'
            % (n, n, n % 9, n, n, n, n % 101)
            for n in range(first, first + rows)
        )
        return xml.replace(b"</sheetData>", pasted + b"</sheetData>")

    return rewrite(source, dest, "xl/worksheets/sheet1.xml", edit)


def far_cell(source: Path, dest: Path) -> Path:
    """One value at the sheet's last cell: calamine would lay out a 1,048,576 × 16,384 grid (550 GB)."""

    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')

    return rewrite(source, dest, "xl/worksheets/sheet1.xml", edit)


def long_text(source: Path, dest: Path, marker: str, length: int = 40_000) -> Path:
    """Replace the text `marker` typed in a cell by `length` characters: openpyxl and Excel cut a cell at
    32,767 characters when they write it, other programs do not, and a reader must not either."""
    needle = marker.encode()
    long = (marker * (length // len(marker) + 1))[:length].encode()

    def edit(xml: bytes) -> bytes:
        assert needle in xml
        return xml.replace(needle, long, 1)

    parts = members(source)
    part = next(n for n in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml") if needle in parts.get(n, b""))
    return rewrite(source, dest, part, edit)


def macro_enabled(source: Path, dest: Path) -> Path:
    """The template saved as .xlsm: macro content type and a VBA project that would run a shell on open."""
    parts = members(source)
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        .replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    )
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>',
    )
    # not a real VBA project (none can be built without Excel): bytes a macro runner would choke on
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b'Sub Auto_Open(): Shell "calc": End Sub'
    return write_members(dest, parts)


def nested_email(depth: int = 5000) -> bytes:
    """An e-mail of `depth` multipart parts each inside the last, a spreadsheet at the bottom: ~200 KB that
    exhausts the recursion of Python's e-mail parser."""
    head = "From: vhxh@example.vn\nTo: vanphong@example.vn\nSubject: Bao cao\nMIME-Version: 1.0\n"
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth))
    leaf = 'Content-Type: application/octet-stream\nContent-Disposition: attachment; filename="bc.xlsx"\n\nPK\n'
    closing = "".join(f"--b{i}--\n" for i in reversed(range(depth)))
    return (head + opening + leaf + closing).encode()


def shared_string_flood(source: Path, dest: Path, rows: int = 200, columns: int = 100) -> Path:
    """One 32,000-character shared string referred to by rows × columns cells under the table: a 50 KB file
    that calamine (a copy per cell) and Python (another) would grow to over a gigabyte."""
    parts = members(source)
    text = ("Báo cáo lặp lại. " * 2000)[:32_000]
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{text}</t></si></sst>"
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    letters = [chr(65 + c // 26 - 1) + chr(65 + c % 26) if c >= 26 else chr(65 + c) for c in range(columns)]
    flood = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="s"><v>0</v></c>' for col in letters) + "</row>"
        for r in range(100, 100 + rows)
    ).encode()
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", flood + b"</sheetData>")
    return write_members(dest, parts)


def merged_ranges(source: Path, dest: Path, count: int, first_row: int = 20) -> Path:
    """`count` merged ranges (two cells each, right of the table) added to the report sheet."""
    ranges = b"".join(b'<mergeCell ref="K%d:L%d"/>' % (n, n) for n in range(first_row, first_row + count))

    def edit(xml: bytes) -> bytes:
        if b"<mergeCells" in xml:
            start, end = xml.index(b"<mergeCells"), xml.index(b"</mergeCells>")
            kept = xml[xml.index(b">", start) + 1 : end]
            return xml[:start] + b'<mergeCells count="%d">' % count + kept + ranges + xml[end:]
        return xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="%d">' % count + ranges + b"</mergeCells>")

    return rewrite(source, dest, "xl/worksheets/sheet1.xml", edit)
