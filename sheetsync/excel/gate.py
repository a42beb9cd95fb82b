"""The gate every submitted file passes before any parser opens it: container, size, bombs, passwords, DTDs.

What the parsers do with hostile input was measured in EXCEL_NOTES.md §4: openpyxl and calamine both
inflate a 404 KB → 419 MB zip bomb (845 MB / 1.2 GB RSS), openpyxl answers an encrypted file with
"not a zip file", and XML entity protection depends on defusedxml being importable. So the gate decides
from the file's bytes, never its extension, and never inflates more than a few KB:

- size: an empty file, or one larger than `max_bytes`;
- magic bytes: ZIP (xlsx, xlsm, ods), CFB `D0CF11E0A1B11AE1` (xls, or an encrypted OOXML package), or
  something else (CSV or HTML renamed .xls/.xlsx, PDF, images…);
- ZIP: central directory only (declared sizes): member count, duplicate names, compression method,
  total uncompressed size and per-part ratio; then the required parts; then the XML prolog of every
  part, read as a stream and capped, so a DOCTYPE (entity bombs, XXE) is refused without being expanded;
- CFB: an `EncryptionInfo` stream (encrypted OOXML) or a FILEPASS record (encrypted .xls, via msoffcrypto);
- every sheet: how far its cells reach (extent.py), since calamine lays a sheet out as a dense grid.

Declared sizes are enough: Python's zipfile (openpyxl) stops a member at its declared size and fails
the CRC, and calamine stops with "File is larger than its declared uncompressed size" (both measured on
a part declaring 1 KB that inflates to 300 MB), so a lying header cannot inflate past what was checked.
"""

from __future__ import annotations

import codecs
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import msoffcrypto
import olefile

from sheetsync.core.numbers import format_number
from sheetsync.excel.extent import (
    MAX_CELLS,
    MAX_MERGED,
    MAX_ROWS,
    MAX_TEXT_BYTES,
    MAX_TOTAL_CELLS,
    Extent,
    Total,
    oversized_ods,
    oversized_xlsx,
)
from sheetsync.excel.extent_xls import oversized_xls
from sheetsync.excel.sheet_scan import sheet_parts
from sheetsync.problems import Code, Problem, Reason

__all__ = [
    "MAX_BYTES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_TOTAL_UNCOMPRESSED",
    "Format",
    "Verdict",
    "check_container",
    "ensure_defusedxml",
    "inspect_container",
]

MB = 1024 * 1024
# A report template is tens of KB; 20 MB is already more than most mail servers let a unit attach.
MAX_BYTES = 20 * MB
# openpyxl needs ~2 bytes of RAM per byte of sheet XML (EXCEL_NOTES §4): 50 MB stays harmless.
MAX_TOTAL_UNCOMPRESSED = 50 * MB
# Sheet XML compresses 10-20x; deflate's ceiling is ~1030x. 100x over a megabyte is a bomb's signature.
MAX_RATIO = 100
RATIO_FLOOR = 1 * MB  # a small part can compress as well as it likes: it cannot hurt
# A workbook has tens of parts, a few hundred with many pictures.
MAX_MEMBERS = 5000
# XML prologs are ~60 bytes; a prolog padded past this is hiding something.
PROLOG_CAP = 64 * 1024
# All prolog reads together, so thousands of small parts still cost a bounded amount of inflating.
SCAN_BUDGET = 16 * MB

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OTHER_MAGICS = {
    b"%PDF": "PDF",
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"Rar!": "tệp nén RAR",
    b"7z\xbc\xaf\x27\x1c": "tệp nén 7z",
    b"\x1f\x8b": "tệp nén GZIP",
    b"{\\rtf": "RTF (Word)",
    b"MZ": "chương trình (.exe)",
}
_OOXML_KINDS = (  # content-type fragment of the main part -> format, or the name of what it is instead
    ("ms-excel.sheet.binary.macroEnabled.main", "Excel nhị phân (.xlsb)"),
    ("ms-excel.sheet.macroEnabled.main+xml", "xlsm"),
    ("ms-excel.template.macroEnabled.main+xml", "xlsm"),
    ("spreadsheetml.sheet.main+xml", "xlsx"),
    ("spreadsheetml.template.main+xml", "xlsx"),
    ("wordprocessingml", "Word (.docx)"),
    ("presentationml", "PowerPoint (.pptx)"),
)
_ODS_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet",)
# Office writes UTF-8 (rarely UTF-16). Expat and quick-xml only read ASCII-compatible or UTF-16 text,
# but an exotic declared encoding serves no report, so anything else is refused.
_XML_ENCODINGS = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "latin-1", "iso8859-1", "cp1252"}
_XML_DECLARED_ENCODING = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class Format(StrEnum):
    """What the bytes say the file is, whatever its name says."""

    XLSX = "xlsx"
    XLSM = "xlsm"
    XLS = "xls"
    ODS = "ods"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verdict:
    format: Format
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_container(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
) -> Problem | None:
    """The reason to refuse `path` before parsing it, or None when a parser may open it."""
    return inspect_container(
        path, max_bytes=max_bytes, max_total_uncompressed=max_total_uncompressed, max_ratio=max_ratio
    ).problem


