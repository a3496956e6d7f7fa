"""Models of the import from the national procedure database (see docs/national-import.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.lib.text import fold


def name_key(name: str) -> str:
    """How agency names are compared: folded, without a final period."""
    return fold(name).rstrip(" .")


class AgencyNameMapping(models.Model):
    """An agency name used by the national database, mapped to an agency of our tree.

    One source name may map to several agencies ("Ủy ban nhân dân cấp xã" → every
    commune that runs the procedure).
    """

    source_name = models.CharField(_("tên trong CSDL quốc gia"), max_length=500)
    source_key = models.CharField(max_length=500, editable=False, db_index=True, default="")
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan trong hệ thống"),
        on_delete=models.CASCADE,
        related_name="national_names",
    )

    class Meta:
        verbose_name = _("ánh xạ tên cơ quan")
        verbose_name_plural = _("ánh xạ tên cơ quan (CSDL quốc gia)")
        ordering = ["source_name", "agency__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "agency"], name="agency_name_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_name} → {self.agency}"

    def save(self, *args, **kwargs) -> None:
        self.source_key = name_key(self.source_name)
        super().save(*args, **kwargs)


class ImportRun(models.Model):
    """One import of a file from the national database: its progress, counts and report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    source_name = models.CharField(_("tệp nguồn"), max_length=255)
    file = models.FileField(
        _("tệp"), upload_to="catalog/imports/%Y/%m/", blank=True, max_length=500
    )
    overwrite_local = models.BooleanField(
        _("ghi đè quyết định của địa phương"),
        default=False,
        help_text=_(
            "Xóa thời hạn cam kết và phí do địa phương quy định, ghi lại giấy tờ và phí "
            "đã được sửa tay theo dữ liệu quốc gia."
        ),
    )
    withdraw_missing = models.BooleanField(
        _("đánh dấu bãi bỏ thủ tục không còn trong tệp"),
        default=True,
        help_text=_(
            "Bỏ chọn khi tệp chỉ chứa một phần danh mục (ví dụ thủ tục của một bộ, ngành)."
        ),
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress_done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    counts = models.JSONField(_("số liệu"), default=dict, blank=True)
    report = models.JSONField(_("báo cáo"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập từ CSDL quốc gia")
        verbose_name_plural = _("nhập từ CSDL quốc gia")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source_name}"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ImportIssue(models.Model):
    """One line of an import report: a record skipped, a value left unparsed, a conflict."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    code = models.CharField(_("mã thủ tục"), max_length=40, blank=True)
    kind = models.CharField(_("loại vấn đề"), max_length=32, db_index=True)
    field = models.CharField(_("trường"), max_length=100, blank=True)
    message = models.TextField(_("mô tả"))
    raw_text = models.TextField(_("nguyên văn"), blank=True)

    class Meta:
        verbose_name = _("vấn đề khi nhập")
        verbose_name_plural = _("vấn đề khi nhập")
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.kind}"


class NationalRecord(models.Model):
    """Where a procedure came from in the national database, and the record as read."""

    class Source(models.TextChoices):
        DETAIL = "detail", _("Chi tiết thủ tục (JSON lines)")
        LIST = "list", _("Danh sách thủ tục (Excel)")

    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, related_name="national_records"
    )
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    source_group = models.CharField(
        _("nhóm nguồn"), max_length=255, blank=True, help_text=_("Cơ quan ban hành, với danh sách.")
    )
    source_hash = models.CharField(max_length=64)
    payload = models.JSONField(_("bản ghi gốc"), default=dict)
    last_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(
        _("bị đánh dấu bãi bỏ lúc"),
        null=True,
        blank=True,
        help_text=_("Khi thủ tục không còn trong nguồn lúc nhập lại."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bản ghi CSDL quốc gia")
        verbose_name_plural = _("bản ghi CSDL quốc gia")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "source"], name="national_record_one_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.source}"
