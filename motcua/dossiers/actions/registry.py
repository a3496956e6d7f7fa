"""The actions a person takes on an existing dossier, in one list.

Each ``ActionSpec`` names the action (``key``, which is also the URL slug of the office
page), how a page shows it (label, confirmation question, danger), the official form
printed after it (``paperwork``, Circular 03/2025), the action function, and its check
in ``dossiers.permissions``. ``available_actions(user, dossier)`` is what a page, the
portal or the API offers a user now: exactly the actions whose check passes, in the
order below (the main line of work first, then the side paths, then the endings).

Adding an action: write ``dossier_<key>`` in its family module of ``actions`` (lock,
check, input, one event), its ``check_<key>`` in ``dossiers.permissions``, and a line
here; the office pairs the key with its form (``office.action_forms.FORMS``).

Every function here is called as ``function(actor=…, dossier=…, version=…, **input)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from motcua.dossiers import permissions
from motcua.dossiers.actions import (
    attachments,
    decision,
    endings,
    extensions,
    fees,
    intake,
    interagency,
    steps,
    supplements,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier


@dataclass(frozen=True)
class ActionSpec:
    """One action on a dossier. Pages, the portal and the API render what they get."""

    key: str
    label: str
    confirm: str
    function: Callable[..., Dossier]
    check: Callable[[User | None, Dossier], None]
    danger: bool = False
    paperwork: str = ""  # the number of the official form printed after the action

    def is_available(self, user: User | None, dossier: Dossier) -> bool:
        """The user may take this action on the dossier now (its check passes)."""
        return permissions.may(self.check, user, dossier)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "accept",
        _("Tiếp nhận hồ sơ"),
        _("Tiếp nhận hồ sơ này và cấp mã hồ sơ?"),
        intake.dossier_accept,
        permissions.check_accept,
        paperwork="01",
    ),
    ActionSpec(
        "forward",
        _("Chuyển bước tiếp theo"),
        _("Kết thúc bước hiện tại và chuyển hồ sơ sang bước tiếp theo?"),
        steps.dossier_forward,
        permissions.check_forward,
    ),
    ActionSpec(
        "approve",
        _("Phê duyệt kết quả"),
        _("Phê duyệt kết quả?"),
        decision.dossier_approve,
        permissions.check_approve,
    ),
    ActionSpec(
        "refuse",
        _("Từ chối giải quyết"),
        _("Từ chối giải quyết hồ sơ này?"),
        decision.dossier_refuse,
        permissions.check_refuse,
        danger=True,
    ),
    ActionSpec(
        "finish",
        _("Kết thúc xử lý"),
        _("Kết thúc xử lý hồ sơ (đã có kết quả)?"),
        endings.dossier_finish,
        permissions.check_finish,
    ),
    ActionSpec(
        "return_result",
        _("Trả kết quả"),
        _("Xác nhận đã trả kết quả cho người nộp?"),
        endings.dossier_return_result,
        permissions.check_return_result,
    ),
    ActionSpec(
        "assign",
        _("Phân công xử lý"),
        _("Phân công xử lý hồ sơ?"),
        steps.dossier_assign,
        permissions.check_assign,
    ),
    ActionSpec(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ"),
        _("Gửi yêu cầu bổ sung, hoàn thiện hồ sơ? Chỉ được yêu cầu một lần."),
        supplements.dossier_request_supplement,
        permissions.check_request_supplement,
        paperwork="02",
    ),
    ActionSpec(
        "refuse_reception",
        _("Từ chối tiếp nhận"),
        _("Từ chối tiếp nhận hồ sơ này?"),
        intake.dossier_refuse_reception,
        permissions.check_refuse_reception,
        danger=True,
        paperwork="03",
    ),
    ActionSpec(
        "receive_supplement",
        _("Nhận hồ sơ bổ sung"),
        _("Xác nhận đã nhận đủ hồ sơ bổ sung?"),
        supplements.dossier_receive_supplement,
        permissions.check_receive_supplement,
    ),
    ActionSpec(
        "confirm_payment",
        _("Xác nhận đã nộp"),
        _("Xác nhận người nộp đã hoàn thành nghĩa vụ tài chính?"),
        fees.dossier_confirm_payment,
        permissions.check_confirm_payment,
    ),
    ActionSpec(
        "decide_extension",
        _("Duyệt gia hạn"),
        _("Ghi nhận quyết định về đề nghị gia hạn?"),
        extensions.dossier_decide_extension,
        permissions.check_decide_extension,
        paperwork="04",
    ),
    ActionSpec(
        "propose_extension",
        _("Xin lỗi, đề nghị gia hạn"),
        _("Gửi văn bản xin lỗi và đề nghị gia hạn? Chỉ được gia hạn một lần."),
        extensions.dossier_propose_extension,
        permissions.check_propose_extension,
        paperwork="04",
    ),
    ActionSpec(
        "send_back",
        _("Trả lại bước trước"),
        _("Trả hồ sơ về bước trước?"),
        steps.dossier_send_back,
        permissions.check_send_back,
    ),
    ActionSpec(
        "send_interagency",
        _("Gửi xử lý liên thông"),
        _("Gửi hồ sơ xin ý kiến, xử lý liên thông?"),
        interagency.dossier_send_interagency,
        permissions.check_send_interagency,
    ),
    ActionSpec(
        "answer_interagency",
        _("Ghi nhận kết quả liên thông"),
        _("Ghi nhận kết quả phối hợp?"),
        interagency.dossier_answer_interagency,
        permissions.check_answer_interagency,
    ),
    ActionSpec(
        "request_payment",
        _("Yêu cầu nộp phí, nghĩa vụ tài chính"),
        _("Gửi yêu cầu thực hiện nghĩa vụ tài chính?"),
        fees.dossier_request_payment,
        permissions.check_request_payment,
    ),
    ActionSpec(
        "attach",
        _("Đính kèm tệp"),
        _("Đính kèm tệp vào hồ sơ?"),
        attachments.dossier_attach,
        permissions.check_attach,
    ),
    ActionSpec(
        "set_delivery",
        _("Đổi hình thức nhận kết quả"),
        _("Ghi nhận hình thức nhận kết quả mới theo đề nghị của người nộp?"),
        endings.dossier_set_delivery,
        permissions.check_set_delivery,
    ),
    ActionSpec(
        "withdraw",
        _("Rút hồ sơ theo yêu cầu"),
        _("Ghi nhận người nộp rút hồ sơ?"),
        endings.dossier_withdraw,
        permissions.check_withdraw,
        danger=True,
    ),
    ActionSpec(
        "stop",
        _("Dừng xử lý"),
        _("Dừng xử lý hồ sơ này?"),
        endings.dossier_stop,
        permissions.check_stop,
        danger=True,
        paperwork="05",
    ),
)
BY_KEY: dict[str, ActionSpec] = {spec.key: spec for spec in ACTIONS}


def available_actions(user: User | None, dossier: Dossier) -> list[ActionSpec]:
    """The actions ``user`` may take on ``dossier`` now, in display order. Nobody
    signed in may take none (``None`` here is not the system)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [spec for spec in ACTIONS if spec.is_available(user, dossier)]
