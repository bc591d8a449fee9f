"""The .docx container: a zip of XML parts, opened defensively.

Everything the zip directory can tell is checked before a byte is inflated
(part count, total size, per-part compression ratio, encryption); each part is
then inflated in chunks under a hard cap, in case the directory lies. XML is
parsed by a parser that never loads a DTD, resolves an entity or touches the
network, and a part that declares a DTD at all is refused: Word never writes
one, so a DOCTYPE means a broken or hostile file (billion laughs, XXE).

Knows file formats, not Vietnamese. Every failure is a `CchcError`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from .errors import LimitExceeded, UnreadableFile, UnsupportedFormat

if TYPE_CHECKING:
    from .reader import Limits

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# ISO 29500 "Strict" documents use other namespace names for the same
# vocabulary; the two names have the same length class (ASCII) and the parts
# are UTF-8, so rewriting the name lets one reader serve both.
_STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_MB = 1024 * 1024
_RATIO_FLOOR = _MB  # parts smaller than this cannot be bombs; XML compresses 20-50x legitimately
_CHUNK = 1 << 16
_PROLOG_END = re.compile(rb"<[^?!]")  # the root element's start tag ends the XML prolog
_OTHER_FORMATS = (  # (part that identifies it, what the file is)
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.odt/.ods); save it as .docx"),
)


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute.

    >>> w("p")
    '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p'
    """
    return f"{{{W_NS}}}{name}"


@dataclass
class Package:
    """An opened .docx: its part names, main document part and related parts."""

    path: str
    zf: zipfile.ZipFile
    limits: "Limits"
    by_lower: dict[str, str]
    main: str = ""
    inflated: int = 0
    rels: dict[str, str] = field(default_factory=dict)  # relationship type suffix -> part name

    def xml(self, name: str | None) -> etree._Element | None:
        """The parsed root of part `name`, or None when the package has no such part."""
        data = self.read(name)
        return None if data is None else parse_xml(data, name or "", self.path)

    def read(self, name: str | None) -> bytes | None:
        """The inflated bytes of part `name` (case-insensitive, as OPC part names are)."""
        real = self.by_lower.get((name or "").lower())
        if real is None:
            return None
        cap = self.limits.max_unzipped_bytes - self.inflated
        data = _inflate(self.zf, real, cap, self.path)
        self.inflated += len(data)
        return data.replace(_STRICT_W_NS, W_NS.encode()) if _STRICT_W_NS in data[:4096] else data

    def related(self, kind: str) -> str | None:
        """The part the main document relates to as `kind` ('styles', 'numbering')."""
        return self.rels.get(kind) or self.by_lower.get(posixpath.join(posixpath.dirname(self.main), f"{kind}.xml"))


def open_package(data: bytes, path: str, limits: "Limits") -> Package:
    """Open a .docx's zip, check its directory against `limits`, find its main part."""
    zf = _open_zip(data, path)
    infos = zf.infolist()
    _check_directory(infos, path, limits)
    pkg = Package(path=path, zf=zf, limits=limits, by_lower={i.filename.lower(): i.filename for i in infos})
    pkg.main = _main_part(pkg)
    pkg.rels = _relationships(pkg, pkg.main)
    return pkg


def _open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise UnreadableFile(path, f"damaged or truncated zip container ({exc})") from exc
    except NotImplementedError as exc:  # e.g. "zip file version 7.2" in a damaged directory
        raise UnreadableFile(path, f"zip container uses an unsupported feature ({exc})") from exc


def _check_directory(infos: list[zipfile.ZipInfo], path: str, limits: "Limits") -> None:
    """Refuse absurd part counts, sizes, ratios and encryption before inflating anything."""
    if len(infos) > limits.max_zip_parts:
        raise LimitExceeded(path, f"{len(infos)} parts in the zip, over the limit of {limits.max_zip_parts}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise LimitExceeded(path, f"parts inflate to {total / _MB:.0f} MB, over the "
                                  f"{limits.max_unzipped_bytes / _MB:.0f} MB limit (zip bomb?)")
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableFile(path, "is password-protected (its zip parts are encrypted)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise LimitExceeded(path, f"part {info.filename} is compressed {ratio:.0f}:1, over the "
                                      f"{limits.max_zip_ratio:.0f}:1 limit (zip bomb?)")


def _inflate(zf: zipfile.ZipFile, name: str, cap: int, path: str) -> bytes:
    """A part's bytes, read in chunks; more than `cap` bytes is a limit error."""
    out = bytearray()
    try:
        with zf.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > cap:
                    raise LimitExceeded(path, f"part {name} inflates past the size limit (zip bomb?)")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise UnreadableFile(path, f"damaged zip part {name} ({exc})") from exc
    except NotImplementedError as exc:
        raise UnreadableFile(path, f"part {name} uses an unsupported zip compression ({exc})") from exc
    except RuntimeError as exc:  # zipfile's "File ... is encrypted, password required"
        raise UnreadableFile(path, f"is password-protected ({exc})") from exc
    return bytes(out)


def _main_part(pkg: Package) -> str:
    """The officeDocument part named by `_rels/.rels`, else word/document.xml."""
    target = _relationships(pkg, "").get("officeDocument")
    for name in (target, "word/document.xml"):
        if name and name.lower() in pkg.by_lower:
            return pkg.by_lower[name.lower()]
    for part, what in _OTHER_FORMATS:
        if part in pkg.by_lower:
            raise UnsupportedFormat(pkg.path, f"is {what}, not a Word document")
    raise UnreadableFile(pkg.path, "is a zip archive without word/document.xml: not a Word .docx")


def _relationships(pkg: Package, source: str) -> dict[str, str]:
    """Relationship type suffix -> target part name, for the part `source` ('' = package)."""
    folder, base = posixpath.split(source)
    root = pkg.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
    found: dict[str, str] = {}
    for rel in root if root is not None else ():
        target, kind = rel.get("Target") or "", (rel.get("Type") or "").rsplit("/", 1)[-1]
        if rel.tag != f"{{{_REL_NS}}}Relationship" or rel.get("TargetMode") == "External" or not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.setdefault(kind, part)
    return found


def parse_xml(data: bytes, part: str, path: str) -> etree._Element:
    """Parse one part with entities, DTDs and the network all off; a DTD is refused."""
    prolog_end = _PROLOG_END.search(data)
    if b"<!DOCTYPE" in data[: prolog_end.start() if prolog_end else len(data)]:
        raise UnreadableFile(path, f"part {part} declares a DTD (<!DOCTYPE>), which Word never writes: refused")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(path, f"part {part} is not well-formed XML ({exc.msg})") from exc
    if root.getroottree().docinfo.internalDTD is not None:  # a DOCTYPE the byte scan missed (UTF-16)
        raise UnreadableFile(path, f"part {part} declares a DTD (<!DOCTYPE>), which Word never writes: refused")
    return root
