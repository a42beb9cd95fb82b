"""The few IMAP answers the fetch reads (FETCH with BODYSTRUCTURE), parsed from imaplib's raw pieces, and the
modified UTF-7 of folder names (RFC 3501 §5.1.3): "Đã nhận" is "&ARAA4w- nh&Hq0-n" on the wire."""

from __future__ import annotations

import base64
import contextlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.header import decode_header, make_header
from urllib.parse import unquote

__all__ = ["FetchItem", "encode_folder", "looks_like_report", "parse_fetch", "quote_folder"]

Token = bytes | list["Token"] | None
_ATOM = re.compile(rb"[^\s()\"{}\[\]]+(?:\[[^\]]*\](?:<[\d.]+>)?)?")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_SPREADSHEET_TYPES = (
    b"vnd.openxmlformats-officedocument.spreadsheetml",
    b"vnd.ms-excel",
    b"vnd.oasis.opendocument.spreadsheet",
)


def encode_folder(name: str) -> str:
    """Modified UTF-7: printable ASCII as is ("&" as "&-"), anything else as &base64(UTF-16BE) with "," for "/"."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            data = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode().rstrip("=").replace("/", ",") + "-")
            run.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def quote_folder(name: str) -> str:
    encoded = encode_folder(name)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tokens(pieces: Sequence[object]) -> Iterator[Token | str]:
    """imaplib gives bytes lines and (line ending in {n}, literal) tuples; yield atoms, strings, "(" and ")"."""
    for piece in pieces:
        if isinstance(piece, tuple):
            head, literal = piece[0], piece[1]
            head = re.sub(rb"\{\d+\}\s*$", b"", head)
            yield from _scan(head)
            yield bytes(literal)
        elif isinstance(piece, bytes):
            yield from _scan(piece)


def _scan(data: bytes) -> Iterator[Token | str]:
    i, n = 0, len(data)
    while i < n:
        ch = data[i : i + 1]
        if ch.isspace():
            i += 1
        elif ch in (b"(", b")"):
            yield ch.decode()
            i += 1
        elif ch == b'"':
            j, buf = i + 1, bytearray()
            while j < n and data[j : j + 1] != b'"':
                if data[j : j + 1] == b"\\":
                    j += 1
                buf += data[j : j + 1]
                j += 1
            yield bytes(buf)
            i = j + 1
        else:
            match = _ATOM.match(data, i)
            if match is None:
                i += 1
                continue
            atom = match.group(0)
            yield None if atom.upper() == b"NIL" else atom
            i = match.end()


def _nest(tokens: Iterator[Token | str]) -> list[Token]:
    stack: list[list[Token]] = [[]]
    for token in tokens:
        if token == "(":
            stack.append([])
        elif token == ")":
            if len(stack) > 1:
                done = stack.pop()
                stack[-1].append(done)
        else:
            stack[-1].append(token)  # type: ignore[arg-type]
    return stack[0]


@dataclass(frozen=True)
class FetchItem:
    uid: int
    size: int
    structure: Token
    keywords: tuple[str, ...] = ()


def parse_fetch(pieces: Sequence[object]) -> list[FetchItem]:
    """`* n FETCH (UID u RFC822.SIZE s BODYSTRUCTURE (...) FLAGS (...))` answers, in any order of the items."""
    top = _nest(_tokens(pieces))
    items = []
    for token in top:
        if not isinstance(token, list):
            continue
        fields: dict[str, Token] = {}
        for index in range(0, len(token) - 1, 2):
            name = token[index]
            if isinstance(name, bytes):
                fields[name.decode("ascii", "replace").upper()] = token[index + 1]
        uid, size = fields.get("UID"), fields.get("RFC822.SIZE")
        if not isinstance(uid, bytes) or not uid.isdigit():
            continue
        flags = fields.get("FLAGS")
        keywords = (
            tuple(f.decode("ascii", "replace") for f in flags if isinstance(f, bytes))
            if isinstance(flags, list)
            else ()
        )
        size_value = int(size) if isinstance(size, bytes) and size.isdigit() else 0
        items.append(FetchItem(int(uid), size_value, fields.get("BODYSTRUCTURE"), keywords))
    return items


def _strings(token: Token) -> Iterator[bytes]:
    if isinstance(token, bytes):
        yield token
    elif isinstance(token, list):
        for part in token:
            yield from _strings(part)


def _decoded(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if "=?" in text:
        with contextlib.suppress(ValueError, LookupError):
            text = str(make_header(decode_header(text)))
    if "''" in text:  # RFC 2231: utf-8''B%C3%A1o%20c%C3%A1o.xlsx
        text = unquote(text.split("''", 1)[1])
    return text.strip().strip('"').lower()


def looks_like_report(structure: Token) -> bool:
    """A part named *.xlsx/.xlsm/.xls/.ods (however the name is encoded) or of a spreadsheet media type. A
    false positive only costs one download: the saved message is checked again with the real parser."""
    for raw in _strings(structure):
        low = raw.lower()
        if any(kind in low for kind in _SPREADSHEET_TYPES):
            return True
        if _decoded(raw).endswith(SPREADSHEET_SUFFIXES):
            return True
    return False
