"""Public lookup: code + second factor, the receipt's QR token, neutral answers, rate limit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.actions.extensions import dossier_decide_extension, dossier_propose_extension
from motcua.dossiers.actions.steps import dossier_forward
from motcua.paperwork.qr import lookup_token
from motcua.portal import services
from motcua.portal.models import RateBucket
from motcua.portal.views import NOT_FOUND, TOO_MANY

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"
PERSONAL = ("Nguyễn Văn An", "0912345678", "001090012345", "Thôn 1", "an@example.vn")


def _no_personal_data(body: str) -> None:
    for value in PERSONAL:
        assert value not in body


def test_it_shows_the_status_with_the_right_factor_and_no_personal_data(client, p, online, frozen):
    dossier = online()
    for factor in ("5678", "2345"):  # phone, then ID number
        response = client.get(URL, {"ma": dossier.code, "so": factor})
        body = response.content.decode()
        assert response.status_code == 200
        assert dossier.code in body and "Đang xử lý" in body and "Hẹn trả kết quả" in body
        _no_personal_data(body)


def test_a_barcode_scan_with_spaces_and_lower_case_is_understood(client, p, online, frozen):
    dossier = online()
    response = client.get(URL, {"ma": f"  {dossier.code.lower()}\n", "so": "5678"})
    assert dossier.code in response.content.decode()


def test_a_wrong_factor_and_an_unknown_code_get_the_same_answer(client, p, online, frozen):
    dossier = online()
    wrong = client.get(URL, {"ma": dossier.code, "so": "1111"})
    unknown = client.get(URL, {"ma": "H99.50.01.1-261102-9999", "so": "5678"})
    garbage = client.get(URL, {"ma": "'; DROP TABLE x; --", "so": "ab"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert str(NOT_FOUND) in response.content.decode()
        assert "Kết quả tra cứu" not in response.content.decode()
    main = [
        r.content.decode().split('id="ket-qua"')[1].split("</div>")[0] for r in (wrong, unknown)
    ]
    assert main[0] == main[1]
    assert garbage.status_code == 200
    assert str(NOT_FOUND) in garbage.content.decode()


def test_the_receipt_qr_token_shows_the_dossier(client, p, online, frozen):
    dossier = online()
    response = client.get(URL, {"t": lookup_token(dossier.code)})
    body = response.content.decode()
    assert dossier.code in body
    _no_personal_data(body)
    forged = client.get(URL, {"t": lookup_token(dossier.code)[:-2] + "xx"})
    assert str(NOT_FOUND) in forged.content.decode()


def test_the_lookup_is_rate_limited_per_client(client, p, online, frozen):
    dossier = online()
    for _ in range(20):
        assert client.get(URL, {"ma": "X", "so": "0000"}).status_code == 200
    response = client.get(URL, {"ma": dossier.code, "so": "5678"})
    assert response.status_code == 429
    assert str(TOO_MANY) in response.content.decode()
    # Another client is not affected.
    other = client.get(URL, {"ma": dossier.code, "so": "5678"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and dossier.code in other.content.decode()
    frozen.shift(601)
    assert client.get(URL, {"ma": dossier.code, "so": "5678"}).status_code == 200


def test_the_rate_limit_counts_in_one_row_per_key(db, frozen):
    for _ in range(3):
        assert not services.rate_limit_hit(key="k", limit=3, window_seconds=60)
    assert services.rate_limit_hit(key="k", limit=3, window_seconds=60)
    assert RateBucket.objects.get(key="k").count == 4


def test_the_empty_lookup_page_is_light(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Mã hồ sơ" in response.content.decode()


def test_a_late_dossier_shows_the_apology_date_without_its_text(client, p, online, frozen):
    dossier = online()
    d = dossier_forward(actor=p.officer_a, dossier=dossier)
    d = dossier_propose_extension(
        actor=p.specialist_a,
        dossier=d,
        reason="Cần xác minh thực địa",
        apology="Kính gửi ông Nguyễn Văn An, chúng tôi xin lỗi",
        new_due_at=d.due_at.replace(day=d.due_at.day + 7),
    )
    dossier_decide_extension(actor=p.leader_a, dossier=d, approve=True)
    body = client.get(URL, {"t": lookup_token(dossier.code)}).content.decode()
    assert "văn bản xin lỗi" in body
    _no_personal_data(body)
    assert reverse("portal:lookup") == URL
