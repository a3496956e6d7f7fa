"""Units in which time limits of procedures are expressed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

HOURS_PER_WORKING_DAY = 8


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    DAYS = "days", _("ngày")
    HOURS = "hours", _("giờ")
    MONTHS = "months", _("tháng")
    YEARS = "years", _("năm")


class SupplementClock(models.TextChoices):
    """How waiting for the applicant's supplement affects the time limit."""

    RESTART = "restart", _("Tính lại từ đầu khi nhận đủ hồ sơ bổ sung (Nghị định 118, Điều 19.5)")
    SUBTRACT = "subtract", _("Trừ thời gian chờ bổ sung (cách tính của Quyết định 766)")
