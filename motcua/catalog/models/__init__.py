"""The catalog: agencies, fields, procedures, their documents, fees and processes."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import Role
from motcua.catalog.headings import is_case_heading
from motcua.catalog.models.national import (  # noqa: F401  (the national import's models)
    AgencyNameMapping,
    ImportIssue,
    ImportRun,
    NationalRecord,
)
from motcua.catalog.validators import validate_agency_code, validate_procedure_code
from motcua.lib.text import fold
from motcua.workdays.units import HOURS_PER_WORKING_DAY, SupplementClock, TimeUnit


def format_amount(value: Decimal) -> str:
    """15.00 → "15", 0.50 → "0,5" (Vietnamese decimal comma)."""
    return f"{value.normalize():f}".replace(".", ",")


class AgencyLevel(models.TextChoices):
    MINISTRY = "bo", _("Bộ, cơ quan ngang bộ")
    PROVINCE = "tinh", _("UBND tỉnh, thành phố")
    DEPARTMENT = "so", _("Sở, ban, ngành")
    DISTRICT = "huyen", _("UBND huyện (trước 01/07/2025)")
    COMMUNE = "xa", _("UBND xã, phường, đặc khu")
    UNIT = "phong", _("Phòng, ban, đơn vị")
    ONE_STOP_CENTRE = "trung_tam", _("Trung tâm Phục vụ hành chính công")
    RECEIVING_POINT = "diem", _("Điểm tiếp nhận và trả kết quả")


class AgencyQuerySet(models.QuerySet):
    def subtree(self, agency: Agency) -> AgencyQuerySet:
        """The agency and everything below it."""
        return self.filter(path__startswith=agency.path)

    def ancestors_of(self, agency: Agency) -> AgencyQuerySet:
        ids = [int(part) for part in agency.path.strip("/").split("/") if part]
        return self.filter(pk__in=ids)

    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(models.Model):
    """An organisation in the tree: ministry, province, department, commune, unit, centre.

    A one-stop centre (TTPVHCC) or a receiving point is an agency with
    ``is_one_stop``: it receives dossiers on behalf of the competent agencies
    (Decree 118 Art. 7, 14.2). The tree has any depth, so both the two-level
    local government of 2025 and older three-level setups fit.
    """

    code = models.CharField(
        _("mã định danh"), max_length=35, unique=True, validators=[validate_agency_code]
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    level = models.CharField(_("cấp"), max_length=12, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_one_stop = models.BooleanField(
        _("là bộ phận một cửa"),
        default=False,
        help_text=_("Tiếp nhận và trả kết quả hồ sơ thay cho các cơ quan có thẩm quyền."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thủ trưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_agencies",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # Materialised path of primary keys ("/1/4/9/") for subtree queries.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.pk:
            parent = self.parent
            if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):
                raise ValidationError(
                    {
                        "parent": _(
                            "Không thể chọn chính cơ quan này hoặc đơn vị cấp dưới làm cấp trên."
                        )
                    }
                )

    def save(self, *args, **kwargs) -> None:
        # The path is structure, not business logic: it must follow the parent.
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path == old_path:
            return
        self.path, self.depth = new_path, new_path.count("/") - 2
        Agency.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
        if old_path:
            for pk, path in (
                Agency.objects.filter(path__startswith=old_path)
                .exclude(pk=self.pk)
                .values_list("pk", "path")
            ):
                moved = new_path + path[len(old_path) :]
                Agency.objects.filter(pk=pk).update(path=moved, depth=moved.count("/") - 2)

    def ancestors(self) -> list[Agency]:
        return list(Agency.objects.ancestors_of(self).order_by("depth"))

    def is_within(self, other: Agency) -> bool:
        return self.path.startswith(other.path)


class Field(models.Model):
    """Lĩnh vực: the area of administration a procedure belongs to."""

    code = models.CharField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class OnlineMode(models.TextChoices):
    """Decree 42/2022 Art. 11: online public service levels."""

    NONE = "none", _("Không cung cấp trực tuyến")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class Channel(models.TextChoices):
    """Decree 118 Art. 15; codes of the national portal's KenhThucHien."""

    COUNTER = "1", _("Trực tiếp")
    ONLINE = "2", _("Trực tuyến")
    POSTAL = "3", _("Dịch vụ bưu chính")


