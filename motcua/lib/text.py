"""Vietnamese text helpers shared by search, codes and importers."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse white space.

    ``fold("Cấp Giấy phép  xây dựng")`` is ``"cap giay phep xay dung"``. The letter đ
    is not decomposed by Unicode, so it is mapped by hand. Used to build search
    columns, so that searching works the same on SQLite and PostgreSQL without
    database extensions.
    """
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().lower()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")
