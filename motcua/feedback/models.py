"""What people tell the administration: the feedback box and complaints (PAKN).

Ratings of dossiers will live here too, in their own section below. Nothing here
changes state by itself: every write that carries a rule is a function in
``services.py``; reads are the QuerySet methods in ``selectors.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.feedback.selectors import FeedbackQuerySet

# =====================================================================================
# Feedback box and complaints — phản ánh, kiến nghị (PAKN)
# Decree 118/2025 Art. 31.1.đ (feedback box as an evaluation channel);
# Decision 766/QĐ-TTg indicators 5.1–5.3 (regulations §4.1–4.2).
# =====================================================================================


class SubjectKind(models.TextChoices):
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    AGENCY = "agency", _("Cơ quan, đơn vị")
    OFFICER = "officer", _("Cán bộ, công chức")
    OTHER = "other", _("Nội dung khác")


class Category(models.TextChoices):
    """Decision 766 item 5.1: PAKN classified by what it is about."""

    REGULATION = "regulation", _("Quy định hành chính, thủ tục hành chính")
    BEHAVIOUR = "behaviour", _("Hành vi, thái độ của cán bộ, công chức")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận, đang xử lý")
    REFUSED = "refused", _("Không tiếp nhận xử lý")
    NEED_MORE = "need_more", _("Chờ người gửi bổ sung thông tin")
    ANSWERED = "answered", _("Đã có trả lời, chờ công khai")
    PUBLISHED = "published", _("Đã công khai trả lời")
    CLOSED = "closed", _("Đã kết thúc")


class FeedbackAction(models.TextChoices):
    RECEIVED = "received", _("Tiếp nhận phản ánh, kiến nghị")
    REFUSED = "refused", _("Từ chối xử lý")
    MORE_REQUESTED = "more_requested", _("Đề nghị bổ sung thông tin")
    MORE_RECEIVED = "more_received", _("Người gửi bổ sung thông tin")
    ANSWERED = "answered", _("Trả lời")
    PUBLISHED = "published", _("Công khai trả lời")
    CLOSED = "closed", _("Kết thúc không công khai")
    TRANSFERRED = "transferred", _("Chuyển cơ quan xử lý")


class Feedback(models.Model):
    """One phản ánh, kiến nghị, from receipt to the published answer.

    Deadlines are stored when they start (computed by ``workdays.deadlines`` in the
    services) so that ``.overdue(now)`` is one query and reports can compare them with
    the moments of refusal, request for more, answer and publication.
    """

    code = models.CharField(_("mã phản ánh"), max_length=24, unique=True)
    subject_kind = models.CharField(
        _("phản ánh về"), max_length=12, choices=SubjectKind.choices, default=SubjectKind.OTHER
    )
    category = models.CharField(
        _("phân loại"), max_length=12, choices=Category.choices, default=Category.REGULATION
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ bị phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_about",
    )
    officer_name = models.CharField(_("tên cán bộ (theo người gửi)"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan xử lý"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    is_anonymous = models.BooleanField(_("gửi ẩn danh"), default=False)
    filer_name = models.CharField(_("họ và tên người gửi"), max_length=150, blank=True)
    filer_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    filer_email = models.EmailField(_("thư điện tử"), blank=True)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("phản ánh lại nội dung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followers",
        help_text=_("Phản ánh đã công khai mà người gửi chưa đồng ý (phản ánh lại)."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
    )

    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    refuse_due = models.DateTimeField(_("hạn từ chối xử lý"))
    more_due = models.DateTimeField(_("hạn đề nghị bổ sung"))
    answer_due = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    publish_due = models.DateTimeField(_("hạn công khai"), null=True, blank=True)

    refused_at = models.DateTimeField(_("thời điểm từ chối"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    more_requested_at = models.DateTimeField(_("thời điểm đề nghị bổ sung"), null=True, blank=True)
    more_request = models.TextField(_("nội dung đề nghị bổ sung"), blank=True)
    more_received_at = models.DateTimeField(_("thời điểm nhận bổ sung"), null=True, blank=True)
    more_content = models.TextField(_("thông tin bổ sung"), blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    public_title = models.CharField(
        _("tiêu đề công khai"),
        max_length=255,
        blank=True,
        help_text=_("Tiêu đề đã lược bỏ thông tin cá nhân, hiển thị công khai."),
    )
    public_content = models.TextField(
        _("nội dung công khai"),
        blank=True,
        help_text=_("Nội dung phản ánh đã lược bỏ thông tin cá nhân, hiển thị công khai."),
    )
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    close_reason = models.TextField(_("lý do kết thúc"), blank=True)

    # Folded public text of a published answer, for diacritic-insensitive search.
    search_text = models.TextField(editable=False, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "answer_due"], name="feedback_status_answer_due"),
            models.Index(fields=["agency", "status"], name="feedback_agency_status"),
            models.Index(fields=["-published_at"], name="feedback_published"),
            models.Index(fields=["received_at"], name="feedback_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(filer_name="", filer_phone="", filer_email=""),
                name="feedback_anonymous_has_no_personal_data",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:answer", args=[self.code])

    def get_office_url(self) -> str:
        return reverse("feedback_office:detail", args=[self.code])

    @property
    def was_reraised(self) -> bool:
        """Decision 766 item 5.3: a PAKN raised again is not a satisfied one."""
        return self.followers.exists()


class FeedbackEvent(models.Model):
    """One line of a PAKN's history. Append-only: ``save()`` refuses to update."""

    feedback = models.ForeignKey(Feedback, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150)
    action = models.CharField(_("thao tác"), max_length=20, choices=FeedbackAction.choices)
    from_status = models.CharField(
        _("từ trạng thái"), max_length=12, choices=FeedbackStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("sang trạng thái"), max_length=12, choices=FeedbackStatus.choices
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch sử xử lý phản ánh")
        verbose_name_plural = _("lịch sử xử lý phản ánh")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("FeedbackEvent is append-only")
        super().save(*args, **kwargs)


def attachment_upload_to(instance: FeedbackAttachment, filename: str) -> str:
    # The stored name is random: people's file names often carry their own names.
    import secrets
    from pathlib import PurePath

    return (
        f"feedback/{instance.feedback_id}/{secrets.token_hex(8)}{PurePath(filename).suffix.lower()}"
    )


class FeedbackAttachment(models.Model):
    """A file the filer sent with the PAKN (a photo, a scanned paper). Staff only."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_upload_to, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("tệp đính kèm phản ánh")
        verbose_name_plural = _("tệp đính kèm phản ánh")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class FeedbackVote(models.Model):
    """Like or dislike of a published answer, one per browser session (Decision 766 item 5.3).

    ``voter`` is a random token kept in the voter's session, never an IP address or account.
    """

    class Value(models.IntegerChoices):
        LIKE = 1, _("Hài lòng")
        DISLIKE = -1, _("Không hài lòng")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=64)
    value = models.SmallIntegerField(choices=Value.choices)
    created_at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("bình chọn trả lời phản ánh")
        verbose_name_plural = _("bình chọn trả lời phản ánh")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "voter"], name="feedback_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.get_value_display()}"


# =====================================================================================
# Ratings of dossiers (đánh giá mức độ hài lòng) — to come, with the dossiers app:
# Decree 118 Art. 31–33, Decision 766 item 5.4. See docs/feedback.md.
# =====================================================================================


class RatingScore(models.IntegerChoices):
    """The three-point scale of the online rating (Decision 766 item 5.4 counts
    "không hài lòng" as a dissatisfied rating)."""

    DISSATISFIED = 1, _("Không hài lòng")
    SATISFIED = 2, _("Hài lòng")
    VERY_SATISFIED = 3, _("Rất hài lòng")


class RatingChannel(models.TextChoices):
    ACCOUNT = "account", _("Tài khoản người nộp")
    RECEIPT = "receipt", _("Đường dẫn trên giấy tiếp nhận")


# Decree 118 Art. 33.1 a)–h): field name → (letter, what the citizen is asked).
RATING_CRITERIA: dict[str, tuple[str, str]] = {
    "time_score": ("a", _("Thời gian giải quyết so với quy định")),
    "agencies_score": ("b", _("Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ")),
    "contacts_score": ("c", _("Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ")),
    "information_score": (
        "d",
        _("Thông tin về thủ tục hành chính được công khai đầy đủ, chính xác, kịp thời"),
    ),
    "attitude_score": (
        "đ",
        _("Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận, giải quyết"),
    ),
    "lawfulness_score": ("e", _("Kết quả đúng quy định; chi phí đúng quy định, không phát sinh")),
    "feedback_score": ("g", _("Tiếp thu, giải trình phản ánh, kiến nghị (nếu có)")),
    "online_score": ("h", _("Tiến độ và chất lượng dịch vụ công trực tuyến")),
}


def _score(letter: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        format_lazy(_("tiêu chí {letter}"), letter=letter), choices=RatingScore.choices
    )


class Rating(models.Model):
    """A citizen's rating of one dossier (Decree 118 Art. 31.1, 33.1): one per dossier,
    after the result, linked to the officers who handled it (Art. 34: used in their
    appraisal)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="rating"
    )
    time_score = _score("a")
    agencies_score = _score("b")
    contacts_score = _score("c")
    information_score = _score("d")
    attitude_score = _score("đ")
    lawfulness_score = _score("e")
    feedback_score = _score("g")
    online_score = _score("h")
    comment = models.TextField(_("ý kiến khác"), blank=True)
    channel = models.CharField(_("kênh đánh giá"), max_length=10, choices=RatingChannel.choices)
    agency = models.ForeignKey(
        "catalog.Agency",
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đã xử lý hồ sơ"),
        blank=True,
        related_name="ratings_received",
    )
    dissatisfied = models.BooleanField(_("có tiêu chí không hài lòng"), default=False)
    created_at = models.DateTimeField(_("thời điểm đánh giá"), db_index=True)

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_score__range=(1, 3))
                & Q(contacts_score__range=(1, 3))
                & Q(agencies_score__range=(1, 3))
                & Q(information_score__range=(1, 3))
                & Q(attitude_score__range=(1, 3))
                & Q(lawfulness_score__range=(1, 3))
                & Q(feedback_score__range=(1, 3))
                & Q(online_score__range=(1, 3)),
                name="rating_scores_in_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.created_at:%d/%m/%Y}"

    def scores(self) -> list[tuple[str, str, int, str]]:
        """(letter, criterion, score, label) in the order of Art. 33.1."""
        out = []
        for name, (letter, label) in RATING_CRITERIA.items():
            value = getattr(self, name)
            out.append((letter, str(label), value, RatingScore(value).label))
        return out
