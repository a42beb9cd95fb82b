"""Read an OOXML package as parts, content types and relationships, with defusedxml and zipfile only."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

__all__ = ["Package", "PackageError", "Rel", "local"]

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class PackageError(Exception):
    """The package cannot be read as a workbook (not a zip, broken XML, missing workbook part)."""


@dataclass(frozen=True)
class Rel:
    id: str
    kind: str  # the relationship type's last path segment: "drawing", "comments", "vbaProject"…
    target: str  # the part name inside the package, or the URL of an external target
    external: bool


def local(tag: str) -> str:
    """`{namespace}name` → `name`: extension elements are matched by name whatever their prefix."""
    return tag.rpartition("}")[2]


class Package:
    """An open zip; parts are parsed on demand and never written."""

    def __init__(self, path: Path | IO[bytes]) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise PackageError(f"{type(exc).__name__}: {exc}") from exc
        self.names = frozenset(info.filename for info in self._zip.infolist())
        self._types = self._content_types()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, name: str) -> bytes:
        try:
            return self._zip.read(name)
        except (KeyError, zipfile.BadZipFile, OSError) as exc:
            raise PackageError(f"{name}: {exc}") from exc

    def xml(self, name: str) -> Element:
        try:
            return SafeET.fromstring(self.read(name))
        except (ParseError, DefusedXmlException) as exc:
            raise PackageError(f"{name}: {exc}") from exc

    def content_type(self, name: str) -> str:
        overrides, defaults = self._types
        return overrides.get(name) or defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")

    def content_types(self) -> list[str]:
        """One entry per part (relationship parts and [Content_Types].xml excluded)."""
        return [
            self.content_type(name)
            for name in sorted(self.names)
            if not name.endswith("/") and name != "[Content_Types].xml" and not name.endswith(".rels")
        ]

    def rels(self, name: str) -> list[Rel]:
        """The relationships of part `name` ("" for the package itself), targets resolved to part names."""
        folder, base = posixpath.split(name)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels_name not in self.names:
            return []
        found = []
        for node in self.xml(rels_name).iter(f"{_PR}Relationship"):
            target = node.get("Target", "")
            external = node.get("TargetMode") == "External"
            if not external:
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                target = posixpath.normpath(joined)
            kind = node.get("Type", "").rstrip("/").rpartition("/")[2]
            found.append(Rel(node.get("Id", ""), kind, target, external))
        return found

    def workbook_part(self) -> str:
        for rel in self.rels(""):
            if rel.kind == "officeDocument" and rel.target in self.names:
                return rel.target
        raise PackageError("không thấy phần workbook trong gói tệp")

    def sheets(self, workbook: str) -> list[tuple[str, str]]:
        """(sheet name, part name) in workbook order, for every sheet whose part exists."""
        targets = {rel.id: rel.target for rel in self.rels(workbook)}
        found = []
        for node in self.xml(workbook).iter(f"{_MAIN}sheet"):
            part = targets.get(node.get(_R_ID, ""))
            if part is not None and part in self.names:
                found.append((node.get("name", ""), part))
        return found

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        root = self.xml("[Content_Types].xml")
        overrides = {n.get("PartName", "").lstrip("/"): n.get("ContentType", "") for n in root.iter(f"{_CT}Override")}
        defaults = {n.get("Extension", "").lower(): n.get("ContentType", "") for n in root.iter(f"{_CT}Default")}
        return overrides, defaults
