"""Writes on accounts: registration, profile changes, e-mail verification, national login.

Each function checks its rules and raises ``AccountError`` with a Vietnamese
message (module constants below, asserted by the tests); views turn it into a
form error. E-mail goes out through a background task after the commit.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User, normalize_phone
from motcua.accounts.validators import (
    normalize_citizen_id,
    normalize_tax_code,
    validate_citizen_id,
)
from motcua.lib.errors import InvalidInput

EMAIL_TAKEN = _(
    "Thư điện tử này đã được dùng cho một tài khoản khác. Hãy đăng nhập hoặc dùng chức năng quên mật khẩu."
)
PHONE_TAKEN = _(
    "Số điện thoại này đã được dùng cho một tài khoản khác. Hãy đăng nhập hoặc dùng chức năng quên mật khẩu."
)
CONTACT_REQUIRED = _("Cần nhập ít nhất một trong hai: thư điện tử hoặc số điện thoại.")
CONSENT_REQUIRED = _(
    "Cần đồng ý cho xử lý dữ liệu cá nhân để tạo tài khoản (Nghị định 13/2023/NĐ-CP)."
)
KIND_NOT_ALLOWED = _("Chỉ có thể tự đăng ký tài khoản công dân hoặc tổ chức, doanh nghiệp.")
LINK_INVALID = _(
    "Đường dẫn xác thực không đúng. Hãy mở lại đường dẫn trong thư, hoặc yêu cầu gửi lại thư xác thực từ trang hồ sơ cá nhân."
)
LINK_EXPIRED = _(
    "Đường dẫn xác thực đã hết hạn (sau 3 ngày). Hãy yêu cầu gửi lại thư xác thực từ trang hồ sơ cá nhân."
)
LINK_STALE = _(
    "Đường dẫn này xác thực một địa chỉ thư điện tử không còn dùng cho tài khoản. Hãy mở thư xác thực mới nhất."
)
NO_EMAIL = _("Tài khoản chưa có địa chỉ thư điện tử.")
ALREADY_VERIFIED = _("Địa chỉ thư điện tử đã được xác thực.")
OIDC_NO_SUBJECT = _("Nhà cung cấp định danh không trả về mã định danh người dùng.")
OIDC_ACCOUNT_CONFLICT = _(
    "Thông tin từ tài khoản định danh điện tử trùng với một tài khoản khác trên hệ thống (thư điện tử hoặc số điện thoại). Hãy liên hệ bộ phận một cửa để được hỗ trợ."
)

EMAIL_VERIFICATION_SALT = "motcua.accounts.email-verification"
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600  # three days, in seconds


class AccountError(InvalidInput):
    """A rule of accounts refused the change; ``field`` names the form field it concerns."""


# --- Registration and profile ----------------------------------------------


def _email_taken(email: str, *, exclude: User | None = None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _phone_taken(phone: str, *, exclude: User | None = None) -> bool:
    others = User.objects.filter(phone=phone)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def normalize_id_number(kind: str, value: str) -> str:
    if not value:
        return ""
    if kind == User.Kind.ORGANISATION:
        return normalize_tax_code(value)
    return normalize_citizen_id(value)


def _username_base(email: str, phone: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@", 1)[0].lower())[:30] if email else ""
    if not base or base.isdigit():
        # Never a bare number: a username that looks like someone's phone would
        # make logging in by phone ambiguous.
        base = f"tk{base or phone[-4:]}"
    return base


def generate_username(*, email: str = "", phone: str = "", prefix: str = "") -> str:
    """A free user name, never shown publicly; people log in with e-mail or phone."""
    base = prefix or _username_base(email, phone)
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}{secrets.randbelow(90000) + 10000}"
    return candidate


def _check_contacts(*, email: str, phone: str, user: User | None = None) -> None:
    if email and _email_taken(email, exclude=user):
        raise AccountError(EMAIL_TAKEN, field="email")
    if phone and _phone_taken(phone, exclude=user):
        raise AccountError(PHONE_TAKEN, field="phone")


@transaction.atomic
def user_register(
    *,
    kind: str,
    full_name: str,
    email: str,
    phone: str,
    password: str,
    id_number: str,
    consent: bool,
) -> User:
    """Create a citizen or organisation account and send the e-mail verification link.

    Decree 13/2023/NĐ-CP Art. 11: personal data is processed only with the data
    subject's consent, given explicitly and recorded (we keep its time).
    """
    if kind not in (User.Kind.CITIZEN, User.Kind.ORGANISATION):
        raise AccountError(KIND_NOT_ALLOWED, field="kind")
    if not consent:
        raise AccountError(CONSENT_REQUIRED, field="consent")
    email = (email or "").strip().lower()
    phone = normalize_phone(phone) if phone else ""
    if not email and not phone:
        raise AccountError(CONTACT_REQUIRED)
    _check_contacts(email=email, phone=phone)
    user = User(
        username=generate_username(email=email, phone=phone),
        kind=kind,
        full_name=full_name.strip(),
        email=email,
        phone=phone,
        id_number=normalize_id_number(kind, id_number),
        personal_data_consent_at=timezone.now(),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Two registrations with the same phone at the same moment.
        raise AccountError(PHONE_TAKEN, field="phone") from None
    if email:
        _send_verification_on_commit(user)
    return user


@dataclass(frozen=True)
class ProfileChanges:
    full_name: str
    email: str
    phone: str
    id_number: str
    address: str


@transaction.atomic
def user_update_profile(*, user: User, changes: ProfileChanges) -> bool:
    """Save the profile; a new e-mail address must be verified again.

    Returns whether a verification e-mail was sent.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    email = (changes.email or "").strip().lower()
    phone = normalize_phone(changes.phone) if changes.phone else ""
    if not email and not phone:
        raise AccountError(CONTACT_REQUIRED)
    _check_contacts(email=email, phone=phone, user=user)
    email_changed = email != user.email
    user.full_name = changes.full_name.strip()
    user.email = email
    user.phone = phone
    user.address = changes.address.strip()
    if not user.id_number_verified:
        # A number vouched for by the national identity provider is not edited by hand.
        user.id_number = normalize_id_number(user.kind, changes.id_number)
    if email_changed:
        user.email_verified = False
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise AccountError(PHONE_TAKEN, field="phone") from None
    if email_changed and email:
        _send_verification_on_commit(user)
        return True
    return False


