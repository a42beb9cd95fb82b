"""What a workbook package holds, sheet by sheet (by name), read from its XML without loading it in openpyxl."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from xml.etree.ElementTree import Element

from sheetsync.excel.package import Package, PackageError, Rel, local
from sheetsync.schema import TOOL_RULE_MARKER

__all__ = ["Feature", "Inventory", "PackageError", "SheetInventory", "inventory"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# worksheet extLst entries counted by what they hold; any other ext URI is counted as an unknown extension
_KNOWN_EXT_URIS = frozenset(
    uri.lower()
    for uri in (
        "{78C0D931-6437-407d-A8EE-F0AAD7539E65}",  # x14 conditional formats
        "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}",  # x14 data validations
        "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}",  # sparkline groups
        "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}",  # slicer list (x14), counted through the slicer part
        "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}",  # slicer list (x15)
        "{7E03D99C-DC04-49d9-9315-930204A7B6E9}",  # timeline list, counted through the timeline part
    )
)
_VML_OBJECT = re.compile(rb'ObjectType\s*=\s*"(\w+)"')


class Feature(StrEnum):
    """Something a package may hold; the values are stable keys (tests and reports use them)."""

    # on a sheet
    SHEET = "sheet"
    PICTURE = "picture"
    CHART = "chart"
    TEXT_BOX = "text_box"
    SHAPE = "shape"
    GROUP = "group"
    CONNECTOR = "connector"
    OTHER_DRAWING = "other_drawing"  # SmartArt, Excel 2016 charts, slicer frames…
    FORM_CONTROL = "form_control"  # legacy VML buttons, check boxes, drop-downs
    CONTROL = "control"  # <controls>: ActiveX and Excel 2010 form controls
    OLE_OBJECT = "ole_object"
    BACKGROUND = "background"
    HEADER_IMAGE = "header_image"
    SPARKLINE_GROUP = "sparkline_group"
    X14_VALIDATION = "x14_validation"
    X14_FORMAT = "x14_format"
    EXTENSION = "extension"
    VALIDATION = "validation"
    FORMAT_RULE = "format_rule"
    COMMENT = "comment"
    THREADED_COMMENT = "threaded_comment"
    TABLE = "table"
    PIVOT_TABLE = "pivot_table"
    SLICER = "slicer"
    TIMELINE = "timeline"
    HYPERLINK = "hyperlink"
    MERGED = "merged"
    AUTOFILTER = "autofilter"
    PRINTER_SETTINGS = "printer_settings"
    RICH_TEXT = "rich_text"
    FORMULA_VALUE = "formula_value"
    # the whole workbook
    DEFINED_NAME = "defined_name"
    VBA = "vba"
    CUSTOM_XML = "custom_xml"
    PIVOT_CACHE = "pivot_cache"
    EXTERNAL_LINK = "external_link"
    SLICER_CACHE = "slicer_cache"
    CONNECTION = "connection"
    CUSTOM_PROPERTY = "custom_property"
    CUSTOM_UI = "custom_ui"
    PART = "part"  # a part of a kind not named above


@dataclass
class SheetInventory:
    name: str
    counts: Counter[Feature] = field(default_factory=Counter)
    rich_cells: frozenset[str] = frozenset()  # cells whose text has formatted runs
    formula_cells: frozenset[str] = frozenset()  # formula cells carrying a cached value


@dataclass
class Inventory:
    sheets: dict[str, SheetInventory] = field(default_factory=dict)
    counts: Counter[Feature] = field(default_factory=Counter)
    names: frozenset[str] = frozenset()  # defined names, "name" or "name (trang “X”)" when sheet-scoped
    parts: Counter[str] = field(default_factory=Counter)  # parts of unnamed kinds, by content type


# Content types that are the workbook's ordinary fabric or are counted as a named feature above.
_ACCOUNTED = (
    "sheet.main+xml", ".main+xml", "worksheet+xml", "chartsheet+xml", "dialogsheet+xml", "macrosheet+xml",
    "styles+xml", "theme+xml", "sharedStrings+xml", "calcChain+xml", "core-properties+xml",
    "extended-properties+xml", "custom-properties+xml", "drawing+xml", "vmlDrawing", "comments+xml",
    "table+xml", "pivotTable+xml", "pivotCacheDefinition+xml", "pivotCacheRecords+xml", "drawingml.chart+xml",
    "chartstyle+xml", "chartcolorstyle+xml", "image/", "vbaProject", "customXmlProperties+xml", "slicer+xml",
    "slicerCache+xml", "timeline+xml", "timelineCache+xml", "externalLink+xml", "connections+xml",
    "threadedcomments+xml", "person+xml", "printerSettings", "ctrlProps+xml", "activeX", "oleObject",
    "officedocument.package", "relationships+xml",
)  # fmt: skip


def inventory(path: Path) -> Inventory:
    """Raises PackageError when the file is not a readable workbook package."""
    with Package(path) as pkg:
        workbook = pkg.workbook_part()
        rich = _rich_shared_strings(pkg, workbook)
        found = Inventory()
        for name, part in pkg.sheets(workbook):
            found.sheets[name] = _sheet(pkg, name, part, rich)
        _workbook(pkg, workbook, found)
        return found


def _sheet(pkg: Package, name: str, part: str, rich_strings: list[bool]) -> SheetInventory:
    root = pkg.xml(part)
    counts: Counter[Feature] = Counter({Feature.SHEET: 1})
    rich, formulas = set(), set()
    for number, cell in enumerate(root.iter(f"{_MAIN}c")):
        ref = cell.get("r") or f"#{number}"
        value = cell.find(f"{_MAIN}v")
        if cell.find(f"{_MAIN}f") is not None and value is not None and value.text:
            formulas.add(ref)
        kind = cell.get("t")
        if kind == "s" and value is not None and (value.text or "").strip().isdigit():
            index = int((value.text or "").strip())
            if index < len(rich_strings) and rich_strings[index]:
                rich.add(ref)
        elif kind == "inlineStr" and cell.find(f"{_MAIN}is/{_MAIN}r") is not None:
            rich.add(ref)
    counts[Feature.VALIDATION] = sum(1 for _ in root.iter(f"{_MAIN}dataValidation"))
    counts[Feature.FORMAT_RULE] = sum(1 for rule in root.iter(f"{_MAIN}cfRule") if not _is_tool_rule(rule))
    counts[Feature.X14_VALIDATION] = sum(1 for _ in root.iter(f"{_X14}dataValidation"))
    counts[Feature.X14_FORMAT] = sum(1 for _ in root.iter(f"{_X14}cfRule"))
    counts[Feature.SPARKLINE_GROUP] = sum(1 for _ in root.iter(f"{_X14}sparklineGroup"))
    counts[Feature.HYPERLINK] = sum(1 for _ in root.iter(f"{_MAIN}hyperlink"))
    counts[Feature.MERGED] = sum(1 for _ in root.iter(f"{_MAIN}mergeCell"))
    counts[Feature.CONTROL] = sum(1 for _ in root.iter(f"{_MAIN}control"))
    counts[Feature.OLE_OBJECT] = sum(1 for _ in root.iter(f"{_MAIN}oleObject"))
    for child in root:
        tag = local(child.tag)
        if tag == "autoFilter":
            counts[Feature.AUTOFILTER] += 1
        elif tag == "picture":
            counts[Feature.BACKGROUND] += 1
        elif tag == "legacyDrawingHF":
            counts[Feature.HEADER_IMAGE] += 1
        elif tag == "extLst":
            counts[Feature.EXTENSION] += sum(
                1 for ext in child if (ext.get("uri") or "").lower() not in _KNOWN_EXT_URIS
            )
    for rel in pkg.rels(part):
        _related(pkg, rel, counts)
    return SheetInventory(name, +counts, frozenset(rich), frozenset(formulas))


def _is_tool_rule(rule: Element) -> bool:
    """The summary's own highlighting rules carry a marker term; it replaces them on every run."""
    return any(TOOL_RULE_MARKER in (f.text or "").replace(" ", "") for f in rule.iter(f"{_MAIN}formula"))


