from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last sign of life of each background-task worker (``manage.py worker``), read by
    ``/healthz``: a worker that stops beating is dead or stuck."""

    worker_id = models.CharField(_("mã tiến trình"), max_length=64, unique=True)
    hostname = models.CharField(_("máy"), max_length=255)
    pid = models.PositiveIntegerField(_("số tiến trình"))
    started_at = models.DateTimeField(_("khởi động lúc"))
    seen_at = models.DateTimeField(_("báo hiệu lần cuối"), db_index=True)

    class Meta:
        verbose_name = _("tiến trình chạy nền")
        verbose_name_plural = _("tiến trình chạy nền")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
