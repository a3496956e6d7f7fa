"""Yearly targets (chỉ tiêu) set by the administrator; reports compare actual values."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    FULLY_PUBLISHED = "1.3", _("1.3 Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành")
    ON_TIME = "2.1", _("2.1 Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn")
    ONLINE_PROCEDURES = "3.1", _("3.1 Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến")
    ONLINE_PARTIAL = "3.1a", _("3.1a Tỷ lệ TTHC trực tuyến một phần (mức 3)")
    ONLINE_FULL = "3.1b", _("3.1b Tỷ lệ TTHC trực tuyến toàn trình (mức 4)")
    ONLINE_DOSSIERS = "3.3", _("3.3 Tỷ lệ hồ sơ nộp trực tuyến")
    ONLINE_PAYMENT = "3.6", _("3.6 Tỷ lệ hồ sơ thanh toán trực tuyến")
    ELECTRONIC_RESULTS = "4.1", _("4.1 Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử")
    DIGITISED = "4.2", _("4.2 Tỷ lệ hồ sơ thực hiện số hóa")
    FEEDBACK_ON_TIME = "5.2", _("5.2 Tỷ lệ PAKN xử lý đúng hạn")
    FEEDBACK_SATISFACTION = "5.3", _("5.3 Tỷ lệ hài lòng trong xử lý PAKN")
    SATISFACTION = "5.4", _("5.4 Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC")


class Target(models.Model):
    """A yearly target in % for one indicator, for one agency (its subtree) or, without
    an agency, for the whole province."""

    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: chỉ tiêu chung của tỉnh."),
    )
    indicator = models.CharField(_("chỉ số"), max_length=8, choices=Indicator.choices)
    value = models.DecimalField(
        _("chỉ tiêu (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("chỉ tiêu năm")
        verbose_name_plural = _("chỉ tiêu năm")
        ordering = ["-year", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "agency", "indicator"], name="target_unique_per_agency"
            ),
            models.UniqueConstraint(
                fields=["year", "indicator"],
                condition=models.Q(agency__isnull=True),
                name="target_unique_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.indicator}: {self.value}%"


class ReportDay(models.Model):
    """Daily flows per competent agency and procedure (see ``summary.py``): a cache,
    recomputed from the dossier rows, never edited by hand."""

    day = models.DateField()
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=12)
    n = models.PositiveIntegerField()
    seconds = models.FloatField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["day", "agency"], name="reportday_day_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.procedure_id} {self.kind}: {self.n}"


class ReportState(models.Model):
    """The last event folded into ``ReportDay`` (one row)."""

    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.last_event_id}"
