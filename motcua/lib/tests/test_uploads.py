"""The one upload check: size, type by content, a safe name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat

from motcua.lib.uploads import (
    ERR_UPLOAD_EMPTY,
    ERR_UPLOAD_TOO_BIG,
    ERR_UPLOAD_TYPE,
    check_size,
    check_upload,
    safe_name,
    sniff,
)
from motcua.lib.uploads import (
    PDF as PDF_TYPE,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.mark.parametrize(
    "content,kind", [(PDF, "application/pdf"), (PNG, "image/png"), (JPG, "image/jpeg")]
)
def test_it_accepts_pdf_png_and_jpg_by_their_content(content, kind):
    checked = check_upload(SimpleUploadedFile("giay-to", content))
    assert checked.content_type == kind
    assert checked.size == len(content)
    assert len(checked.checksum) == 64


def test_it_rejects_a_wrong_type_under_a_right_extension():
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("don.pdf", b"<html><script>alert(1)</script>"))
    assert exc.value.messages == [str(ERR_UPLOAD_TYPE) % {"name": "don.pdf"}]
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 executable"))


def test_it_rejects_empty_files():
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert exc.value.messages == [str(ERR_UPLOAD_EMPTY) % {"name": "rong.pdf"}]


def test_it_rejects_oversize_files(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("to.pdf", PDF + b"0" * (1024 * 1024)))
    assert exc.value.messages == [
        str(ERR_UPLOAD_TOO_BIG) % {"name": "to.pdf", "limit": filesizeformat(1024 * 1024)}
    ]


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\system32\\a.pdf", "a.pdf"),
        ("/abs/path/don.pdf", "don.pdf"),
        ("a\x00b.pdf", "a_b.pdf"),
        ("..", "tep.pdf"),
        ("x" * 500 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_file_names_lose_their_path_and_are_capped(raw, expected):
    assert safe_name(raw, "application/pdf") == expected


def test_the_size_alone_is_checked_before_anything_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 10
    check_size(SimpleUploadedFile("nho.xlsx", b"PK" + b"0" * 8))
    check_size(None)
    with pytest.raises(ValidationError) as exc:
        check_size(SimpleUploadedFile("lon.xlsx", b"PK" + b"0" * 20))
    assert exc.value.code == "too_big"
    with pytest.raises(ValidationError):
        check_size(SimpleUploadedFile("lon.jsonl", b"{}" * 10), limit=5)


def test_the_type_comes_from_the_first_bytes():
    upload = SimpleUploadedFile("khong-ten", PDF)
    assert sniff(upload) == PDF_TYPE
    assert upload.read(5) == b"%PDF-"  # left at its start
    assert sniff(SimpleUploadedFile("a.pdf", b"not a pdf")) is None


def test_a_name_that_must_match_its_content(settings):
    assert (
        check_upload(SimpleUploadedFile("anh.JPEG", JPG), name_must_match=True).name == "anh.JPEG"
    )
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("hoa-don.txt", PDF), name_must_match=True)
    assert exc.value.messages == [str(ERR_UPLOAD_TYPE) % {"name": "hoa-don.txt"}]


def test_only_the_types_asked_for():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("anh.png", PNG), types=(PDF_TYPE,))
