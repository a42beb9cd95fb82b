"""The inbox folder: which files to read, and e-mail attachments unpacked where they cannot escape."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from sheetsync.core.text import nfc
from sheetsync.problems import Code, Problem
from sheetsync.schema import ERROR_SUFFIX, EXCEL_OWNER_PREFIX, PROCESSED_DIR, REJECTED_DIR

__all__ = ["EMAIL_SUFFIX", "SPREADSHEET_SUFFIXES", "Item", "Source", "inbox_notes", "list_inbox", "open_items"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
EMAIL_SUFFIX = ".eml"
# an e-mail carries its attachments base64-encoded (4/3 larger) beside the text: room for a few templates
MAX_EMAIL_BYTES = 60 * 1024 * 1024
# what units send beside a report (the scan of the signed paper, a covering letter, a photo): not a report,
# so no rejection letter; it is filed with the run's other inputs and the office is told
DOCUMENT_SUFFIXES = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".rtf", ".jpg", ".jpeg", ".png", ".heic", ".tif", ".tiff", ".gif", ".bmp"}
)
# files Windows and macOS drop into any folder: never a submission, never worth a .loi.txt
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
PERSON_SEPARATOR = " › "
_SPECIAL = (
    "không phải một tệp thông thường (ống dẫn, thiết bị…)"  # "thu.eml › bao-cao.xlsx": an attachment as people see it
)


@dataclass(frozen=True)
class Source:
    """One entry of the inbox folder, moved as a whole once the run is over (a symlink as the link itself)."""

    path: Path
    problems: tuple[Problem, ...] = ()  # a link pointing outside the inbox, a broken link

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Item:
    """One submission to read: a spreadsheet of the inbox, or one attachment of an e-mail in it."""

    source: Source
    display: str  # the name people see: "bao-cao.xlsx" or "thu.eml › bao-cao.xlsx"
    path: Path | None  # the bytes to read; None when there is nothing safe to read
    sha256: str
    fallback_date: dt.date | None  # the e-mail's Date, else the file's modification day
    fallback_source: str  # "email" or "file"
    problems: tuple[Problem, ...] = ()  # file-level: the item is rejected without being read


def list_inbox(folder: Path) -> list[Source]:
    """The files directly in `folder`, by name: no sub-folders, no lock or owner files, no hidden files,
    none of our own .loi.txt. A symlink is followed only when its target stays inside the folder."""
    root = folder.resolve()
    sources = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        name = entry.name
        if _ignored(name) or (entry.is_dir() and not entry.is_symlink()):
            continue
        if entry.is_symlink():
            try:
                target = entry.resolve()
            except (RuntimeError, OSError):  # a loop of links (RuntimeError before Python 3.13)
                sources.append(_refused(entry, "liên kết trỏ vòng quanh, không tới tệp nào"))
                continue
            if not target.is_relative_to(root):
                sources.append(Source(entry, (Problem.make(Code.unsafe_path, file=name, value=name),)))
            elif target.is_dir():
                continue
            elif not target.exists():
                sources.append(_refused(entry, "liên kết trỏ tới tệp không còn tồn tại"))
            elif not target.is_file():
                sources.append(_refused(entry, _SPECIAL))
            else:
                sources.append(Source(entry))
        elif not entry.is_file():
            sources.append(_refused(entry, _SPECIAL))  # reading a pipe would wait forever
        else:
            sources.append(Source(entry))
    return sources


def inbox_notes(folder: Path, sources: Sequence[Source], *, filed_to: str | None) -> list[Problem]:
    """What the office should know about the inbox beyond the reports read: companion documents (filed to
    `filed_to`, or left in place on a dry run), and reports saved in a sub-folder, which are not read."""
    notes = []
    for source in sources:
        if not source.problems and source.path.suffix.casefold() in DOCUMENT_SUFFIXES:
            where = f"đã chuyển vào {filed_to}/ để lưu" if filed_to else "để nguyên trong thư mục nhận"
            notes.append(Problem.make(Code.companion_document, file=source.name, value=source.name, where=where))
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.is_dir() or entry.is_symlink() or entry.name in _OWN_FOLDERS or _ignored(entry.name):
            continue
        try:
            reports = [p for p in entry.iterdir() if p.is_file() and p.suffix.casefold() in _REPORT_SUFFIXES]
        except OSError:
            continue
        if reports:
            count = len(reports)
            notes.append(Problem.make(Code.reports_in_subfolder, file=entry.name, value=entry.name, count=count))
    return notes


_REPORT_SUFFIXES = frozenset((*SPREADSHEET_SUFFIXES, EMAIL_SUFFIX))
_OWN_FOLDERS = frozenset({PROCESSED_DIR, REJECTED_DIR})


def _refused(entry: Path, reason: str) -> Source:
    return Source(entry, (Problem.make(Code.file_unreadable, file=entry.name, reason=reason),))


def _ignored(name: str) -> bool:
    return (
        name.startswith((EXCEL_OWNER_PREFIX, "."))  # "~$…" Excel owner, ".~lock.…#" LibreOffice, hidden files
        or name.endswith(ERROR_SUFFIX)
        or name.casefold() in _SYSTEM_FILES
    )


def open_items(sources: Sequence[Source], temp: Path) -> Iterator[Item]:
    """The submissions in `sources`; e-mail attachments are written to `temp` under names we choose.

    A file that cannot be read (held by another program, no permission) or an e-mail the parser chokes on
    (a few hundred KB of nested parts exhaust Python's recursion) becomes one rejected item, never an
    exception that would stop the office's whole week."""
    for number, source in enumerate(sources):
        try:
            items = list(_items_of(number, source, temp))
        except OSError as error:
            held = (
                f"không mở được tệp ({error.strerror or type(error).__name__}); có thể một chương trình khác đang giữ"
            )
            items = [_unreadable(source, held)]
        except RecursionError:
            items = [_unreadable(source, "thư có các phần lồng nhau quá sâu, không phải một thư bình thường")]
        except Exception:  # the email package's own errors on a malformed message
            items = [_unreadable(source, "thư bị hỏng, không tách được các tệp đính kèm")]
        yield from items


def _items_of(number: int, source: Source, temp: Path) -> Iterator[Item]:
    if source.problems:
        yield Item(source, source.name, None, _sha_of_link(source.path), None, "file", source.problems)
        return
    path = source.path.resolve()
    suffix = source.path.suffix.casefold()  # the name people see, as for any other file
    modified = dt.date.fromtimestamp(path.stat().st_mtime)
    if suffix == EMAIL_SUFFIX:
        yield from _attachments(source, path, modified, temp / f"thu-{number:04d}")
        return
    if suffix in DOCUMENT_SUFFIXES:
        return  # a companion document: nothing to read (inbox_notes tells the office)
    problems: tuple[Problem, ...] = ()
    if suffix not in SPREADSHEET_SUFFIXES:
        problems = (Problem.make(Code.unsupported_file, file=source.name, value=suffix or source.name),)
    yield Item(source, source.name, path, _sha_of_file(path), modified, "file", problems)


def _unreadable(source: Source, reason: str) -> Item:
    problem = Problem.make(Code.file_unreadable, file=source.name, reason=reason)
    try:
        digest = _sha_of_file(source.path)
    except OSError:
        digest = _sha_of_link(source.path)
    return Item(source, source.name, None, digest, None, "file", (problem,))


def _attachments(source: Source, path: Path, modified: dt.date, folder: Path) -> Iterator[Item]:
    data = path.read_bytes() if path.stat().st_size <= MAX_EMAIL_BYTES else b""
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        code = Code.file_empty if path.stat().st_size == 0 else Code.file_too_large
        problem = Problem.make(code, file=source.name, size=_mb(path.stat().st_size), limit=_mb(MAX_EMAIL_BYTES))
        yield Item(source, source.name, None, digest, modified, "file", (problem,))
        return
    message = email.message_from_bytes(data, policy=email.policy.default)
    sent = _sent_on(message)
    day, origin = (sent, "email") if sent is not None else (modified, "file")
    found = False
    for index, (raw_name, payload) in enumerate(_spreadsheet_parts(message)):
        found = True
        display = f"{source.name}{PERSON_SEPARATOR}{_CONTROL.sub('', raw_name)}"
        sha = hashlib.sha256(payload).hexdigest()
        if _unsafe(raw_name):
            problem = Problem.make(Code.unsafe_path, file=display, value=raw_name)
            yield Item(source, display, None, sha, day, origin, (problem,))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        # our own name, never the sender's: nothing can land outside the temporary folder
        target = folder / f"tep-{index:03d}{Path(raw_name).suffix.casefold()}"
        target.write_bytes(payload)
        yield Item(source, display, target, sha, day, origin)
    if not found:
        yield Item(
            source, source.name, None, digest, day, origin, (Problem.make(Code.no_attachment, file=source.name),)
        )


def _spreadsheet_parts(message: EmailMessage) -> Iterator[tuple[str, bytes]]:
    """(file name as sent, bytes) of every spreadsheet attachment, forwarded messages included."""
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not name:
            continue
        name = nfc(str(name)).strip()
        base = re.split(r"[\\/]", name)[-1]
        if Path(base).suffix.casefold() not in SPREADSHEET_SUFFIXES:
            continue
        payload = part.get_payload(decode=True)
        yield name, payload if isinstance(payload, bytes) else b""


def _unsafe(name: str) -> bool:
    """A name that is a path rather than a file name: slashes, "..", a drive, or control characters."""
    return (
        bool(re.search(r"[\\/:]", name)) or name in (".", "..") or name.startswith("..") or bool(_CONTROL.search(name))
    )


def _sent_on(message: EmailMessage) -> dt.date | None:
    try:
        header = message["Date"]
        sent = parsedate_to_datetime(str(header)) if header else None
    except (TypeError, ValueError, IndexError):
        return None
    if sent is None:
        return None
    # the office's calendar day: a message sent at 23:30 UTC+7 is that day, not the UTC one
    return (sent.astimezone() if sent.tzinfo else sent).date()


def _sha_of_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _sha_of_link(path: Path) -> str:
    # a link pointing outside is never read: its identity is where it points
    return hashlib.sha256(str(path.readlink() if path.is_symlink() else path).encode()).hexdigest()


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
