"""May this user do this to this dossier now? One check per action.

Each ``check_<action>(user, dossier)`` raises the refusal the action would give —
``NotAllowed`` for want of permission, ``InvalidTransition`` when the dossier's state
does not allow it, with the Vietnamese message shown to the user — or returns None.
The action calls its check after locking the dossier (its guard), and the list of
actions a page, the portal or the API offers (``actions.registry.available_actions``)
asks the very same function, so nothing is offered that the action would refuse and
nothing is refused that was offered. What depends on the action's input or on the
clock (03 working days for an appraisal supplement, Decree 118 Art. 19.5; 01 working
day before the appointment for an extension, Art. 19.6; the reasons, the files…) is
checked by the action after its check; its message is then shown. A page that needs a
yes or no asks ``may(check, user, dossier)``.

``user`` None is the system (commands, the payment gateway): only the checks that say
so accept it. Staff authorisation itself is ``motcua.accounts.permissions.can``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.permissions import can
from motcua.accounts.roles import Action, Role
from motcua.dossiers.models import DeliveryMethod, Dossier, InterAgencyTask, PaymentState
from motcua.dossiers.models import SupplementStage as Stage
from motcua.dossiers.selectors import next_step
from motcua.dossiers.states import DELIVERY_CHANGEABLE, IN_PROGRESS, Status
from motcua.lib.errors import DomainError, InvalidInput, InvalidTransition, NotAllowed, fail

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Agency, ProcessStep

ERR_NOT_ALLOWED = _("Bạn không có quyền thực hiện thao tác này đối với hồ sơ.")
ERR_STATUS = _("Không thể %(action)s khi hồ sơ đang ở trạng thái “%(status)s”.")
# The %(action)s of ERR_STATUS.
ACT_ACCEPT = pgettext_lazy("dossier action", "tiếp nhận hồ sơ")
ACT_REFUSE_RECEPTION = pgettext_lazy("dossier action", "từ chối tiếp nhận")
ACT_REQUEST_SUPPLEMENT = pgettext_lazy("dossier action", "yêu cầu bổ sung hồ sơ")
ACT_RECEIVE_SUPPLEMENT = pgettext_lazy("dossier action", "nhận hồ sơ bổ sung")
ACT_FORWARD = pgettext_lazy("dossier action", "chuyển bước xử lý")
ACT_ASSIGN = pgettext_lazy("dossier action", "phân công xử lý")
ACT_SEND_BACK = pgettext_lazy("dossier action", "trả lại bước trước")
ACT_SEND_INTERAGENCY = pgettext_lazy("dossier action", "gửi xử lý liên thông")
ACT_REQUEST_PAYMENT = pgettext_lazy("dossier action", "yêu cầu thực hiện nghĩa vụ tài chính")
ACT_CONFIRM_PAYMENT = pgettext_lazy("dossier action", "xác nhận nộp phí, lệ phí")
ACT_APPROVE = pgettext_lazy("dossier action", "phê duyệt kết quả")
ACT_REFUSE = pgettext_lazy("dossier action", "từ chối giải quyết")
ACT_PROPOSE_EXTENSION = pgettext_lazy("dossier action", "đề nghị gia hạn")
ACT_DECIDE_EXTENSION = pgettext_lazy("dossier action", "duyệt gia hạn")
ACT_WITHDRAW = pgettext_lazy("dossier action", "rút hồ sơ")
ACT_STOP = pgettext_lazy("dossier action", "dừng xử lý")
ACT_FINISH = pgettext_lazy("dossier action", "kết thúc xử lý")
ACT_RETURN_RESULT = pgettext_lazy("dossier action", "trả kết quả")
ACT_ATTACH = pgettext_lazy("dossier action", "đính kèm tệp")
ACT_SET_DELIVERY = pgettext_lazy("dossier action", "đổi hình thức nhận kết quả")
ERR_SUPPLEMENT_TWICE_RECEPTION = _(
    "Hồ sơ đã được yêu cầu bổ sung một lần khi tiếp nhận: chỉ được yêu cầu bổ sung, "
    "hoàn thiện hồ sơ một lần (Nghị định 118/2025/NĐ-CP, Điều 11.2.c và 16.3)."
)
ERR_SUPPLEMENT_TWICE_APPRAISAL = _(
    "Hồ sơ đã được yêu cầu bổ sung một lần trong quá trình thẩm định."
)
ERR_LAST_STEP = _("Hồ sơ đang ở bước cuối của quy trình: không còn bước tiếp theo để chuyển.")
ERR_SEND_BACK_STEP = _("Chỉ có thể trả lại một bước trước bước hiện tại của quy trình hồ sơ.")
ERR_INTERAGENCY_ANSWERED = _("Cơ quan này đã trả kết quả phối hợp.")
ERR_INTERAGENCY_OPEN = _(
    "Hồ sơ còn nội dung liên thông chưa có kết quả: chưa thể phê duyệt hoặc kết thúc."
)
ERR_PAYMENT_OPEN = _("Hồ sơ chưa hoàn thành nghĩa vụ tài chính.")
ERR_ALREADY_DECIDED = _("Hồ sơ đã có kết quả giải quyết.")
ERR_NOT_DECIDED = _("Hồ sơ chưa được phê duyệt hoặc từ chối: chưa thể kết thúc xử lý.")
ERR_EXTENSION_TWICE = _(
    "Hồ sơ đã được gia hạn một lần: chỉ được hẹn lại ngày trả kết quả không quá một lần "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.6)."
)
ERR_EXTENSION_PENDING = _("Hồ sơ đang có đề nghị gia hạn chờ duyệt.")
ERR_EXTENSION_NONE = _("Hồ sơ không có đề nghị gia hạn chờ duyệt.")


def may(check: Callable[..., None], user: User | None, dossier: Dossier, **kwargs) -> bool:
    """The answer of a check as a yes or no: ``may(check_withdraw, user, dossier)``."""
    try:
        check(user, dossier, **kwargs)
    except DomainError:
        return False
    return True


# --- the questions the checks ask ----------------------------------------------------


def require(condition: bool) -> None:
    """``NotAllowed`` (``ERR_NOT_ALLOWED``) unless ``condition``."""
    if not condition:
        raise fail(NotAllowed, ERR_NOT_ALLOWED, "forbidden")


def status_error(dossier: Dossier, action: Promise) -> InvalidTransition:
    """ "Cannot <action> while the dossier is <status>" (``ERR_STATUS``)."""
    return fail(
        InvalidTransition,
        ERR_STATUS,
        "status",
        action=action,
        status=Status(dossier.status).label,
    )


def is_owner(user: User | None, dossier: Dossier) -> bool:
    """The dossier was filed from the user's own account."""
    return user is not None and dossier.applicant_user_id == user.pk


