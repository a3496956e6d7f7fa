"""Typed readers for settings that come from environment variables.

A value that does not parse is an error at start-up, never a silent default:
``DEBUG=ture`` must not quietly run production in debug mode.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

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