def _related(pkg: Package, rel: Rel, counts: Counter[Feature]) -> None:
    if rel.external or rel.target not in pkg.names:
        return
    kind = rel.kind
    if kind == "drawing":
        _drawing(pkg.xml(rel.target), counts)
    elif kind == "vmlDrawing":
        # VML from Excel is not always well-formed XML: count the client data types as text
        for object_type in _VML_OBJECT.findall(pkg.read(rel.target)):
            if object_type != b"Note":
                counts[Feature.FORM_CONTROL] += 1
    elif kind == "comments":
        counts[Feature.COMMENT] += sum(1 for e in pkg.xml(rel.target).iter() if local(e.tag) == "comment")
    elif kind == "threadedComment":
        counts[Feature.THREADED_COMMENT] += sum(
            1 for e in pkg.xml(rel.target).iter() if local(e.tag) == "threadedComment"
        )
    elif kind == "table":
        counts[Feature.TABLE] += 1
    elif kind == "pivotTable":
        counts[Feature.PIVOT_TABLE] += 1
    elif kind in ("slicer", "timeline"):
        feature = Feature.SLICER if kind == "slicer" else Feature.TIMELINE
        counts[feature] += sum(1 for e in pkg.xml(rel.target) if local(e.tag) == kind)
    elif kind == "printerSettings":
        counts[Feature.PRINTER_SETTINGS] += 1


