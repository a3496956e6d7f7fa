from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def national_login_provider() -> str:
    """The identity provider's name when login through it is enabled, else ""."""
    return settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""
