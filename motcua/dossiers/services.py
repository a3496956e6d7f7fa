"""Every legal transition of a dossier: the one write path for counter, portal, API,
commands and tasks.

Each function runs in one transaction, locks the dossier row (``select_for_update``;
on SQLite the IMMEDIATE transaction serialises writers), checks the caller's
``version`` (optimistic concurrency, see ``StaleDossier``), the actor's permission
(``motcua.accounts.permissions``) and the current status, writes the change and
exactly one event, and enqueues side effects with ``transaction.on_commit``.

``actor`` is the user acting; ``None`` only for system actions (commands, payment
gateway callbacks), recorded as "Hệ thống". ``at`` places the action in time
(defaults to now) so generators and tests can replay the past. Every function
returns the updated dossier. A refused action raises a ``motcua.lib.errors`` error whose
``message`` is Vietnamese and shown to the user as is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import normalize_phone, validate_phone
from motcua.accounts.permissions import can
from motcua.accounts.roles import Action, Role
from motcua.catalog.models import (
    Agency,
    Channel,
    Procedure,
    ProcessStep,
    RequiredDocument,
    document_cases,
    documents_for_case,
)
from motcua.catalog.selectors import first_step
from motcua.dossiers import codes, events
from motcua.dossiers.models import (
    IN_PROGRESS,
    ApplicantKind,
    Attachment,
    DeliveryMethod,
    Dossier,
    Event,
    EventAction,
    Extension,
    FinancialObligation,
    InterAgencyTask,
    Outcome,
    Pause,
    Payment,
    PaymentMethod,
    PaymentState,
    ReceivedDocument,
    Status,
    StepRun,
    SupplementItem,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.selectors import next_step
from motcua.dossiers.states import DELIVERY_CHANGEABLE
from motcua.dossiers.validators import validate_citizen_id, validate_tax_code
from motcua.lib.clock import now
from motcua.lib.errors import DomainError, InvalidInput, InvalidTransition, NotAllowed, fail
from motcua.lib.numbers import group_thousands
from motcua.lib.rows import insert as insert_row
from motcua.lib.rows import update as update_row
from motcua.lib.text import fold
from motcua.workdays import deadlines
from motcua.workdays.units import HOURS_PER_WORKING_DAY, SupplementClock, TimeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User


# --- errors ------------------------------------------------------------------

# A refused action raises one of the domain errors (``motcua.lib.errors``).
DossierError = DomainError


class StaleDossier(InvalidTransition):
    """The dossier changed since the caller's page was rendered (HTTP 409)."""


ERR_STALE = _("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.")
ERR_RESULT_NOT_PDF = _("Kết quả điện tử phải là tệp PDF để ký số.")
ERR_RESULT_UNSIGNABLE = _("Không ký số được tệp kết quả: tệp PDF bị hỏng hoặc không đọc được.")
ERR_NO_SIGNING_KEY = _(
    "Chưa cấu hình khóa ký số của cơ quan nên chưa ký được kết quả điện tử. "
    "Vui lòng liên hệ quản trị hệ thống."
)
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
ERR_NOT_ONE_STOP = _("Nơi tiếp nhận phải là bộ phận một cửa (trung tâm phục vụ hành chính công).")
ERR_PROCEDURE_INACTIVE = _("Thủ tục này đã bãi bỏ hoặc được thay thế, không tiếp nhận hồ sơ mới.")
ERR_NOT_ONLINE = _("Thủ tục này không cung cấp dịch vụ công trực tuyến.")
ERR_WRONG_AGENCY = _("Cơ quan được chọn không có thẩm quyền giải quyết thủ tục này.")
ERR_NO_PROCESS = _("Thủ tục chưa có quy trình xử lý: quản trị viên cần lập quy trình trước.")
ERR_NO_TIME_LIMIT = _("Thủ tục chưa có thời hạn giải quyết: không thể hẹn ngày trả kết quả.")
ERR_APPLICANT_NAME = _("Vui lòng nhập họ tên người nộp hoặc tên tổ chức.")
ERR_APPLICANT_ID = _("Vui lòng nhập số định danh cá nhân của người nộp.")
ERR_APPLICANT_TAX = _("Vui lòng nhập mã số thuế của tổ chức.")
ERR_REASON_REQUIRED = _("Vui lòng nêu rõ lý do.")
ERR_SUPPLEMENT_TWICE_RECEPTION = _(
    "Hồ sơ đã được yêu cầu bổ sung một lần khi tiếp nhận: chỉ được yêu cầu bổ sung, "
    "hoàn thiện hồ sơ một lần (Nghị định 118/2025/NĐ-CP, Điều 11.2.c và 16.3)."
)
ERR_SUPPLEMENT_TWICE_APPRAISAL = _(
    "Hồ sơ đã được yêu cầu bổ sung một lần trong quá trình thẩm định."
)
ERR_SUPPLEMENT_LATE = _(
    "Đã quá 03 ngày làm việc kể từ ngày tiếp nhận hồ sơ: không được yêu cầu bổ sung "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.5)."
)
ERR_SUPPLEMENT_NO_ITEMS = _("Vui lòng nêu ít nhất một giấy tờ cần bổ sung, hoàn thiện.")
ERR_SUPPLEMENT_FREE_ITEM = _(
    "Giấy tờ không có trong thành phần hồ sơ của thủ tục phải kèm lý do bằng văn bản "
    "(Nghị định 118/2025/NĐ-CP, Điều 5.1 cấm yêu cầu bổ sung ngoài quy định)."
)
ERR_SUPPLEMENT_WRONG_DOCUMENT = _("Giấy tờ được yêu cầu không thuộc thành phần hồ sơ của thủ tục.")
ERR_LAST_STEP = _("Hồ sơ đang ở bước cuối của quy trình: không còn bước tiếp theo để chuyển.")
ERR_SEND_BACK_STEP = _("Chỉ có thể trả lại một bước trước bước hiện tại của quy trình hồ sơ.")
ERR_ASSIGNEE = _("Người được phân công không có vai trò xử lý bước này tại đơn vị.")
ERR_INTERAGENCY_EMPTY = _("Vui lòng chọn ít nhất một cơ quan phối hợp.")
ERR_INTERAGENCY_LEAD = _("Phải có đúng một cơ quan chủ trì.")
ERR_INTERAGENCY_DUPLICATE = _("Mỗi cơ quan chỉ được gửi một lần trong cùng một lượt liên thông.")
ERR_INTERAGENCY_ANSWERED = _("Cơ quan này đã trả kết quả phối hợp.")
ERR_INTERAGENCY_OPEN = _(
    "Hồ sơ còn nội dung liên thông chưa có kết quả: chưa thể phê duyệt hoặc kết thúc."
)
ERR_PAYMENT_ITEMS = _("Vui lòng nêu các khoản phải nộp với số tiền lớn hơn 0.")
ERR_PAYMENT_SHORT = _("Số tiền đã nộp (%(paid)s đồng) ít hơn số phải nộp (%(due)s đồng).")
ERR_PAYMENT_OPEN = _("Hồ sơ chưa hoàn thành nghĩa vụ tài chính.")
ERR_ALREADY_DECIDED = _("Hồ sơ đã có kết quả giải quyết.")
ERR_NOT_DECIDED = _("Hồ sơ chưa được phê duyệt hoặc từ chối: chưa thể kết thúc xử lý.")
ERR_EXTENSION_TWICE = _(
    "Hồ sơ đã được gia hạn một lần: chỉ được hẹn lại ngày trả kết quả không quá một lần "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.6)."
)
ERR_EXTENSION_PENDING = _("Hồ sơ đang có đề nghị gia hạn chờ duyệt.")
ERR_EXTENSION_NONE = _("Hồ sơ không có đề nghị gia hạn chờ duyệt.")
ERR_EXTENSION_TOO_LATE = _(
    "Phải đề nghị gia hạn chậm nhất 01 ngày làm việc trước thời hạn trả kết quả "
    "(Nghị định 118/2025/NĐ-CP, Điều 19.6)."
)
ERR_EXTENSION_DATE = _("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")
ERR_APOLOGY_REQUIRED = _("Vui lòng nhập nội dung văn bản xin lỗi gửi người nộp hồ sơ.")
ERR_DELIVERY = _("Thủ tục không hỗ trợ hình thức trả kết quả này.")
ERR_DELIVERY_ADDRESS = _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")
ERR_DELIVERY_UNCHANGED = _("Hình thức và địa chỉ nhận kết quả không thay đổi.")
ERR_DOCUMENT_CASE = _(
    "Thành phần hồ sơ của thủ tục chia theo trường hợp: vui lòng chọn trường hợp của hồ sơ."
)
ERR_DOCUMENT_CASE_UNKNOWN = _("Trường hợp đã chọn không có trong thành phần hồ sơ của thủ tục.")
ERR_MISSING_DOCUMENTS = _(
    "Hồ sơ còn thiếu giấy tờ bắt buộc: %(names)s. Không thể tiếp nhận; hãy lập phiếu yêu cầu "
    "bổ sung, hoàn thiện hồ sơ hoặc phiếu từ chối tiếp nhận."
)
ERR_RECEIVED_DOCUMENT = _(
    "Giấy tờ đã nhận không thuộc thành phần hồ sơ của thủ tục, hoặc thiếu tên giấy tờ."
)


