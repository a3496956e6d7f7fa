"""Login through the national identity provider (OpenID Connect), against a local provider."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from motcua.accounts import oidc, services
from motcua.accounts.models import User
from motcua.accounts.tests.oidc_provider import RunningProvider
from motcua.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db

CLAIMS = {
    "sub": "vneid-0001",
    "name": "Trần Văn Bảo",
    "email": "bao@example.vn",
    "email_verified": True,
    "phone_number": "+84987654321",
    "citizen_id": "001090012345",
}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _provider_redirect(url: str) -> str:
    """Open the provider's /authorize page like a browser would, return where it sends us."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))
    try:
        opener.open(url, timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 302
        return error.headers["Location"]
    raise AssertionError("the provider did not redirect back")


def national_login(client, provider, *, next_url: str = ""):
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    response = client.get(start)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.base_url}/authorize?")
    back = urlsplit(_provider_redirect(response["Location"]))
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _logged_in_user(client):
    return client.get(reverse("account_profile")).wsgi_request.user


@pytest.fixture
def provider(settings):
    with RunningProvider(claims=CLAIMS) as running:
        for name, value in running.settings().items():
            setattr(settings, name, value)
        yield running


def test_the_first_login_creates_the_citizen_with_the_id_number(client, provider):
    response = national_login(client, provider)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    user = User.objects.get(oidc_subject="vneid-0001")
    assert user.kind == User.Kind.CITIZEN
    assert user.full_name == "Trần Văn Bảo"
    assert user.id_number == "001090012345" and user.id_number_verified
    assert user.email == "bao@example.vn"
    assert user.email_verified
    assert user.phone == "0987654321"
    assert not user.has_usable_password()
    assert _logged_in_user(client) == user
    # The whole flow went through the provider's endpoints.
    assert provider.requests.count("/token") == 1
    assert "/jwks" in provider.requests and "/userinfo" in provider.requests


def test_a_second_login_finds_the_same_user(client, provider):
    national_login(client, provider)
    first = User.objects.get(oidc_subject="vneid-0001")
    client.post(reverse("logout"))
    # The name changed at the provider: what the person has in MotCua is kept.
    provider.claims = {**CLAIMS, "name": "Tên Khác"}
    response = national_login(client, provider)
    assert response.status_code == 302
    assert User.objects.filter(oidc_subject="vneid-0001").count() == 1
    assert _logged_in_user(client) == first
    first.refresh_from_db()
    assert first.full_name == "Trần Văn Bảo"


def test_it_returns_to_the_page_asked_for(client, provider):
    response = national_login(client, provider, next_url="/thu-tuc/")
    assert response["Location"] == "/thu-tuc/"


def test_it_never_returns_to_another_site(client, provider):
    response = national_login(client, provider, next_url="https://ke-gian.example/")
    assert response["Location"] == reverse("web:home")


def test_an_account_with_the_same_verified_email_is_linked(client, provider):
    existing = make_user(
        "bao",
        kind=User.Kind.CITIZEN,
        email="Bao@Example.vn",
        full_name="Trần Văn Bảo Typed",
        id_number="001090099999",
    )
    national_login(client, provider)
    existing.refresh_from_db()
    assert existing.oidc_subject == "vneid-0001"
    assert existing.email_verified
    # The provider's ID number replaces the typed one; the typed name stays.
    assert existing.id_number == "001090012345" and existing.id_number_verified
    assert existing.full_name == "Trần Văn Bảo Typed"
    assert User.objects.count() == 1
    assert _logged_in_user(client) == existing


def test_an_unverified_email_never_takes_over_an_account(client, provider):
    make_user("bao", kind=User.Kind.CITIZEN, email="bao@example.vn")
    provider.claims = {**CLAIMS, "email_verified": False}
    response = national_login(client, provider)
    assert response["Location"] == reverse("login")
    assert _messages(response) == [str(services.OIDC_ACCOUNT_CONFLICT)]
    assert not User.objects.filter(oidc_subject="vneid-0001").exists()
    assert not _logged_in_user(client).is_authenticated


def test_a_malformed_id_number_claim_is_left_out(client, provider):
    provider.claims = {**CLAIMS, "citizen_id": "12345"}
    national_login(client, provider)
    user = User.objects.get(oidc_subject="vneid-0001")
    assert user.id_number == "" and not user.id_number_verified


