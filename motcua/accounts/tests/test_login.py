import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from motcua.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return make_user(
        "an",
        kind="citizen",
        email="An@Example.vn",
        phone="+84 912 345 678",
        full_name="Nguyễn Văn An",
    )


@pytest.mark.parametrize(
    "login", ["an", "an@example.vn", "AN@EXAMPLE.VN", "0912345678", "0912.345.678"]
)
def test_it_logs_in_by_username_email_or_phone(client, citizen, login):
    response = client.post(reverse("login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()
    assert client.get("/").context["user"] == citizen


def test_a_wrong_password_keeps_the_login_and_explains(client, citizen):
    response = client.post(reverse("login"), {"username": "an@example.vn", "password": "sai"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "mật khẩu không đúng" in body
    assert 'value="an@example.vn"' in body


def test_repeated_failures_lock_the_account(client, citizen):
    for _ in range(5):
        client.post(reverse("login"), {"username": "an", "password": "sai"})
    response = client.post(reverse("login"), {"username": "an", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


@override_settings(AXES_ENABLED=True)
def test_password_reset_by_email(client, citizen):
    response = client.post(reverse("password_reset"), {"email": "an@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "dat-lai-mat-khau" in mail.outbox[0].body


def test_password_change_applies_the_validators(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Bon-mua-Thu-2026",
            "new_password2": "Bon-mua-Thu-2026",
        },
    )
    assert response.status_code == 302


def test_phone_numbers_are_unique(citizen):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_user("an2", kind="citizen", phone="0912345678")
