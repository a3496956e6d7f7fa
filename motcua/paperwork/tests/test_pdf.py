from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from motcua.paperwork import pdf
from motcua.paperwork.tests.conftest import pdf_fonts, pdf_info, pdf_text

CONTEXT = {
    "issuer_parent": "Ủy ban nhân dân xã An Bình",
    "issuer_name": "Trung tâm Phục vụ hành chính công",
    "place": "An Bình",
    "issued_on": dt.date(2026, 2, 5),
    "form_title": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "doc_symbol": "TTPVHCC",
}


def test_it_renders_the_clerical_layout_with_vietnamese_text():
    data = pdf.render_pdf("paperwork/base_form.html", CONTEXT)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    # The issuer's lines wrap in the narrow left column of an A5 page.
    for words in ["ỦY BAN NHÂN DÂN XÃ", "BÌNH", "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]:
        assert words in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "An Bình, ngày 05 tháng 02 năm 2026" in text
    assert "Số: ……/TTPVHCC" in text


def test_it_embeds_liberation_serif_and_nothing_else():
    data = pdf.render_pdf("paperwork/base_form.html", CONTEXT)
    fonts = [line.split()[0] for line in pdf_fonts(data).splitlines()[2:] if line.strip()]
    assert fonts, "no font in the PDF"
    assert all("MotCua-Serif" in name for name in fonts), fonts
    # every font is embedded (column "emb" is "yes")
    assert all(" yes " in line for line in pdf_fonts(data).splitlines()[2:] if line.strip())


def test_the_fonts_found_cover_every_vietnamese_letter():
    files = pdf.font_files()
    for _, _, path in files.faces():
        assert pdf.covers_vietnamese(path), path


def test_forms_are_a5_and_the_register_can_be_a4_landscape():
    a5 = pdf_info(pdf.render_pdf("paperwork/base_form.html", CONTEXT))
    assert "419.528 x 595.276 pts" in a5
    a4 = pdf_info(pdf.render_pdf("paperwork/base_form.html", CONTEXT, page_size=pdf.A4))
    assert "595.276 x 841.89 pts" in a4
    landscape = pdf_info(
        pdf.render_pdf("paperwork/base_form.html", CONTEXT, page_size=pdf.A4, landscape=True)
    )
    assert "841.89 x 595.276 pts" in landscape
    with pytest.raises(ValueError):
        pdf.render_pdf("paperwork/base_form.html", CONTEXT, page_size="Letter")


def test_it_fails_with_a_clear_message_when_the_font_is_missing(monkeypatch):
    monkeypatch.setattr(pdf, "_search_dirs", lambda: ["/khong/co/thu/muc/nay"])
    with pytest.raises(pdf.FontsMissing) as exc:
        pdf.render_pdf("paperwork/base_form.html", CONTEXT)
    assert "fonts-liberation2" in str(exc.value)
    assert "/khong/co/thu/muc/nay" in str(exc.value)


def test_a_liberation_without_vietnamese_letters_is_refused(tmp_path, monkeypatch):
    # A font file with the right name but the wrong glyphs (here: no font at all).
    for name in pdf._FACES.values():
        (tmp_path / name).write_bytes(b"not a font")
    monkeypatch.setattr(pdf, "_search_dirs", lambda: [str(tmp_path)])
    with pytest.raises(pdf.FontsMissing):
        pdf.font_files()


def test_rendering_never_reaches_the_network_or_foreign_files():
    fetcher = pdf.LocalFetcher([Path("/usr/share/fonts")])
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/style.css")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/font.ttf")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    html = '<img src="http://example.com/x.png"><p>Xin chào</p>'
    assert pdf_text(pdf.render_html_to_pdf(html)) == "Xin chào"


def test_the_font_check_covers_every_vietnamese_letter():
    import unicodedata

    from motcua.paperwork.pdf import VIETNAMESE

    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {"Đ", "đ"}
    for vowel in "aăâeêioôơuưy":
        for case in (vowel, vowel.upper()):
            letters.update(unicodedata.normalize("NFC", case + tone) for tone in tones)
    missing = sorted(c for c in letters if ord(c) > 127 and ord(c) not in VIETNAMESE)
    assert missing == []
    assert len(letters) == 2 + 2 * 12 * 6
