"""Masking personal data in published text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua.feedback.privacy import MASK, redact

WORDS = st.text(alphabet="abcdeêôơư đ,.", max_size=40)


@given(
    before=WORDS,
    after=WORDS,
    digits=st.text(alphabet="0123456789", min_size=9, max_size=9),
    separator=st.sampled_from(["", " ", ".", "-"]),
)
def test_phone_numbers_never_survive(before, after, digits, separator):
    phone = "0" + separator.join([digits[:3], digits[3:6], digits[6:]])
    text = redact(f"{before} {phone} {after}")
    assert phone not in text
    assert MASK in text


def test_it_masks_ids_and_emails_but_keeps_dates_and_small_numbers():
    text = redact(
        "CCCD 001090012345, thư an.nguyen@mail.gov.vn, ngày 29/04/2026, 3 lần, mã 1.001193"
    )
    assert "001090012345" not in text and "an.nguyen@mail.gov.vn" not in text
    assert "29/04/2026" in text and "3 lần" in text and "1.001193" in text


def test_a_logged_in_citizen_finds_the_form_filled(client, province):
    client.force_login(province.citizen)
    page = client.get("/phan-anh/gui/").content.decode()
    assert 'value="Nguyễn Văn An"' in page
    assert 'value="0912345678"' in page
