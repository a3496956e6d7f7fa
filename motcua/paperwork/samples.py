"""Sample papers for generated dossiers: scanned pages, photos and result documents.

``generate_dossiers --files`` (and so ``load_demo``) attaches them through the dossier
services, hundreds in one run, so they are written directly as small PDF and PNG files —
a grey "scan" of a page, or a page of text set in an embedded subset of the official
serif — instead of through WeasyPrint, which needs about 50 ms a page. What a page shows
is drawn from the ``random.Random`` it is given: the same seed draws the same pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import random
import re
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING

from motcua.paperwork import formats

# fontTools reports every subsetting step, and every table it leaves out.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier

A4 = (595, 842)  # points
# A scan: an A4 page in grey at about 30 dpi — small, and still recognisably a page.
SCAN_SIZE = (248, 351)
PAPER, INK = 246, 70

FALLBACK_TITLE = "Kết quả giải quyết thủ tục hành chính"
# Parts of a procedure's "kết quả thực hiện" that are not the result an approval issues.
_NOT_A_RESULT = re.compile(
    r"từ chối|sửa đổi, bổ sung|dừng thực hiện|cập nhật|chỉnh lý|thông báo", re.IGNORECASE
)


# --- PDF objects -----------------------------------------------------------------------


class _Pdf:
    """A one-page PDF: objects written in order, then the cross-reference table."""

    def __init__(self) -> None:
        self.objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (set on finish)

    def add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data: bytes, entries: str = "", *, compressed: bool = False) -> int:
        if not compressed:
            data = zlib.compress(data, 6)
        head = f"<< /Length {len(data)} /Filter /FlateDecode{entries} >>\nstream\n".encode()
        return self.add(head + data + b"\nendstream")

    def finish(self, *, content: bytes, resources: str, title: str) -> bytes:
        contents = self.stream(content)
        page = self.add(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
            f"/Resources {resources} /Contents {contents} 0 R >>".encode()
        )
        self.objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
        self.objects[1] = f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>".encode()
        info = self.add(
            f"<< /Title {_pdf_text(title)} /Producer (MotCua) /Creator (MotCua) >>".encode()
        )
        out = BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
        digest = hashlib.md5(out.getvalue(), usedforsecurity=False).hexdigest().upper()
        out.write(
            f"trailer\n<< /Size {len(self.objects) + 1} /Root 1 0 R /Info {info} 0 R "
            f"/ID [<{digest}> <{digest}>] >>\nstartxref\n{xref}\n%%EOF\n".encode()
        )
        return out.getvalue()


def _pdf_text(text: str) -> str:
    """A PDF text string in UTF-16BE (document information)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# --- scans and photos ------------------------------------------------------------------


def _page_raster(rng: random.Random) -> bytes:
    """Grey pixels of a paper page: a heading, paragraphs of words, a signature and seal."""
    width, height = SCAN_SIZE
    rows = [bytearray([PAPER]) * width for _ in range(height)]

    def bar(x0: int, x1: int, y: int, thickness: int = 3, ink: int = INK) -> None:
        for row in rows[y : min(y + thickness, height)]:
            row[x0:x1] = bytes([ink]) * max(x1 - x0, 0)

    def words(x0: int, x1: int, y: int) -> None:
        x = x0
        while x < x1 - 4:
            end = min(x + rng.randint(5, 24), x1)
            bar(x, end, y)
            x = end + rng.randint(3, 5)

    centre = width // 2
    for y, half in (
        (18, rng.randint(40, 60)),
        (25, rng.randint(28, 45)),
        (40, rng.randint(50, 80)),
    ):
        bar(centre - half, centre + half, y, 4 if y == 40 else 3, 40 if y == 40 else INK)
    y = 60
    while y < height - 90:
        lines = rng.randint(2, 6)
        for line in range(lines):
            start = 34 if line == 0 else 24
            end = width - 24 if line < lines - 1 else rng.randint(80, width - 30)
            words(start, end, y)
            y += 8
        y += 6
    words(width - 100, width - 30, height - 70)
    # The seal: a ring in lighter ink over the signature.
    cx, cy, radius = width - 70, height - 48, 17
    for degree in range(0, 360, 2):
        for r in (radius, radius - 1):
            angle = math.radians(degree)
            px = cx + round(r * math.cos(angle))
            py = cy + round(r * math.sin(angle))
            rows[py][px] = 120
    # The signature: a scribble across the seal.
    for x in range(width - 94, width - 46):
        y = height - 50 + round(4 * math.sin((x - width) / 3.0) * math.cos((x - width) / 11.0))
        rows[y][x] = rows[y + 1][x] = 50
    return b"".join(bytes(row) for row in rows)


