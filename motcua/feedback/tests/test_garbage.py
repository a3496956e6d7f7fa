"""No page answers 500 to any input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import file_feedback, published

pytestmark = pytest.mark.django_db

GARBAGE = ["\x00", "'; DROP TABLE x; --", "<script>alert(1)</script>", "𝔘𝔫𝔦", "9" * 5000, "-1", "%"]


@pytest.mark.parametrize("value", GARBAGE)
def test_public_pages_survive_garbage_parameters(client, province, value):
    published(province)
    for url, params in [
        ("/phan-anh/", {"q": value, "page": value}),
        ("/phan-anh/gui/", {"thu-tuc": value, "phan-anh-lai": value}),
        ("/phan-anh/tra-cuu/", {"ma": value}),
        ("/phan-anh/da-gui/", {}),
    ]:
        response = client.get(url, params)
        assert response.status_code in (200, 302), (url, value)
    assert client.get("/phan-anh/PA-000000-ZZZZZZ/").status_code == 404
    assert client.get("/phan-anh/%00/").status_code == 404
    assert client.post("/phan-anh/PA-000000-ZZZZZZ/binh-chon/", {"value": value}).status_code == 404


@pytest.mark.parametrize("value", GARBAGE)
def test_posting_garbage_gives_form_errors(client, province, value):
    response = client.post(
        "/phan-anh/gui/",
        {
            "subject_kind": value,
            "agency": value,
            "procedure_code": value,
            "title": value,
            "content": value,
            "filer_name": value,
            "filer_phone": value,
            "filer_email": value,
            "is_anonymous": value,
            "follows": value,
        },
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()
    response = client.post(
        "/phan-anh/tra-cuu/bo-sung/", {"code": value, "phone_last4": value, "content": value}
    )
    assert response.status_code == 404


def test_votes_and_additions_survive_garbage(client, province):
    feedback = published(province)
    for value in ["abc", "", "1e9", "0", "2", "\x00"]:
        response = client.post(f"/phan-anh/{feedback.code}/binh-chon/", {"value": value})
        assert response.status_code == 302
    assert not feedback.votes.exists()
    other = file_feedback(province)
    for data in [{}, {"code": other.code}, {"code": other.code, "content": "\x00"}]:
        response = client.post("/phan-anh/tra-cuu/bo-sung/", data)
        assert response.status_code in (200, 302, 403, 404)
    assert client.get("/phan-anh/tra-cuu/bo-sung/").status_code == 405


@pytest.mark.parametrize("value", GARBAGE)
def test_staff_pages_survive_garbage(client, province, value):
    feedback = file_feedback(province)
    client.force_login(province.leader_a)
    response = client.get(
        "/van-phong/phan-anh/", {"status": value, "overdue": value, "q": value, "page": value}
    )
    assert response.status_code == 200
    assert client.get("/van-phong/phan-anh/PA-1/").status_code == 404
    for action in ("tu-choi", "yeu-cau-bo-sung", "tra-loi", "cong-khai", "ket-thuc", "khong-co"):
        response = client.post(
            f"/van-phong/phan-anh/{feedback.code}/{action}/",
            {
                "reason": value,
                "request": value,
                "answer": value,
                "category": value,
                "public_content": value,
            },
        )
        assert response.status_code in (200, 302, 404, 409), (action, value)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_any_tracking_code_is_answered(client, text):
    assert client.get("/phan-anh/tra-cuu/", {"ma": text}).status_code == 200
    assert client.get("/phan-anh/", {"q": text}).status_code == 200