def _status_error(dossier: Dossier, action: Promise) -> InvalidTransition:
    return fail(
        InvalidTransition,
        ERR_STATUS,
        "status",
        action=action,
        status=Status(dossier.status).label,
    )


# --- inputs ------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """The applicant (chủ hồ sơ): a person (citizen ID) or an organisation (tax code)."""

    name: str
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    tax_code: str = ""
    representative: str = ""
    user: User | None = None


@dataclass(frozen=True)
class Proxy:
    """Người nộp thay (filing under an authorisation)."""

    name: str
    id_number: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DocumentFile:
    """A file for a required document (or an extra paper when ``required_document`` is None)."""

    file: File
    required_document: RequiredDocument | None = None
    name: str = ""
    content_type: str = ""


@dataclass(frozen=True)
class SupplementItemSpec:
    """One paper asked for: a required document of the procedure, or free text with a reason."""

    required_document: RequiredDocument | None = None
    text: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ReceivedDocumentSpec:
    """One ticked line of the counter checklist: a required document of the procedure
    (or a paper named freely), how many originals and copies were handed over, and
    whether it was scanned or received on paper only."""

    required_document: RequiredDocument | None = None
    name: str = ""
    originals: int = 0
    copies: int = 0
    scanned: bool = False


@dataclass(frozen=True)
class InterAgencyPart:
    """One agency in an inter-agency send: its share of the work and its time in working hours."""

    agency: Agency
    hours: Decimal | int
    content: str
    is_lead: bool = False


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount: int


@dataclass
class _Intake:
    procedure: Procedure
    applicant: Applicant
    receiving_point: Agency
    agency: Agency
    channel: str
    summary: str = ""
    proxy: Proxy | None = None
    delivery_method: str = DeliveryMethod.COUNTER
    delivery_address: str = ""
    document_case: str = ""


# --- helpers -----------------------------------------------------------------


def _lock(dossier: Dossier | int, version: int | None) -> Dossier:
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "receiving_point", "current_step", "current_unit")
        .get(pk=pk)
    )
    if version is not None and locked.version != version:
        raise fail(StaleDossier, ERR_STALE, "stale")
    return locked


_NOTIFIED = frozenset(
    {
        EventAction.RECEIVED,
        EventAction.NOT_RECEIVED,
        EventAction.SUPPLEMENT_REQUESTED,
        EventAction.PAYMENT_REQUESTED,
        EventAction.REFUSED,
        EventAction.EXTENSION_APPROVED,
        EventAction.STOPPED,
        EventAction.FINISHED,
    }
)


def _queue_in_this_database() -> bool:
    """Is the task queue a table of the default database (django_tasks_db)?"""
    from django.db import DEFAULT_DB_ALIAS, router

    from motcua.dossiers.tasks import notify_applicant

    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is not installed
        return False
    backend = notify_applicant.get_backend()
    return isinstance(backend, DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def _commit(
    dossier: Dossier,
    *,
    actor: User | None,
    action: str,
    at: dt.datetime,
    from_status: int | None,
    step: ProcessStep | None = None,
    note: str = "",
    payload: dict | None = None,
    notify: bool = False,
    draw_code: bool = False,
    head_only: bool = False,
    insert_after: Sequence = (),
) -> Event:
    """Write the one event of the transition and save the dossier.

    ``notify``: queue the e-mail the applicant must get of this event.
    ``draw_code``: issue the dossier's code first (``_draw_code``): the code is in the
    event, whose hash chains it.
    ``head_only``: the dossier row was just written, update the chain head and version
    (and the code when drawn).
    A dossier without a primary key is inserted once, with its chain head, then the
    ``insert_after`` rows (that point at it) and the event.

    The order is the shortest wait for other intakes: the agency's daily sequence row is
    locked from the code's draw to the commit, so only the event and the dossier's update
    come after it; the e-mail task row is written before."""
    dossier.version += 1
    new = dossier.pk is None
    if notify and not new:
        _notify(dossier, action, seq=events.next_seq(dossier))
    if draw_code:
        _draw_code(dossier, payload, at=at)
    event = events.append(
        dossier,
        actor=actor,
        action=action,
        at=at,
        from_status=from_status,
        to_status=dossier.status,
        step=step if step is not None else dossier.current_step,
        note=note,
        payload=payload,
        save=not new,
    )
    if new:
        insert_row(dossier)
        _insert(insert_after)
        insert_row(event)
        if notify:
            _notify(dossier, action, seq=event.seq)
    elif head_only:
        # One UPDATE of what changed since the row was written (no model save machinery:
        # at intake this runs while the agency's sequence row is locked).
        head = ("version", "event_count", "last_event_hash")
        update_row(dossier, (*head, "code", "search_text") if draw_code else head)
    else:
        dossier.save()
    return event


def _notify(dossier: Dossier, action: str, *, seq: int) -> None:
    """Queue the e-mail about the dossier's event ``seq`` (``tasks.notify_applicant``),
    for the events citizens hear of (``tasks.SUBJECTS``) and an applicant with an address."""
    if not (dossier.applicant_email and action in _NOTIFIED):
        return
    from motcua.dossiers.tasks import notify_applicant

    dossier_id = dossier.pk
    if _queue_in_this_database():
        # The queue is a table of this database: the task row commits or rolls back with
        # the transition and no worker can see it before the commit, so the mail still
        # goes out only after the commit (a transactional outbox), without a second
        # transaction of its own.
        notify_applicant.enqueue(dossier_id, seq)
    else:
        transaction.on_commit(lambda: notify_applicant.enqueue(dossier_id, seq))


def _insert(rows: Sequence) -> None:
    """Insert rows that point at a just-saved dossier: one INSERT per model."""
    by_model: dict[type, list] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, items in by_model.items():
        if len(items) == 1:
            insert_row(items[0])
        else:
            model.objects.bulk_create(items)


def _is_owner(actor: User | None, dossier: Dossier) -> bool:
    return actor is not None and dossier.applicant_user_id == actor.pk


def _require(condition: bool) -> None:
    if not condition:
        raise fail(NotAllowed, ERR_NOT_ALLOWED, "forbidden")


def _required_text(text: str | None) -> str:
    """The reason (or answer) a transition must carry, trimmed (``ERR_REASON_REQUIRED``)."""
    text = (text or "").strip()
    if not text:
        raise fail(InvalidInput, ERR_REASON_REQUIRED, "reason_required")
    return text


def step_unit(dossier: Dossier, step: ProcessStep) -> Agency:
    """Where a step is done: its own unit; else the receiving point for a receiving
    officer's step; else the competent agency."""
    if step.unit_id:
        return step.unit
    if step.role == Role.RECEIVING_OFFICER:
        return dossier.receiving_point
    return dossier.agency


def step_action(step: ProcessStep) -> str:
    return Action.RECEIVE if step.role == Role.RECEIVING_OFFICER else Action.PROCESS


def can_act_on_step(actor: User | None, dossier: Dossier) -> bool:
    """The actor may work on the dossier's current step: they hold the step's action in
    its unit and either the step is theirs (or unassigned) or they may assign there."""
    step, unit = dossier.current_step, dossier.current_unit
    if actor is None or step is None or unit is None:
        return False
    if not can(actor, step_action(step), unit):
        return False
    return dossier.assignee_id in (None, actor.pk) or can(actor, Action.ASSIGN, unit)


def can_approve(actor: User | None, dossier: Dossier) -> bool:
    """The actor may decide the dossier (approve or refuse the result): APPROVE in the
    competent agency or in the unit now working on it."""
    if actor is None:
        return False
    unit = dossier.current_unit
    return can(actor, Action.APPROVE, dossier.agency) or (
        unit is not None and can(actor, Action.APPROVE, unit)
    )


def _clean_applicant(applicant: Applicant) -> Applicant:
    name = (applicant.name or "").strip()
    if not name:
        raise fail(InvalidInput, ERR_APPLICANT_NAME, "applicant_name")
    try:
        if applicant.kind == ApplicantKind.ORGANISATION:
            if not applicant.tax_code:
                raise fail(InvalidInput, ERR_APPLICANT_TAX, "applicant_tax_code")
            validate_tax_code(applicant.tax_code)
            if applicant.id_number:
                validate_citizen_id(applicant.id_number)
        else:
            if not applicant.id_number:
                raise fail(InvalidInput, ERR_APPLICANT_ID, "applicant_id")
            validate_citizen_id(applicant.id_number, applicant.birth_date)
        if applicant.phone:
            validate_phone(applicant.phone)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code=exc.code or "invalid") from None
    return Applicant(
        name=name,
        kind=applicant.kind,
        id_number=applicant.id_number.strip(),
        birth_date=applicant.birth_date,
        phone=normalize_phone(applicant.phone) if applicant.phone else "",
        email=(applicant.email or "").strip().lower(),
        address=(applicant.address or "").strip(),
        tax_code=(applicant.tax_code or "").strip(),
        representative=(applicant.representative or "").strip(),
        user=applicant.user,
    )