def _receives(user: User | None, dossier: Dossier) -> bool:
    return can(user, Action.RECEIVE, dossier.receiving_point)


def step_unit(dossier: Dossier, step: ProcessStep) -> Agency:
    """Where a step is done: its own unit; else the receiving point for a receiving
    officer's step; else the competent agency."""
    if step.unit_id:
        return step.unit
    if step.role == Role.RECEIVING_OFFICER:
        return dossier.receiving_point
    return dossier.agency


def step_action(step: ProcessStep) -> str:
    """The action that does a step: RECEIVE for a receiving officer's step, PROCESS for
    any other (a specialist's, a unit leader's or an agency leader's)."""
    return Action.RECEIVE if step.role == Role.RECEIVING_OFFICER else Action.PROCESS


def can_act_on_step(user: User | None, dossier: Dossier) -> bool:
    """The user may work on the dossier's current step: they hold the step's action
    (``step_action``) in its unit and either the step is theirs (or unassigned) or they
    may assign there."""
    step, unit = dossier.current_step, dossier.current_unit
    if user is None or step is None or unit is None:
        return False
    if not can(user, step_action(step), unit):
        return False
    return dossier.assignee_id in (None, user.pk) or can(user, Action.ASSIGN, unit)


def can_approve(user: User | None, dossier: Dossier) -> bool:
    """The user may decide the dossier (approve or refuse the result): APPROVE in the
    competent agency or in the unit now working on it."""
    if user is None:
        return False
    unit = dossier.current_unit
    return can(user, Action.APPROVE, dossier.agency) or (
        unit is not None and can(user, Action.APPROVE, unit)
    )


