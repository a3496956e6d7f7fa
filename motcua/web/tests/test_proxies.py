"""Behind nginx the client's address comes from X-Forwarded-For, believed only from the
proxies in TRUSTED_PROXIES; lockouts and limits count by that address."""

from __future__ import annotations

from ipaddress import ip_network

import pytest
from django.urls import reverse

from motcua.testing import PASSWORD, make_user
from motcua.web.proxies import forwarded_client

PROXIES = [ip_network("127.0.0.1/32"), ip_network("10.0.0.0/24")]


@pytest.mark.parametrize(
    ("peer", "header", "client"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        # A client that writes the header itself only adds entries on the left.
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        # Two of our proxies in a row: the first untrusted hop from the right.
        ("127.0.0.1", "203.0.113.7, 10.0.0.5", "203.0.113.7"),
        # Not from a proxy: the header is nobody's word.
        ("198.51.100.1", "203.0.113.7", "198.51.100.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
        # A client inside a trusted network itself.
        ("127.0.0.1", "10.0.0.9", "10.0.0.9"),
    ],
)
def test_the_client_is_the_first_untrusted_hop_from_the_right(peer, header, client):
    assert forwarded_client(peer, header, PROXIES) == client


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1/32")]


def seen_address(client, **headers) -> str:
    response = client.get(reverse("web:home"), **headers)
    return response.wsgi_request.META["REMOTE_ADDR"]


@pytest.mark.django_db
def test_forwarding_headers_are_ignored_without_trusted_proxies(client):
    request = client.get(
        reverse("web:home"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    ).wsgi_request
    assert request.META["REMOTE_ADDR"] == "127.0.0.1"
    assert "HTTP_X_FORWARDED_FOR" not in request.META


@pytest.mark.django_db
def test_the_proxy_names_the_client(client, behind_nginx):
    assert seen_address(client, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7") == (
        "203.0.113.7"
    )


@pytest.mark.django_db
def test_a_stranger_cannot_pretend_to_be_https_or_another_address(client, behind_nginx):
    request = client.get(
        reverse("web:home"),
        REMOTE_ADDR="198.51.100.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_X_FORWARDED_PROTO="https",
    ).wsgi_request
    assert request.META["REMOTE_ADDR"] == "198.51.100.1"
    assert not request.is_secure()


@pytest.mark.django_db
def test_the_lockout_counts_each_client_behind_the_proxy(client, behind_nginx):
    make_user("an", kind="citizen", full_name="Nguyễn Văn An")
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    owner = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    for _ in range(5):
        client.post(reverse("login"), {"username": "an", "password": "sai"}, **attacker)
    locked = client.post(reverse("login"), {"username": "an", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    # The owner, from another address behind the same proxy, still logs in.
    response = client.post(reverse("login"), {"username": "an", "password": PASSWORD}, **owner)
    assert response.status_code == 302
