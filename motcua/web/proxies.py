"""The client's address behind a reverse proxy, decided once per request.

Login lockouts, the public lookup's limit and the logs all count by client address. Behind
nginx every request comes from the proxy, so the address must be taken from the
``X-Forwarded-For`` header — but only when a proxy listed in ``TRUSTED_PROXIES`` sent it:
anybody can write that header. This middleware runs first and leaves ``REMOTE_ADDR`` holding
the client's address, so nothing downstream reads a forwarding header on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_REAL_IP")


def is_trusted(address: str, proxies: Sequence[IPv4Network | IPv6Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in proxies)


def forwarded_client(
    peer: str, forwarded_for: str, proxies: Sequence[IPv4Network | IPv6Network]
) -> str:
    """The address the first untrusted hop gave, reading ``X-Forwarded-For`` from the right.

    Each proxy appends the address it received the request from, so the rightmost entries
    are the ones our own proxies wrote; entries further left came from the client and may be
    anything.
    """
    if not is_trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    # Every hop trusted: the client sits inside a trusted network itself.
    untrusted = [hop for hop in reversed(hops) if not is_trusted(hop, proxies)] or hops[:1]
    if not untrusted:
        return peer
    try:
        return str(ip_address(untrusted[0]))
    except ValueError:
        return peer  # a garbled header: count the request against the proxy


class TrustedProxyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        proxies = settings.TRUSTED_PROXIES
        if proxies and is_trusted(peer, proxies):
            meta["REMOTE_ADDR"] = forwarded_client(
                peer, meta.get("HTTP_X_FORWARDED_FOR", ""), proxies
            )
        else:
            for header in FORWARDING_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str:
    """The client's address as the middleware left it (django-axes reads it from here)."""
    return request.META.get("REMOTE_ADDR", "")