def may_answer_task(user: User | None, dossier: Dossier, task: InterAgencyTask) -> bool:
    """An agency's part of an inter-agency send is answered by that agency's staff, or by
    whoever works on the dossier's current step when the answer came on paper."""
    return user is not None and (
        can(user, Action.PROCESS, task.agency) or can_act_on_step(user, dossier)
    )


def answerable_tasks(user: User | None, dossier: Dossier) -> QuerySet[InterAgencyTask]:
    """The open inter-agency parts of the dossier the user may answer (``may_answer_task``)."""
    tasks = dossier.interagency.filter(answered_at__isnull=True).select_related("agency")
    if can_act_on_step(user, dossier):
        return tasks
    allowed = [t.pk for t in tasks if may_answer_task(user, dossier, t)]
    return tasks.filter(pk__in=allowed)


def has_open_interagency(dossier: Dossier) -> bool:
    return dossier.interagency.filter(answered_at__isnull=True).exists()


# --- reception ---------------------------------------------------------------------------


def check_accept(user: User | None, dossier: Dossier) -> None:
    """Accept a registered dossier: a receiving officer of its receiving point, while it
    is new (status 1)."""
    require(_receives(user, dossier))
    if dossier.status != Status.NEW:
        raise status_error(dossier, ACT_ACCEPT)


def check_refuse_reception(user: User | None, dossier: Dossier) -> None:
    """Refuse to receive: a receiving officer of its receiving point, while it is new."""
    require(_receives(user, dossier))
    if dossier.status != Status.NEW:
        raise status_error(dossier, ACT_REFUSE_RECEPTION)


# --- supplements -------------------------------------------------------------------------


def check_request_supplement(user: User | None, dossier: Dossier) -> None:
    """Ask for a supplement: once at reception (status 1), by a receiving officer of the
    point (Decree 118 Art. 11.2.c, 16.3); once during appraisal (status 4), by whoever
    works on the current step or a receiving officer of the point. The 03 working days
    of Art. 19.5 depend on the clock: the action checks them."""
    if dossier.status == Status.NEW:
        require(_receives(user, dossier))
        if dossier.supplements.filter(stage=Stage.RECEPTION).exists():
            raise fail(InvalidTransition, ERR_SUPPLEMENT_TWICE_RECEPTION, "supplement_twice")
    elif dossier.status == Status.PROCESSING:
        require(can_act_on_step(user, dossier) or _receives(user, dossier))
        if dossier.supplements.filter(stage=Stage.APPRAISAL).exists():
            raise fail(InvalidTransition, ERR_SUPPLEMENT_TWICE_APPRAISAL, "supplement_twice")
    else:
        raise status_error(dossier, ACT_REQUEST_SUPPLEMENT)


def check_receive_supplement(user: User | None, dossier: Dossier) -> None:
    """Record the supplement: the applicant's own account or a receiving officer of the
    point, while the dossier waits for it (status 5)."""
    require(is_owner(user, dossier) or _receives(user, dossier))
    if dossier.status != Status.SUPPLEMENT:
        raise status_error(dossier, ACT_RECEIVE_SUPPLEMENT)


# --- moving through the process -----------------------------------------------------------


def check_forward(user: User | None, dossier: Dossier) -> None:
    """Forward to the next step: while processing (status 4), by whoever may work on the
    current step (``can_act_on_step``), when the pinned process has a next step.

    What it checks today is the step's *action* in its unit (RECEIVE for a receiving
    officer's step, PROCESS for every other), not the step's role: a specialist may
    forward a step meant for a unit or agency leader. A role check belongs here."""
    if dossier.status != Status.PROCESSING:
        raise status_error(dossier, ACT_FORWARD)
    require(can_act_on_step(user, dossier))
    if next_step(dossier) is None:
        raise fail(InvalidTransition, ERR_LAST_STEP, "last_step")


