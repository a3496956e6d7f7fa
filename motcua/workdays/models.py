"""Calendar configuration: administrator overrides, agency office hours, a change counter.

Public holidays are not stored: they are computed from the ``holidays`` package when a
calendar is built (see ``calendar.vietnam_holidays``). Rows here always win over them.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.workdays.calendar import SessionFormatError, parse_sessions

SESSIONS_HELP = _("Các buổi làm việc, ví dụ “07:30-11:30, 13:30-17:00”. Để trống nếu nghỉ.")
SESSIONS_INVALID = _(
    "Giờ làm việc “%(value)s” không hợp lệ: hãy ghi các buổi theo dạng "
    "“07:30-11:30, 13:30-17:00”, theo thứ tự, không chồng lên nhau."
)


def validate_sessions(value: str) -> None:
    try:
        parse_sessions(value)
    except SessionFormatError as exc:
        raise ValidationError(SESSIONS_INVALID, code="sessions", params={"value": exc}) from None


class CalendarOverride(models.Model):
    """A date an administrator declared a day off or a working day, nationally or for an agency.

    An agency's override also applies to the agencies below it; the nearest one wins,
    then the national one, then the public holidays and the weekly pattern.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Ngày nghỉ")
        WORKING_DAY = "work", _("Ngày làm việc")

    date = models.DateField(_("ngày"))
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
        help_text=_("Để trống để áp dụng cho toàn hệ thống."),
    )
    kind = models.CharField(_("loại"), max_length=4, choices=Kind.choices)
    sessions = models.CharField(
        _("giờ làm việc"),
        max_length=120,
        blank=True,
        validators=[validate_sessions],
        help_text=_("Chỉ cho ngày làm việc; để trống để dùng giờ làm việc thông thường."),
    )
    reason = models.CharField(_("lý do"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch")
        verbose_name_plural = _("ngày điều chỉnh lịch")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="override_national_unique"
            ),
            models.UniqueConstraint(
                fields=["date", "agency"],
                condition=Q(agency__isnull=False),
                name="override_agency_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()} — {self.reason}"


def _default_cutoff() -> time:
    return time(15, 0)


class AgencyCalendar(models.Model):
    """Office hours and cut-off of an agency; agencies below it inherit them."""

    agency = models.OneToOneField(
        "catalog.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="work_calendar",
    )
    monday = models.CharField(
        _("thứ Hai"),
        max_length=120,
        blank=True,
        default="07:30-11:30, 13:30-17:00",
        validators=[validate_sessions],
        help_text=SESSIONS_HELP,
    )
    tuesday = models.CharField(
        _("thứ Ba"),
        max_length=120,
        blank=True,
        default="07:30-11:30, 13:30-17:00",
        validators=[validate_sessions],
    )
    wednesday = models.CharField(
        _("thứ Tư"),
        max_length=120,
        blank=True,
        default="07:30-11:30, 13:30-17:00",
        validators=[validate_sessions],
    )
    thursday = models.CharField(
        _("thứ Năm"),
        max_length=120,
        blank=True,
        default="07:30-11:30, 13:30-17:00",
        validators=[validate_sessions],
    )
    friday = models.CharField(
        _("thứ Sáu"),
        max_length=120,
        blank=True,
        default="07:30-11:30, 13:30-17:00",
        validators=[validate_sessions],
    )
    saturday = models.CharField(
        _("thứ Bảy"), max_length=120, blank=True, default="", validators=[validate_sessions]
    )
    sunday = models.CharField(
        _("Chủ nhật"), max_length=120, blank=True, default="", validators=[validate_sessions]
    )
    cutoff = models.TimeField(
        _("giờ chốt tiếp nhận trong ngày"),
        null=True,
        blank=True,
        default=_default_cutoff,
        help_text=_(
            "Hồ sơ tiếp nhận sau giờ này được tính từ ngày làm việc tiếp theo "
            "(Nghị định 118, Điều 18). Để trống nếu không áp dụng."
        ),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

    class Meta:
        verbose_name = _("giờ làm việc của cơ quan")
        verbose_name_plural = _("giờ làm việc của cơ quan")

    def __str__(self) -> str:
        return str(self.agency)


class CalendarVersion(models.Model):
    """One row counting calendar changes, so that every process drops its cached calendars."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên bản lịch")
        verbose_name_plural = _("phiên bản lịch")

    def __str__(self) -> str:
        return str(self.version)
