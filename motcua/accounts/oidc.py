"""Login through the national identity provider (VNeID / national portal SSO) by OpenID Connect.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE, the
token request and the signature check against the provider's JWKS). Here we add
what it leaves out — the audience, issuer and expiry checks of the ID token —,
map the claims to a MotCua account (``services.user_from_oidc_claims``), and turn
every failure into a Vietnamese message on the login page instead of an error page.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from motcua.accounts.services import AccountError, user_from_oidc_claims

log = logging.getLogger(__name__)

OIDC_TOKEN_REJECTED = _(
    "Không xác minh được thông tin đăng nhập do %(provider)s gửi về (chữ ký, mã dùng một lần hoặc đối tượng nhận không đúng). Vui lòng đăng nhập lại."
)
OIDC_PROVIDER_UNREACHABLE = _(
    "Chưa kết nối được với %(provider)s. Vui lòng thử lại sau ít phút hoặc đăng nhập bằng mật khẩu."
)
OIDC_CANCELLED = _("Đăng nhập bằng %(provider)s chưa hoàn tất. Vui lòng thử lại.")
OIDC_SESSION_LOST = _(
    "Phiên đăng nhập bằng %(provider)s đã hết hạn hoặc không khớp. Vui lòng bấm đăng nhập lại."
)
OIDC_ACCOUNT_LOCKED = _("Tài khoản này đã bị khóa.")

_ERROR_ATTR = "motcua_oidc_error"


class NationalLoginFailed(Exception):
    """The callback could not log anyone in; ``message`` says why, in Vietnamese.

    Raised rather than returning None so that Django does not send
    ``user_login_failed``: axes would count it against (no username, IP address),
    and a few failures in a commune office behind one address would lock every
    citizen there out of the national login. Guessing is the provider's concern:
    codes are single-use and bound to this browser's state, nonce and PKCE verifier.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def _message(template: Any) -> str:
    return str(template) % {"provider": provider_name()}


class NationalIdentityBackend(OIDCAuthenticationBackend):
    """Authenticates the OIDC callback; every other login attempt passes through untouched."""

    def __init__(self, *args, **kwargs):
        if settings.OIDC_ENABLED:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback view passes ``nonce``; password logins never reach the provider.
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        try:
            user = super().authenticate(request, **kwargs)
        except AccountError as error:
            raise NationalLoginFailed(str(error.message)) from None
        except requests.RequestException as error:
            log.warning(
                "OIDC provider unreachable or refused the request: %s", type(error).__name__
            )
            raise NationalLoginFailed(_message(OIDC_PROVIDER_UNREACHABLE)) from None
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            log.warning("OIDC token rejected: %s", error)
            raise NationalLoginFailed(_message(OIDC_TOKEN_REJECTED)) from None
        if user is None:
            raise NationalLoginFailed(_message(OIDC_TOKEN_REJECTED))
        return user

    def verify_token(self, token, **kwargs):
        """The library checks the signature and nonce; we add audience, issuer and expiry.

        OpenID Connect Core 1.0 §3.1.3.7: ``aud`` must contain our client id
        (and ``azp`` name us when there are several audiences), ``iss`` must be
        the provider's issuer, ``exp`` must be present and in the future.
        """
        payload = super().verify_token(token, **kwargs)
        if not isinstance(payload, dict):
            raise SuspiciousOperation("ID token payload is not an object")
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token audience does not name this client")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorized party is not this client")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token issuer is not the configured provider")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token has no expiry")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if not isinstance(userinfo, dict):
                raise SuspiciousOperation("userinfo is not an object")
            if userinfo.get("sub") != payload.get("sub"):
                # OIDC Core §5.3.2: a userinfo response about someone else must be refused.
                raise SuspiciousOperation("userinfo subject differs from the ID token")
            claims.update(userinfo)
        return user_from_oidc_claims(claims=claims)


class NationalLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's authorization endpoint."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class NationalCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back with ``code`` and ``state``."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        if request.GET.get("error"):
            setattr(request, _ERROR_ATTR, _message(OIDC_CANCELLED))
        elif not request.GET.get("code") or not request.GET.get("state"):
            setattr(request, _ERROR_ATTR, _message(OIDC_SESSION_LOST))
        try:
            return super().get(request)
        except NationalLoginFailed as failure:
            setattr(request, _ERROR_ATTR, failure.message)
            return self.login_failure()
        except SuspiciousOperation:
            # The state is not one this browser asked for (replay, or another tab).
            setattr(request, _ERROR_ATTR, _message(OIDC_SESSION_LOST))
            return self.login_failure()

    def login_success(self) -> HttpResponse:
        if not self.user.is_active:
            setattr(self.request, _ERROR_ATTR, str(OIDC_ACCOUNT_LOCKED))
            return self.login_failure()
        return super().login_success()

    def login_failure(self) -> HttpResponse:
        message = getattr(self.request, _ERROR_ATTR, None)
        user = getattr(self, "user", None)
        if message is None and user is not None and not user.is_active:
            message = str(OIDC_ACCOUNT_LOCKED)
        if message is None:
            message = (
                _message(OIDC_SESSION_LOST)
                if "oidc_states" not in self.request.session
                else _message(OIDC_TOKEN_REJECTED)
            )
        messages.error(self.request, message)
        return HttpResponseRedirect(reverse("login"))