def check_assign(user: User | None, dossier: Dossier) -> None:
    """Give the current step to a person: ASSIGN in the current unit, while the dossier
    is in progress at a step."""
    if dossier.status not in IN_PROGRESS or dossier.current_step is None:
        raise status_error(dossier, ACT_ASSIGN)
    require(user is not None and can(user, Action.ASSIGN, dossier.current_unit))


def check_send_back(user: User | None, dossier: Dossier) -> None:
    """Return to an earlier step: while processing, by whoever may work on the current
    step, when there is an earlier step (the action checks the one chosen)."""
    if dossier.status != Status.PROCESSING:
        raise status_error(dossier, ACT_SEND_BACK)
    require(can_act_on_step(user, dossier))
    if dossier.current_step is None or dossier.current_step.order <= 1:
        raise fail(InvalidInput, ERR_SEND_BACK_STEP, "send_back_step")


# --- inter-agency ------------------------------------------------------------------------


def check_send_interagency(user: User | None, dossier: Dossier) -> None:
    """Send to other agencies: while processing, by whoever may work on the current step."""
    if dossier.status != Status.PROCESSING:
        raise status_error(dossier, ACT_SEND_INTERAGENCY)
    require(can_act_on_step(user, dossier))


def check_answer_interagency(
    user: User | None, dossier: Dossier, *, task: InterAgencyTask | None = None
) -> None:
    """Record an agency's answer (``may_answer_task``): to ``task`` when it is given and
    still open, otherwise to any open part the user may answer."""
    if task is None:
        require(answerable_tasks(user, dossier).exists())
        return
    require(may_answer_task(user, dossier, task))
    if task.answered_at is not None:
        raise fail(InvalidTransition, ERR_INTERAGENCY_ANSWERED, "interagency_answered")


# --- fees and payments -------------------------------------------------------------------


def check_request_payment(user: User | None, dossier: Dossier) -> None:
    """Ask for fees: while processing, by whoever may work on the current step."""
    if dossier.status != Status.PROCESSING:
        raise status_error(dossier, ACT_REQUEST_PAYMENT)
    require(can_act_on_step(user, dossier))


def check_confirm_payment(user: User | None, dossier: Dossier) -> None:
    """Record the payment: the system (the payment gateway), a receiving officer of the
    point or whoever works on the current step, while the dossier waits for it (6)."""
    require(user is None or _receives(user, dossier) or can_act_on_step(user, dossier))
    if dossier.status != Status.FINANCIAL:
        raise status_error(dossier, ACT_CONFIRM_PAYMENT)


# --- decision ----------------------------------------------------------------------------


def _check_decision(user: User | None, dossier: Dossier, action: Promise) -> None:
    if dossier.status != Status.PROCESSING:
        raise status_error(dossier, action)
    require(can_approve(user, dossier))
    if dossier.outcome:
        raise fail(InvalidTransition, ERR_ALREADY_DECIDED, "already_decided")
    if has_open_interagency(dossier):
        raise fail(InvalidTransition, ERR_INTERAGENCY_OPEN, "interagency_open")


def check_approve(user: User | None, dossier: Dossier) -> None:
    """Approve the result: while processing, undecided and with every inter-agency part
    answered, by whoever may decide (``can_approve``)."""
    _check_decision(user, dossier, ACT_APPROVE)


def check_refuse(user: User | None, dossier: Dossier) -> None:
    """Refuse after appraisal: as ``check_approve``."""
    _check_decision(user, dossier, ACT_REFUSE)


# --- extension with apology --------------------------------------------------------------


def check_propose_extension(user: User | None, dossier: Dossier) -> None:
    """Propose a new appointment: a received dossier in progress, by whoever works on the
    current step, PROCESS or APPROVE_EXTENSION in the competent agency; at most once
    and one at a time (Decree 118 Art. 19.6). How close the appointment is depends on
    the clock: the action checks it."""
    if dossier.status not in IN_PROGRESS or dossier.received_at is None:
        raise status_error(dossier, ACT_PROPOSE_EXTENSION)
    require(
        can_act_on_step(user, dossier)
        or can(user, Action.PROCESS, dossier.agency)
        or can(user, Action.APPROVE_EXTENSION, dossier.agency)
    )
    if dossier.extension_count:
        raise fail(InvalidTransition, ERR_EXTENSION_TWICE, "extension_twice")
    if dossier.extensions.filter(approved__isnull=True).exists():
        raise fail(InvalidTransition, ERR_EXTENSION_PENDING, "extension_pending")


