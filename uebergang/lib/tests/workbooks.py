"""Spreadsheets written part by part, the way different programs write them, for the reader's tests.

openpyxl writes one dialect only. Real files come from Excel (shared strings, rich text), LibreOffice,
Google Sheets, the .NET Open XML SDK (prefixed elements such as `<x:worksheet xmlns:x=…>`), report
generators (inline strings, rows without references, single-quoted attributes) and tools that write
Strict OOXML. `xlsx()` writes the XML parts with zipfile, so a test states exactly what is in the
file; `ods()` does the same for an OpenDocument spreadsheet. Also here: hostile archives.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

TRANSITIONAL = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
STRICT = {
    "main": "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "rel": "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Sheet:
    name: str
    data: str  # the XML inside <sheetData>, unprefixed; `xlsx()` adds a prefix if asked


def inline(ref: str | None, text: str) -> str:
    """An inline-string cell (as report generators write them)."""
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def rich_inline(ref: str | None, *runs: str) -> str:
    """An inline string in several formatted runs."""
    at = f' r="{ref}"' if ref else ""
    body = "".join(f'<r><rPr><b/></rPr><t xml:space="preserve">{escape(run)}</t></r>' for run in runs)
    return f'<c{at} t="inlineStr"><is>{body}</is></c>'


def number(ref: str | None, value: str, style: int | None = None) -> str:
    at = f' r="{ref}"' if ref else ""
    styled = f' s="{style}"' if style is not None else ""
    return f"<c{at}{styled}><v>{value}</v></c>"


def shared(ref: str | None, index: int) -> str:
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="s"><v>{index}</v></c>'


def row(number_: int | None, *cells: str) -> str:
    at = f' r="{number_}"' if number_ else ""
    return f"<row{at}>{''.join(cells)}</row>" if cells else f"<row{at}/>"


def shared_strings(*items: str | tuple[str, ...]) -> str:
    """The shared-strings part; a tuple is one rich-text string of several runs."""
    body = "".join(_shared_item(item) for item in items)
    return f'<sst xmlns="{{main}}" count="{len(items)}" uniqueCount="{len(items)}">{body}</sst>'


def _shared_item(item: str | tuple[str, ...]) -> str:
    if isinstance(item, str):
        return f"<si><t>{escape(item)}</t></si>"
    runs = "".join(f'<r><rPr><i/></rPr><t xml:space="preserve">{escape(run)}</t></r>' for run in item)
    return f"<si>{runs}</si>"


# A date style: cellXfs index 1 shows numFmt 14 (a date).
STYLES = (
    '<styleSheet xmlns="{main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def xlsx(
    sheets: list[Sheet],
    *,
    strings: str | None = None,
    prefix: str = "",
    strict: bool = False,
    single_quotes: bool = False,
    reverse_files: bool = False,
) -> bytes:
    """A workbook with the sheets in workbook order; `reverse_files` stores the sheet parts in the
    archive in the opposite order (sheet2.xml before sheet1.xml) and names them against the order."""
    spaces = STRICT if strict else TRANSITIONAL
    count = len(sheets)
    targets = [f"worksheets/sheet{count - i if reverse_files else i + 1}.xml" for i in range(count)]
    parts: dict[str, str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if strings
                else ""
            )
            + "".join(
                f'<Override PartName="/xl/{target}" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for target in targets
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{spaces["rel"]}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": _prefixed(
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{spaces["main"]}" xmlns:r="{spaces["rel"]}">'
            "<sheets>"
            + "".join(
                f'<sheet name="{escape(sheet.name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                for i, sheet in enumerate(sheets)
            )
            + "</sheets></workbook>",
            prefix,
            spaces["main"],
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{i + 1}" Type="{spaces["rel"]}/worksheet" Target="{target}"/>'
                for i, target in enumerate(targets)
            )
            + f'<Relationship Id="rId{count + 1}" Type="{spaces["rel"]}/styles" Target="styles.xml"/>'
            + (
                f'<Relationship Id="rId{count + 2}" Type="{spaces["rel"]}/sharedStrings" Target="sharedStrings.xml"/>'
                if strings
                else ""
            )
            + "</Relationships>"
        ),
        "xl/styles.xml": _prefixed(STYLES.format(main=spaces["main"]), prefix, spaces["main"]),
    }
    if strings:
        parts["xl/sharedStrings.xml"] = _prefixed(
            strings.replace("{main}", spaces["main"]), prefix, spaces["main"]
        )
    sheet_parts = {
        f"xl/{target}": _prefixed(
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{spaces["main"]}" '
            f'xmlns:r="{spaces["rel"]}"><sheetData>{sheet.data}</sheetData></worksheet>',
            prefix,
            spaces["main"],
        )
        for sheet, target in zip(sheets, targets, strict=True)
    }
    for name in sorted(sheet_parts, reverse=reverse_files):
        parts[name] = sheet_parts[name]
    if single_quotes:
        parts = {
            name: re.sub(r"<[^>]*>", lambda tag: tag.group(0).replace('"', "'"), text)
            for name, text in parts.items()
        }
    return archive(parts)


def _prefixed(xml: str, prefix: str, namespace: str) -> str:
    """The spreadsheetml elements with a namespace prefix, as the .NET Open XML SDK writes them."""
    if not prefix:
        return xml
    xml = re.sub(r"<(/?)([A-Za-z]+)(?=[\s/>])", rf"<\1{prefix}:\2", xml)
    return xml.replace(f'xmlns="{namespace}"', f'xmlns:{prefix}="{namespace}"', 1)


def archive(parts: dict[str, str | bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as file:
        for name, text in parts.items():
            file.writestr(name, text.encode() if isinstance(text, str) else text)
    return buffer.getvalue()


# OpenDocument ----------------------------------------------------------------------------------------

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def ods_cell(value: str | float | int | None, *, date: str | None = None, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if date:
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{date}"{repeated}>'
            f"<text:p>{date}</text:p></table:table-cell>"
        )
    if value is None:
        return f"<table:table-cell{repeated}/>"
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{repeated}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{escape(value)}</text:p></table:table-cell>'


def ods_row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def ods(tables: list[tuple[str, str]]) -> bytes:
    """An ODS file: the mimetype first and stored, the manifest, and content.xml with the tables."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}><office:body>'
        "<office:spreadsheet>"
        + "".join(f'<table:table table:name="{escape(name)}">{rows}</table:table>' for name, rows in tables)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as file:
        file.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        file.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
            zipfile.ZIP_DEFLATED,
        )
        file.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# Hostile files -----------------------------------------------------------------------------------------


