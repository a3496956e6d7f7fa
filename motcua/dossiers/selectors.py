"""Reads about one dossier that are not QuerySet methods (those are in ``querysets``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.states import DELIVERY_CHANGEABLE, IN_PROGRESS, Status

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