def inspect_container(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
) -> Verdict:
    """The detected format and, if the file must be refused, the Problem saying why."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            return _unreadable(name, Reason.not_a_file)
        if size == 0:
            return Verdict(Format.UNKNOWN, Problem.make(Code.file_empty, file=name))
        if size > max_bytes:
            problem = Problem.make(Code.file_too_large, file=name, size=_human(size), limit=_human(max_bytes))
            return Verdict(Format.UNKNOWN, problem)
        with path.open("rb") as stream:
            head = stream.read(4096)
    except FileNotFoundError:
        return _unreadable(name, Reason.not_found)
    except PermissionError:
        return _unreadable(name, Reason.no_permission)
    except OSError as error:
        return _unreadable(name, Reason.disk_error, error=error.strerror or str(error))

    if head.startswith(_ZIP_MAGICS):
        return _inspect_zip(path, name, max_total_uncompressed, max_ratio)
    if head.startswith(CFB_MAGIC):
        return _inspect_cfb(path, name)
    return _inspect_other(head, name)


def ensure_defusedxml() -> None:
    """Refuse to run unless openpyxl parses XML through defusedxml (entity bombs, XXE): call at start-up."""
    try:
        import defusedxml  # noqa: F401  (imported for its side effect on openpyxl's check)
    except ImportError as error:
        raise RuntimeError(
            "Thiếu gói defusedxml: openpyxl sẽ không được bảo vệ trước tệp XML độc hại. "
            "Cài lại sheetsync (pip install defusedxml) rồi chạy lại."
        ) from error
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError(
            "openpyxl không dùng defusedxml (biến môi trường OPENPYXL_DEFUSEDXML đang tắt?): "
            "tệp XML độc hại sẽ không bị chặn. Bỏ biến này rồi chạy lại."
        )


# --- ZIP (xlsx, xlsm, ods) -------------------------------------------------------------------------


def _inspect_zip(path: Path, name: str, max_total: int, max_ratio: int) -> Verdict:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            refused = _check_directory(members, name, max_total, max_ratio)
            if refused is not None:
                return refused
            verdict = _classify_zip(archive, members, name)
            if not verdict.ok:
                return verdict
            verdict = _scan_prologs(archive, members, name, verdict.format)
            if not verdict.ok:
                return verdict
            if verdict.format is Format.ODS:
                return _extent_verdict(verdict.format, name, oversized_ods(archive))
            return _extent_verdict(verdict.format, name, oversized_xlsx(archive, _part_names(archive)))
    except zipfile.BadZipFile as error:
        if "not a zip file" in str(error).lower():
            return _unreadable(name, Reason.zip_truncated)
        return _unreadable(name, Reason.zip_damaged)
    except (OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error, zipfile.LargeZipFile):
        return _unreadable(name, Reason.zip_damaged)  # also a sheet whose markup no program writes


def _check_directory(members: list[zipfile.ZipInfo], name: str, max_total: int, max_ratio: int) -> Verdict | None:
    """Everything the central directory alone can tell: nothing is inflated here."""
    if len(members) > MAX_MEMBERS:
        return _unreadable(name, Reason.too_many_parts, count=format_number(len(members)))
    seen: set[str] = set()
    for info in members:
        if info.filename in seen:
            # Two parsers may pick different copies: what was checked would not be what is read.
            return _unreadable(name, Reason.duplicate_part, part=info.filename)
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            return Verdict(Format.UNKNOWN, Problem.make(Code.file_encrypted, file=name))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return _unreadable(name, Reason.odd_compression)
    if not members:
        return None
    total = sum(info.file_size for info in members)
    big_and_dense = [info for info in members if info.file_size > RATIO_FLOOR and _ratio(info) > max_ratio]
    if total > max_total or big_and_dense:
        shown = big_and_dense[0] if big_and_dense else max(members, key=lambda info: info.file_size)
        problem = Problem.make(
            Code.zip_bomb,
            file=name,
            part=shown.filename,
            ratio=_thousands(round(_ratio(shown))),
            size=_human(total),
        )
        return Verdict(Format.UNKNOWN, problem)
    return None


def _ratio(info: zipfile.ZipInfo) -> float:
    if info.file_size == 0:
        return 0.0
    return info.file_size / max(info.compress_size, 1)


def _classify_zip(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> Verdict:
    names = {info.filename for info in members}
    if "mimetype" in names:
        mimetype = _read_head(archive, "mimetype", 256).strip()
        if mimetype.startswith(_ODS_MIMETYPES):
            if "content.xml" not in names:
                return _unreadable(name, Reason.ods_without_content)
            return Verdict(Format.ODS)
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            return _unsupported(name, "OpenDocument không phải bảng tính (.odt/.odp)")
    if "[Content_Types].xml" not in names:
        if any(part.startswith("xl/") for part in names):
            return _unreadable(name, Reason.xlsx_without_types)
        return _unsupported(name, "tệp nén ZIP")
    content_types = _read_head(archive, "[Content_Types].xml", PROLOG_CAP).decode("utf-8", "replace")
    for fragment, kind in _OOXML_KINDS:
        if fragment in content_types:
            if kind not in (Format.XLSX, Format.XLSM):
                return _unsupported(name, kind)
            macro = kind == Format.XLSM or "xl/vbaProject.bin" in names
            return Verdict(Format.XLSM if macro else Format.XLSX)
    if "xl/workbook.xml" in names:
        return Verdict(Format.XLSM if "xl/vbaProject.bin" in names else Format.XLSX)
    return _unsupported(name, "tệp Office Open XML không phải bảng tính")


def _part_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part -> sheet name, to name the sheet in a message; parts alone when the workbook does not parse."""
    try:
        return {part: sheet for sheet, part in sheet_parts(archive).items()}
    except Exception:  # a broken workbook.xml: the parser reports it later, the extent is still measured
        return {}


