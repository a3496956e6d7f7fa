"""Guards for views of logged-in people."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

EMAIL_NOT_VERIFIED = _(
    "Chức năng này cần địa chỉ thư điện tử đã xác thực. Hãy mở đường dẫn trong thư xác thực, hoặc gửi lại thư từ trang hồ sơ cá nhân."
)


def require_verified_email(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only logged-in users whose e-mail address is verified through.

    Anonymous visitors go to the login page; the others to their profile, with a
    message saying why and how to verify.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.email_verified:
            messages.warning(request, EMAIL_NOT_VERIFIED)
            return redirect("account_profile")
        return view(request, *args, **kwargs)

    return wrapper