class ProcedureQuerySet(models.QuerySet):
    def active(self) -> ProcedureQuerySet:
        return self.filter(status=Procedure.Status.ACTIVE)

    def search(self, query: str) -> ProcedureQuerySet:
        """Case- and diacritic-insensitive search on code and name, every word must match."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def online(self) -> ProcedureQuerySet:
        return self.exclude(online_mode=OnlineMode.NONE)


class Procedure(models.Model):
    """Thủ tục hành chính, as published in the national database and localised here."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang áp dụng")
        WITHDRAWN = "withdrawn", _("Đã bãi bỏ, thay thế")

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, validators=[validate_procedure_code]
    )
    name = models.CharField(_("tên thủ tục"), max_length=1000)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan thực hiện"), blank=True, related_name="procedures"
    )
    level_ministry = models.BooleanField(_("cấp bộ"), default=False)
    level_province = models.BooleanField(_("cấp tỉnh"), default=False)
    level_district = models.BooleanField(_("cấp huyện"), default=False)
    level_commune = models.BooleanField(_("cấp xã"), default=False)
    legal_time_amount = models.DecimalField(
        _("thời hạn theo quy định"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    legal_time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    legal_time_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=500, blank=True)
    committed_time_amount = models.DecimalField(
        _("thời hạn cam kết"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Thời hạn địa phương cam kết, thường ngắn hơn quy định. Để trống nếu bằng quy định."
        ),
    )
    committed_time_unit = models.CharField(
        _("đơn vị thời hạn cam kết"),
        max_length=16,
        choices=TimeUnit.choices,
        default=TimeUnit.WORKING_DAYS,
    )
    online_mode = models.CharField(
        _("mức dịch vụ trực tuyến"),
        max_length=10,
        choices=OnlineMode.choices,
        default=OnlineMode.NONE,
    )
    delivery_counter = models.BooleanField(_("trả kết quả tại bộ phận một cửa"), default=True)
    delivery_post = models.BooleanField(_("trả kết quả qua bưu chính"), default=True)
    delivery_electronic = models.BooleanField(_("trả kết quả điện tử"), default=False)
    result_type = models.TextField(_("kết quả thực hiện"), blank=True)
    result_codes = models.CharField(_("mã loại kết quả"), max_length=500, blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    applicant_types = models.TextField(_("đối tượng thực hiện"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    publishing_decision = models.CharField(_("quyết định công bố"), max_length=255, blank=True)
    kind = models.CharField(_("loại thủ tục"), max_length=255, blank=True)
    supplement_clock = models.CharField(
        _("cách tính thời hạn khi bổ sung hồ sơ"),
        max_length=10,
        choices=SupplementClock.choices,
        blank=True,
        help_text=_("Để trống để dùng cách tính mặc định của hệ thống."),
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    search_text = models.TextField(editable=False, default="")
    # The highest version of the process, kept by ``catalog.services.process_publish``:
    # the procedure's row names the process new dossiers pin, without another query.
    current_process = models.ForeignKey(
        "Process",
        verbose_name=_("quy trình hiện hành"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.search_text_for(self.code, self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def search_text_for(code: str, name: str) -> str:
        """The folded text searched by ``ProcedureQuerySet.search`` (also set by bulk imports)."""
        return fold(f"{code} {name}")

    def get_absolute_url(self) -> str:
        return reverse("catalog:procedure", kwargs={"code": self.code})

    @property
    def time_limit(self) -> tuple[Decimal | None, str]:
        """The limit a dossier gets: the local commitment if any, else the legal one."""
        if self.committed_time_amount is not None:
            return self.committed_time_amount, self.committed_time_unit
        return self.legal_time_amount, self.legal_time_unit

    @property
    def time_limit_hours(self) -> Decimal | None:
        """The limit in working hours, or None when it is not counted in working time."""
        amount, unit = self.time_limit
        if amount is None:
            return None
        if unit == TimeUnit.WORKING_DAYS:
            return amount * HOURS_PER_WORKING_DAY
        if unit == TimeUnit.WORKING_HOURS:
            return amount
        return None

    @property
    def time_limit_display(self) -> str:
        amount, unit = self.time_limit
        if amount is None:
            return self.legal_time_text
        return f"{format_amount(amount)} {TimeUnit(unit).label}"

    @property
    def fees_known_free(self) -> bool:
        """No fee rows because the procedure is free, not because nothing was published.

        Only a procedure whose every channel says "Miễn phí" is shown as free; a
        missing fee cell ("Không có thông tin") is shown as missing information.
        """
        texts = [channel.fee_text.strip() for channel in self.channels.all()]
        return bool(texts) and all(text.startswith("Miễn phí") for text in texts)

    @property
    def allows_online(self) -> bool:
        return self.status == self.Status.ACTIVE and self.online_mode != OnlineMode.NONE

    @property
    def levels(self) -> list[str]:
        names = [
            (self.level_ministry, _("Cấp bộ")),
            (self.level_province, _("Cấp tỉnh")),
            (self.level_district, _("Cấp huyện")),
            (self.level_commune, _("Cấp xã")),
        ]
        return [str(label) for flag, label in names if flag]


class ProcedureChannel(models.Model):
    """One row of the "cách thức thực hiện" table: a channel with its time limit and fee."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("hình thức nộp"), max_length=1, choices=Channel.choices)
    time_amount = models.DecimalField(
        _("thời hạn"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(_("đơn vị"), max_length=16, choices=TimeUnit.choices, blank=True)
    time_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=500, blank=True)
    fee_text = models.TextField(_("phí, lệ phí (nguyên văn)"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["procedure", "order"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.time_text}"


class Fee(models.Model):
    """A fee or charge (phí, lệ phí) of a procedure, in đồng."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(_("tên phí, lệ phí"), max_length=500)
    amount = models.PositiveBigIntegerField(
        _("mức thu (đồng)"), null=True, blank=True, help_text=_("Để trống nếu không xác định được.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    raw_text = models.TextField(_("nguyên văn"), blank=True)
    is_local = models.BooleanField(
        _("do địa phương quy định"),
        default=False,
        help_text=_("Không bị ghi đè khi nhập lại từ Cơ sở dữ liệu quốc gia."),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["procedure", "order", "pk"]

    def __str__(self) -> str:
        return self.name


def template_upload_to(instance: RequiredDocument, filename: str) -> str:
    return f"catalog/templates/{instance.procedure.code}/{filename}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ: one paper the applicant must bring or upload."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    case_name = models.CharField(
        _("trường hợp"),
        max_length=500,
        blank=True,
        help_text=_("Nếu giấy tờ chỉ cần trong một trường hợp."),
    )
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    template_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=500, blank=True)
    template_file = models.FileField(
        _("tệp mẫu"), upload_to=template_upload_to, blank=True, max_length=500
    )
    raw_text = models.TextField(_("nguyên văn"), blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "order", "pk"]

    def __str__(self) -> str:
        return self.name[:120]


def document_cases(documents: Iterable[RequiredDocument]) -> list[str]:
    """The cases (trường hợp) a procedure's documents are listed under, in their order.

    When there are two or more, a dossier follows one of them: its documents are those of
    its case and those listed under no case or a section heading (``documents_for_case``)."""
    cases: list[str] = []
    for document in documents:
        if is_case_heading(document.case_name) and document.case_name not in cases:
            cases.append(document.case_name)
    return cases


def documents_for_case(documents: Iterable[RequiredDocument], case: str) -> list[RequiredDocument]:
    """The documents a dossier of ``case`` needs: every one when the procedure lists them
    under one case or none, else those of the case and those under no case."""
    documents = list(documents)
    if len(document_cases(documents)) < 2:
        return documents
    return [d for d in documents if not is_case_heading(d.case_name) or d.case_name == case]


class Process(models.Model):
    """A version of a procedure's process. Versions are never edited once saved:
    a change creates a new version, and dossiers keep the version they started with."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="processes")
    version = models.PositiveIntegerField(_("phiên bản"))
    note = models.CharField(_("ghi chú thay đổi"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quy trình")
        verbose_name_plural = _("quy trình")
        ordering = ["procedure", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "version"], name="process_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.version}"

    @property
    def total_hours(self) -> Decimal:
        return sum((step.budget_hours for step in self.steps.all()), Decimal(0))


class ProcessStep(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=255)
    unit = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="process_steps",
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"),
        max_digits=7,
        decimal_places=2,
        validators=[],
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="process_step_order_unique"),
            models.CheckConstraint(
                condition=Q(budget_hours__gt=0), name="process_step_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

