"""Dossier statuses: the national codes 1–10."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.IntegerChoices):
    """Trạng thái hồ sơ: the national codes (TrangThaiHoSo of the national portal)."""

    NEW = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    NOT_RECEIVED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT = 5, _("Yêu cầu bổ sung")
    FINANCIAL = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    FINISHED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


# Received and still with the administration: the clock is (or will be again) running.
IN_PROGRESS = (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT, Status.FINANCIAL)
# In progress with the clock running (not waiting for the applicant's supplement).
CLOCK_RUNNING = (Status.RECEIVED, Status.PROCESSING, Status.FINANCIAL)
# Processing has ended (Decision 766: the end of processing is the time of these statuses).
ENDED = (Status.WITHDRAWN, Status.STOPPED, Status.FINISHED, Status.RETURNED)
# Until the result is handed over, the applicant may choose another way to receive it.
DELIVERY_CHANGEABLE = (Status.NEW, *IN_PROGRESS, Status.FINISHED)