def _extent_verdict(fmt: Format, name: str, extent: Extent | Total | None) -> Verdict:
    if extent is None:
        return Verdict(fmt)
    if isinstance(extent, Total) and extent.too_many_merged:
        problem = Problem.make(
            Code.too_many_merged, file=name, count=_thousands(extent.merged), limit=_thousands(MAX_MERGED)
        )
        return Verdict(fmt, problem)
    if isinstance(extent, Total) and extent.too_much_text:
        size, limit = _human(extent.text_bytes), _human(MAX_TEXT_BYTES)
        return Verdict(fmt, Problem.make(Code.too_much_text, file=name, size=size, limit=limit))
    if isinstance(extent, Total):
        cells, limit = _thousands(extent.cells), _thousands(MAX_TOTAL_CELLS)
        problem = Problem.make(Code.sheets_too_large, file=name, cells=cells, sheets=extent.sheets, max_cells=limit)
        return Verdict(fmt, problem)
    problem = Problem.make(
        Code.sheet_too_large,
        file=name,
        sheet=extent.sheet,
        cell=extent.cells,
        rows=_thousands(extent.rows),
        columns=_thousands(extent.columns),
        max_rows=_thousands(MAX_ROWS),
        max_cells=_thousands(MAX_CELLS),
    )
    return Verdict(fmt, problem)


