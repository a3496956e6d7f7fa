"""Reads of dossiers: QuerySet methods shared by work lists, pages, the API and reports.

``Dossier.objects.for_user(user).overdue()`` and friends. Timeliness annotations
follow ``timeliness.py`` exactly (same definitions, in SQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.states import DELIVERY_CHANGEABLE, IN_PROGRESS, Status
from motcua.dossiers.timeliness import FINISHED_ON_TIME, MAX_SUPPLEMENTS_766, Timeliness
from motcua.lib.text import fold

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_EVENT_IMMUTABLE = "Nhật ký xử lý hồ sơ chỉ được ghi thêm, không được sửa hoặc xóa."


class EventImmutable(PermissionError):
    """Raised by every path that would change or delete an event."""


# In progress and the clock is running (not waiting for the applicant's supplement).
_CLOCK_RUNNING = (Status.RECEIVED, Status.PROCESSING, Status.FINANCIAL)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=1)


class DossierQuerySet(models.QuerySet):
    # --- who may see what -------------------------------------------------
    def for_user(self, user: User | None) -> DossierQuerySet:
        """Dossiers the user may see: staff see those whose receiving point, competent
        agency, current unit or an inter-agency party is in an agency where they hold
        VIEW; everyone sees the dossiers filed from their own account."""
        from motcua.accounts.permissions import Action, agencies_where
        from motcua.dossiers.models import InterAgencyTask

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        agencies = agencies_where(user, Action.VIEW).values("pk")
        consulted = InterAgencyTask.objects.filter(dossier=OuterRef("pk"), agency__in=agencies)
        return self.filter(
            Q(applicant_user=user)
            | Q(receiving_point__in=agencies)
            | Q(agency__in=agencies)
            | Q(current_unit__in=agencies)
            | Exists(consulted)
        )

    def search(self, query: str) -> DossierQuerySet:
        """Code, applicant name (without diacritics, every word must match), ID number
        or tax code."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    # --- where it stands ----------------------------------------------------
    def received(self) -> DossierQuerySet:
        return self.filter(received_at__isnull=False)

    def in_progress(self) -> DossierQuerySet:
        return self.filter(status__in=IN_PROGRESS, received_at__isnull=False)

    def waiting_applicant(self) -> DossierQuerySet:
        """Waiting for the applicant: a supplement (5) or a financial obligation (6)."""
        return self.filter(status__in=(Status.SUPPLEMENT, Status.FINANCIAL))

    def ended(self) -> DossierQuerySet:
        return self.filter(ended_at__isnull=False)

    def overdue(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """In progress with the clock running and the appointment passed."""
        now = now or timezone.now()
        return self.filter(status__in=_CLOCK_RUNNING, due_at__lt=now)

    def due_between(self, start: dt.datetime, end: dt.datetime) -> DossierQuerySet:
        """In progress with the appointment in [start, end)."""
        return self.filter(status__in=_CLOCK_RUNNING, due_at__gte=start, due_at__lt=end)

    def due_today(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """In progress with the appointment today (Asia/Ho_Chi_Minh)."""
        return self.due_between(*_day_bounds(timezone.localdate(now or timezone.now())))

    # --- timeliness (see timeliness.py) --------------------------------------
    def finished_on_time(self) -> DossierQuerySet:
        """Ended (7, 8, 9, 10) not later than the appointment: early or on time."""
        return self.filter(ended_at__isnull=False, ended_at__lte=F("due_at"))

    def finished_late(self) -> DossierQuerySet:
        return self.filter(ended_at__isnull=False, ended_at__gt=F("due_at"))

    def finished_early(self) -> DossierQuerySet:
        """Ended on a day before the appointment's day."""
        return self.annotate(_end_day=TruncDate("ended_at"), _due_day=TruncDate("due_at")).filter(
            ended_at__isnull=False, _end_day__lt=F("_due_day")
        )

    def with_timeliness(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """Annotate ``timeliness`` with a ``Timeliness`` value (None if never received)."""
        now = now or timezone.now()
        end = Case(
            When(ended_at__isnull=False, then=F("ended_at")),
            When(status=Status.SUPPLEMENT, paused_at__isnull=False, then=F("paused_at")),
            default=None,
            output_field=models.DateTimeField(),
        )
        return self.annotate(
            _end=end, _end_day=TruncDate(end), _due_day=TruncDate("due_at")
        ).annotate(
            timeliness=Case(
                When(Q(received_at__isnull=True) | Q(due_at__isnull=True), then=Value(None)),
                When(_end__isnull=True, due_at__gte=now, then=Value(Timeliness.IN_TIME.value)),
                When(_end__isnull=True, then=Value(Timeliness.OVERDUE.value)),
                When(_end__gt=F("due_at"), then=Value(Timeliness.LATE.value)),
                When(_end_day__lt=F("_due_day"), then=Value(Timeliness.EARLY.value)),
                default=Value(Timeliness.ON_TIME.value),
                output_field=models.CharField(),
            )
        )

    def with_766_timeliness(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """Annotate ``timeliness`` (legal reading) and ``timeliness_766``: the reading of
        the Decision 766 indicator 2.1, where more than one supplement request makes the
        dossier late (``timeliness.decision_766_timeliness``)."""
        return self.with_timeliness(now).annotate(
            timeliness_766=Case(
                When(timeliness__isnull=True, then=Value(None)),
                When(
                    supplement_rounds__gt=MAX_SUPPLEMENTS_766,
                    then=Value(Timeliness.LATE.value),
                ),
                default=F("timeliness"),
                output_field=models.CharField(),
            )
        )

    def timeliness_in(self, *values: str, now: dt.datetime | None = None) -> DossierQuerySet:
        return self.with_timeliness(now).filter(timeliness__in=values)

    def on_time(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """Ended early or on time (same as ``finished_on_time`` but through the annotation,
        so a dossier waiting for a supplement counts with its request time)."""
        return self.timeliness_in(*FINISHED_ON_TIME, now=now)


class EventQuerySet(models.QuerySet):
    """Append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise EventImmutable(ERR_EVENT_IMMUTABLE)

    def delete(self):
        raise EventImmutable(ERR_EVENT_IMMUTABLE)

    update.queryset_only = True
    delete.queryset_only = True

    def for_dossier(self, dossier) -> EventQuerySet:
        return self.filter(dossier=dossier).order_by("seq")


# --- what a user may do now ------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    """One action a user may take on a dossier now. ``key`` names the service
    (``dossier_<key>`` in ``services``); ``paperwork`` is the official form printed
    after the action, if any. Pages, the portal and the API render what they get."""

    key: str
    label: str
    confirm: str
    danger: bool = False
    paperwork: str = ""


ACTION_SPECS: dict[str, ActionSpec] = {
    a.key: a
    for a in (
        ActionSpec(
            "accept",
            _("Tiếp nhận hồ sơ"),
            _("Tiếp nhận hồ sơ này và cấp mã hồ sơ?"),
            paperwork="01",
        ),
        ActionSpec(
            "request_supplement",
            _("Yêu cầu bổ sung hồ sơ"),
            _("Gửi yêu cầu bổ sung, hoàn thiện hồ sơ? Chỉ được yêu cầu một lần."),
            paperwork="02",
        ),
        ActionSpec(
            "refuse_reception",
            _("Từ chối tiếp nhận"),
            _("Từ chối tiếp nhận hồ sơ này?"),
            danger=True,
            paperwork="03",
        ),
        ActionSpec(
            "receive_supplement",
            _("Nhận hồ sơ bổ sung"),
            _("Xác nhận đã nhận đủ hồ sơ bổ sung?"),
        ),
        ActionSpec(
            "forward",
            _("Chuyển bước tiếp theo"),
            _("Kết thúc bước hiện tại và chuyển hồ sơ sang bước tiếp theo?"),
        ),
        ActionSpec("assign", _("Phân công xử lý"), _("Phân công xử lý hồ sơ?")),
        ActionSpec("send_back", _("Trả lại bước trước"), _("Trả hồ sơ về bước trước?")),
        ActionSpec(
            "send_interagency",
            _("Gửi xử lý liên thông"),
            _("Gửi hồ sơ xin ý kiến, xử lý liên thông?"),
        ),
        ActionSpec(
            "answer_interagency",
            _("Ghi nhận kết quả liên thông"),
            _("Ghi nhận kết quả phối hợp?"),
        ),
        ActionSpec(
            "request_payment",
            _("Yêu cầu nộp phí, nghĩa vụ tài chính"),
            _("Gửi yêu cầu thực hiện nghĩa vụ tài chính?"),
        ),
        ActionSpec(
            "confirm_payment",
            _("Xác nhận đã nộp"),
            _("Xác nhận người nộp đã hoàn thành nghĩa vụ tài chính?"),
        ),
        ActionSpec("approve", _("Phê duyệt kết quả"), _("Phê duyệt kết quả?")),
        ActionSpec(
            "refuse", _("Từ chối giải quyết"), _("Từ chối giải quyết hồ sơ này?"), danger=True
        ),
        ActionSpec(
            "propose_extension",
            _("Xin lỗi, đề nghị gia hạn"),
            _("Gửi văn bản xin lỗi và đề nghị gia hạn? Chỉ được gia hạn một lần."),
            paperwork="04",
        ),
        ActionSpec(
            "decide_extension",
            _("Duyệt gia hạn"),
            _("Ghi nhận quyết định về đề nghị gia hạn?"),
            paperwork="04",
        ),
        ActionSpec("finish", _("Kết thúc xử lý"), _("Kết thúc xử lý hồ sơ (đã có kết quả)?")),
        ActionSpec("return_result", _("Trả kết quả"), _("Xác nhận đã trả kết quả cho người nộp?")),
        ActionSpec("attach", _("Đính kèm tệp"), _("Đính kèm tệp vào hồ sơ?")),
        ActionSpec(
            "set_delivery",
            _("Đổi hình thức nhận kết quả"),
            _("Ghi nhận hình thức nhận kết quả mới theo đề nghị của người nộp?"),
        ),
        ActionSpec(
            "withdraw",
            _("Rút hồ sơ theo yêu cầu"),
            _("Ghi nhận người nộp rút hồ sơ?"),
            danger=True,
        ),
        ActionSpec(
            "stop", _("Dừng xử lý"), _("Dừng xử lý hồ sơ này?"), danger=True, paperwork="05"
        ),
    )
}

# The main line of work first, then the side paths, then the endings.
ACTION_ORDER = (
    "accept",
    "forward",
    "approve",
    "refuse",
    "finish",
    "return_result",
    "assign",
    "request_supplement",
    "refuse_reception",
    "receive_supplement",
    "confirm_payment",
    "decide_extension",
    "propose_extension",
    "send_back",
    "send_interagency",
    "answer_interagency",
    "request_payment",
    "attach",
    "set_delivery",
    "withdraw",
    "stop",
)


def next_step(dossier):
    """The step after the dossier's current one in its pinned process, or None."""
    from motcua.catalog.models import ProcessStep

    if dossier.current_step is None:
        return None
    return (
        ProcessStep.objects.filter(
            process_id=dossier.process_id, order__gt=dossier.current_step.order
        )
        .select_related("unit")
        .order_by("order")
        .first()
    )


def answerable_tasks(user, dossier):
    """Open inter-agency parts the user may answer (staff of that agency, or whoever
    works on the dossier's current step when the answer came on paper)."""
    from motcua.accounts.permissions import Action, can
    from motcua.dossiers.services import can_act_on_step

    tasks = dossier.interagency.filter(answered_at__isnull=True).select_related("agency")
    if can_act_on_step(user, dossier):
        return tasks
    allowed = [t.pk for t in tasks if can(user, Action.PROCESS, t.agency)]
    return tasks.filter(pk__in=allowed)


def dossier_available_actions(user, dossier) -> list[ActionSpec]:
    """The actions ``user`` may take on ``dossier`` now, in display order.

    Asks the same questions the lifecycle services ask — the permission helpers
    (``can``, ``services.can_act_on_step``) and the status sets of ``states`` — so a
    page never offers what the service would refuse for want of permission or because
    of the status. Checks that depend on the input or on time (03 working days for an
    appraisal supplement, Decree 118 Art. 19.5; one working day before the due moment
    for an extension) stay in the services, whose Vietnamese message is then shown.
    """
    from motcua.accounts.permissions import Action, can
    from motcua.dossiers.models import PaymentState, SupplementStage
    from motcua.dossiers.services import can_act_on_step, can_approve

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    d, s = dossier, dossier.status
    receive = can(user, Action.RECEIVE, d.receiving_point)
    on_step = can_act_on_step(user, d)
    approve = can_approve(user, d)
    approve_extension = can(user, Action.APPROVE_EXTENSION, d.agency)
    open_parts = d.interagency.filter(answered_at__isnull=True).exists()
    pending_extension = d.extensions.filter(approved__isnull=True).exists()
    asked = set(d.supplements.values_list("stage", flat=True))
    keys: list[str] = []
    if s == Status.NEW and receive:
        keys.append("accept")
        if SupplementStage.RECEPTION not in asked:
            keys.append("request_supplement")
        keys.append("refuse_reception")
    if s == Status.PROCESSING and (on_step or receive) and SupplementStage.APPRAISAL not in asked:
        keys.append("request_supplement")
    if s == Status.SUPPLEMENT and receive:
        keys.append("receive_supplement")
    if s == Status.PROCESSING and on_step:
        if next_step(d) is not None:
            keys.append("forward")
        if d.current_step is not None and d.current_step.order > 1:
            keys.append("send_back")
    if s in IN_PROGRESS and d.current_step is not None and can(user, Action.ASSIGN, d.current_unit):
        keys.append("assign")
    if s == Status.PROCESSING and approve and not d.outcome and not open_parts:
        keys += ["approve", "refuse"]
    if s == Status.PROCESSING and on_step:
        keys += ["send_interagency", "request_payment"]
    if open_parts and answerable_tasks(user, d).exists():
        keys.append("answer_interagency")
    if s == Status.FINANCIAL and (receive or on_step):
        keys.append("confirm_payment")
    if (
        s in IN_PROGRESS
        and d.received_at is not None
        and not d.extension_count
        and not pending_extension
        and (on_step or can(user, Action.PROCESS, d.agency) or approve_extension)
    ):
        keys.append("propose_extension")
    if pending_extension and approve_extension and s in IN_PROGRESS:
        keys.append("decide_extension")
    if (
        s == Status.PROCESSING
        and d.outcome
        and not open_parts
        and d.payment_state != PaymentState.REQUESTED
        and (on_step or can(user, Action.APPROVE, d.agency) or receive)
    ):
        keys.append("finish")
    if s == Status.FINISHED and can(user, Action.RETURN_RESULT, d.receiving_point):
        keys.append("return_result")
    if s in (Status.NEW, *IN_PROGRESS) and (receive or on_step):
        keys.append("attach")
    if s in DELIVERY_CHANGEABLE and receive:
        keys.append("set_delivery")
    if s in (Status.NEW, *IN_PROGRESS) and not d.outcome and receive:
        keys.append("withdraw")
    if s in IN_PROGRESS and (receive or can(user, Action.APPROVE, d.agency)):
        keys.append("stop")
    return [ACTION_SPECS[k] for k in ACTION_ORDER if k in keys]