def _drawing(root: Element, counts: Counter[Feature]) -> None:
    for anchor in root:
        for item in anchor:
            feature = _drawn(item)
            if feature is not None:
                counts[feature] += 1


def _drawn(item: Element) -> Feature | None:
    tag = local(item.tag)
    if tag == "pic":
        return Feature.PICTURE
    if tag == "sp":
        # Excel marks text boxes txBox="1"; LibreOffice writes them as plain shapes that carry text
        text_box = any(local(e.tag) == "cNvSpPr" and e.get("txBox") in ("1", "true") for e in item.iter())
        has_text = any(local(e.tag) == "t" and (e.text or "").strip() for e in item.iter())
        return Feature.TEXT_BOX if text_box or has_text else Feature.SHAPE
    if tag == "grpSp":
        return Feature.GROUP
    if tag == "cxnSp":
        return Feature.CONNECTOR
    if tag == "graphicFrame":
        uris = {e.get("uri") for e in item.iter() if local(e.tag) == "graphicData"}
        return Feature.CHART if _CHART_URI in uris else Feature.OTHER_DRAWING
    if tag == "AlternateContent":
        # Excel wraps objects older readers cannot show (slicers, new chart types, form controls)
        choice = next((c for c in item if local(c.tag) == "Choice"), None)
        inner = [_drawn(child) for child in (choice if choice is not None else [])]
        return next((f for f in inner if f is not None), Feature.OTHER_DRAWING)
    return None  # from, to, pos, ext, clientData: the anchor's own fields


def _rich_shared_strings(pkg: Package, workbook: str) -> list[bool]:
    """For each shared string, whether it has formatted runs (<r>) rather than one plain text."""
    part = next((r.target for r in pkg.rels(workbook) if r.kind == "sharedStrings"), None)
    if part is None or part not in pkg.names:
        return []
    return [item.find(f"{_MAIN}r") is not None for item in pkg.xml(part).iter(f"{_MAIN}si")]


def _workbook(pkg: Package, workbook: str, found: Inventory) -> None:
    root = pkg.xml(workbook)
    sheet_names = [node.get("name", "") for node in root.iter(f"{_MAIN}sheet")]
    names = set()
    for node in root.iter(f"{_MAIN}definedName"):
        name, scope = node.get("name", ""), node.get("localSheetId")
        if scope is not None and scope.isdigit() and int(scope) < len(sheet_names):
            name = f"{name} (trang “{sheet_names[int(scope)]}”)"
        names.add(name)
    found.names = frozenset(names)
    counts = found.counts
    counts[Feature.DEFINED_NAME] = len(names)
    if any(r.kind == "extensibility" or r.target.lower().startswith("customui/") for r in pkg.rels("")):
        counts[Feature.CUSTOM_UI] += 1
    if "docProps/custom.xml" in pkg.names:
        counts[Feature.CUSTOM_PROPERTY] = sum(1 for e in pkg.xml("docProps/custom.xml") if local(e.tag) == "property")
    for part in sorted(pkg.names):
        if part.endswith("/") or part.endswith(".rels") or part == "[Content_Types].xml":
            continue
        content_type = pkg.content_type(part)
        feature = _workbook_feature(part, content_type)
        if feature is not None:
            counts[feature] += 1
        elif not any(known in content_type for known in _ACCOUNTED) and not part.lower().startswith("customui/"):
            found.parts[_part_key(part, content_type)] += 1
    found.counts = +counts


def _workbook_feature(part: str, content_type: str) -> Feature | None:
    if "vbaProject" in content_type or part.lower().endswith("vbaproject.bin"):
        return Feature.VBA
    if part.startswith("customXml/") and "customXmlProperties" not in content_type:
        return Feature.CUSTOM_XML
    for fragment, feature in (
        ("pivotCacheDefinition+xml", Feature.PIVOT_CACHE),
        ("externalLink+xml", Feature.EXTERNAL_LINK),
        ("slicerCache+xml", Feature.SLICER_CACHE),
        ("timelineCache+xml", Feature.SLICER_CACHE),
        ("connections+xml", Feature.CONNECTION),
    ):
        if fragment in content_type:
            return feature
    return None


def _part_key(part: str, content_type: str) -> str:
    """Parts of one kind share a key whatever openpyxl renumbers them to."""
    if content_type and content_type not in ("application/xml", "application/octet-stream"):
        return content_type
    return re.sub(r"\d+", "#", part)