def check_decide_extension(user: User | None, dossier: Dossier) -> None:
    """Decide a proposed extension: APPROVE_EXTENSION in the competent agency (its head),
    while one is pending and the dossier in progress."""
    require(user is not None and can(user, Action.APPROVE_EXTENSION, dossier.agency))
    if not dossier.extensions.filter(approved__isnull=True).exists():
        raise fail(InvalidTransition, ERR_EXTENSION_NONE, "extension_none")
    if dossier.status not in IN_PROGRESS:
        raise status_error(dossier, ACT_DECIDE_EXTENSION)


# --- endings -----------------------------------------------------------------------------


def check_withdraw(user: User | None, dossier: Dossier) -> None:
    """Withdraw at the applicant's request (Decree 118 Art. 21): the applicant's own
    account or a receiving officer of the point, from submission until the decision."""
    require(is_owner(user, dossier) or _receives(user, dossier))
    if dossier.status not in (Status.NEW, *IN_PROGRESS):
        raise status_error(dossier, ACT_WITHDRAW)
    if dossier.outcome:
        raise fail(InvalidTransition, ERR_ALREADY_DECIDED, "already_decided")


def check_stop(user: User | None, dossier: Dossier) -> None:
    """Stop processing: the system, a receiving officer of the point or APPROVE in the
    competent agency, while the dossier is in progress."""
    require(user is None or _receives(user, dossier) or can(user, Action.APPROVE, dossier.agency))
    if dossier.status not in IN_PROGRESS:
        raise status_error(dossier, ACT_STOP)


def check_finish(user: User | None, dossier: Dossier) -> None:
    """End processing: while processing, with a decision, every inter-agency part answered
    and no unpaid obligation; by whoever works on the current step, APPROVE in the
    competent agency or a receiving officer of the point."""
    if dossier.status != Status.PROCESSING:
        raise status_error(dossier, ACT_FINISH)
    require(
        can_act_on_step(user, dossier)
        or can(user, Action.APPROVE, dossier.agency)
        or _receives(user, dossier)
    )
    if not dossier.outcome:
        raise fail(InvalidTransition, ERR_NOT_DECIDED, "not_decided")
    if has_open_interagency(dossier):
        raise fail(InvalidTransition, ERR_INTERAGENCY_OPEN, "interagency_open")
    if dossier.payment_state == PaymentState.REQUESTED:
        raise fail(InvalidTransition, ERR_PAYMENT_OPEN, "payment_open")


def check_return_result(
    user: User | None, dossier: Dossier, *, delivery_method: str | None = None
) -> None:
    """Hand over the result: RETURN_RESULT at the receiving point, or the system for an
    electronic result (``delivery_method``, else the dossier's), once it is finished (9)."""
    if user is None:
        require((delivery_method or dossier.delivery_method) == DeliveryMethod.ELECTRONIC)
    else:
        require(can(user, Action.RETURN_RESULT, dossier.receiving_point))
    if dossier.status != Status.FINISHED:
        raise status_error(dossier, ACT_RETURN_RESULT)


def check_set_delivery(user: User | None, dossier: Dossier) -> None:
    """Change how the result is received: the applicant's own account or a receiving
    officer of the point, until the result is handed over."""
    require(is_owner(user, dossier) or _receives(user, dossier))
    if dossier.status not in DELIVERY_CHANGEABLE:
        raise status_error(dossier, ACT_SET_DELIVERY)


# --- attachments -------------------------------------------------------------------------


def check_attach(user: User | None, dossier: Dossier) -> None:
    """Add files: the applicant's own account, a receiving officer of the point or whoever
    works on the current step, while the dossier is new or in progress."""
    require(is_owner(user, dossier) or _receives(user, dossier) or can_act_on_step(user, dossier))
    if dossier.status not in (Status.NEW, *IN_PROGRESS):
        raise status_error(dossier, ACT_ATTACH)
