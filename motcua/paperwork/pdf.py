"""Django templates rendered to PDF with WeasyPrint, in the clerical style of Decree 30/2020.

Official documents use a Times-New-Roman-metric serif with complete Vietnamese glyphs
(Liberation Serif, Debian package ``fonts-liberation``), embedded in the PDF through
``@font-face`` rules that point at the local files. Rendering never touches the
network: the URL fetcher only reads ``data:`` URIs and files under the font and
static directories.
"""

from __future__ import annotations

import glob
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

# WeasyPrint reports each rendering step at INFO (already while importing): keep the
# server log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

# Where Debian (and most distributions) put Liberation fonts.
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation",
    "/usr/share/fonts/liberation-serif",
    "/usr/local/share/fonts",
)
FONT_FAMILY = "MotCua Serif"
_FACES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}

# Regulations §2.2: the forms on A5, the control slip and the register on A4.
A4 = "A4"
A5 = "A5"

# Every precomposed Vietnamese letter: Liberation 1.x lacks most of U+1EA0–U+1EF9
# (the stacked tone marks), Liberation 2.x has them all.
VIETNAMESE = frozenset(
    [ord(c) for c in "ĂăÂâĐđÊêÔôƠơƯưÀàÁáÃãÈèÉéÌìÍíĨĩÒòÓóÕõÙùÚúŨũÝý"] + list(range(0x1EA0, 0x1EFA))
)

ERR_FONTS_MISSING = _(
    "Không tìm thấy phông chữ Liberation Serif có đủ các chữ tiếng Việt (cần để in văn bản "
    "theo Nghị định 30/2020/NĐ-CP). Cài gói fonts-liberation2 (phiên bản 2 trở lên): "
    "apt-get install fonts-liberation2. Đã tìm trong: %(dirs)s"
)


class FontsMissing(RuntimeError):
    """The serif font for official documents is not installed."""


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def faces(self) -> list[tuple[str, str, Path]]:
        return [
            ("normal", "normal", self.regular),
            ("bold", "normal", self.bold),
            ("normal", "italic", self.italic),
            ("bold", "italic", self.bold_italic),
        ]


def _search_dirs() -> list[str]:
    extra = getattr(settings, "MOTCUA_FONT_DIRS", None) or []
    dirs = [*extra, *FONT_DIRS]
    # Other liberation* directories (liberation2, liberation-fonts, …).
    dirs += sorted(glob.glob("/usr/share/fonts/truetype/liberation*"))
    return list(dict.fromkeys(dirs))


@cache
def covers_vietnamese(path: Path) -> bool:
    """Does the font file map every Vietnamese letter to a glyph?"""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # a damaged or foreign file is simply not usable
        return False
    return VIETNAMESE.issubset(cmap)


@cache
def _find_fonts(dirs: tuple[str, ...]) -> FontFiles | None:
    found: dict[tuple[str, str], Path] = {}
    for key, filename in _FACES.items():
        for directory in dirs:
            candidate = Path(directory) / filename
            if candidate.is_file() and covers_vietnamese(candidate):
                found[key] = candidate
                break
        else:
            return None
    return FontFiles(
        regular=found[("normal", "normal")],
        bold=found[("bold", "normal")],
        italic=found[("normal", "italic")],
        bold_italic=found[("bold", "italic")],
    )


def font_files() -> FontFiles:
    """The four Liberation Serif faces, or ``FontsMissing`` with what to install."""
    dirs = tuple(_search_dirs())
    fonts = _find_fonts(dirs)
    if fonts is None:
        raise FontsMissing(str(ERR_FONTS_MISSING % {"dirs": ", ".join(dirs)}))
    return fonts


def font_face_css() -> str:
    """``@font-face`` rules embedding the local font files (file:// URLs, no network)."""
    rules = []
    for weight, style, path in font_files().faces():
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{path.resolve().as_uri()}"); }}'
        )
    return "\n".join(rules)


class LocalFetcher(URLFetcher):
    """Reads ``data:`` URIs and files under the allowed roots; refuses everything else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self._roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: dict | None = None):
        if url.startswith("file:"):
            from urllib.parse import unquote, urlsplit

            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"Refusing to read {path}: outside the allowed directories")
        elif not url.startswith("data:"):
            raise ValueError(f"Refusing to fetch {url}: PDF rendering never uses the network")
        return super().fetch(url, headers)


def _fetcher() -> LocalFetcher:
    fonts = font_files()
    roots = {path.parent for _, _, path in fonts.faces()}
    roots |= {Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])}
    return LocalFetcher(sorted(roots))


def render_html_to_pdf(html: str) -> bytes:
    """Turn an HTML string into PDF bytes with only local resources."""
    base = Path(settings.BASE_DIR) / "motcua" / "static"
    return HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=_fetcher()).write_pdf()


def render_pdf(
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    page_size: str = A5,
    landscape: bool = False,
) -> bytes:
    """Render a template that extends ``paperwork/base_form.html`` to PDF bytes.

    ``page_size`` is ``A5`` (the forms) or ``A4`` (control slip, register).
    """
    if page_size not in (A4, A5):
        raise ValueError(f"page_size must be A4 or A5, got {page_size!r}")
    context = {
        **(context or {}),
        "pdf_font_css": font_face_css(),
        "pdf_font_family": FONT_FAMILY,
        "pdf_page_size": f"{page_size} landscape" if landscape else page_size,
        "pdf_is_a5": page_size == A5,
    }
    return render_html_to_pdf(render_to_string(template_name, context))
