"""Pages of one's own account: registration, e-mail verification, profile."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from motcua.accounts import services
from motcua.accounts.forms import ProfileForm, RegistrationForm
from motcua.accounts.models import Membership

REGISTERED = _("Đã tạo tài khoản. Chào mừng ông/bà đến với hệ thống.")
REGISTERED_CHECK_MAIL = _(
    "Đã tạo tài khoản. Chúng tôi đã gửi thư xác thực đến %(email)s: hãy mở đường dẫn trong thư (có hiệu lực 3 ngày)."
)
PROFILE_SAVED = _("Đã lưu hồ sơ cá nhân.")
PROFILE_SAVED_CHECK_MAIL = _(
    "Đã lưu hồ sơ cá nhân. Địa chỉ thư điện tử mới cần xác thực: chúng tôi đã gửi thư đến %(email)s."
)
VERIFICATION_SENT = _("Đã gửi lại thư xác thực đến %(email)s. Đường dẫn có hiệu lực 3 ngày.")
VERIFICATION_TOO_SOON = _("Thư xác thực vừa được gửi. Vui lòng chờ một phút rồi thử lại.")

_RESEND_SESSION_KEY = "motcua_verification_sent_at"
_RESEND_INTERVAL = 60  # seconds between two requests to send the link again


def _add_account_error(form, error: services.AccountError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account_profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                kind=data["kind"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                id_number=data["id_number"],
                consent=data["consent"],
            )
        except services.AccountError as error:
            _add_account_error(form, error)
        else:
            login(request, user, backend="motcua.accounts.backends.EmailOrPhoneBackend")
            if user.email:
                messages.success(request, str(REGISTERED_CHECK_MAIL) % {"email": user.email})
            else:
                messages.success(request, REGISTERED)
            return redirect("account_profile")
    return render(request, "accounts/register.html", {"form": form})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.email_verify(token=token)
    except services.AccountError as error:
        return render(
            request,
            "accounts/verify_email.html",
            {"verified": False, "error": error.message},
            status=400,
        )
    return render(request, "accounts/verify_email.html", {"verified": True, "email": user.email})


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    last = request.session.get(_RESEND_SESSION_KEY)
    if isinstance(last, (int, float)) and time.time() - last < _RESEND_INTERVAL:
        messages.warning(request, VERIFICATION_TOO_SOON)
        return redirect("account_profile")
    try:
        services.email_verification_send(user=request.user)
    except services.AccountError as error:
        messages.warning(request, error.message)
    else:
        request.session[_RESEND_SESSION_KEY] = time.time()
        messages.success(request, str(VERIFICATION_SENT) % {"email": request.user.email})
    return redirect("account_profile")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "id_number": user.id_number,
        "address": user.address,
    }
    form = ProfileForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.user_update_profile(
                user=user,
                changes=services.ProfileChanges(
                    full_name=data["full_name"],
                    email=data["email"],
                    phone=data["phone"],
                    id_number=data["id_number"],
                    address=data["address"],
                ),
            )
        except services.AccountError as error:
            _add_account_error(form, error)
        else:
            if sent:
                user.refresh_from_db()
                messages.success(request, str(PROFILE_SAVED_CHECK_MAIL) % {"email": user.email})
            else:
                messages.success(request, PROFILE_SAVED)
            return redirect("account_profile")
    memberships = (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("agency")
        .order_by("agency__path", "role")
    )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "account": user, "memberships": memberships},
    )
