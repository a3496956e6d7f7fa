"""The signed, expiring link that verifies an e-mail address."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts import services, views
from motcua.accounts.decorators import EMAIL_NOT_VERIFIED, require_verified_email
from motcua.accounts.models import User
from motcua.testing import make_user

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def hoa():
    return make_user("hoa", kind=User.Kind.CITIZEN, email="hoa@example.vn", full_name="Hoa")


def _link_path(message) -> str:
    match = re.search(r"http://[^/\s]+(/tai-khoan/xac-thuc-thu/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def send_link(user, capture) -> str:
    with capture(execute=True):
        services.email_verification_send(user=user)
    assert len(mail.outbox) == 1
    assert mail.outbox[-1].to == [user.email]
    assert mail.outbox[-1].subject == "Xác thực địa chỉ thư điện tử"
    return _link_path(mail.outbox[-1])


def test_following_the_link_verifies_the_address(client, hoa, django_capture_on_commit_callbacks):
    path = send_link(hoa, django_capture_on_commit_callbacks)
    response = client.get(path)
    assert response.status_code == 200
    assert "Đã xác thực địa chỉ hoa@example.vn" in response.content.decode()
    hoa.refresh_from_db()
    assert hoa.email_verified
    # Following it again does no harm.
    assert client.get(path).status_code == 200


def test_the_link_expires_after_three_days(client, hoa, django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as traveller:
        path = send_link(hoa, django_capture_on_commit_callbacks)
        traveller.shift(datetime.timedelta(days=2, hours=23))
        assert client.get(path).status_code == 200
        User.objects.filter(pk=hoa.pk).update(email_verified=False)
        traveller.shift(datetime.timedelta(hours=1, minutes=1))
        response = client.get(path)
    assert response.status_code == 400
    assert str(services.LINK_EXPIRED) in response.content.decode()
    hoa.refresh_from_db()
    assert not hoa.email_verified


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "khong-phai-ma",
        lambda token: token.replace(":", "", 1),
    ],
)
def test_a_tampered_link_is_refused(client, hoa, django_capture_on_commit_callbacks, mangle):
    path = send_link(hoa, django_capture_on_commit_callbacks)
    token = path.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("account_verify_email", kwargs={"token": mangle(token)}))
    assert response.status_code == 400
    assert str(services.LINK_INVALID) in response.content.decode()
    hoa.refresh_from_db()
    assert not hoa.email_verified


def test_a_token_for_another_purpose_is_refused(client, hoa):
    from django.core import signing

    token = signing.dumps({"u": hoa.pk, "e": hoa.email}, salt="another-purpose")
    response = client.get(reverse("account_verify_email", kwargs={"token": token}))
    assert str(services.LINK_INVALID) in response.content.decode()


def test_a_link_for_an_old_address_does_not_verify_the_new_one(
    client, hoa, django_capture_on_commit_callbacks
):
    path = send_link(hoa, django_capture_on_commit_callbacks)
    hoa.email = "hoa.moi@example.vn"
    hoa.save()
    response = client.get(path)
    assert response.status_code == 400
    assert str(services.LINK_STALE) in response.content.decode()
    hoa.refresh_from_db()
    assert not hoa.email_verified


def test_the_profile_resends_the_link_once_a_minute(
    client, hoa, django_capture_on_commit_callbacks
):
    client.force_login(hoa)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_resend_verification"), follow=True)
    assert len(mail.outbox) == 1
    assert str(views.VERIFICATION_SENT) % {"email": "hoa@example.vn"} in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_resend_verification"), follow=True)
    assert len(mail.outbox) == 1
    assert str(views.VERIFICATION_TOO_SOON) in response.content.decode()
    client.get(_link_path(mail.outbox[0]))
    hoa.refresh_from_db()
    assert hoa.email_verified


def test_resending_needs_a_post_and_a_login(client, hoa):
    assert client.get(reverse("account_resend_verification")).status_code == 302
    client.force_login(hoa)
    assert client.get(reverse("account_resend_verification")).status_code == 405


def test_nothing_is_resent_to_a_verified_or_missing_address(
    client, django_capture_on_commit_callbacks
):
    verified = make_user("a", kind=User.Kind.CITIZEN, email="a@example.vn", email_verified=True)
    with pytest.raises(services.AccountError) as caught:
        services.email_verification_send(user=verified)
    assert caught.value.message == services.ALREADY_VERIFIED
    no_email = make_user("b", kind=User.Kind.CITIZEN, phone="0912000111")
    client.force_login(no_email)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_resend_verification"), follow=True)
    assert str(services.NO_EMAIL) in response.content.decode()
    assert mail.outbox == []


def _request(user):
    request = RequestFactory().get("/mot-chuc-nang/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@require_verified_email
def _feature(request):
    return HttpResponse("ok")


def test_require_verified_email_lets_only_verified_users_through(hoa):
    response = _feature(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=/mot-chuc-nang/")

    request = _request(hoa)
    response = _feature(request)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_profile")
    assert [str(m) for m in request._messages] == [str(EMAIL_NOT_VERIFIED)]

    hoa.email_verified = True
    assert _feature(_request(hoa)).content == b"ok"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(token=st.text(min_size=1, max_size=300).filter(lambda t: "/" not in t and t.strip()))
def test_no_token_gives_an_error_page(client, token):
    from urllib.parse import quote

    response = client.get(f"/tai-khoan/xac-thuc-thu/{quote(token, safe='')}/")
    assert response.status_code in (400, 404)