def _search_text(dossier: Dossier) -> str:
    return fold(
        " ".join(
            part
            for part in (
                dossier.code or "",
                dossier.applicant_name,
                dossier.applicant_id_number,
                dossier.applicant_tax_code,
                dossier.proxy_name,
            )
            if part
        )
    )


def _new_dossier(intake: _Intake, *, at: dt.datetime) -> Dossier:
    procedure, agency, point = intake.procedure, intake.agency, intake.receiving_point
    if procedure.status != Procedure.Status.ACTIVE:
        raise fail(InvalidInput, ERR_PROCEDURE_INACTIVE, "procedure_inactive")
    if intake.channel == Channel.ONLINE and not procedure.allows_online:
        raise fail(InvalidInput, ERR_NOT_ONLINE, "not_online")
    if not point.is_one_stop:
        raise fail(InvalidInput, ERR_NOT_ONE_STOP, "not_one_stop")
    # .all() uses the caller's prefetch_related("agencies") when there is one.
    competent = [a.pk for a in procedure.agencies.all()]
    if competent and agency.pk not in competent:
        raise fail(InvalidInput, ERR_WRONG_AGENCY, "wrong_agency")
    _check_delivery(procedure, intake.delivery_method, intake.delivery_address)
    applicant = _clean_applicant(intake.applicant)
    proxy = intake.proxy
    dossier = Dossier(
        procedure=procedure,
        summary=intake.summary or procedure.name[:500],
        applicant_kind=applicant.kind,
        applicant_user=applicant.user,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_birth_date=applicant.birth_date,
        applicant_tax_code=applicant.tax_code,
        applicant_representative=applicant.representative,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        proxy_name=proxy.name if proxy else "",
        proxy_id_number=proxy.id_number if proxy else "",
        proxy_phone=normalize_phone(proxy.phone) if proxy and proxy.phone else "",
        receiving_point=point,
        agency=agency,
        channel=intake.channel,
        submitted_at=at,
        delivery_method=intake.delivery_method,
        delivery_address=intake.delivery_address,
        document_case=(intake.document_case or "").strip()[:500],
        status=Status.NEW,
    )
    dossier.search_text = _search_text(dossier)
    return dossier


def _check_delivery(procedure: Procedure, method: str, address: str) -> None:
    if method not in DeliveryMethod.offered_by(procedure):
        raise fail(InvalidInput, ERR_DELIVERY, "delivery")
    if method == DeliveryMethod.POST and not (address or "").strip():
        raise fail(InvalidInput, ERR_DELIVERY_ADDRESS, "delivery_address")


