"""What the citizen portal keeps of its own: drafts of online dossiers with their
uploads, payment orders sent to a gateway, postal fee rules, and the counters of the
public lookup's rate limit. The dossier itself lives in ``dossiers``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.lib.numbers import vnd


def draft_upload_to(instance: DraftFile, filename: str) -> str:
    # A random stored name: people's file names often carry their own names.
    return f"portal/drafts/{instance.draft_id}/{uuid.uuid4().hex}"


class PortalDraft(models.Model):
    """An online dossier being prepared: nothing is sent to the office until submitted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_drafts"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, related_name="portal_drafts"
    )
    data = models.JSONField(_("thông tin đã nhập"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ trực tuyến đang soạn")
        verbose_name_plural = _("hồ sơ trực tuyến đang soạn")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.procedure_id}"


class DraftFile(models.Model):
    """A file uploaded to a draft, already checked (type from its content, size, name)."""

    draft = models.ForeignKey(PortalDraft, on_delete=models.CASCADE, related_name="files")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(upload_to=draft_upload_to, max_length=500)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=120)
    checksum = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("tệp của hồ sơ đang soạn")
        verbose_name_plural = _("tệp của hồ sơ đang soạn")
        ordering = ["draft", "pk"]

    def __str__(self) -> str:
        return self.name


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")


class PaymentOrder(models.Model):
    """One attempt to pay a dossier's financial obligation through a gateway."""

    order_id = models.CharField(_("mã giao dịch"), max_length=40, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payment_orders"
    )
    obligation = models.ForeignKey(
        "dossiers.FinancialObligation", on_delete=models.PROTECT, related_name="payment_orders"
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    gateway = models.CharField(_("cổng thanh toán"), max_length=30)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=PaymentStatus.choices, default="pending"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm tạo"))
    completed_at = models.DateTimeField(_("thời điểm hoàn tất"), null=True, blank=True)
    gateway_reference = models.CharField(_("mã tham chiếu của cổng"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán trực tuyến")
        verbose_name_plural = _("giao dịch thanh toán trực tuyến")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.order_id


class PostalFeeRule(models.Model):
    """The postal delivery fee of results (bưu chính công ích), set by the administrator.

    The row without a commune is the base fee; a row for a commune gives its discount
    (e.g. 50 % for disadvantaged communes), and may override the base fee."""

    commune = models.OneToOneField(
        "catalog.Agency",
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="postal_fee_rule",
        limit_choices_to={"level": "xa"},  # AgencyLevel.COMMUNE
        help_text=_("Để trống cho mức phí chung."),
    )
    base_fee = models.PositiveIntegerField(
        _("phí chuyển phát (đồng)"),
        null=True,
        blank=True,
        help_text=_("Bắt buộc với mức phí chung; để trống ở một xã để dùng mức phí chung."),
    )
    discount_percent = models.PositiveSmallIntegerField(_("giảm (%)"), default=0)
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phí chuyển phát kết quả")
        verbose_name_plural = _("phí chuyển phát kết quả")
        constraints = [
            models.CheckConstraint(
                condition=Q(discount_percent__lte=100), name="postal_discount_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(commune__isnull=False) | Q(base_fee__isnull=False),
                name="postal_base_fee_required",
            ),
        ]

    def __str__(self) -> str:
        return str(self.commune) if self.commune_id else str(_("Mức phí chung"))


class RateBucket(models.Model):
    """Requests counted per key (client address and page) in a fixed window: shared by
    every process through the database, bumped with one conditional UPDATE."""

    key = models.CharField(max_length=100, unique=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class PostalDelivery(models.Model):
    """The postal fee quoted when the citizen chose delivery by post for a dossier."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="postal_delivery"
    )
    commune = models.ForeignKey(
        "catalog.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    base_fee = models.PositiveIntegerField(_("phí chuyển phát (đồng)"))
    discount_percent = models.PositiveSmallIntegerField(_("giảm (%)"), default=0)
    fee = models.PositiveIntegerField(_("phí phải trả (đồng)"))
    quoted_at = models.DateTimeField(_("thời điểm báo phí"))

    class Meta:
        verbose_name = _("phí chuyển phát của hồ sơ")
        verbose_name_plural = _("phí chuyển phát của hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {vnd(self.fee)}"
