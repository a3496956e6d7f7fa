"""Self-registration of citizens and organisations, then logging in by e-mail or phone."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts import forms, services, validators
from motcua.accounts.models import User
from motcua.testing import make_user

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Sen-no-Thang-Sau-26"

CITIZEN = {
    "kind": "citizen",
    "full_name": "Nguyễn Thị Hoa",
    "id_number": "001190012345",
    "email": "Hoa.Nguyen@Example.vn",
    "phone": "0912 345 678",
    "password1": GOOD_PASSWORD,
    "password2": GOOD_PASSWORD,
    "consent": "on",
}


def register(client, django_capture_on_commit_callbacks, **changes):
    data = {**CITIZEN, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_register"), data)


def test_the_page_is_light_and_labelled(client):
    response = client.get(reverse("account_register"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<legend>Đăng ký cho</legend>" in body
    for name in ("full_name", "id_number", "email", "phone", "password1", "password2"):
        assert f'<label for="id_{name}">' in body
    assert '<label><input type="checkbox" name="consent"' in body
    assert "<script>" not in body  # no inline script (CSP)
    assert "Nghị định 13/2023/NĐ-CP" in body


def test_a_citizen_registers_and_is_logged_in(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_profile")
    user = User.objects.get()
    assert user.kind == User.Kind.CITIZEN
    assert user.full_name == "Nguyễn Thị Hoa"
    assert user.email == "hoa.nguyen@example.vn"
    assert user.phone == "0912345678"
    assert user.id_number == "001190012345"
    assert not user.email_verified
    assert user.personal_data_consent_at is not None
    assert user.username == "hoa.nguyen"
    assert client.get(reverse("account_profile")).wsgi_request.user == user
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hoa.nguyen@example.vn"]
    assert "/tai-khoan/xac-thuc-thu/" in mail.outbox[0].body


def test_an_organisation_registers_with_its_tax_code(client, django_capture_on_commit_callbacks):
    response = register(
        client,
        django_capture_on_commit_callbacks,
        kind="organisation",
        full_name="Công ty TNHH Sen Vàng",
        id_number="0101234567001",
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.kind == User.Kind.ORGANISATION
    assert user.id_number == "0101234567-001"


def test_a_phone_is_enough(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, email="")
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "" and user.phone == "0912345678"
    assert user.username.startswith("tk") and not user.username.isdigit()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("login", "changes"),
    [
        ("hoa.nguyen@example.vn", {}),
        ("HOA.NGUYEN@EXAMPLE.VN", {}),
        ("0912345678", {}),
        ("+84 912 345 678", {}),
        ("0912345678", {"email": ""}),
    ],
)
def test_after_registering_one_logs_in_by_email_or_phone(
    client, django_capture_on_commit_callbacks, login, changes
):
    register(client, django_capture_on_commit_callbacks, **changes)
    fresh = Client()
    response = fresh.post(reverse("login"), {"username": login, "password": GOOD_PASSWORD})
    assert response.status_code == 302, response.content.decode()
    assert fresh.get(reverse("account_profile")).wsgi_request.user == User.objects.get()


def test_a_logged_in_user_is_sent_to_the_profile(client):
    client.force_login(make_user("an", kind=User.Kind.CITIZEN))
    response = client.get(reverse("account_register"))
    assert response["Location"] == reverse("account_profile")


def _password_message(message, **params):
    return str(message) % params if params else str(message)


BAD_INPUTS = [
    ({"full_name": ""}, "Nhập họ và tên, hoặc tên tổ chức, doanh nghiệp."),
    ({"email": "", "phone": ""}, str(services.CONTACT_REQUIRED)),
    ({"email": "hoa@"}, str(forms.EMAIL_INVALID)),
    ({"phone": "12345"}, "Số điện thoại “12345” không hợp lệ"),
    ({"password2": "Khac-mat-khau-26"}, str(forms.PASSWORD_MISMATCH)),
    ({"password1": "Ab-1", "password2": "Ab-1"}, str(forms.PASSWORD_TOO_SHORT) % {"min_length": 8}),
    ({"password1": "password", "password2": "password"}, str(forms.PASSWORD_TOO_COMMON)),
    ({"password1": "90817263549", "password2": "90817263549"}, str(forms.PASSWORD_NUMERIC)),
    (
        {"password1": "hoa.nguyen@example", "password2": "hoa.nguyen@example"},
        str(forms.PASSWORD_TOO_SIMILAR),
    ),
    ({"password1": "", "password2": ""}, "Nhập mật khẩu."),
    ({"id_number": ""}, str(forms.ID_NUMBER_REQUIRED)),
    ({"id_number": "12345"}, str(validators.CITIZEN_ID_SHAPE)),
    ({"id_number": "099190012345"}, str(validators.CITIZEN_ID_PROVINCE)),
    ({"id_number": "001299012345"}, str(validators.CITIZEN_ID_BIRTH_YEAR)),
    ({"kind": "organisation", "id_number": "001190012345"}, str(validators.TAX_CODE_SHAPE)),
    ({"kind": "staff"}, "Chọn loại tài khoản: công dân hoặc tổ chức, doanh nghiệp."),
    ({"kind": None}, "Chọn loại tài khoản: công dân hoặc tổ chức, doanh nghiệp."),
    ({"consent": None}, str(forms.CONSENT_MISSING)),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUTS)
def test_bad_input_is_explained_and_kept(
    client, django_capture_on_commit_callbacks, changes, message
):
    response = register(client, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    body = response.content.decode()
    assert message.replace("“", "&ldquo;") in body or message in body, body
    assert 'class="errorlist' in body or 'class="message error"' in body
    assert not User.objects.exists()
    assert mail.outbox == []
    # What was typed is still there (never the passwords).
    assert 'value="Nguyễn Thị Hoa"' in body or changes.get("full_name") == ""
    assert GOOD_PASSWORD not in body


def test_errors_are_summed_up_at_the_top_with_links(client, django_capture_on_commit_callbacks):
    response = register(
        client, django_capture_on_commit_callbacks, email="hoa@", consent=None, kind="x"
    )
    body = response.content.decode()
    assert 'class="message error error-summary" role="alert"' in body
    assert "Có 3 mục cần sửa:" in body
    assert '<a href="#id_email">' in body
    assert '<a href="#id_consent">' in body
    assert '<a href="#id_kind_0">' in body


def test_a_taken_email_is_explained(client, django_capture_on_commit_callbacks):
    make_user("hoa", kind=User.Kind.CITIZEN, email="hoa.nguyen@example.vn")
    response = register(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    body = response.content.decode()
    assert str(services.EMAIL_TAKEN) in body
    assert 'value="Hoa.Nguyen@Example.vn"' in body
    assert User.objects.count() == 1


def test_a_taken_phone_is_explained_whatever_its_spelling(
    client, django_capture_on_commit_callbacks
):
    make_user("hoa", kind=User.Kind.CITIZEN, phone="+84912345678")
    response = register(client, django_capture_on_commit_callbacks, email="")
    assert response.status_code == 200
    assert str(services.PHONE_TAKEN) in response.content.decode()
    assert User.objects.count() == 1


def test_the_service_refuses_staff_accounts_and_missing_consent():
    with pytest.raises(services.AccountError) as caught:
        services.user_register(
            kind=User.Kind.STAFF,
            full_name="A",
            email="a@example.vn",
            phone="",
            password=GOOD_PASSWORD,
            id_number="",
            consent=True,
        )
    assert caught.value.message == services.KIND_NOT_ALLOWED
    with pytest.raises(services.AccountError) as caught:
        services.user_register(
            kind=User.Kind.CITIZEN,
            full_name="A",
            email="a@example.vn",
            phone="",
            password=GOOD_PASSWORD,
            id_number="",
            consent=False,
        )
    assert caught.value.message == services.CONSENT_REQUIRED


def test_usernames_never_collide(django_capture_on_commit_callbacks):
    make_user("hoa", kind=User.Kind.CITIZEN)
    user = services.user_register(
        kind=User.Kind.CITIZEN,
        full_name="Hoa",
        email="hoa@example.vn",
        phone="",
        password=GOOD_PASSWORD,
        id_number="001190012345",
        consent=True,
    )
    assert user.username.startswith("hoa") and user.username != "hoa"


text = st.text(max_size=40)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["citizen", "organisation", "staff", "", "x" * 30]),
    full_name=text,
    id_number=text,
    email=text,
    phone=text,
    password=text,
)
def test_no_input_gives_an_error_page(client, kind, full_name, id_number, email, phone, password):
    response = client.post(
        reverse("account_register"),
        {
            "kind": kind,
            "full_name": full_name,
            "id_number": id_number,
            "email": email,
            "phone": phone,
            "password1": password,
            "password2": password,
            "consent": "on",
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        client.post(reverse("logout"))
