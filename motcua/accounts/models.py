"""Users (citizens, organisations, staff) and their roles in agencies."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import Role

_PHONE = re.compile(r"^(\+84|0)[0-9]{9,10}$")


def normalize_phone(value: str) -> str:
    """Vietnamese phone numbers in one shape: 0 followed by 9–10 digits."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not _PHONE.match(normalize_phone(value)):
        raise ValidationError(
            _("Số điện thoại “%(value)s” không hợp lệ: cần 10 hoặc 11 chữ số, bắt đầu bằng 0."),
            code="phone",
            params={"value": value},
        )


class User(AbstractUser):
    """Anyone who logs in. Staff are users with memberships in agencies."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")
        STAFF = "staff", _("Cán bộ, công chức")

    kind = models.CharField(
        _("loại tài khoản"), max_length=12, choices=Kind.choices, default=Kind.CITIZEN
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=15, blank=True, validators=[validate_phone]
    )
    id_number = models.CharField(
        _("số định danh cá nhân / mã số thuế"), max_length=20, blank=True, db_index=True
    )
    title = models.CharField(_("chức vụ"), max_length=120, blank=True)
    email_verified = models.BooleanField(_("đã xác thực thư điện tử"), default=False)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    oidc_subject = models.CharField(
        _("mã định danh tại nhà cung cấp định danh"),
        max_length=255,
        blank=True,
        help_text=_("Giá trị “sub” do VNeID hoặc cổng dịch vụ công quốc gia cấp."),
    )
    id_number_verified = models.BooleanField(
        _("số định danh đã xác minh qua định danh điện tử"),
        default=False,
        help_text=_("Số định danh cá nhân do nhà cung cấp định danh (VNeID) xác nhận."),
    )
    personal_data_consent_at = models.DateTimeField(
        _("thời điểm đồng ý xử lý dữ liệu cá nhân"), null=True, blank=True
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~models.Q(phone=""), name="user_phone_unique"
            ),
            models.UniqueConstraint(
                fields=["oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_oidc_subject_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def save(self, *args, **kwargs) -> None:
        self.phone = normalize_phone(self.phone) if self.phone else ""
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A role held by a staff member in an agency (and so in everything below it)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("còn hiệu lực"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò tại cơ quan")
        verbose_name_plural = _("vai trò tại cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