def header_sheet(*titles: str) -> Sheet:
    return Sheet(
        "Tabelle1",
        row(1, *(inline(None, title) for title in titles)) + row(2, *(inline(None, "x") for _t in titles)),
    )


def with_entities(*titles: str) -> bytes:
    """A workbook whose shared strings declare entities ("billion laughs", cut short)."""
    declaration = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    strings = declaration + shared_strings(*titles, "&b;").replace("&amp;b;", "&b;")
    sheet = Sheet(
        "Tabelle1", row(1, *(shared(None, i) for i in range(len(titles)))) + row(2, shared(None, len(titles)))
    )
    return xlsx([sheet], strings=strings)


def far_apart(*titles: str) -> bytes:
    """A tiny workbook whose two cells span the whole grid (A1 … XFD1048576)."""
    data = row(1, *(inline(None, title) for title in titles)) + row(1048576, number("XFD1048576", "1"))
    return xlsx([Sheet("Tabelle1", data)])


def zip_bomb(*titles: str, megabytes: int = 4) -> bytes:
    """A workbook whose shared-strings part inflates a thousand times (zeros)."""
    workbook = xlsx([header_sheet(*titles)])
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as file:
        file.writestr("xl/sharedStrings.xml", b"<" + b" " * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def climbing(*titles: str) -> bytes:
    """A workbook with a part whose name climbs out of the archive."""
    workbook = xlsx([header_sheet(*titles)])
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a") as file:
        file.writestr("../../etc/cron.d/evil", b"* * * * * root true")
    return buffer.getvalue()
