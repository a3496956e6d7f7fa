"""Every change of a PAKN (phản ánh, kiến nghị): the one write path for pages, admin and tests.

Each function runs in one transaction, locks the feedback row, checks the actor's
permission and the current status, writes the change and exactly one
``FeedbackEvent``, and enqueues the e-mail to the filer with ``transaction.on_commit``.
A refused action raises a ``motcua.lib.errors`` error whose ``message`` is Vietnamese.

Deadlines (Decision 766/QĐ-TTg, regulations §4.2 item 5.2), all in working days of the
responsible agency's calendar, computed only by ``motcua.workdays.deadlines``:

- refuse to handle: within 2 working days of receipt;
- ask the filer for more information: within 5 working days of receipt;
- answer: within 15 working days of receipt, not counting the time spent waiting for
  the filer's information (the Decision 766 "subtract" reading);
- publish the answer: within 2 working days of the answer.

Who may act (``motcua.accounts.permissions``, in the responsible agency or above it):

- triage — see the item, refuse it, ask for more: ``Action.RECEIVE`` or ``Action.APPROVE``;
- answer, publish, close: ``Action.APPROVE`` (the answer speaks for the agency).
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.models import User, normalize_phone, validate_phone
from motcua.accounts.permissions import can
from motcua.accounts.roles import Action
from motcua.catalog.models import Agency, Procedure
from motcua.dossiers.models import Dossier, Event, StepRun
from motcua.dossiers.states import Status
from motcua.feedback import codes
from motcua.feedback.models import (
    RATING_CRITERIA,
    Category,
    Feedback,
    FeedbackAction,
    FeedbackAttachment,
    FeedbackEvent,
    FeedbackStatus,
    FeedbackVote,
    Rating,
    RatingChannel,
    RatingScore,
    SubjectKind,
)
from motcua.feedback.privacy import redact
from motcua.feedback.tasks import notify_filer
from motcua.lib import clock
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed
from motcua.lib.numbers import group_thousands
from motcua.lib.text import fold
from motcua.lib.uploads import CheckedUpload, check_upload
from motcua.workdays import deadlines
from motcua.workdays.units import HOURS_PER_WORKING_DAY, TimeUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User

REFUSE_DAYS = 2
MORE_DAYS = 5
ANSWER_DAYS = 15
PUBLISH_DAYS = 2

TRIAGE_ACTIONS = (Action.RECEIVE, Action.APPROVE)
ANSWER_ACTIONS = (Action.APPROVE,)

FILER = _("Người gửi phản ánh")
SYSTEM = _("Hệ thống")

TITLE_MAX = 255
MAX_FILES = 3
CONTENT_MAX = 10_000


ERR_NOT_ALLOWED = _("Bạn không có quyền xử lý phản ánh, kiến nghị của cơ quan này.")
ERR_STATUS = _("Không thể %(action)s khi phản ánh, kiến nghị đang ở trạng thái “%(status)s”.")
ERR_TITLE = _("Vui lòng nhập tiêu đề phản ánh, kiến nghị.")
ERR_CONTENT = _("Vui lòng nhập nội dung phản ánh, kiến nghị.")
ERR_TOO_LONG = _("Nội dung quá dài (tối đa %(max)s ký tự).")
ERR_NAME_REQUIRED = _("Vui lòng nhập họ và tên, hoặc chọn gửi ẩn danh.")
ERR_PHONE_REQUIRED = _("Vui lòng nhập số điện thoại để cơ quan liên hệ, hoặc chọn gửi ẩn danh.")
ERR_EMAIL = _("Địa chỉ thư điện tử không hợp lệ.")
ERR_AGENCY_REQUIRED = _("Vui lòng chọn cơ quan, đơn vị tiếp nhận phản ánh.")
ERR_AGENCY_INACTIVE = _("Cơ quan được chọn không còn hoạt động.")
ERR_PROCEDURE_REQUIRED = _("Vui lòng nhập mã thủ tục hành chính được phản ánh.")
ERR_PROCEDURE_AGENCY = _(
    "Thủ tục này do nhiều cơ quan thực hiện: vui lòng chọn cơ quan thực hiện thủ tục."
)
ERR_PROCEDURE_OTHER_AGENCY = _("Cơ quan được chọn không thực hiện thủ tục này.")
ERR_OFFICER_REQUIRED = _("Vui lòng nêu tên cán bộ, công chức được phản ánh.")
ERR_FOLLOWS = _("Chỉ phản ánh lại được nội dung đã có trả lời công khai hoặc đã kết thúc.")
ERR_REASON_REQUIRED = _("Vui lòng nêu rõ lý do.")
ERR_MORE_REQUIRED = _("Vui lòng nêu rõ thông tin cần người gửi bổ sung.")
ERR_MORE_TWICE = _("Phản ánh này đã được đề nghị bổ sung thông tin một lần.")
ERR_MORE_CONTENT = _("Vui lòng nhập thông tin bổ sung.")
ERR_ANSWER_REQUIRED = _("Vui lòng nhập nội dung trả lời.")
ERR_PUBLIC_CONTENT = _("Vui lòng nhập nội dung phản ánh được công khai.")
ERR_SECOND_FACTOR = _("Mã phản ánh hoặc 4 số cuối điện thoại không đúng.")
ERR_NOT_PUBLISHED = _("Chỉ bình chọn được cho trả lời đã công khai.")
ERR_ALREADY_VOTED = _("Bạn đã bình chọn cho trả lời này.")
ERR_VOTE_VALUE = _("Lựa chọn bình chọn không hợp lệ.")
ERR_TOO_MANY_FILES = _("Chỉ được đính kèm tối đa %(max)s tệp.")
ERR_OFFICER_NOT_IN_AGENCY = _("Cán bộ được chọn không công tác tại cơ quan, đơn vị này.")

# The %(action)s of ERR_STATUS: verbs, kept apart from the same words used as labels.
_ACTION_WORDS = {
    FeedbackAction.REFUSED: pgettext_lazy("feedback action", "từ chối xử lý"),
    FeedbackAction.MORE_REQUESTED: pgettext_lazy("feedback action", "đề nghị bổ sung thông tin"),
    FeedbackAction.MORE_RECEIVED: pgettext_lazy("feedback action", "bổ sung thông tin"),
    FeedbackAction.ANSWERED: pgettext_lazy("feedback action", "trả lời"),
    FeedbackAction.PUBLISHED: pgettext_lazy("feedback action", "công khai trả lời"),
    FeedbackAction.CLOSED: pgettext_lazy("feedback action", "kết thúc"),
    FeedbackAction.TRANSFERRED: pgettext_lazy("feedback action", "chuyển cơ quan xử lý"),
}


# --- permissions -------------------------------------------------------------


def may_triage(user: User | None, feedback: Feedback) -> bool:
    """See, refuse, ask for more: ``Action.RECEIVE`` or ``Action.APPROVE`` in the agency."""
    return any(can(user, action, feedback.agency) for action in TRIAGE_ACTIONS)


def may_answer(user: User | None, feedback: Feedback) -> bool:
    """Answer, publish, close: ``Action.APPROVE`` in the agency."""
    return any(can(user, action, feedback.agency) for action in ANSWER_ACTIONS)


# --- helpers -----------------------------------------------------------------


def _text(value: str | None, *, error: str, limit: int = CONTENT_MAX, field: str) -> str:
    text = (value or "").replace("\x00", "").strip()
    if not text:
        raise InvalidInput(error, field=field)
    if len(text) > limit:
        raise InvalidInput(str(ERR_TOO_LONG) % {"max": group_thousands(limit)}, field=field)
    return text


def _working_days(start: dt.datetime, days: int, agency: Agency) -> dt.datetime:
    return deadlines.add_working_time(start, days, TimeUnit.WORKING_DAYS, agency=agency)


def _lock(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().select_related("agency").get(pk=feedback.pk)


def _require(feedback: Feedback, action: str, allowed: tuple[str, ...]) -> None:
    if feedback.status not in allowed:
        raise InvalidTransition(
            str(ERR_STATUS)
            % {
                "action": _ACTION_WORDS[action],
                "status": FeedbackStatus(feedback.status).label,
            }
        )


def _check(user: User | None, feedback: Feedback, *, answer: bool = False) -> None:
    allowed = may_answer(user, feedback) if answer else may_triage(user, feedback)
    if not allowed:
        raise NotAllowed(ERR_NOT_ALLOWED)


def _event(
    feedback: Feedback,
    action: str,
    *,
    from_status: str,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
    actor_name: str | None = None,
) -> FeedbackEvent:
    name = actor_name or (actor.display_name if actor is not None else str(SYSTEM))
    return FeedbackEvent.objects.create(
        feedback=feedback,
        at=at,
        actor=actor,
        actor_name=name,
        action=action,
        from_status=from_status,
        to_status=feedback.status,
        note=note,
    )


def _notify(event: FeedbackEvent) -> None:
    if event.feedback.filer_email:
        transaction.on_commit(lambda: notify_filer.enqueue(event.pk))


def _responsible_agency(
    subject_kind: str,
    agency: Agency | None,
    procedure: Procedure | None,
    officer: User | None,
) -> Agency:
    """The agency that must handle the PAKN, from what the filer chose."""
    if subject_kind == SubjectKind.PROCEDURE:
        if procedure is None:
            raise InvalidInput(ERR_PROCEDURE_REQUIRED, field="procedure")
        competent = list(procedure.agencies.filter(is_active=True))
        if agency is not None:
            if competent and agency not in competent:
                raise InvalidInput(ERR_PROCEDURE_OTHER_AGENCY, field="agency")
            return agency
        if len(competent) == 1:
            return competent[0]
        raise InvalidInput(
            ERR_PROCEDURE_AGENCY if competent else ERR_AGENCY_REQUIRED, field="agency"
        )
    if subject_kind == SubjectKind.OFFICER and agency is None and officer is not None:
        membership = officer.memberships.filter(is_active=True).select_related("agency").first()
        if membership is not None:
            return membership.agency
    if agency is None:
        raise InvalidInput(ERR_AGENCY_REQUIRED, field="agency")
    return agency


def _check_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, CheckedUpload]]:
    """Each upload with its check (``lib.uploads``: PDF, JPG or PNG by content, and
    named so), else ``InvalidInput``."""
    if len(files) > MAX_FILES:
        raise InvalidInput(str(ERR_TOO_MANY_FILES) % {"max": MAX_FILES}, field="attachments")
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload, name_must_match=True)))
        except ValidationError as exc:
            raise InvalidInput(" ".join(exc.messages), code=exc.code, field="attachments") from None
    return checked


# --- the filer ---------------------------------------------------------------


@transaction.atomic
def feedback_submit(
    *,
    subject_kind: str,
    title: str,
    content: str,
    agency: Agency | None = None,
    procedure: Procedure | None = None,
    officer: User | None = None,
    officer_name: str = "",
    is_anonymous: bool = False,
    filer_name: str = "",
    filer_phone: str = "",
    filer_email: str = "",
    follows: Feedback | None = None,
    attachments: Sequence[UploadedFile] = (),
    at: dt.datetime | None = None,
) -> Feedback:
    """Receive a PAKN from anyone, optionally anonymously; returns it with its tracking code.

    Decree 118/2025 Art. 31.1.đ: the feedback box is a channel of evaluation. An
    anonymous PAKN keeps no name, phone or e-mail (a database constraint checks it);
    otherwise a name and a valid phone number are required (the phone's last 4 digits
    are the filer's second factor when adding information). Decision 766 item 5.1: the
    category is "staff behaviour" for a PAKN about an officer, else "regulations".
    """
    now = clock.now(at)
    if subject_kind not in SubjectKind.values:
        subject_kind = SubjectKind.OTHER
    title = _text(title, error=ERR_TITLE, limit=TITLE_MAX, field="title")
    content = _text(content, error=ERR_CONTENT, field="content")
    officer_name = (officer_name or "").replace("\x00", "").strip()[:150]
    if subject_kind == SubjectKind.OFFICER and officer is None and not officer_name:
        raise InvalidInput(ERR_OFFICER_REQUIRED, field="officer_name")
    if agency is not None and not agency.is_active:
        raise InvalidInput(ERR_AGENCY_INACTIVE, field="agency")
    responsible = _responsible_agency(subject_kind, agency, procedure, officer)

    if is_anonymous:
        filer_name = filer_phone = filer_email = ""
    else:
        filer_name = (filer_name or "").replace("\x00", "").strip()[:150]
        filer_phone = (filer_phone or "").strip()
        filer_email = (filer_email or "").strip().lower()
        if not filer_name:
            raise InvalidInput(ERR_NAME_REQUIRED, field="filer_name")
        if not filer_phone:
            raise InvalidInput(ERR_PHONE_REQUIRED, field="filer_phone")
        try:
            validate_phone(filer_phone)
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0], field="filer_phone") from None
        filer_phone = normalize_phone(filer_phone)
        if filer_email:
            try:
                validate_email(filer_email)
            except ValidationError:
                raise InvalidInput(ERR_EMAIL, field="filer_email") from None
    if follows is not None and follows.status not in (
        FeedbackStatus.PUBLISHED,
        FeedbackStatus.CLOSED,
    ):
        raise InvalidInput(ERR_FOLLOWS, field="follows")
    files = _check_files(attachments)

    code = codes.new_code(now)
    while Feedback.objects.filter(code=code).exists():
        code = codes.new_code(now)  # pragma: no cover - one chance in hundreds of millions
    feedback = Feedback.objects.create(
        code=code,
        subject_kind=subject_kind,
        category=Category.BEHAVIOUR if subject_kind == SubjectKind.OFFICER else Category.REGULATION,
        procedure=procedure if subject_kind == SubjectKind.PROCEDURE else None,
        officer=officer if subject_kind == SubjectKind.OFFICER else None,
        officer_name=officer_name if subject_kind == SubjectKind.OFFICER else "",
        agency=responsible,
        title=title,
        content=content,
        is_anonymous=is_anonymous,
        filer_name=filer_name,
        filer_phone=filer_phone,
        filer_email=filer_email,
        follows=follows,
        status=FeedbackStatus.RECEIVED,
        received_at=now,
        refuse_due=_working_days(now, REFUSE_DAYS, responsible),
        more_due=_working_days(now, MORE_DAYS, responsible),
        answer_due=_working_days(now, ANSWER_DAYS, responsible),
    )
    for upload, checked in files:
        FeedbackAttachment.objects.create(
            feedback=feedback,
            file=upload,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            uploaded_at=now,
        )
    _event(
        feedback,
        FeedbackAction.RECEIVED,
        from_status="",
        actor=None,
        actor_name=str(FILER),
        at=now,
    )
    return feedback


def second_factor_ok(feedback: Feedback, phone_last4: str) -> bool:
    """The filer's second factor: the last 4 digits of their phone (anonymous: the code alone)."""
    if feedback.is_anonymous or not feedback.filer_phone:
        return True
    given = "".join(ch for ch in (phone_last4 or "") if ch.isdigit())[-4:]
    return len(given) == 4 and hmac.compare_digest(given, feedback.filer_phone[-4:])


@transaction.atomic
def feedback_add_information(
    *,
    feedback: Feedback,
    content: str,
    phone_last4: str = "",
    at: dt.datetime | None = None,
) -> Feedback:
    """The filer supplies what the agency asked for; the answer clock runs again.

    Decision 766 (regulations §4.2 items 2.1 and 5.2): the time spent waiting for the
    filer is not counted, so the answer is due when the 15 working days minus the
    working time used before the request have elapsed after the information arrives.
    """
    now = clock.now(at)
    feedback = _lock(feedback)
    if not second_factor_ok(feedback, phone_last4):
        raise NotAllowed(ERR_SECOND_FACTOR, field="phone_last4")
    _require(feedback, FeedbackAction.MORE_RECEIVED, (FeedbackStatus.NEED_MORE,))
    content = _text(content, error=ERR_MORE_CONTENT, field="content")
    used = deadlines.working_time_between(
        feedback.received_at, feedback.more_requested_at, agency=feedback.agency
    )
    left = max(Decimal(ANSWER_DAYS * HOURS_PER_WORKING_DAY) - used, Decimal(0))
    feedback.more_received_at = now
    feedback.more_content = content
    feedback.answer_due = deadlines.add_working_time(
        now, left, TimeUnit.WORKING_HOURS, agency=feedback.agency
    )
    feedback.status = FeedbackStatus.RECEIVED
    feedback.save()
    _event(
        feedback,
        FeedbackAction.MORE_RECEIVED,
        from_status=FeedbackStatus.NEED_MORE,
        actor=None,
        actor_name=str(FILER),
        at=now,
    )
    return feedback


@transaction.atomic
def feedback_vote(
    *, feedback: Feedback, voter: str, value: int, at: dt.datetime | None = None
) -> FeedbackVote:
    """Like or dislike a published answer, once per voter (Decision 766 item 5.3:
    a PAKN with more dislikes than likes is not a satisfied one)."""
    if value not in FeedbackVote.Value.values:
        raise InvalidInput(ERR_VOTE_VALUE)
    if feedback.status != FeedbackStatus.PUBLISHED:
        raise InvalidTransition(ERR_NOT_PUBLISHED)
    voter = (voter or "")[:64]
    if not voter or FeedbackVote.objects.filter(feedback=feedback, voter=voter).exists():
        raise InvalidTransition(ERR_ALREADY_VOTED)
    try:
        with transaction.atomic():
            return FeedbackVote.objects.create(
                feedback=feedback, voter=voter, value=value, created_at=clock.now(at)
            )
    except IntegrityError:
        raise InvalidTransition(ERR_ALREADY_VOTED) from None


# --- the agency --------------------------------------------------------------


@transaction.atomic
def feedback_refuse(
    *, feedback: Feedback, actor: User | None, reason: str, at: dt.datetime | None = None
) -> Feedback:
    """Refuse to handle the PAKN, with the reason (Decision 766 item 5.2: within 2 working
    days of receipt; a later refusal is allowed but counted late)."""
    now = clock.now(at)
    feedback = _lock(feedback)
    _check(actor, feedback)
    _require(feedback, FeedbackAction.REFUSED, (FeedbackStatus.RECEIVED,))
    reason = _text(reason, error=ERR_REASON_REQUIRED, field="reason")
    previous = feedback.status
    feedback.status = FeedbackStatus.REFUSED
    feedback.refused_at = now
    feedback.refusal_reason = reason
    feedback.save()
    _notify(
        _event(
            feedback,
            FeedbackAction.REFUSED,
            from_status=previous,
            actor=actor,
            at=now,
            note=reason,
        )
    )
    return feedback


@transaction.atomic
def feedback_request_more(
    *, feedback: Feedback, actor: User | None, request: str, at: dt.datetime | None = None
) -> Feedback:
    """Ask the filer, once, for more information (Decision 766 item 5.2: within 5 working
    days of receipt). The answer clock stops until the information arrives."""
    now = clock.now(at)
    feedback = _lock(feedback)
    _check(actor, feedback)
    _require(feedback, FeedbackAction.MORE_REQUESTED, (FeedbackStatus.RECEIVED,))
    if feedback.more_requested_at is not None:
        raise InvalidTransition(ERR_MORE_TWICE)
    request = _text(request, error=ERR_MORE_REQUIRED, field="request")
    feedback.status = FeedbackStatus.NEED_MORE
    feedback.more_requested_at = now
    feedback.more_request = request
    feedback.answer_due = None  # the clock is stopped while the filer is asked
    feedback.save()
    _notify(
        _event(
            feedback,
            FeedbackAction.MORE_REQUESTED,
            from_status=FeedbackStatus.RECEIVED,
            actor=actor,
            at=now,
            note=request,
        )
    )
    return feedback


@transaction.atomic
def feedback_transfer(
    *,
    feedback: Feedback,
    actor: User | None,
    agency: Agency,
    officer: User | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Feedback:
    """Triage names the responsible agency (and the officer concerned) when the filer
    chose wrongly. The deadlines still run from the receipt (Decision 766 item 5.2),
    recomputed on the new agency's calendar; the answer deadline is kept once the
    filer has been asked for more information."""
    now = clock.now(at)
    feedback = _lock(feedback)
    _check(actor, feedback)
    _require(feedback, FeedbackAction.TRANSFERRED, (FeedbackStatus.RECEIVED,))
    if not agency.is_active:
        raise InvalidInput(ERR_AGENCY_INACTIVE, field="agency")
    if (
        officer is not None
        and not officer.memberships.filter(
            is_active=True, agency__path__startswith=agency.path
        ).exists()
    ):
        raise InvalidInput(ERR_OFFICER_NOT_IN_AGENCY, field="officer")
    previous = feedback.agency
    feedback.agency = agency
    if officer is not None:
        feedback.officer = officer
    feedback.refuse_due = _working_days(feedback.received_at, REFUSE_DAYS, agency)
    feedback.more_due = _working_days(feedback.received_at, MORE_DAYS, agency)
    if feedback.more_requested_at is None:
        feedback.answer_due = _working_days(feedback.received_at, ANSWER_DAYS, agency)
    feedback.save()
    lines = [f"{previous.name} → {agency.name}"]
    if officer is not None:
        lines.append(officer.display_name)
    note = (note or "").replace("\x00", "").strip()[:2000]
    if note:
        lines.append(note)
    _event(
        feedback,
        FeedbackAction.TRANSFERRED,
        from_status=FeedbackStatus.RECEIVED,
        actor=actor,
        at=now,
        note="\n".join(lines),
    )
    return feedback


@transaction.atomic
def feedback_answer(
    *,
    feedback: Feedback,
    actor: User | None,
    answer: str,
    category: str | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Answer the PAKN (Decision 766 item 5.2: within 15 working days of receipt, time
    waiting for the filer not counted). The answer must then be published within 2
    working days. ``category`` may correct the item 5.1 classification."""
    now = clock.now(at)
    feedback = _lock(feedback)
    _check(actor, feedback, answer=True)
    _require(feedback, FeedbackAction.ANSWERED, (FeedbackStatus.RECEIVED,))
    answer = _text(answer, error=ERR_ANSWER_REQUIRED, field="answer")
    if category in Category.values:
        feedback.category = category
    feedback.status = FeedbackStatus.ANSWERED
    feedback.answered_at = now
    feedback.answer = answer
    feedback.answered_by = actor
    feedback.publish_due = _working_days(now, PUBLISH_DAYS, feedback.agency)
    feedback.save()
    _notify(
        _event(
            feedback,
            FeedbackAction.ANSWERED,
            from_status=FeedbackStatus.RECEIVED,
            actor=actor,
            at=now,
        )
    )
    return feedback


@transaction.atomic
def feedback_publish(
    *,
    feedback: Feedback,
    actor: User | None,
    public_content: str | None = None,
    public_title: str | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Publish the answer (Decision 766 item 5.2: within 2 working days of the answer).

    Only ``public_title`` and ``public_content`` (the PAKN without personal data, as
    edited by staff; by default its title and content with phone numbers, e-mails and ID
    numbers masked) and the answer are shown publicly — never the filer (architecture
    rule 5).
    """
    now = clock.now(at)
    feedback = _lock(feedback)
    _check(actor, feedback, answer=True)
    _require(feedback, FeedbackAction.PUBLISHED, (FeedbackStatus.ANSWERED,))
    if public_content is None:
        public_content = feedback.content
    public_content = redact(_text(public_content, error=ERR_PUBLIC_CONTENT, field="public_content"))
    if public_title is None:
        public_title = feedback.title
    public_title = redact(
        _text(public_title, error=ERR_TITLE, limit=TITLE_MAX, field="public_title")
    )
    feedback.status = FeedbackStatus.PUBLISHED
    feedback.published_at = now
    feedback.public_content = public_content
    feedback.public_title = public_title
    feedback.search_text = fold(
        " ".join([feedback.code, public_title, public_content, feedback.answer])
    )
    feedback.save()
    _notify(
        _event(
            feedback,
            FeedbackAction.PUBLISHED,
            from_status=FeedbackStatus.ANSWERED,
            actor=actor,
            at=now,
        )
    )
    return feedback


@transaction.atomic
def feedback_close(
    *, feedback: Feedback, actor: User | None, reason: str, at: dt.datetime | None = None
) -> Feedback:
    """End without publication: the filer never sent the information asked for, or the
    answer concerns only the filer and must not be published. Reason required."""
    now = clock.now(at)
    feedback = _lock(feedback)
    _check(actor, feedback, answer=True)
    _require(feedback, FeedbackAction.CLOSED, (FeedbackStatus.NEED_MORE, FeedbackStatus.ANSWERED))
    reason = _text(reason, error=ERR_REASON_REQUIRED, field="reason")
    previous = feedback.status
    feedback.status = FeedbackStatus.CLOSED
    feedback.closed_at = now
    feedback.close_reason = reason
    feedback.save()
    _event(feedback, FeedbackAction.CLOSED, from_status=previous, actor=actor, at=now, note=reason)
    return feedback


# =====================================================================================
# Ratings of dossiers (đánh giá mức độ hài lòng) — Decree 118 Art. 31.1, 33.1, 34
# =====================================================================================

ERR_RATING_NOT_YET = _(
    "Hồ sơ chỉ được đánh giá sau khi đã có kết quả giải quyết (đã xử lý xong hoặc đã trả kết quả)."
)
ERR_RATING_TWICE = _("Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.")
ERR_RATING_NOT_OWNER = _("Chỉ người nộp hồ sơ mới được đánh giá hồ sơ này.")
ERR_RATING_SCORE = _("Vui lòng chọn mức đánh giá cho từng tiêu chí.")
RATING_COMMENT_MAX = 2_000


def rating_officers(dossier) -> list[int]:
    """Primary keys of the staff who handled the dossier: whoever wrote an event of its
    trail, was assigned a step, or finished one — never the applicant themselves."""
    ids: set[int] = set(
        Event.objects.filter(dossier=dossier, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    for assignee, finisher in StepRun.objects.filter(dossier=dossier).values_list(
        "assignee_id", "finished_by_id"
    ):
        ids.update(pk for pk in (assignee, finisher) if pk is not None)
    ids.discard(dossier.applicant_user_id)
    return list(User.objects.filter(pk__in=ids, kind=User.Kind.STAFF).values_list("pk", flat=True))


@transaction.atomic
def rating_submit(
    *,
    dossier,
    scores: dict[str, int],
    comment: str = "",
    actor: User | None = None,
    via_receipt: bool = False,
    at: dt.datetime | None = None,
):
    """Record the citizen's rating of a dossier (Decree 118 Art. 33.1 a–h).

    Only once the result exists (status 9 or 10); only once per dossier; by the
    applicant's own account, or by whoever holds the receipt's signed link
    (``via_receipt``, checked by the caller). The rating is linked to every officer who
    handled the dossier (Art. 34: results feed the staff appraisal).
    """
    now = clock.now(at)
    dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if not via_receipt and (actor is None or dossier.applicant_user_id != actor.pk):
        raise NotAllowed(ERR_RATING_NOT_OWNER)
    if dossier.status not in (Status.FINISHED, Status.RETURNED):
        raise InvalidTransition(ERR_RATING_NOT_YET)
    if Rating.objects.filter(dossier=dossier).exists():
        raise InvalidTransition(ERR_RATING_TWICE)
    values = {}
    for name in RATING_CRITERIA:
        value = scores.get(name)
        if value not in RatingScore.values:
            raise InvalidInput(ERR_RATING_SCORE, field=name)
        values[name] = value
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=dossier,
                comment=redact((comment or "").strip()[:RATING_COMMENT_MAX]),
                channel=RatingChannel.RECEIPT if via_receipt else RatingChannel.ACCOUNT,
                agency_id=dossier.agency_id,
                dissatisfied=RatingScore.DISSATISFIED in values.values(),
                created_at=now,
                **values,
            )
    except IntegrityError:
        raise InvalidTransition(ERR_RATING_TWICE) from None
    rating.officers.set(rating_officers(dossier))
    return rating
