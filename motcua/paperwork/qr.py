"""QR codes on printed forms, and the signed lookup tokens they carry.

A receipt's QR links to the public lookup ``SITE_URL/tra-cuu/?t=<token>``. The token is
the dossier code signed with the site's secret key (``django.core.signing``, salt
``motcua.lookup``): whoever holds the printed receipt may look the dossier up, and
nobody can forge a token for a code from the code alone. Tokens do not expire (a
receipt is kept until the result is collected); rotating ``SECRET_KEY`` invalidates
them all.

Always ``segno.make_qr``: ``segno.make`` silently picks Micro QR for short data, which
many phones cannot read.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core import signing

LOOKUP_SALT = "motcua.lookup"
LOOKUP_PATH = "/tra-cuu/"
# A dossier code is at most 60 characters; a token of it well under 200.
MAX_TOKEN_LENGTH = 300


def lookup_token(code: str) -> str:
    """A URL-safe token carrying the dossier code, signed with the site's secret key."""
    return signing.dumps(code, salt=LOOKUP_SALT, compress=False)


def read_lookup_token(token: str | None) -> str | None:
    """The dossier code in a token made by ``lookup_token``, or None if it is not genuine."""
    if not token or not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        code = signing.loads(token, salt=LOOKUP_SALT)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    return code if isinstance(code, str) and code else None


def lookup_url(code: str) -> str:
    """The absolute public lookup address of a dossier, as printed in its QR code."""
    return f"{settings.SITE_URL}{LOOKUP_PATH}?{urlencode({'t': lookup_token(code)})}"


def verification_url(code: str) -> str:
    """The public page that checks the signature of a dossier's electronic result."""
    from django.urls import reverse

    return f"{settings.SITE_URL}{reverse('paperwork:verify_dossier', args=[code])}"


def make_qr(data: str) -> segno.QRCode:
    """A regular (never Micro) QR code, medium error correction."""
    return segno.make_qr(data, error="m")


def qr_svg_data_uri(data: str, *, scale: int = 4) -> str:
    """The QR code as an SVG ``data:`` URI for an ``<img>`` in a PDF or a page."""
    return make_qr(data).svg_data_uri(scale=scale, border=2)


def qr_png_data_uri(data: str, *, scale: int = 6) -> str:
    """The QR code as a PNG ``data:`` URI."""
    return make_qr(data).png_data_uri(scale=scale, border=2)


def qr_svg(data: str, *, scale: int = 4) -> str:
    """The QR code as inline ``<svg>`` markup (no XML declaration)."""
    import io

    buffer = io.BytesIO()
    make_qr(data).save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue().decode()
