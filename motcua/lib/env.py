"""Typed readers for settings that come from environment variables.

A value that does not parse is an error at start-up, never a silent default:
``DEBUG=ture`` must not quietly run production in debug mode.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from ipaddress import IPv4Network, IPv6Network, ip_network
from urllib.parse import urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """A configuration variable holds a value of the wrong shape."""


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name} must be a boolean (true/false, 1/0, yes/no), got {raw!r}")


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise EnvError(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise EnvError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise EnvError(f"{name} must be at most {maximum}, got {value}")
    return value


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] = os.environ
) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise EnvError(f"{name} must be a comma-separated list without empty items, got {raw!r}")
    return items


def env_url(name: str, default: str, *, environ: Mapping[str, str] = os.environ) -> str:
    """An absolute http(s) address without a trailing slash, such as the site's own."""
    raw = environ.get(name, default).strip()
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise EnvError(f"{name} must be an absolute http:// or https:// address, got {raw!r}")
    return raw.rstrip("/")


def env_networks(
    name: str, default: list[str], *, environ: Mapping[str, str] = os.environ
) -> list[IPv4Network | IPv6Network]:
    """Addresses or networks (``10.0.0.5``, ``10.0.0.0/24``, ``::1``), comma-separated."""
    networks = []
    for item in env_list(name, default, environ=environ):
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise EnvError(f"{name} must list IP addresses or networks, got {item!r}") from None
    return networks


def require_env(names: list[str], *, reason: str, environ: Mapping[str, str] = os.environ) -> None:
    """Refuse to start unless each name is set to a non-empty value; ``A|B`` means either.

    One message names every missing variable, in Vietnamese and English.
    """
    missing = [
        name
        for name in names
        if not any(environ.get(alternative, "").strip() for alternative in name.split("|"))
    ]
    if missing:
        listed = ", ".join(
            name.replace("|", " (hoặc/or ") + ")" * ("|" in name) for name in missing
        )
        raise EnvError(
            f"{reason}: chưa đặt biến môi trường {listed} — cần đặt rõ khi vận hành thật. "
            f"/ {reason}: {listed} must be set explicitly in production. "
            "Xem/see docs/configuration.md."
        )