# --- E-mail verification -----------------------------------------------------


def email_verification_token(user: User) -> str:
    """A signed token naming the user and the address it verifies (valid 3 days)."""
    return signing.dumps({"u": user.pk, "e": user.email}, salt=EMAIL_VERIFICATION_SALT)


def _send_verification_on_commit(user: User) -> None:
    from motcua.accounts.tasks import send_email_verification

    user_id = user.pk
    transaction.on_commit(lambda: send_email_verification.enqueue(user_id))


def email_verification_send(*, user: User) -> None:
    """Send (again) the verification link to the user's current address."""
    if not user.email:
        raise AccountError(NO_EMAIL)
    if user.email_verified:
        raise AccountError(ALREADY_VERIFIED)
    _send_verification_on_commit(user)


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Mark the address named by a verification token as verified."""
    try:
        data = signing.loads(
            token, salt=EMAIL_VERIFICATION_SALT, max_age=EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise AccountError(LINK_EXPIRED) from None
    except signing.BadSignature:
        raise AccountError(LINK_INVALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise AccountError(LINK_INVALID)
    user = User.objects.select_for_update().filter(pk=data["u"], is_active=True).first()
    if user is None:
        raise AccountError(LINK_INVALID)
    if not user.email or user.email != data.get("e"):
        raise AccountError(LINK_STALE)
    if not user.email_verified:
        user.email_verified = True
        user.save(update_fields=["email_verified"])
    return user


# --- National login (OpenID Connect) ------------------------------------------


def _claim(claims: dict[str, Any], name: str) -> str:
    value = claims.get(name) if name else None
    return value.strip() if isinstance(value, str) else ""


def _claim_true(claims: dict[str, Any], name: str) -> bool:
    value = claims.get(name)
    return value is True or (isinstance(value, str) and value.lower() == "true")


@transaction.atomic
def user_from_oidc_claims(*, claims: dict[str, Any]) -> User:
    """Find or create the citizen who logged in through the national identity provider.

    Match by the provider's stable subject ("sub"); else by an e-mail address the
    provider says is verified (the account is then linked to the subject); else
    create a citizen account from the claims. ND118 Art. 17.1.a: the personal ID
    number is what identifies the VNeID account.
    """
    subject = _claim(claims, "sub")
    if not subject:
        raise AccountError(OIDC_NO_SUBJECT)
    user = User.objects.select_for_update().filter(oidc_subject=subject).first()
    email = _claim(claims, settings.OIDC_CLAIM_EMAIL).lower()
    email_verified = bool(email) and _claim_true(claims, settings.OIDC_CLAIM_EMAIL_VERIFIED)
    if user is None and email_verified:
        matches = list(
            User.objects.select_for_update().filter(
                Q(email__iexact=email), oidc_subject="", is_active=True
            )[:2]
        )
        if len(matches) == 1:
            user = matches[0]
            user.oidc_subject = subject
            user.email_verified = True
            user.save(update_fields=["oidc_subject", "email_verified"])
    if user is not None:
        return _fill_from_claims(user, claims)
    return _create_from_claims(subject, claims, email=email, email_verified=email_verified)


def _id_number_from_claims(claims: dict[str, Any]) -> str:
    raw = _claim(claims, settings.OIDC_CLAIM_ID_NUMBER)
    if not raw:
        return ""
    try:
        validate_citizen_id(raw)
    except Exception:
        return ""
    return normalize_citizen_id(raw)


def _fill_from_claims(user: User, claims: dict[str, Any]) -> User:
    """Fill the name if the account lacks one; take the provider's personal ID number.

    The ID number the provider vouches for replaces a typed one and is marked
    verified (ND118 Art. 17.1.a: the personal ID number identifies the VNeID
    account); other data the person typed is never overwritten.
    """
    changed = []
    name = _claim(claims, settings.OIDC_CLAIM_NAME)
    if name and not user.full_name:
        user.full_name = name[:150]
        changed.append("full_name")
    id_number = _id_number_from_claims(claims)
    if (
        id_number
        and user.kind == User.Kind.CITIZEN
        and (user.id_number != id_number or not user.id_number_verified)
    ):
        user.id_number = id_number
        user.id_number_verified = True
        changed += ["id_number", "id_number_verified"]
    if changed:
        user.save(update_fields=changed)
    return user


def _create_from_claims(
    subject: str, claims: dict[str, Any], *, email: str, email_verified: bool
) -> User:
    phone = normalize_phone(_claim(claims, settings.OIDC_CLAIM_PHONE))
    if not re.fullmatch(r"0[0-9]{9,10}", phone):
        phone = ""
    if (email and _email_taken(email)) or (phone and _phone_taken(phone)):
        raise AccountError(OIDC_ACCOUNT_CONFLICT)
    user = User(
        username=generate_username(prefix=f"dinhdanh{secrets.token_hex(4)}"),
        kind=User.Kind.CITIZEN,
        full_name=_claim(claims, settings.OIDC_CLAIM_NAME)[:150],
        email=email,
        email_verified=email_verified,
        phone=phone,
        oidc_subject=subject,
    )
    user.id_number = _id_number_from_claims(claims)
    user.id_number_verified = bool(user.id_number)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise AccountError(OIDC_ACCOUNT_CONFLICT) from None
    return user
