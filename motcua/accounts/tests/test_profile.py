"""The profile page: one's own contact data, ID number, and (for staff) roles."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts import services, validators, views
from motcua.accounts.models import User
from motcua.testing import Province, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa():
    return make_user(
        "hoa",
        kind=User.Kind.CITIZEN,
        full_name="Nguyễn Thị Hoa",
        email="hoa@example.vn",
        email_verified=True,
        phone="0912345678",
        id_number="001190012345",
    )


def form_data(user, **changes):
    data = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "id_number": user.id_number,
        "address": user.address,
    }
    data.update(changes)
    return data


def save(client, user, capture, **changes):
    client.force_login(user)
    with capture(execute=True):
        return client.post(reverse("account_profile"), form_data(user, **changes))


def test_it_needs_a_login(client):
    response = client.get(reverse("account_profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_profile(client, hoa):
    client.force_login(hoa)
    body = client.get(reverse("account_profile")).content.decode()
    assert 'value="Nguyễn Thị Hoa"' in body
    assert 'value="001190012345"' in body
    assert "đã xác thực" in body
    assert reverse("password_change") in body
    assert "Gửi lại thư xác thực" not in body


def test_it_saves_name_phone_address_and_id_number(client, hoa, django_capture_on_commit_callbacks):
    response = save(
        client,
        hoa,
        django_capture_on_commit_callbacks,
        full_name="Nguyễn Thị Hoa Mai",
        phone="+84 987 654 321",
        address="Số 1, đường Lê Lợi, xã An Bình",
        id_number="001 190 054 321",
    )
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.full_name == "Nguyễn Thị Hoa Mai"
    assert hoa.phone == "0987654321"
    assert hoa.address == "Số 1, đường Lê Lợi, xã An Bình"
    assert hoa.id_number == "001190054321"
    assert hoa.email_verified  # same address: still verified
    assert mail.outbox == []
    page = client.get(response["Location"]).content.decode()
    assert str(views.PROFILE_SAVED) in page


def test_a_new_email_must_be_verified_again(client, hoa, django_capture_on_commit_callbacks):
    response = save(client, hoa, django_capture_on_commit_callbacks, email="Hoa.Moi@Example.vn")
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.email == "hoa.moi@example.vn"
    assert not hoa.email_verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa.moi@example.vn"]
    page = client.get(reverse("account_profile")).content.decode()
    assert "chưa được xác thực" in page
    assert "Gửi lại thư xác thực" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Nhập họ và tên, hoặc tên tổ chức, doanh nghiệp."),
        ({"email": "", "phone": ""}, str(services.CONTACT_REQUIRED)),
        ({"email": "hoa@@example"}, "Địa chỉ thư điện tử không hợp lệ"),
        ({"phone": "09"}, "không hợp lệ"),
        ({"id_number": "097190012345"}, str(validators.CITIZEN_ID_PROVINCE)),
        ({"id_number": ""}, "Nhập số định danh cá nhân"),
    ],
)
def test_bad_input_is_explained_and_kept(
    client, hoa, django_capture_on_commit_callbacks, changes, message
):
    response = save(client, hoa, django_capture_on_commit_callbacks, address="Thôn Đông", **changes)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="Thôn Đông"' in body
    hoa.refresh_from_db()
    assert hoa.address == ""


def test_someone_elses_email_or_phone_is_refused(client, hoa, django_capture_on_commit_callbacks):
    make_user("lan", kind=User.Kind.CITIZEN, email="lan@example.vn", phone="0900000001")
    response = save(client, hoa, django_capture_on_commit_callbacks, email="LAN@example.vn")
    assert str(services.EMAIL_TAKEN) in response.content.decode()
    response = save(client, hoa, django_capture_on_commit_callbacks, phone="0900.000.001")
    assert str(services.PHONE_TAKEN) in response.content.decode()
    hoa.refresh_from_db()
    assert (hoa.email, hoa.phone) == ("hoa@example.vn", "0912345678")


def test_an_organisation_edits_its_tax_code(client, django_capture_on_commit_callbacks):
    company = make_user(
        "senvang",
        kind=User.Kind.ORGANISATION,
        full_name="Công ty TNHH Sen Vàng",
        email="lienhe@senvang.vn",
        id_number="0101234567",
    )
    client.force_login(company)
    page = client.get(reverse("account_profile")).content.decode()
    assert "Mã số thuế" in page and "Tên tổ chức, doanh nghiệp" in page
    response = save(client, company, django_capture_on_commit_callbacks, id_number="001190012345")
    assert str(validators.TAX_CODE_SHAPE) in response.content.decode()
    response = save(client, company, django_capture_on_commit_callbacks, id_number="0101234567-002")
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.id_number == "0101234567-002"


def test_staff_see_their_roles_and_agencies(client):
    p = Province.build()
    client.force_login(p.officer_b)
    body = client.get(reverse("account_profile")).content.decode()
    assert "Vai trò tại cơ quan, đơn vị" in body
    assert "Cán bộ tiếp nhận (một cửa)" in body
    assert "Chuyên viên xử lý" in body
    assert "Ủy ban nhân dân xã Bình Minh" in body
    # Read-only: the form has no field for roles.
    assert 'name="role"' not in body
    client.force_login(p.citizen)
    assert "Vai trò tại cơ quan" not in client.get(reverse("account_profile")).content.decode()


def test_the_header_links_to_the_profile_and_registration(client, hoa):
    body = client.get("/").content.decode()
    assert reverse("account_register") in body and reverse("login") in body
    client.force_login(hoa)
    body = client.get("/").content.decode()
    assert reverse("account_profile") in body and "Hồ sơ cá nhân" in body


def test_password_change_speaks_vietnamese(client, hoa):
    from motcua.testing import PASSWORD

    client.force_login(hoa)
    page = client.get(reverse("password_change")).content.decode()
    assert "Mật khẩu hiện tại" in page and "Mật khẩu mới" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "Ab-1", "new_password2": "Ab-2"},
    )
    body = response.content.decode()
    assert "Mật khẩu hiện tại không đúng." in body
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Ab-1", "new_password2": "Ab-1"},
    )
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Ab-1xyz!9", "new_password2": "Ab-2xyz!9"},
    )
    assert "Hai mật khẩu đã nhập không giống nhau." in response.content.decode()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    full_name=st.text(max_size=40),
    email=st.text(max_size=40),
    phone=st.text(max_size=20),
    id_number=st.text(max_size=20),
    address=st.text(max_size=300),
)
def test_no_input_gives_an_error_page(client, hoa, full_name, email, phone, id_number, address):
    client.force_login(hoa)
    response = client.post(
        reverse("account_profile"),
        {
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "id_number": id_number,
            "address": address,
        },
    )
    assert response.status_code in (200, 302)


def test_password_reset_mail_is_in_vietnamese(client, hoa):
    client.post(reverse("password_reset"), {"email": "hoa@example.vn"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Đặt lại mật khẩu tài khoản trên hệ thống một cửa điện tử"
    assert "Kính gửi Nguyễn Thị Hoa" in mail.outbox[0].body