def scan_pdf(rng: random.Random, *, title: str = "") -> bytes:
    """A scanned paper: one A4 page holding a grey image of the page (a few kilobytes)."""
    width, height = SCAN_SIZE
    pdf = _Pdf()
    image = pdf.stream(
        _page_raster(rng),
        f" /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        "/ColorSpace /DeviceGray /BitsPerComponent 8",
    )
    content = f"q {A4[0]} 0 0 {A4[1]} 0 0 cm /Scan Do Q\n".encode()
    return pdf.finish(
        content=content, resources=f"<< /XObject << /Scan {image} 0 R >> >>", title=title
    )


def photo_png(rng: random.Random) -> bytes:
    """A phone photo of a paper on a desk, as a grey PNG."""
    width, height = SCAN_SIZE
    raster = _page_raster(rng)
    desk = 150 + rng.randint(0, 30)
    margin = rng.randint(4, 10)
    lines = []
    for y in range(height):
        row = bytearray(raster[y * width : (y + 1) * width])
        if y < margin or y >= height - margin:
            row[:] = bytes([desk]) * width
        else:
            row[:margin] = row[-margin:] = bytes([desk]) * margin
        lines.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(lines), 6))
        + chunk(b"IEND", b"")
    )


# --- text in the official serif ----------------------------------------------------------