def _store_file(
    dossier: Dossier,
    document: DocumentFile,
    *,
    actor: User | None,
    at: dt.datetime,
    supplement: SupplementRequest | None = None,
) -> Attachment:
    digest = hashlib.sha256()
    size = 0
    upload = document.file
    if hasattr(upload, "seek"):
        upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
        size += len(chunk)
    if hasattr(upload, "seek"):
        upload.seek(0)
    name = document.name or getattr(upload, "name", "") or "tep"
    name = name.rsplit("/", 1)[-1][:255]
    content_type = (
        document.content_type
        or getattr(upload, "content_type", "")
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )
    attachment = Attachment(
        dossier=dossier,
        required_document=document.required_document,
        supplement=supplement,
        name=name,
        size=size,
        content_type=content_type,
        checksum=digest.hexdigest(),
        uploaded_at=at,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def _store_files(
    dossier: Dossier,
    documents: Sequence[DocumentFile],
    *,
    actor: User | None,
    at: dt.datetime,
    supplement: SupplementRequest | None = None,
) -> list[dict]:
    for document in documents:
        rd = document.required_document
        if rd is not None and rd.procedure_id != dossier.procedure_id:
            raise fail(InvalidInput, ERR_SUPPLEMENT_WRONG_DOCUMENT, "wrong_document")
    stored = [
        _store_file(dossier, document, actor=actor, at=at, supplement=supplement)
        for document in documents
    ]
    return [
        {
            "attachment": a.pk,
            "document": a.required_document_id,
            "name": a.name,
            "checksum": a.checksum,
        }
        for a in stored
    ]


def _start_step(
    dossier: Dossier,
    step: ProcessStep,
    *,
    at: dt.datetime,
    assignee: User | None = None,
    hours: Decimal | None = None,
    save: bool = True,
) -> StepRun:
    """Open a run of the step; its due is the step's budget of working hours from ``at``."""
    unit = step_unit(dossier, step)
    budget = step.budget_hours if hours is None else hours
    run = StepRun(
        dossier=dossier,
        step=step,
        unit=unit,
        assignee=assignee,
        started_at=at,
        due_at=deadlines.add_working_time(at, budget, TimeUnit.WORKING_HOURS, agency=unit),
    )
    if save:
        run.save()
    dossier.current_step = step
    dossier.current_unit = unit
    dossier.assignee = assignee
    return run


def _open_run(dossier: Dossier) -> StepRun | None:
    return dossier.step_runs.filter(finished_at__isnull=True).order_by("-pk").first()


def _finish_run(
    dossier: Dossier, *, actor: User | None, at: dt.datetime, note: str = ""
) -> StepRun | None:
    run = _open_run(dossier)
    if run is not None:
        run.finished_at = at
        run.finished_by = actor
        run.note = note
        run.save(update_fields=["finished_at", "finished_by", "note"])
    return run


def _time_limit(procedure: Procedure) -> tuple[Decimal, str]:
    amount, unit = procedure.time_limit
    if amount is None:
        raise fail(InvalidInput, ERR_NO_TIME_LIMIT, "no_time_limit")
    return amount, unit


def _start_processing(dossier: Dossier, *, at: dt.datetime) -> tuple[dict, StepRun]:
    """Decree 118 Art. 17.3: pin the process, set the appointment, open the first step.
    The dossier passes through 2 (received) to 4 (processing); the caller commits with
    ``draw_code=True`` to issue its code (Art. 28).

    Returns the event payload and the first step run, unsaved (the dossier may not
    have a primary key yet)."""
    procedure = dossier.procedure
    first = first_step(procedure)  # of the current version; read once per version
    if first is None:
        raise fail(InvalidInput, ERR_NO_PROCESS, "no_process")
    process = first.process
    amount, unit = _time_limit(procedure)
    dossier.process = process
    dossier.received_at = at
    dossier.clock_started_at = at
    dossier.due_at = deadlines.due_moment(at, amount, unit, agency=dossier.agency)
    dossier.status = Status.PROCESSING
    run = _start_step(dossier, first, at=at, save=False)
    payload = {
        "due_at": dossier.due_at,
        "process": process.pk,
        "process_version": process.version,
        "statuses": [Status.RECEIVED, Status.PROCESSING],
        "step_due_at": run.due_at,
    }
    return payload, run


def _draw_code(dossier: Dossier, payload: dict, *, at: dt.datetime) -> None:
    """Issue the dossier's code (Decree 118 Art. 28) into the dossier and the payload.

    Draw it as late as possible (``_commit``): the agency's sequence row stays locked
    until commit, and every other intake of the agency that day waits for it."""
    code_agency = dossier.receiving_point if dossier.channel == Channel.ONLINE else dossier.agency
    dossier.code = codes.issue_code(code_agency, at)
    dossier.search_text = _search_text(dossier)
    payload["code"] = dossier.code


def _documents_of_case(
    dossier: Dossier,
    documents: Sequence[RequiredDocument] | None = None,
    *,
    require_case: bool = False,
) -> list[RequiredDocument]:
    """The procedure's documents (``documents``, else read) the dossier needs, by the case
    it follows (``catalog.models.documents_for_case``). The case must be one the procedure
    lists; with ``require_case`` a procedure of several cases needs one chosen."""
    if documents is None:
        documents = list(dossier.procedure.documents.all())
    cases = document_cases(documents)
    case = dossier.document_case
    if case and case not in cases:
        raise fail(InvalidInput, ERR_DOCUMENT_CASE_UNKNOWN, "document_case_unknown")
    if require_case and not case and len(cases) > 1:
        raise fail(InvalidInput, ERR_DOCUMENT_CASE, "document_case")
    return documents_for_case(documents, case)


def _checklist(
    dossier: Dossier,
    specs: Sequence[ReceivedDocumentSpec],
    *,
    require_mandatory: bool,
) -> tuple[list[ReceivedDocument], list[dict]]:
    """The counter checklist as rows (unsaved) and as the event's payload.

    With ``require_mandatory`` every mandatory document of the procedure, for the case the
    dossier follows, must be among them: a counter officer receives only a complete
    dossier, otherwise they hand a supplement request or a refusal (Decree 118 Art.
    17.1.c)."""
    if not specs:
        if dossier.document_case:
            _documents_of_case(dossier)  # refuses a case the procedure does not list
        return [], []
    listed = list(dossier.procedure.documents.all())
    needed = _documents_of_case(dossier, listed, require_case=require_mandatory)
    documents = {d.pk: d for d in listed}
    rows: list[ReceivedDocument] = []
    for spec in specs:
        document = spec.required_document
        if document is not None and document.pk not in documents:
            raise fail(InvalidInput, ERR_RECEIVED_DOCUMENT, "received_document")
        name = (spec.name or (document.name if document is not None else "")).strip()
        if not name:
            raise fail(InvalidInput, ERR_RECEIVED_DOCUMENT, "received_document")
        rows.append(
            ReceivedDocument(
                dossier=dossier,
                required_document=document,
                name=name[:500],
                originals=max(int(spec.originals or 0), 0),
                copies=max(int(spec.copies or 0), 0),
                scanned=bool(spec.scanned),
            )
        )
    if require_mandatory:
        given = {r.required_document_id for r in rows if r.required_document_id}
        missing = [d for d in needed if d.mandatory and d.pk not in given]
        if missing:
            raise fail(
                InvalidInput,
                ERR_MISSING_DOCUMENTS,
                "missing_documents",
                names="; ".join(f"“{d.name}”" for d in missing),
            )
    payload = [
        {
            "document": r.required_document_id,
            "name": r.name,
            "originals": r.originals,
            "copies": r.copies,
            "scanned": r.scanned,
        }
        for r in rows
    ]
    return rows, payload


# --- intake ------------------------------------------------------------------


def _insert_new(
    dossier: Dossier,
    rows: Sequence,
    payload: dict,
    *,
    documents: Sequence[DocumentFile],
    actor: User | None,
    at: dt.datetime,
) -> None:
    """Insert a new dossier and the rows that point at it now, then store its files
    (they need the dossier's key) and list them in the event's payload."""
    insert_row(dossier)
    _insert(rows)
    if documents:
        payload["attachments"] = _store_files(dossier, documents, actor=actor, at=at)


def _counter_dossier(
    *,
    actor: User,
    intake: _Intake,
    received_documents: Sequence[ReceivedDocumentSpec],
    require_mandatory: bool,
    at: dt.datetime,
) -> tuple[Dossier, list[ReceivedDocument], dict]:
    """A filing checked at the counter by a receiving officer of the point: the record
    (unsaved, status 1 until the caller sets it), its checklist rows and the event's
    payload so far."""
    _require(can(actor, Action.RECEIVE, intake.receiving_point))
    dossier = _new_dossier(intake, at=at)
    checklist, listed = _checklist(dossier, received_documents, require_mandatory=require_mandatory)
    payload: dict = {"channel": intake.channel}
    if listed:
        payload["received_documents"] = listed
    return dossier, checklist, payload


@transaction.atomic
def dossier_submit(
    *,
    actor: User,
    procedure: Procedure,
    applicant: Applicant,
    receiving_point: Agency,
    agency: Agency,
    channel: str = Channel.ONLINE,
    summary: str = "",
    proxy: Proxy | None = None,
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    document_case: str = "",
    documents: Sequence[DocumentFile] = (),
    at: dt.datetime | None = None,
) -> Dossier:
    """Register a dossier not yet received (status 1 "Mới đăng ký").

    A citizen or organisation files online for themselves (Decree 118 Art. 15.3,
    17.2); a receiving officer registers a postal or counter filing that still has to
    be checked (it may then be accepted, refused, or sent back for a supplement once).

    Filed online, the dossier names its case (``document_case``) when the procedure lists
    its documents by case: the officer checks the files against that case's documents
    and may ask for a supplement once (Art. 17.2), so missing files do not stop it.
    """
    at = now(at)
    online_self = not can(actor, Action.RECEIVE, receiving_point)
    if online_self:
        _require(actor is not None and actor.is_authenticated and channel == Channel.ONLINE)
        applicant = Applicant(**{**applicant.__dict__, "user": actor})
    intake = _Intake(
        procedure,
        applicant,
        receiving_point,
        agency,
        channel,
        summary,
        proxy,
        delivery_method,
        delivery_address,
        document_case,
    )
    dossier = _new_dossier(intake, at=at)
    if online_self or dossier.document_case:
        _documents_of_case(dossier, require_case=online_self)
    payload: dict = {"channel": channel}
    if documents:
        _insert_new(dossier, (), payload, documents=documents, actor=actor, at=at)
    _commit(
        dossier,
        actor=actor,
        action=EventAction.SUBMITTED,
        at=at,
        from_status=None,
        payload=payload,
        head_only=bool(documents),
    )
    return dossier


@transaction.atomic
def dossier_receive(
    *,
    actor: User,
    procedure: Procedure,
    applicant: Applicant,
    receiving_point: Agency,
    agency: Agency,
    channel: str = Channel.COUNTER,
    summary: str = "",
    proxy: Proxy | None = None,
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    document_case: str = "",
    documents: Sequence[DocumentFile] = (),
    at: dt.datetime | None = None,
    received_documents: Sequence[ReceivedDocumentSpec] = (),
    fees_collected: bool | None = None,
) -> Dossier:
    """Receive a complete dossier at the counter (or from the post): code issued, process
    pinned, appointment set, first step opened (→ 2 → 4). Decree 118 Art. 17.1.c, 17.3, 28.

    ``received_documents`` is the counter checklist (originals, copies, scanned or
    paper only), kept as ``ReceivedDocument`` rows and in the event; when it is given,
    every mandatory document of the procedure must be in it (``ERR_MISSING_DOCUMENTS``:
    a dossier that lacks one gets ``dossier_request_supplement_at_counter`` or
    ``dossier_refuse_at_counter`` instead). ``fees_collected`` records whether the fees
    were collected at the counter (None: not said)."""
    at = now(at)
    intake = _Intake(
        procedure,
        applicant,
        receiving_point,
        agency,
        channel,
        summary,
        proxy,
        delivery_method,
        delivery_address,
        document_case,
    )
    dossier, checklist, payload = _counter_dossier(
        actor=actor,
        intake=intake,
        received_documents=received_documents,
        require_mandatory=True,
        at=at,
    )
    dossier.fees_collected = fees_collected
    processing, first_run = _start_processing(dossier, at=at)
    payload.update(processing)
    if fees_collected is not None:
        payload["fees_collected"] = fees_collected
    # The rows first, the code last: only the event and the commit follow the draw.
    _insert_new(dossier, [first_run, *checklist], payload, documents=documents, actor=actor, at=at)
    _commit(
        dossier,
        actor=actor,
        action=EventAction.RECEIVED,
        at=at,
        from_status=None,
        payload=payload,
        notify=True,
        draw_code=True,
        head_only=True,
    )
    return dossier


@transaction.atomic
def dossier_accept(
    *, actor: User, dossier: Dossier, version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Accept a registered dossier (online or postal): → 2 → 4 (Decree 118 Art. 17.2)."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(can(actor, Action.RECEIVE, dossier.receiving_point))
    if dossier.status != Status.NEW:
        raise _status_error(dossier, ACT_ACCEPT)
    before = dossier.status
    payload, first_run = _start_processing(dossier, at=at)
    first_run.save()
    _commit(
        dossier,
        actor=actor,
        action=EventAction.RECEIVED,
        at=at,
        from_status=before,
        payload=payload,
        notify=True,
        draw_code=True,
    )
    return dossier


@transaction.atomic
def dossier_refuse_reception(
    *,
    actor: User,
    dossier: Dossier,
    reasons: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Refuse to receive (→ 3) with reasons: Phiếu từ chối tiếp nhận (Decree 118 Art. 17.1.c)."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(can(actor, Action.RECEIVE, dossier.receiving_point))
    if dossier.status != Status.NEW:
        raise _status_error(dossier, ACT_REFUSE_RECEPTION)
    reasons = _required_text(reasons)
    before = dossier.status
    dossier.status = Status.NOT_RECEIVED
    dossier.closed_reason = reasons
    _commit(
        dossier,
        actor=actor,
        action=EventAction.NOT_RECEIVED,
        at=at,
        from_status=before,
        note=reasons,
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_refuse_at_counter(
    *,
    actor: User,
    procedure: Procedure,
    applicant: Applicant,
    receiving_point: Agency,
    agency: Agency,
    reasons: str,
    channel: str = Channel.COUNTER,
    summary: str = "",
    proxy: Proxy | None = None,
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    document_case: str = "",
    documents: Sequence[DocumentFile] = (),
    received_documents: Sequence[ReceivedDocumentSpec] = (),
    at: dt.datetime | None = None,
) -> Dossier:
    """A filing handed in at the counter and refused there (status 3 "Không được tiếp
    nhận"): the record, the papers looked at and one event, in one transaction. The
    officer gives the Phiếu từ chối tiếp nhận with the reasons (Decree 118 Art. 17.1.c)."""
    at = now(at)
    intake = _Intake(
        procedure,
        applicant,
        receiving_point,
        agency,
        channel,
        summary,
        proxy,
        delivery_method,
        delivery_address,
        document_case,
    )
    dossier, checklist, payload = _counter_dossier(
        actor=actor,
        intake=intake,
        received_documents=received_documents,
        require_mandatory=False,
        at=at,
    )
    reasons = _required_text(reasons)
    dossier.status = Status.NOT_RECEIVED
    dossier.closed_reason = reasons
    _insert_new(dossier, checklist, payload, documents=documents, actor=actor, at=at)
    _commit(
        dossier,
        actor=actor,
        action=EventAction.NOT_RECEIVED,
        at=at,
        from_status=None,
        note=reasons,
        payload=payload,
        notify=True,
        head_only=True,
    )
    return dossier


@transaction.atomic
def dossier_request_supplement_at_counter(
    *,
    actor: User,
    procedure: Procedure,
    applicant: Applicant,
    receiving_point: Agency,
    agency: Agency,
    items: Sequence[SupplementItemSpec],
    reason: str = "",
    channel: str = Channel.COUNTER,
    summary: str = "",
    proxy: Proxy | None = None,
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    document_case: str = "",
    documents: Sequence[DocumentFile] = (),
    received_documents: Sequence[ReceivedDocumentSpec] = (),
    at: dt.datetime | None = None,
) -> Dossier:
    """A filing handed in at the counter incomplete: the officer gives the Phiếu yêu cầu
    bổ sung, hoàn thiện hồ sơ at once (status 5, the one reception-stage request,
    Decree 118 Art. 16.3, 17.1.c). The record, the papers looked at, the request and one
    event, in one transaction; when the supplement arrives the dossier is back at
    status 1 (``dossier_receive_supplement``)."""
    at = now(at)
    intake = _Intake(
        procedure,
        applicant,
        receiving_point,
        agency,
        channel,
        summary,
        proxy,
        delivery_method,
        delivery_address,
        document_case,
    )
    dossier, checklist, payload = _counter_dossier(
        actor=actor,
        intake=intake,
        received_documents=received_documents,
        require_mandatory=False,
        at=at,
    )
    _check_supplement_items(dossier, items)
    dossier.status = Status.SUPPLEMENT
    dossier.supplement_rounds = 1
    _insert_new(dossier, checklist, payload, documents=documents, actor=actor, at=at)
    request = _create_supplement_request(
        dossier, stage=SupplementStage.RECEPTION, items=items, reason=reason, actor=actor, at=at
    )
    payload.update(_supplement_payload(request, items))
    _commit(
        dossier,
        actor=actor,
        action=EventAction.SUPPLEMENT_REQUESTED,
        at=at,
        from_status=None,
        note=reason,
        payload=payload,
        notify=True,
        head_only=True,
    )
    return dossier


# --- supplements -------------------------------------------------------------


def _check_supplement_items(dossier: Dossier, items: Sequence[SupplementItemSpec]) -> None:
    """Art. 5.1: only papers the procedure lists, or a free item with a written reason."""
    if not items:
        raise fail(InvalidInput, ERR_SUPPLEMENT_NO_ITEMS, "supplement_no_items")
    for item in items:
        if item.required_document is not None:
            if item.required_document.procedure_id != dossier.procedure_id:
                raise fail(InvalidInput, ERR_SUPPLEMENT_WRONG_DOCUMENT, "wrong_document")
        elif not (item.text or "").strip() or not (item.reason or "").strip():
            raise fail(InvalidInput, ERR_SUPPLEMENT_FREE_ITEM, "supplement_free_item")


def _create_supplement_request(
    dossier: Dossier,
    *,
    stage: str,
    items: Sequence[SupplementItemSpec],
    reason: str,
    actor: User,
    at: dt.datetime,
) -> SupplementRequest:
    """The Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ and its items (already checked)."""
    request = SupplementRequest.objects.create(
        dossier=dossier, stage=stage, reason=reason, requested_at=at, requested_by=actor
    )
    SupplementItem.objects.bulk_create(
        SupplementItem(
            request=request,
            required_document=item.required_document,
            text=(item.text or "").strip(),
            reason=(item.reason or "").strip(),
        )
        for item in items
    )
    return request


def _supplement_payload(request: SupplementRequest, items: Sequence[SupplementItemSpec]) -> dict:
    return {
        "supplement": request.pk,
        "stage": request.stage,
        "items": [
            {"document": i.required_document, "text": i.text, "reason": i.reason} for i in items
        ],
    }


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[SupplementItemSpec],
    reason: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the applicant to supplement the dossier (→ 5).

    At reception (status 1): once per dossier (Decree 118 Art. 11.2.c, 16.3), by the
    receiving officer. During appraisal (status 4): within 03 working days of the
    dossier's receipt (Art. 19.5), by whoever works on the current step or the
    receiving officer; the clock pauses until the complete supplement arrives. Each
    item is a required document of the procedure or a free-text item with a written
    reason (Art. 5.1 forbids asking for papers the law does not list).
    """
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status == Status.NEW:
        stage = SupplementStage.RECEPTION
        _require(can(actor, Action.RECEIVE, dossier.receiving_point))
        if dossier.supplements.filter(stage=stage).exists():
            raise fail(InvalidTransition, ERR_SUPPLEMENT_TWICE_RECEPTION, "supplement_twice")
    elif dossier.status == Status.PROCESSING:
        stage = SupplementStage.APPRAISAL
        _require(
            can_act_on_step(actor, dossier) or can(actor, Action.RECEIVE, dossier.receiving_point)
        )
        if dossier.supplements.filter(stage=stage).exists():
            raise fail(InvalidTransition, ERR_SUPPLEMENT_TWICE_APPRAISAL, "supplement_twice")
        elapsed = deadlines.working_time_between(dossier.received_at, at, agency=dossier.agency)
        if elapsed > 3 * HOURS_PER_WORKING_DAY:
            raise fail(InvalidTransition, ERR_SUPPLEMENT_LATE, "supplement_late")
    else:
        raise _status_error(dossier, ACT_REQUEST_SUPPLEMENT)
    _check_supplement_items(dossier, items)
    request = _create_supplement_request(
        dossier, stage=stage, items=items, reason=reason, actor=actor, at=at
    )
    if stage == SupplementStage.APPRAISAL:
        Pause.objects.create(
            dossier=dossier, started_at=at, reason="Chờ bổ sung hồ sơ", supplement=request
        )
        dossier.paused_at = at
    before = dossier.status
    dossier.status = Status.SUPPLEMENT
    dossier.supplement_rounds += 1
    _commit(
        dossier,
        actor=actor,
        action=EventAction.SUPPLEMENT_REQUESTED,
        at=at,
        from_status=before,
        note=reason,
        payload=_supplement_payload(request, items),
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_receive_supplement(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    documents: Sequence[DocumentFile] = (),
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The complete supplement has arrived (at the counter, or uploaded by the applicant).

    After a reception-stage request the dossier is back to 1, awaiting acceptance.
    After an appraisal-stage request it is back to 4 and the clock runs again: with
    the RESTART reading (Decree 118 Art. 19.5) the time limit counts again from now;
    with SUBTRACT (Decision 766) the paused intervals are left out of the original
    limit. The current step restarts with its full budget (RESTART) or what was left
    of it (SUBTRACT).
    """
    at = now(at)
    dossier = _lock(dossier, version)
    _require(_is_owner(actor, dossier) or can(actor, Action.RECEIVE, dossier.receiving_point))
    if dossier.status != Status.SUPPLEMENT:
        raise _status_error(dossier, ACT_RECEIVE_SUPPLEMENT)
    request = dossier.supplements.filter(completed_at__isnull=True).order_by("-pk").first()
    request.completed_at = at
    request.received_by = actor
    request.completion_note = note
    request.save(update_fields=["completed_at", "received_by", "completion_note"])
    files = _store_files(dossier, documents, actor=actor, at=at, supplement=request)
    before = dossier.status
    payload: dict = {"supplement": request.pk, "stage": request.stage, "attachments": files}
    if request.stage == SupplementStage.RECEPTION:
        dossier.status = Status.NEW
    else:
        pause = Pause.objects.get(supplement=request)
        pause.ended_at = at
        pause.save(update_fields=["ended_at"])
        amount, unit = _time_limit(dossier.procedure)
        clock = deadlines.supplement_clock_for(dossier.procedure)
        asked = list(
            dossier.supplements.filter(stage=SupplementStage.APPRAISAL).values_list(
                "requested_at", "completed_at"
            )
        )
        dossier.due_at = deadlines.due_after_supplements(
            dossier.received_at, amount, unit, supplements=asked, clock=clock, agency=dossier.agency
        )
        extension = dossier.extensions.filter(approved=True).first()
        if extension is not None:
            # An approved extension keeps its length on top of the recomputed appointment.
            extra = deadlines.working_time_between(
                extension.previous_due_at, extension.new_due_at, agency=dossier.agency
            )
            dossier.due_at = deadlines.add_working_time(
                dossier.due_at, extra, TimeUnit.WORKING_HOURS, agency=dossier.agency
            )
        run = _open_run(dossier)
        hours = None
        if clock == SupplementClock.RESTART:
            dossier.clock_started_at = at
        elif run is not None:
            left = deadlines.working_time_between(pause.started_at, run.due_at, agency=run.unit)
            hours = max(Decimal(left), Decimal(0))
        if run is not None:
            step, assignee = run.step, run.assignee
            _finish_run(dossier, actor=actor, at=at, note="Tạm dừng chờ bổ sung hồ sơ")
            _start_step(dossier, step, at=at, assignee=assignee, hours=hours)
        dossier.status = Status.PROCESSING
        dossier.paused_at = None
        payload.update({"clock": clock, "due_at": dossier.due_at})
    _commit(
        dossier,
        actor=actor,
        action=EventAction.SUPPLEMENT_RECEIVED,
        at=at,
        from_status=before,
        note=note,
        payload=payload,
    )
    return dossier


# --- moving through the process ------------------------------------------------


def _check_assignee(dossier: Dossier, step: ProcessStep, assignee: User | None) -> None:
    if assignee is not None and not can(assignee, step_action(step), step_unit(dossier, step)):
        raise fail(InvalidInput, ERR_ASSIGNEE, "assignee")


@transaction.atomic
def dossier_forward(
    *,
    actor: User,
    dossier: Dossier,
    assignee: User | None = None,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Finish the current step and open the next one of the pinned process."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status != Status.PROCESSING:
        raise _status_error(dossier, ACT_FORWARD)
    _require(can_act_on_step(actor, dossier))
    following = next_step(dossier)
    if following is None:
        raise fail(InvalidTransition, ERR_LAST_STEP, "last_step")
    _check_assignee(dossier, following, assignee)
    previous = dossier.current_step
    _finish_run(dossier, actor=actor, at=at, note=note)
    run = _start_step(dossier, following, at=at, assignee=assignee)
    _commit(
        dossier,
        actor=actor,
        action=EventAction.FORWARDED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={
            "from_step": previous.pk,
            "to_step": following.pk,
            "unit": run.unit_id,
            "assignee": assignee.pk if assignee else None,
            "step_due_at": run.due_at,
        },
    )
    return dossier


@transaction.atomic
def dossier_assign(
    *,
    actor: User,
    dossier: Dossier,
    assignee: User,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Give the current step to a person of its unit (needs ASSIGN in the unit)."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status not in IN_PROGRESS or dossier.current_step is None:
        raise _status_error(dossier, ACT_ASSIGN)
    _require(actor is not None and can(actor, Action.ASSIGN, dossier.current_unit))
    _check_assignee(dossier, dossier.current_step, assignee)
    run = _open_run(dossier)
    if run is not None:
        run.assignee = assignee
        run.save(update_fields=["assignee"])
    dossier.assignee = assignee
    _commit(
        dossier,
        actor=actor,
        action=EventAction.ASSIGNED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={"assignee": assignee.pk, "assignee_name": assignee.display_name},
    )
    return dossier


@transaction.atomic
def dossier_send_back(
    *,
    actor: User,
    dossier: Dossier,
    to_step: ProcessStep,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Return the dossier to an earlier step of its process, with a reason."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status != Status.PROCESSING:
        raise _status_error(dossier, ACT_SEND_BACK)
    _require(can_act_on_step(actor, dossier))
    if to_step.process_id != dossier.process_id or to_step.order >= dossier.current_step.order:
        raise fail(InvalidInput, ERR_SEND_BACK_STEP, "send_back_step")
    reason = _required_text(reason)
    previous = dossier.current_step
    # The person who did the earlier step gets it back.
    last = dossier.step_runs.filter(step=to_step).order_by("-pk").first()
    _finish_run(dossier, actor=actor, at=at, note=reason)
    run = _start_step(dossier, to_step, at=at, assignee=last.assignee if last else None)
    _commit(
        dossier,
        actor=actor,
        action=EventAction.SENT_BACK,
        at=at,
        from_status=dossier.status,
        note=reason,
        payload={"from_step": previous.pk, "to_step": to_step.pk, "step_due_at": run.due_at},
    )
    return dossier


# --- inter-agency (liên thông) -----------------------------------------------------


@transaction.atomic
def dossier_send_interagency(
    *,
    actor: User,
    dossier: Dossier,
    parts: Sequence[InterAgencyPart],
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Send the dossier to one or more agencies at once, naming the lead agency and each
    agency's work and deadline (Decree 118 Art. 20.3). The dossier cannot be approved,
    refused or finished while any of them has not answered."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status != Status.PROCESSING:
        raise _status_error(dossier, ACT_SEND_INTERAGENCY)
    _require(can_act_on_step(actor, dossier))
    if not parts:
        raise fail(InvalidInput, ERR_INTERAGENCY_EMPTY, "interagency_empty")
    if sum(1 for p in parts if p.is_lead) != 1:
        raise fail(InvalidInput, ERR_INTERAGENCY_LEAD, "interagency_lead")
    if len({p.agency.pk for p in parts}) != len(parts):
        raise fail(InvalidInput, ERR_INTERAGENCY_DUPLICATE, "interagency_duplicate")
    tasks = InterAgencyTask.objects.bulk_create(
        InterAgencyTask(
            dossier=dossier,
            agency=p.agency,
            is_lead=p.is_lead,
            content=p.content,
            sent_at=at,
            sent_by=actor,
            due_at=deadlines.add_working_time(
                at, Decimal(p.hours), TimeUnit.WORKING_HOURS, agency=p.agency
            ),
        )
        for p in parts
    )
    tasks = list(InterAgencyTask.objects.filter(dossier=dossier, sent_at=at).order_by("pk"))
    _commit(
        dossier,
        actor=actor,
        action=EventAction.INTERAGENCY_SENT,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={
            "tasks": [
                {"task": t.pk, "agency": t.agency_id, "lead": t.is_lead, "due_at": t.due_at}
                for t in tasks
            ]
        },
    )
    return dossier


@transaction.atomic
def dossier_answer_interagency(
    *,
    actor: User | None,
    task: InterAgencyTask,
    answer: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Record an agency's result for its part of an inter-agency dossier: by that
    agency's staff, or by the sender when the answer came on paper."""
    at = now(at)
    dossier = _lock(task.dossier_id, version)
    task = InterAgencyTask.objects.select_related("agency").get(pk=task.pk)
    _require(
        actor is not None
        and (can(actor, Action.PROCESS, task.agency) or can_act_on_step(actor, dossier))
    )
    if task.answered_at is not None:
        raise fail(InvalidTransition, ERR_INTERAGENCY_ANSWERED, "interagency_answered")
    answer = _required_text(answer)
    task.answered_at, task.answered_by, task.answer = at, actor, answer
    task.save(update_fields=["answered_at", "answered_by", "answer"])
    _commit(
        dossier,
        actor=actor,
        action=EventAction.INTERAGENCY_ANSWERED,
        at=at,
        from_status=dossier.status,
        note=answer,
        payload={
            "task": task.pk,
            "agency": task.agency_id,
            "lead": task.is_lead,
            "on_time": at <= task.due_at,
        },
    )
    return dossier


def _has_open_interagency(dossier: Dossier) -> bool:
    return dossier.interagency.filter(answered_at__isnull=True).exists()


# --- finance -------------------------------------------------------------------


@transaction.atomic
def dossier_request_payment(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[FeeItem],
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the applicant to fulfil a financial obligation (→ 6)."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status != Status.PROCESSING:
        raise _status_error(dossier, ACT_REQUEST_PAYMENT)
    _require(can_act_on_step(actor, dossier))
    if not items or any(item.amount <= 0 for item in items):
        raise fail(InvalidInput, ERR_PAYMENT_ITEMS, "payment_items")
    obligation = FinancialObligation.objects.create(
        dossier=dossier,
        amount=sum(item.amount for item in items),
        items=[{"name": item.name, "amount": item.amount} for item in items],
        requested_at=at,
        requested_by=actor,
    )
    before = dossier.status
    dossier.status = Status.FINANCIAL
    dossier.payment_state = PaymentState.REQUESTED
    _commit(
        dossier,
        actor=actor,
        action=EventAction.PAYMENT_REQUESTED,
        at=at,
        from_status=before,
        note=note,
        payload={
            "obligation": obligation.pk,
            "amount": obligation.amount,
            "items": obligation.items,
        },
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_confirm_payment(
    *,
    actor: User | None,
    dossier: Dossier,
    amount: int,
    method: str = PaymentMethod.CASH,
    reference: str = "",
    online: int | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The obligation is paid (→ 4): recorded by the receiving officer, whoever works on
    the step, or the system (payment gateway)."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(
        actor is None
        or can(actor, Action.RECEIVE, dossier.receiving_point)
        or can_act_on_step(actor, dossier)
    )
    if dossier.status != Status.FINANCIAL:
        raise _status_error(dossier, ACT_CONFIRM_PAYMENT)
    obligation = dossier.obligations.filter(paid_at__isnull=True).order_by("-pk").first()
    if amount < obligation.amount:
        raise fail(
            InvalidInput,
            ERR_PAYMENT_SHORT,
            "payment_short",
            paid=group_thousands(amount),
            due=group_thousands(obligation.amount),
        )
    payment = Payment.objects.create(
        dossier=dossier,
        obligation=obligation,
        amount=amount,
        method=method,
        online=online,
        reference=reference,
        paid_at=at,
        recorded_by=actor,
    )
    obligation.paid_at = at
    obligation.save(update_fields=["paid_at"])
    before = dossier.status
    dossier.status = Status.PROCESSING
    dossier.payment_state = PaymentState.PAID
    _commit(
        dossier,
        actor=actor,
        action=EventAction.PAYMENT_CONFIRMED,
        at=at,
        from_status=before,
        payload={"payment": payment.pk, "amount": amount, "method": method, "online": online},
    )
    return dossier


# --- decision ------------------------------------------------------------------


def _check_decision(actor: User | None, dossier: Dossier, action: Promise) -> None:
    if dossier.status != Status.PROCESSING:
        raise _status_error(dossier, action)
    _require(can_approve(actor, dossier))
    if dossier.outcome:
        raise fail(InvalidTransition, ERR_ALREADY_DECIDED, "already_decided")
    if _has_open_interagency(dossier):
        raise fail(InvalidTransition, ERR_INTERAGENCY_OPEN, "interagency_open")


def _signed_result(dossier: Dossier, upload: File) -> File:
    """The approved result, signed with the agency's key (PAdES).

    Decree 118 Art. 22.1: electronic results are digitally signed. A file that is
    already signed keeps its signatures; ours is added as an incremental update.
    """
    from django.core.files.base import ContentFile

    from motcua.paperwork.signing import SigningKeyMissing, sign_pdf

    upload.seek(0)
    data = upload.read()
    if not data.startswith(b"%PDF"):
        raise fail(InvalidInput, ERR_RESULT_NOT_PDF, "result_not_pdf")
    reason = f"Kết quả giải quyết hồ sơ {dossier.code or ''}".strip()
    try:
        signed = sign_pdf(data, reason=reason, location=dossier.agency.name)
    except SigningKeyMissing:
        raise fail(InvalidInput, ERR_NO_SIGNING_KEY, "no_signing_key") from None
    except Exception:  # pyHanko raises many kinds for a broken PDF
        raise fail(InvalidInput, ERR_RESULT_UNSIGNABLE, "result_unsignable") from None
    return ContentFile(signed)


@transaction.atomic
def dossier_approve(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    result_file: File | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The leader approves the result (Action.APPROVE in the competent agency or the
    current unit). The signed result file may be attached now or later."""
    at = now(at)
    dossier = _lock(dossier, version)
    _check_decision(actor, dossier, ACT_APPROVE)
    dossier.outcome = Outcome.APPROVED
    dossier.decided_at, dossier.decided_by = at, actor
    dossier.result_note = note
    if result_file is not None:
        dossier.result_file.save(
            getattr(result_file, "name", "ket-qua.pdf"),
            _signed_result(dossier, result_file),
            save=False,
        )
    _commit(
        dossier,
        actor=actor,
        action=EventAction.APPROVED,
        at=at,
        from_status=dossier.status,
        note=note,
    )
    return dossier


@transaction.atomic
def dossier_refuse(
    *,
    actor: User,
    dossier: Dossier,
    reasons: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Refuse after appraisal (Decree 118 Art. 19.2): the dossier is then finished (9) and
    returned (10) with the written refusal notice, within the time limit."""
    at = now(at)
    dossier = _lock(dossier, version)
    _check_decision(actor, dossier, ACT_REFUSE)
    reasons = _required_text(reasons)
    dossier.outcome = Outcome.REFUSED
    dossier.decided_at, dossier.decided_by = at, actor
    dossier.result_note = reasons
    _commit(
        dossier,
        actor=actor,
        action=EventAction.REFUSED,
        at=at,
        from_status=dossier.status,
        note=reasons,
        notify=True,
    )
    return dossier


# --- extension with apology -------------------------------------------------------


@transaction.atomic
def dossier_propose_extension(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    apology: str,
    new_due_at: dt.datetime,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Propose a new appointment with an apology letter (Decree 118 Art. 19.6; Circular
    03/2025 form 04): at the latest 01 working day before the due moment, at most once
    per dossier. The head of the competent agency approves it
    (``dossier_decide_extension``)."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status not in IN_PROGRESS or dossier.received_at is None:
        raise _status_error(dossier, ACT_PROPOSE_EXTENSION)
    _require(
        can_act_on_step(actor, dossier)
        or can(actor, Action.PROCESS, dossier.agency)
        or can(actor, Action.APPROVE_EXTENSION, dossier.agency)
    )
    if dossier.extension_count:
        raise fail(InvalidTransition, ERR_EXTENSION_TWICE, "extension_twice")
    if dossier.extensions.filter(approved__isnull=True).exists():
        raise fail(InvalidTransition, ERR_EXTENSION_PENDING, "extension_pending")
    reason, apology = _required_text(reason), (apology or "").strip()
    if not apology:
        raise fail(InvalidInput, ERR_APOLOGY_REQUIRED, "apology_required")
    if new_due_at <= dossier.due_at:
        raise fail(InvalidInput, ERR_EXTENSION_DATE, "extension_date")
    ahead = deadlines.working_time_between(at, dossier.due_at, agency=dossier.agency)
    if ahead < HOURS_PER_WORKING_DAY:
        raise fail(InvalidTransition, ERR_EXTENSION_TOO_LATE, "extension_too_late")
    extension = Extension.objects.create(
        dossier=dossier,
        reason=reason,
        apology=apology,
        previous_due_at=dossier.due_at,
        new_due_at=new_due_at,
        proposed_at=at,
        proposed_by=actor,
    )
    _commit(
        dossier,
        actor=actor,
        action=EventAction.EXTENSION_PROPOSED,
        at=at,
        from_status=dossier.status,
        note=reason,
        payload={"extension": extension.pk, "due_at": dossier.due_at, "new_due_at": new_due_at},
    )
    return dossier


@transaction.atomic
def dossier_decide_extension(
    *,
    actor: User,
    dossier: Dossier,
    approve: bool,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The head of the competent agency approves (or not) the proposed extension
    (Action.APPROVE_EXTENSION). Approval re-sets the appointment, keeping the previous
    one on the Extension row, and the applicant is told the new date."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(actor is not None and can(actor, Action.APPROVE_EXTENSION, dossier.agency))
    extension = dossier.extensions.filter(approved__isnull=True).first()
    if extension is None:
        raise fail(InvalidTransition, ERR_EXTENSION_NONE, "extension_none")
    if dossier.status not in IN_PROGRESS:
        raise _status_error(dossier, ACT_DECIDE_EXTENSION)
    extension.approved = approve
    extension.decided_at, extension.decided_by = at, actor
    if approve:
        extension.previous_due_at = dossier.due_at
        dossier.due_at = extension.new_due_at
        dossier.extension_count += 1
    extension.save()
    _commit(
        dossier,
        actor=actor,
        action=EventAction.EXTENSION_APPROVED if approve else EventAction.EXTENSION_REJECTED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={
            "extension": extension.pk,
            "previous_due_at": extension.previous_due_at,
            "new_due_at": extension.new_due_at,
        },
        notify=approve,
    )
    return dossier


# --- endings -------------------------------------------------------------------


def _close(dossier: Dossier, *, actor: User | None, at: dt.datetime, note: str) -> None:
    _finish_run(dossier, actor=actor, at=at, note=note)
    open_pause = dossier.pauses.filter(ended_at__isnull=True).first()
    if open_pause is not None:
        open_pause.ended_at = at
        open_pause.save(update_fields=["ended_at"])
    dossier.paused_at = None
    if dossier.received_at is not None:
        dossier.ended_at = at


@transaction.atomic
def dossier_withdraw(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Withdraw at the applicant's request (→ 7), from submission or receipt until the
    decision (Decree 118 Art. 21): by the applicant's own account, or recorded by the
    receiving officer from the written request."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(_is_owner(actor, dossier) or can(actor, Action.RECEIVE, dossier.receiving_point))
    if dossier.status not in (Status.NEW, *IN_PROGRESS):
        raise _status_error(dossier, ACT_WITHDRAW)
    if dossier.outcome:
        raise fail(InvalidTransition, ERR_ALREADY_DECIDED, "already_decided")
    reason = _required_text(reason)
    before = dossier.status
    _close(dossier, actor=actor, at=at, note=reason)
    dossier.status = Status.WITHDRAWN
    dossier.closed_reason = reason
    _commit(
        dossier,
        actor=actor,
        action=EventAction.WITHDRAWN,
        at=at,
        from_status=before,
        note=reason,
    )
    return dossier


@transaction.atomic
def dossier_stop(
    *,
    actor: User | None,
    dossier: Dossier,
    reason: str,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Stop processing (→ 8; Circular 03/2025 form 05): by the one-stop office, the
    competent agency's leader, or the system (``close_unsupplemented``, Decree 118
    Art. 19.5)."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(
        actor is None
        or can(actor, Action.RECEIVE, dossier.receiving_point)
        or can(actor, Action.APPROVE, dossier.agency)
    )
    if dossier.status not in IN_PROGRESS:
        raise _status_error(dossier, ACT_STOP)
    reason = _required_text(reason)
    before = dossier.status
    _close(dossier, actor=actor, at=at, note=reason)
    dossier.status = Status.STOPPED
    dossier.closed_reason = reason
    _commit(
        dossier,
        actor=actor,
        action=EventAction.STOPPED,
        at=at,
        from_status=before,
        note=reason,
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_finish(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Processing is complete (→ 9): the dossier has a decision (approved or refused),
    no open inter-agency part and no unpaid obligation. The time of this status is the
    end of processing for timeliness (Decision 766)."""
    at = now(at)
    dossier = _lock(dossier, version)
    if dossier.status != Status.PROCESSING:
        raise _status_error(dossier, ACT_FINISH)
    _require(
        can_act_on_step(actor, dossier)
        or can(actor, Action.APPROVE, dossier.agency)
        or can(actor, Action.RECEIVE, dossier.receiving_point)
    )
    if not dossier.outcome:
        raise fail(InvalidTransition, ERR_NOT_DECIDED, "not_decided")
    if _has_open_interagency(dossier):
        raise fail(InvalidTransition, ERR_INTERAGENCY_OPEN, "interagency_open")
    if dossier.payment_state == PaymentState.REQUESTED:
        raise fail(InvalidTransition, ERR_PAYMENT_OPEN, "payment_open")
    before = dossier.status
    _close(dossier, actor=actor, at=at, note=note)
    dossier.status = Status.FINISHED
    dossier.completed_at = at
    dossier.current_step = None
    dossier.current_unit = None
    dossier.assignee = None
    _commit(
        dossier,
        actor=actor,
        action=EventAction.FINISHED,
        at=at,
        from_status=before,
        note=note,
        payload={"outcome": dossier.outcome, "due_at": dossier.due_at},
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_return_result(
    *,
    actor: User | None,
    dossier: Dossier,
    delivery_method: str | None = None,
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hand over the result (→ 10) at the counter, by post or electronically (Decree 118
    Art. 22). The system may return electronic results by itself."""
    at = now(at)
    dossier = _lock(dossier, version)
    method = delivery_method or dossier.delivery_method
    if actor is None:
        _require(method == DeliveryMethod.ELECTRONIC)
    else:
        _require(can(actor, Action.RETURN_RESULT, dossier.receiving_point))
    if dossier.status != Status.FINISHED:
        raise _status_error(dossier, ACT_RETURN_RESULT)
    _check_delivery(dossier.procedure, method, dossier.delivery_address)
    before = dossier.status
    dossier.status = Status.RETURNED
    dossier.returned_at = at
    dossier.delivery_method = method
    _commit(
        dossier,
        actor=actor,
        action=EventAction.RETURNED,
        at=at,
        from_status=before,
        note=note,
        payload={"delivery_method": method, "outcome": dossier.outcome},
    )
    return dossier


@transaction.atomic
def dossier_set_delivery(
    *,
    actor: User,
    dossier: Dossier,
    delivery_method: str,
    delivery_address: str = "",
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Change how the result will be received (at the counter, by post, electronically)
    before it is returned, at the applicant's request (Decree 118 Art. 22; the result
    goes by public postal service only to an address). The applicant or a receiving
    officer of the point records it; the method must be one the procedure offers."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(_is_owner(actor, dossier) or can(actor, Action.RECEIVE, dossier.receiving_point))
    if dossier.status not in DELIVERY_CHANGEABLE:
        raise _status_error(dossier, ACT_SET_DELIVERY)
    address = (
        (delivery_address or "").strip()[:500] if delivery_method == DeliveryMethod.POST else ""
    )
    _check_delivery(dossier.procedure, delivery_method, address)
    before = (dossier.delivery_method, dossier.delivery_address)
    if (delivery_method, address) == before:
        raise fail(InvalidInput, ERR_DELIVERY_UNCHANGED, "delivery_unchanged")
    dossier.delivery_method, dossier.delivery_address = delivery_method, address
    _commit(
        dossier,
        actor=actor,
        action=EventAction.DELIVERY_CHANGED,
        at=at,
        from_status=dossier.status,
        note=(note or "").strip(),
        payload={
            "delivery_method": delivery_method,
            "delivery_address": address,
            "previous_method": before[0],
            "previous_address": before[1],
        },
    )
    return dossier


# --- attachments -----------------------------------------------------------------


@transaction.atomic
def dossier_attach(
    *,
    actor: User,
    dossier: Dossier,
    documents: Sequence[DocumentFile],
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Add files to a dossier still open (a scanned paper, an appraisal record)."""
    at = now(at)
    dossier = _lock(dossier, version)
    _require(
        _is_owner(actor, dossier)
        or can(actor, Action.RECEIVE, dossier.receiving_point)
        or can_act_on_step(actor, dossier)
    )
    if dossier.status not in (Status.NEW, *IN_PROGRESS):
        raise _status_error(dossier, ACT_ATTACH)
    files = _store_files(dossier, documents, actor=actor, at=at)
    _commit(
        dossier,
        actor=actor,
        action=EventAction.ATTACHED,
        at=at,
        from_status=dossier.status,
        note=note,
        payload={"attachments": files},
    )
    return dossier
