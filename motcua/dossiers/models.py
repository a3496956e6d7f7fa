"""The dossier (hồ sơ), what hangs off it, and its append-only event trail.

Nothing here changes state by itself: every write that carries a rule is an action
in ``actions/``. Reads are the QuerySet methods in ``querysets.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.dossiers.querysets import (
    ERR_EVENT_IMMUTABLE,
    DossierQuerySet,
    EventImmutable,
    EventQuerySet,
)
from motcua.dossiers.states import ENDED, IN_PROGRESS, Status
from motcua.dossiers.timeliness import dossier_timeliness, step_timeliness
from motcua.lib.numbers import vnd

__all__ = ["ENDED", "ERR_EVENT_IMMUTABLE", "IN_PROGRESS", "EventImmutable", "Status"]


class ApplicantKind(models.TextChoices):
    """LoaiDoiTuong of the national portal."""

    PERSON = "1", _("Công dân")
    ORGANISATION = "2", _("Tổ chức, doanh nghiệp")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")


class DeliveryMethod(models.TextChoices):
    COUNTER = "counter", _("Nhận tại bộ phận một cửa")
    POST = "post", _("Nhận qua dịch vụ bưu chính công ích")
    ELECTRONIC = "electronic", _("Nhận kết quả điện tử")

    @classmethod
    def offered_by(cls, procedure) -> list[DeliveryMethod]:
        """The ways the procedure returns its result, in this order (its three flags)."""
        offered = {
            cls.COUNTER: procedure.delivery_counter,
            cls.POST: procedure.delivery_post,
            cls.ELECTRONIC: procedure.delivery_electronic,
        }
        return [method for method in cls if offered[method]]

    @classmethod
    def choices_for(cls, procedure) -> list[tuple[str, str]]:
        """Form choices: the methods the procedure offers, with their labels."""
        return [(method.value, method.label) for method in cls.offered_by(procedure)]


class PaymentState(models.TextChoices):
    NONE = "", _("Không có nghĩa vụ tài chính")
    REQUESTED = "requested", _("Chờ thực hiện nghĩa vụ tài chính")
    PAID = "paid", _("Đã thực hiện nghĩa vụ tài chính")


def _staff_link(*, index: bool = True) -> models.ForeignKey:
    """Who did something to a row (``requested_by``, ``decided_by``…): optional, kept
    when the account is deactivated (PROTECT), no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=index,
    )


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=60, null=True, blank=True)
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    process = models.ForeignKey(
        "catalog.Process",
        db_index=False,
        verbose_name=_("phiên bản quy trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    document_case = models.CharField(
        _("trường hợp"),
        max_length=500,
        blank=True,
        help_text=_(
            "Trường hợp của thủ tục mà hồ sơ theo, khi thành phần hồ sơ chia theo trường hợp."
        ),
    )

    # Applicant (chủ hồ sơ): a person or an organisation.
    applicant_kind = models.CharField(
        _("loại đối tượng"), max_length=1, choices=ApplicantKind.choices, default="1"
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    applicant_name = models.CharField(_("họ tên / tên tổ chức"), max_length=255)
    applicant_id_number = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True
    )
    applicant_birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    applicant_tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    applicant_representative = models.CharField(
        _("người đại diện theo pháp luật"), max_length=255, blank=True
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    # Proxy filer (người nộp thay, theo ủy quyền).
    proxy_name = models.CharField(_("người nộp thay"), max_length=255, blank=True)
    proxy_id_number = models.CharField(_("số định danh người nộp thay"), max_length=12, blank=True)
    proxy_phone = models.CharField(_("điện thoại người nộp thay"), max_length=15, blank=True)
    search_text = models.TextField(editable=False, default="")

    receiving_point = models.ForeignKey(
        "catalog.Agency",
        db_index=False,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        db_index=False,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(_("kênh nộp"), max_length=1, choices=Channel.choices)

    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    clock_started_at = models.DateTimeField(
        _("thời hạn tính từ"),
        null=True,
        blank=True,
        help_text=_("Thời điểm tiếp nhận, hoặc thời điểm nhận đủ hồ sơ bổ sung khi tính lại."),
    )
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(
        _("tạm dừng tính thời hạn từ"),
        null=True,
        blank=True,
        help_text=_("Đang chờ công dân bổ sung hồ sơ trong quá trình thẩm định."),
    )
    status = models.PositiveSmallIntegerField(
        _("trạng thái"), choices=Status.choices, default=Status.NEW, db_index=True
    )
    current_step = models.ForeignKey(
        "catalog.ProcessStep",
        db_index=False,
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_unit = models.ForeignKey(
        "catalog.Agency",
        db_index=False,
        verbose_name=_("đơn vị đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )

    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result_note = models.TextField(_("nội dung kết quả / lý do từ chối"), blank=True)
    result_file = models.FileField(
        _("tệp kết quả"), upload_to="dossiers/results/%Y/%m/", blank=True, max_length=500
    )

    delivery_method = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=10,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.COUNTER,
    )
    delivery_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=500, blank=True)
    payment_state = models.CharField(
        _("nghĩa vụ tài chính"), max_length=10, choices=PaymentState.choices, blank=True
    )
    supplement_rounds = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)

    ended_at = models.DateTimeField(
        _("thời điểm kết thúc xử lý"),
        null=True,
        blank=True,
        help_text=_("Thời điểm chuyển sang trạng thái 7, 8 hoặc 9 (Quyết định 766)."),
    )
    completed_at = models.DateTimeField(_("thời điểm xử lý xong"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    closed_reason = models.TextField(_("lý do không tiếp nhận / dừng / rút"), blank=True)
    fees_collected = models.BooleanField(
        _("đã thu phí, lệ phí khi tiếp nhận"),
        null=True,
        blank=True,
        help_text=_("Chưa ghi nhận khi để trống."),
    )

    # Optimistic concurrency: incremented by every transition (see services.StaleDossier).
    version = models.PositiveIntegerField(default=0)
    # Head of the event chain, updated under the row lock with each event.
    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_event_hash = models.CharField(max_length=64, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-pk"]
        # Intake writes every index, so a foreign key gets none of its own when a
        # composite index below starts with it (agency, receiving point, current unit) or
        # when nothing looks dossiers up by it (process, current step, decider: only the
        # rare deletion of one of those would scan).
        # The code and the citizen ID are only looked up whole: a constraint and a plain
        # index, without the second (LIKE prefix) index PostgreSQL gets for a unique or
        # indexed text field.
        constraints = [models.UniqueConstraint(fields=["code"], name="dossier_code_unique")]
        indexes = [
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_id"),
            models.Index(fields=["agency", "status"], name="dossier_agency_status"),
            models.Index(fields=["receiving_point", "status"], name="dossier_point_status"),
            models.Index(fields=["current_unit", "status"], name="dossier_unit_status"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
            # The reports' period queries: the dossiers open at a moment (ended_at null or
            # later), read from the index alone on PostgreSQL (SQLite has no included
            # columns: a plain (agency, ended_at) index), and the days a refresh recomputes.
            models.Index(
                fields=["agency", "ended_at"],
                include=["received_at", "due_at", "status", "paused_at", "supplement_rounds"],
                name="dossier_open_cover",
            ),
            models.Index(fields=["ended_at"], name="dossier_ended_at"),
            models.Index(fields=["returned_at"], name="dossier_returned_at"),
        ]

    def __str__(self) -> str:
        return self.code or _("Hồ sơ chưa tiếp nhận #%(pk)s") % {"pk": self.pk}

    @property
    def is_in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def current_timeliness(self):
        """Trước hạn / đúng hạn / quá hạn now (see ``timeliness.py``). Querysets annotate
        the same value as ``timeliness`` with ``.with_timeliness(now)``."""
        return dossier_timeliness(self)


class DailySequence(models.Model):
    """The last number issued per agency and day for dossier codes (Decree 118 Art. 28)."""

    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="daily_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{filename}"


class Attachment(models.Model):
    """A file for one required document (thành phần hồ sơ)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplement = models.ForeignKey(
        "SupplementRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("tệp"), upload_to=attachment_upload_to, max_length=500)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=120, blank=True)
    checksum = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))
    uploaded_by = _staff_link()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


class ReceivedDocument(models.Model):
    """One line of the counter checklist: a paper handed over at intake, with the number
    of originals and copies and whether it was scanned (Decree 118 Art. 17.1.c; printed
    on form 01 "Thành phần hồ sơ nộp gồm" and on form 06)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="received_documents"
    )
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        verbose_name=_("thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    scanned = models.BooleanField(_("đã quét, số hóa"), default=False)

    class Meta:
        verbose_name = _("giấy tờ đã nhận")
        verbose_name_plural = _("giấy tờ đã nhận")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


class StepRun(models.Model):
    """One pass of the dossier through a step of its process."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="step_runs", db_index=False
    )
    step = models.ForeignKey("catalog.ProcessStep", on_delete=models.PROTECT, related_name="runs")
    unit = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    assignee = _staff_link()
    started_at = models.DateTimeField(_("bắt đầu"))
    due_at = models.DateTimeField(_("hạn xử lý bước"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    finished_by = _staff_link(index=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lượt xử lý bước")
        verbose_name_plural = _("lượt xử lý bước")
        ordering = ["dossier", "started_at", "pk"]
        indexes = [models.Index(fields=["dossier", "finished_at"], name="steprun_open")]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.step}"

    @property
    def timeliness(self):
        return step_timeliness(self)


class SupplementStage(models.TextChoices):
    RECEPTION = "reception", _("Khi tiếp nhận")
    APPRAISAL = "appraisal", _("Trong quá trình thẩm định")


class SupplementRequest(models.Model):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Circular 03/2025 form 02)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="supplements")
    stage = models.CharField(_("giai đoạn"), max_length=10, choices=SupplementStage.choices)
    reason = models.TextField(_("lý do"), blank=True)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"))
    requested_by = _staff_link()
    completed_at = models.DateTimeField(_("thời điểm nhận đủ bổ sung"), null=True, blank=True)
    received_by = _staff_link()
    completion_note = models.TextField(_("ghi chú khi nhận bổ sung"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["dossier", "requested_at"]
        constraints = [
            # Decree 118 Art. 11.2.c, 16.3: one request per stage.
            models.UniqueConstraint(fields=["dossier", "stage"], name="supplement_once_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.get_stage_display()}"


class SupplementItem(models.Model):
    """One paper asked for: a required document of the procedure, or a free-text item
    with a written reason (Decree 118 Art. 5.1 forbids asking beyond the law)."""

    request = models.ForeignKey(SupplementRequest, on_delete=models.PROTECT, related_name="items")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("nội dung cần bổ sung, hoàn thiện"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("nội dung bổ sung")
        verbose_name_plural = _("nội dung bổ sung")
        ordering = ["request", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required_document__isnull=False) | (~Q(text="") & ~Q(reason="")),
                name="supplement_item_document_or_reason",
            )
        ]

    def __str__(self) -> str:
        return self.text or str(self.required_document)


class Pause(models.Model):
    """A period in which the clock did not run (waiting for the applicant)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses")
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255)
    supplement = models.OneToOneField(
        SupplementRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="pause"
    )

    class Meta:
        verbose_name = _("thời gian tạm dừng")
        verbose_name_plural = _("thời gian tạm dừng")
        ordering = ["dossier", "started_at"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.started_at:%d/%m/%Y}"


class Extension(models.Model):
    """Văn bản xin lỗi và đề nghị gia hạn (Decree 118 Art. 19.6; Circular 03/2025 form 04)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="extensions")
    reason = models.TextField(_("lý do chậm"))
    apology = models.TextField(_("nội dung xin lỗi"))
    previous_due_at = models.DateTimeField(_("hẹn trả trước khi gia hạn"))
    new_due_at = models.DateTimeField(_("hẹn trả mới"))
    proposed_at = models.DateTimeField(_("thời điểm đề nghị"))
    proposed_by = _staff_link()
    decided_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    decided_by = _staff_link()
    approved = models.BooleanField(_("được duyệt"), null=True)

    class Meta:
        verbose_name = _("gia hạn, xin lỗi")
        verbose_name_plural = _("gia hạn, xin lỗi")
        ordering = ["dossier", "proposed_at"]
        constraints = [
            # Decree 118 Art. 19.6: the appointment is re-set at most once.
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(approved=True), name="extension_once"
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(approved__isnull=True), name="extension_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.new_due_at:%d/%m/%Y}"


class InterAgencyTask(models.Model):
    """Liên thông: one agency's part in an inter-agency dossier (Decree 118 Art. 20)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="interagency")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(_("cơ quan chủ trì"), default=False)
    content = models.TextField(_("nội dung phối hợp"))
    sent_at = models.DateTimeField(_("thời điểm gửi"))
    sent_by = _staff_link()
    due_at = models.DateTimeField(_("thời hạn trả lời"))
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_by = _staff_link()
    answer = models.TextField(_("kết quả phối hợp"), blank=True)

    class Meta:
        verbose_name = _("xử lý liên thông")
        verbose_name_plural = _("xử lý liên thông")
        ordering = ["dossier", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.agency}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class FinancialObligation(models.Model):
    """A request to pay fees or taxes before the result (status 6)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="obligations")
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    items = models.JSONField(_("khoản thu"), default=list)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"))
    requested_by = _staff_link()
    paid_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)

    class Meta:
        verbose_name = _("nghĩa vụ tài chính")
        verbose_name_plural = _("nghĩa vụ tài chính")
        ordering = ["dossier", "requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier} · {vnd(self.amount)}"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt")
    TRANSFER = "transfer", _("Chuyển khoản")
    ONLINE = "online", _("Thanh toán trực tuyến")


class OnlinePayment(models.IntegerChoices):
    """DuocThanhToanTrucTuyen (Decision 766 indicator 3.6)."""

    NATIONAL_PORTAL = 1, _("Trên Cổng Dịch vụ công quốc gia")
    LOCAL_GATEWAY = 2, _("Qua nền tảng thanh toán của bộ, tỉnh")


class Payment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    obligation = models.ForeignKey(
        FinancialObligation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    method = models.CharField(_("hình thức"), max_length=10, choices=PaymentMethod.choices)
    online = models.PositiveSmallIntegerField(
        _("thanh toán trực tuyến qua"), choices=OnlinePayment.choices, null=True, blank=True
    )
    reference = models.CharField(_("số chứng từ, mã giao dịch"), max_length=120, blank=True)
    paid_at = models.DateTimeField(_("thời điểm nộp"))
    recorded_by = _staff_link()

    class Meta:
        verbose_name = _("khoản đã nộp")
        verbose_name_plural = _("khoản đã nộp")
        ordering = ["dossier", "paid_at"]

    def __str__(self) -> str:
        return f"{self.dossier} · {vnd(self.amount)}"


class EventAction(models.TextChoices):
    SUBMITTED = "submitted", _("Nộp hồ sơ")
    RECEIVED = "received", _("Tiếp nhận hồ sơ")
    NOT_RECEIVED = "not_received", _("Từ chối tiếp nhận")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung")
    FORWARDED = "forwarded", _("Chuyển bước xử lý")
    ASSIGNED = "assigned", _("Phân công xử lý")
    SENT_BACK = "sent_back", _("Trả lại bước trước")
    INTERAGENCY_SENT = "interagency_sent", _("Gửi xử lý liên thông")
    INTERAGENCY_ANSWERED = "interagency_answered", _("Nhận kết quả liên thông")
    PAYMENT_REQUESTED = "payment_requested", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    PAYMENT_CONFIRMED = "payment_confirmed", _("Xác nhận đã thực hiện nghĩa vụ tài chính")
    APPROVED = "approved", _("Phê duyệt kết quả")
    REFUSED = "refused", _("Từ chối giải quyết")
    EXTENSION_PROPOSED = "extension_proposed", _("Đề nghị gia hạn, xin lỗi")
    EXTENSION_APPROVED = "extension_approved", _("Duyệt gia hạn")
    EXTENSION_REJECTED = "extension_rejected", _("Không duyệt gia hạn")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ theo yêu cầu")
    STOPPED = "stopped", _("Dừng xử lý")
    FINISHED = "finished", _("Xử lý xong")
    RETURNED = "returned", _("Trả kết quả")
    ATTACHED = "attached", _("Đính kèm tệp")
    DELIVERY_CHANGED = "delivery_changed", _("Đổi hình thức nhận kết quả")


class Event(models.Model):
    """One line of the dossier's history, hash-chained to the previous one.

    Append-only: ``save()`` refuses to update, ``delete()`` and the QuerySet's
    ``update()``/``delete()`` raise. ``hash = sha256(prev_hash + canonical form)``;
    ``manage.py verify_events`` recomputes every chain.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    seq = models.PositiveIntegerField()
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150)
    action = models.CharField(_("thao tác"), max_length=30, choices=EventAction.choices)
    from_status = models.PositiveSmallIntegerField(
        _("từ trạng thái"), choices=Status.choices, null=True, blank=True
    )
    to_status = models.PositiveSmallIntegerField(
        _("sang trạng thái"), choices=Status.choices, null=True, blank=True
    )
    step = models.ForeignKey(
        "catalog.ProcessStep",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    note = models.TextField(_("ghi chú"), blank=True)
    payload = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("nhật ký xử lý")
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="event_seq_unique")]
        indexes = [models.Index(fields=["action", "at"], name="event_action_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise EventImmutable(ERR_EVENT_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventImmutable(ERR_EVENT_IMMUTABLE)