def test_a_verified_id_number_is_not_edited_on_the_profile(client, provider):
    national_login(client, provider)
    page = client.get(reverse("account_profile")).content.decode()
    assert "số định danh đã xác minh" in page
    assert 'name="id_number" value="001090012345"' in page and "disabled" in page
    response = client.post(
        reverse("account_profile"),
        {
            "full_name": "Trần Văn Bảo",
            "email": "bao@example.vn",
            "phone": "0987654321",
            "id_number": "079303001234",
            "address": "Thôn Đông",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(oidc_subject="vneid-0001")
    assert user.id_number == "001090012345"
    assert user.address == "Thôn Đông"


def test_the_id_claim_name_is_configurable(client, provider, settings):
    settings.OIDC_CLAIM_ID_NUMBER = "so_dinh_danh"
    provider.claims = {"sub": "vneid-0002", "name": "Lê Thị Cúc", "so_dinh_danh": "079303001234"}
    national_login(client, provider)
    user = User.objects.get(oidc_subject="vneid-0002")
    assert user.id_number == "079303001234"
    assert user.email == "" and not user.email_verified


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience", "issuer", "expired"])
def test_a_bad_id_token_is_refused_with_a_clear_message(client, provider, tamper):
    provider.tamper = tamper
    response = national_login(client, provider)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert _messages(response) == [str(oidc.OIDC_TOKEN_REJECTED) % {"provider": "VNeID"}]
    assert not User.objects.exists()
    page = client.get(reverse("login"))
    assert not page.wsgi_request.user.is_authenticated


def test_userinfo_about_someone_else_is_refused(client, provider):
    provider.tamper = "userinfo_subject"
    response = national_login(client, provider)
    assert _messages(response) == [str(oidc.OIDC_TOKEN_REJECTED) % {"provider": "VNeID"}]
    assert not User.objects.exists()


def test_a_provider_error_is_explained(client, provider):
    provider.tamper = "token_error"
    response = national_login(client, provider)
    assert response["Location"] == reverse("login")
    assert _messages(response) == [str(oidc.OIDC_PROVIDER_UNREACHABLE) % {"provider": "VNeID"}]


def test_an_unreachable_provider_is_explained(client, provider, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    response = national_login(client, provider)
    assert _messages(response) == [str(oidc.OIDC_PROVIDER_UNREACHABLE) % {"provider": "VNeID"}]


@pytest.mark.parametrize(
    "query",
    [
        "?code=abc&state=khong-co",
        "?code=abc",
        "",
        "?state=x",
        "?code=%00&state=%00",
    ],
)
def test_a_forged_callback_is_refused_without_an_error_page(client, provider, query):
    client.get(reverse("oidc_authentication_init"))  # a session with one real state
    response = client.get(reverse("oidc_authentication_callback") + query)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert _messages(response) == [str(oidc.OIDC_SESSION_LOST) % {"provider": "VNeID"}]


def test_a_callback_without_any_login_started_is_refused(client, provider):
    response = client.get(reverse("oidc_authentication_callback") + "?code=abc&state=xyz")
    assert response.status_code == 302
    assert _messages(response) == [str(oidc.OIDC_SESSION_LOST) % {"provider": "VNeID"}]


def test_a_cancelled_login_is_explained(client, provider):
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback") + "?error=access_denied&state=x")
    assert _messages(response) == [str(oidc.OIDC_CANCELLED) % {"provider": "VNeID"}]


def test_a_locked_account_cannot_log_in(client, provider):
    national_login(client, provider)
    client.post(reverse("logout"))
    User.objects.filter(oidc_subject="vneid-0001").update(is_active=False)
    response = national_login(client, provider)
    assert _messages(response) == [str(oidc.OIDC_ACCOUNT_LOCKED)]
    assert not _logged_in_user(client).is_authenticated


def test_the_login_page_offers_the_national_login_when_enabled(client, provider):
    body = client.get(reverse("login")).content.decode()
    assert '<label for="id_password">Mật khẩu:</label>' in body
    assert "Đăng nhập bằng tài khoản định danh điện tử (VNeID)" in body
    assert reverse("oidc_authentication_init") in body


def test_it_is_off_by_default(client, settings):
    settings.OIDC_ENABLED = False
    body = client.get(reverse("login")).content.decode()
    assert "định danh điện tử" not in body
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert (
        client.get(reverse("oidc_authentication_callback") + "?code=a&state=b").status_code == 404
    )


def test_password_logins_still_work_and_lock_out_beside_it(client, provider):
    make_user("an", kind=User.Kind.CITIZEN, email="an@example.vn")
    response = client.post(reverse("login"), {"username": "an@example.vn", "password": PASSWORD})
    assert response.status_code == 302
    client.post(reverse("logout"))
    for _ in range(5):
        client.post(reverse("login"), {"username": "an", "password": "sai"})
    assert (
        client.post(reverse("login"), {"username": "an", "password": PASSWORD}).status_code == 429
    )
    # The lockout of one login does not stop a national login from the same address.
    response = national_login(client, provider)
    assert response["Location"] == reverse("web:home")
    assert _logged_in_user(client).oidc_subject == "vneid-0001"


def test_failed_national_logins_do_not_lock_out_the_address(client, provider):
    """Axes counts password guesses; a refused token says nothing about a password."""
    provider.tamper = "signature"
    for _ in range(6):
        response = national_login(client, provider)
        assert response.status_code == 302
    provider.tamper = ""
    response = national_login(client, provider)
    assert response["Location"] == reverse("web:home")
    assert _logged_in_user(client).oidc_subject == "vneid-0001"


def test_the_discovery_command_prints_the_settings():
    from io import StringIO

    from django.core.management import CommandError, call_command

    with RunningProvider(claims=CLAIMS) as running:
        out = StringIO()
        call_command("oidc_discover", running.issuer, stdout=out)
        lines = out.getvalue().splitlines()
        assert "OIDC_ENABLED=true" in lines
        assert f"OIDC_OP_ISSUER={running.issuer}" in lines
        assert f"OIDC_OP_TOKEN_ENDPOINT={running.base_url}/token" in lines
        assert f"OIDC_OP_JWKS_ENDPOINT={running.base_url}/jwks" in lines
        assert "OIDC_RP_SIGN_ALGO=RS256" in lines
        with pytest.raises(CommandError, match="không phải của issuer"):
            call_command("oidc_discover", running.issuer + "/khac", stdout=StringIO())
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("oidc_discover", "http://127.0.0.1:9", "--timeout=2", stdout=StringIO())