def _read_head(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    with archive.open(member) as stream:
        return stream.read(limit)


def _scan_prologs(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str, fmt: Format) -> Verdict:
    """Refuse any part whose XML prolog declares a DTD: that is where entity bombs and XXE live."""
    budget = SCAN_BUDGET
    for info in members:
        if info.file_size == 0:
            continue
        verdict, spent = _prolog_of(archive, info)
        budget -= spent
        if verdict == "hostile" or budget < 0:
            return Verdict(fmt, Problem.make(Code.hostile_xml, file=name, part=info.filename))
    return Verdict(fmt)


def _prolog_of(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    """('clean' | 'hostile' | 'not_xml', bytes read): stream-reads only until the root element starts."""
    head = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(min(max(len(head), 4096), PROLOG_CAP - len(head)))
            head += chunk
            verdict = _prolog_verdict(head)
            if verdict != "more":
                return verdict, len(head)
            if len(head) >= PROLOG_CAP:
                return "hostile", len(head)  # a prolog this long is hiding something
            if not chunk:
                return "not_xml", len(head)  # ends before any root element: the parser fails, harmlessly


def _prolog_verdict(head: bytes) -> str:
    """'clean' once the root element starts, 'hostile' at a DTD, 'not_xml', or 'more' to read on."""
    encoding, body = _sniff_encoding(head)
    if encoding is None:
        return "hostile"
    text = body.decode(encoding, errors="replace")
    position = len(text) - len(text.lstrip(" \t\r\n"))
    if position < len(text) and text[position] != "<":
        # Not XML (a picture, vbaProject.bin…): XML parsers fail on the first byte, before any DTD.
        return "not_xml"
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        rest = text[position:]
        if len(rest) < 2 or (len(rest) < 4 and "<!--".startswith(rest)):
            return "more"  # cut mid-token by the chunk boundary
        if rest.startswith("<?"):
            end = rest.find("?>")
            if end < 0:
                return "more"
            declared = _XML_DECLARED_ENCODING.search(rest[:end])
            if declared and _codec_name(declared.group(1)) not in _XML_ENCODINGS:
                return "hostile"
            position += end + 2
        elif rest.startswith("<!--"):
            end = rest.find("-->", 4)
            if end < 0:
                return "more"
            position += end + 3
        elif rest[0] == "<" and _starts_name(rest[1]):
            return "clean"
        elif rest == "<\ufffd":
            return "more"  # a UTF-16 character cut in half by the chunk boundary
        else:
            return "hostile"  # <!DOCTYPE, <!ENTITY, or stray text where only markup may stand


def _sniff_encoding(head: bytes) -> tuple[str | None, bytes]:
    """The encoding to look for markup in (only its ASCII subset matters), and the bytes after any BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", head[3:]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, head  # neither expat nor calamine reads UTF-32: no report is written that way
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", head[2:]
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", head[2:]
    if head[:2] == b"<\x00":
        return "utf-16-le", head
    if head[:2] == b"\x00<":
        return "utf-16-be", head
    return "latin-1", head


def _codec_name(label: str) -> str:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return "unknown"


def _starts_name(ch: str) -> bool:
    return ch.isalpha() or ch in "_:"


# --- CFB (xls, encrypted OOXML) ------------------------------------------------------------------


def _inspect_cfb(path: Path, name: str) -> Verdict:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            book = next((s for s in ("Workbook", "Book") if s in streams), None)
            biff = ole.openstream(book).read() if book and "EncryptionInfo" not in streams else b""
    except Exception:  # olefile raises OSError, struct.error, IndexError… on damaged or cut files
        return _unreadable(name, Reason.xls_damaged)
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        # An encrypted xlsx/xlsm is stored as a CFB container around the encrypted ZIP.
        return Verdict(Format.UNKNOWN, Problem.make(Code.file_encrypted, file=name))
    if "Workbook" in streams or "Book" in streams:
        if "Workbook" in streams and _xls_encrypted(path):
            return Verdict(Format.XLS, Problem.make(Code.file_encrypted, file=name))
        return _extent_verdict(Format.XLS, name, oversized_xls(biff))
    if "WordDocument" in streams:
        return _unsupported(name, "Word (.doc)")
    if "PowerPoint Document" in streams:
        return _unsupported(name, "PowerPoint (.ppt)")
    return _unsupported(name, "tệp Office cũ không phải bảng tính")


def _xls_encrypted(path: Path) -> bool:
    """A FILEPASS record in the workbook globals means a password (RC4) or XOR obfuscation."""
    try:
        with path.open("rb") as stream:
            return bool(msoffcrypto.OfficeFile(stream).is_encrypted())
    except Exception:  # msoffcrypto asserts on odd BIFF: leave that file to the parser, which reports it
        return False


# --- anything else ---------------------------------------------------------------------------------


def _inspect_other(head: bytes, name: str) -> Verdict:
    for magic, kind in _OTHER_MAGICS.items():
        if head.startswith(magic):
            return _unsupported(name, kind)
    text = _as_text(head)
    if text is None:
        return _unreadable(name, Reason.unknown_format)
    lowered = text.lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return _unreadable(name, Reason.xml_2003)
    if "<html" in lowered or "<table" in lowered or "<!doctype html" in lowered:
        return _unreadable(name, Reason.html_renamed)
    return _unreadable(name, Reason.text_renamed)


def _as_text(head: bytes) -> str | None:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(encoding, errors="replace")
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            text = head.decode("cp1258", errors="replace")  # Vietnamese Windows code page CSVs
        else:
            text = head[: error.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return text if controls <= len(text) // 100 else None


# --- shared ----------------------------------------------------------------------------------------


def _unreadable(name: str, reason: Reason, **params: Any) -> Verdict:
    return Verdict(Format.UNKNOWN, Problem.make(Code.file_unreadable, file=name, reason=reason, **params))


def _unsupported(name: str, kind: str) -> Verdict:
    return Verdict(Format.UNKNOWN, Problem.make(Code.unsupported_file, file=name, value=kind))


def _human(size: int) -> str:
    """1536 -> '1,5 KB': Vietnamese decimal comma."""
    for unit, scale in (("GB", 1024**3), ("MB", MB), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{size} byte"


def _thousands(number: int) -> str:
    return format_number(number)