@dataclass(frozen=True)
class _Font:
    """A subset of Liberation Serif (ASCII and every Vietnamese letter) as PDF objects."""

    program: bytes
    compressed: bytes
    glyphs: dict[str, int]
    widths: list[int]
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int

    def encode(self, text: str) -> str:
        missing = self.glyphs.get("?", 0)
        return "".join(f"{self.glyphs.get(ch, missing):04X}" for ch in text)

    def width(self, text: str, size: float) -> float:
        missing = self.glyphs.get("?", 0)
        return sum(self.widths[self.glyphs.get(ch, missing)] for ch in text) * size / 1000

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if line and self.width(candidate, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        return [*lines, line] if line else lines

    def resources(self, pdf: _Pdf) -> str:
        program = pdf.stream(self.compressed, f" /Length1 {len(self.program)}", compressed=True)
        name = "/MCSAMP+LiberationSerif"
        descriptor = pdf.add(
            (
                f"<< /Type /FontDescriptor /FontName {name} /Flags 34 "
                f"/FontBBox [{' '.join(map(str, self.bbox))}] /ItalicAngle 0 "
                f"/Ascent {self.ascent} /Descent {self.descent} /CapHeight {self.cap_height} "
                f"/StemV 80 /FontFile2 {program} 0 R >>"
            ).encode()
        )
        widths = " ".join(map(str, self.widths))
        cid_font = pdf.add(
            (
                f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {name} "
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                f"/FontDescriptor {descriptor} 0 R /W [0 [{widths}]] /CIDToGIDMap /Identity >>"
            ).encode()
        )
        to_unicode = pdf.stream(_to_unicode(self.glyphs))
        font = pdf.add(
            (
                f"<< /Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H "
                f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
            ).encode()
        )
        return f"<< /Font << /F1 {font} 0 R >> >>"


def _to_unicode(glyphs: dict[str, int]) -> bytes:
    pairs = sorted((gid, ch) for ch, gid in glyphs.items() if gid)
    blocks = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        body = "\n".join(
            f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for gid, ch in chunk
        )
        blocks.append(f"{len(chunk)} beginbfchar\n{body}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


@cache
def _font() -> _Font:
    """Subset once per process (about 0.15 s): about 15 KB for every document."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from motcua.paperwork.pdf import VIETNAMESE, font_files

    font = TTFont(str(font_files().regular))
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    # ASCII and every Vietnamese letter (VIETNAMESE leaves out Ĩ ĩ Ũ ũ).
    characters = set(range(0x20, 0x7F)) | set(map(ord, "ĨĩŨũ–—“”‘’…"))
    subsetter.populate(unicodes=characters | VIETNAMESE)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    program = buffer.getvalue()
    font = TTFont(BytesIO(program))
    scale = 1000 / font["head"].unitsPerEm
    order = font.getGlyphOrder()
    head, os2 = font["head"], font["OS/2"]
    return _Font(
        program=program,
        compressed=zlib.compress(program, 9),
        glyphs={chr(cp): font.getGlyphID(name) for cp, name in font.getBestCmap().items()},
        widths=[round(font["hmtx"][name][0] * scale) for name in order],
        bbox=tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
        ascent=round(os2.sTypoAscender * scale),
        descent=round(os2.sTypoDescender * scale),
        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or 660,
    )


class _Page:
    """Lines of text placed from the top of an A4 page, in points."""

    def __init__(self, font: _Font) -> None:
        self.font = font
        self.ops: list[str] = []

    def text(
        self,
        text: str,
        *,
        top: float,
        size: float = 13,
        x: float = 0,
        centre: float | None = None,
        bold: bool = False,
    ) -> None:
        if centre is not None:
            x = centre - self.font.width(text, size) / 2
        # Bold without a second font file: the glyphs are filled and outlined.
        mode = "2 Tr 0.4 w" if bold else "0 Tr"
        self.ops.append(
            f"BT /F1 {size} Tf {mode} {x:.2f} {A4[1] - top:.2f} Td <{self.font.encode(text)}> Tj ET"
        )

    def rule(self, *, top: float, x0: float, x1: float) -> None:
        y = A4[1] - top
        self.ops.append(f"0.6 w {x0:.2f} {y:.2f} m {x1:.2f} {y:.2f} l S")

    def paragraph(
        self, text: str, *, top: float, size: float = 13, x: float = 70, width: float = 460
    ) -> float:
        """Write wrapped text; returns the top of the next line."""
        for line in self.font.wrap(text, size, width):
            self.text(line, top=top, size=size, x=x)
            top += size * 1.45
        return top


def result_title(procedure: Procedure) -> str:
    """The name of what an approval issues, from the procedure's "kết quả thực hiện"
    ("Giấy chứng nhận đăng ký hộ kinh doanh"), else a general title."""
    for part in re.split(r"\s*(?:/|;|\n)\s*", procedure.result_type or ""):
        part = re.sub(r"\s+kèm theo .*$", "", part.strip(" -+.\t"), flags=re.IGNORECASE)
        if 8 <= len(part) <= 120 and not _NOT_A_RESULT.search(part):
            return part[0].upper() + part[1:]
    return FALLBACK_TITLE


def result_pdf(dossier: Dossier, *, signer: User, at: dt.datetime) -> bytes:
    """The result document of an approved dossier, as the leader signs it (one A4 page)."""
    from django.utils import timezone

    from motcua.paperwork.official import letterhead

    font = _font()
    page = _Page(font)
    head = letterhead(dossier.agency)
    left, right = 160, 420
    top = 62
    for line in font.wrap(head["issuer_parent"].upper(), 11.5, 230):
        page.text(line, top=top, size=11.5, centre=left)
        top += 15
    for line in font.wrap(head["issuer_name"].upper(), 11.5, 230):
        page.text(line, top=top, size=11.5, centre=left, bold=True)
        top += 15
    page.rule(top=top - 8, x0=left - 30, x1=left + 30)
    page.text(f"Số: {dossier.code.rsplit('-', 1)[-1]}/KQ", top=top + 10, size=12, centre=left)
    page.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", top=62, size=11.5, centre=right, bold=True)
    page.text("Độc lập - Tự do - Hạnh phúc", top=78, size=12.5, centre=right, bold=True)
    page.rule(top=85, x0=right - 78, x1=right + 78)
    place = head["place"] or ""
    date_line = f"{place + ', ' if place else ''}{formats.document_date(at)}"
    page.text(date_line, top=104, size=12.5, centre=right)

    top = max(top + 60, 170)
    for line in font.wrap(result_title(dossier.procedure).upper(), 15, 430):
        page.text(line, top=top, size=15, centre=A4[0] / 2, bold=True)
        top += 21
    received = timezone.localtime(dossier.received_at) if dossier.received_at else None
    top += 18
    for text in (
        f"Cấp cho: {dossier.applicant_name}",
        f"Hồ sơ số: {dossier.code}, tiếp nhận {formats.document_date(received)}.",
        f"Thủ tục: {dossier.procedure.name}.",
        f"Cơ quan giải quyết: {dossier.agency.name}.",
        "Kết quả: chấp thuận theo đề nghị của người nộp hồ sơ.",
    ):
        if text:
            top = page.paragraph(text, top=top) + 4
    top = page.paragraph(
        "Văn bản này là kết quả giải quyết thủ tục hành chính bằng bản điện tử, được ký số "
        "theo Nghị định số 118/2025/NĐ-CP, Điều 22, và có giá trị pháp lý như bản giấy.",
        top=top + 10,
        size=11.5,
    )
    signature = max(top + 36, 450)
    position = (signer.title or "Thủ trưởng cơ quan").upper()
    for line in font.wrap(position, 12.5, 220):
        page.text(line, top=signature, size=12.5, centre=right, bold=True)
        signature += 16
    page.text("(Đã ký số)", top=signature + 8, size=12, centre=right)
    page.text(
        signer.full_name or signer.get_username(),
        top=signature + 70,
        size=13,
        centre=right,
        bold=True,
    )

    pdf = _Pdf()
    resources = font.resources(pdf)
    return pdf.finish(
        content="\n".join(page.ops).encode(),
        resources=resources,
        title=f"{result_title(dossier.procedure)} — {dossier.code}",
    )
