"""Writes of the citizen portal. Every rule about the dossier itself stays in the
dossier actions (``motcua.dossiers.actions``): these functions keep drafts and payment
orders, check uploads, and call the actions."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency, Channel, Procedure, RequiredDocument
from motcua.dossiers.actions.attachments import DocumentFile
from motcua.dossiers.actions.endings import dossier_set_delivery
from motcua.dossiers.actions.fees import dossier_confirm_payment
from motcua.dossiers.actions.intake import ERR_NOT_ONLINE, Applicant, Intake, dossier_submit
from motcua.dossiers.actions.supplements import dossier_receive_supplement
from motcua.dossiers.models import (
    ApplicantKind,
    DeliveryMethod,
    Dossier,
    OnlinePayment,
    PaymentMethod,
)
from motcua.lib.errors import InvalidInput
from motcua.lib.uploads import check_upload
from motcua.portal import selectors
from motcua.portal.models import (
    DraftFile,
    PaymentOrder,
    PaymentStatus,
    PortalDraft,
    PostalDelivery,
    PostalFeeRule,
    RateBucket,
)
from motcua.portal.payments import CallbackResult, Gateway, get_gateway

if TYPE_CHECKING:
    from motcua.accounts.models import User

logger = logging.getLogger(__name__)

ERR_NO_AGENCY = _(
    "Thủ tục chưa có cơ quan tiếp nhận hồ sơ trực tuyến. Vui lòng liên hệ bộ phận một cửa."
)
ERR_CHOOSE_AGENCY = _("Vui lòng chọn cơ quan giải quyết.")
ERR_NO_PAYMENT_DUE = _("Hồ sơ không có khoản phí, lệ phí nào đang chờ thanh toán.")
ERR_PAYMENT_NOT_GENUINE = _("Kết quả thanh toán không hợp lệ. Giao dịch không được ghi nhận.")
ERR_NO_SUPPLEMENT = _("Hồ sơ không có yêu cầu bổ sung đang chờ.")
ERR_SUPPLEMENT_NO_FILE = _("Vui lòng tải lên ít nhất một tệp giấy tờ bổ sung.")
ERR_WRONG_DOCUMENT = _("Giấy tờ này không thuộc thành phần hồ sơ của thủ tục.")
MAX_DRAFT_FILES = 30


class PortalError(InvalidInput):
    """What the portal refuses before a dossier action is asked (HTTP 422)."""


# --- drafts --------------------------------------------------------------------------


def _profile_data(user: User) -> dict:
    organisation = user.kind == user.Kind.ORGANISATION
    return {
        "kind": ApplicantKind.ORGANISATION if organisation else ApplicantKind.PERSON,
        "name": user.display_name if user.full_name else "",
        "id_number": "" if organisation else user.id_number,
        "tax_code": user.id_number if organisation else "",
        "phone": user.phone,
        "email": user.email,
        "address": user.address,
        "delivery_method": DeliveryMethod.COUNTER,
    }


@transaction.atomic
def draft_start(*, user: User, procedure: Procedure) -> PortalDraft:
    """A new draft of an online dossier, with the applicant filled from the profile."""
    if not procedure.allows_online:
        raise PortalError(ERR_NOT_ONLINE)
    data = _profile_data(user)
    agencies = selectors.competent_agencies(procedure)
    if not agencies:
        raise PortalError(ERR_NO_AGENCY)
    if len(agencies) == 1:
        data["agency"] = agencies[0].pk
    return PortalDraft.objects.create(user=user, procedure=procedure, data=data)


@transaction.atomic
def draft_save(*, draft: PortalDraft, data: dict) -> PortalDraft:
    """Keep what the citizen typed, as typed (checked only when submitting)."""
    draft.data = {**draft.data, **{k: v for k, v in data.items() if v is not None}}
    draft.save(update_fields=["data", "updated_at"])
    return draft


@transaction.atomic
def draft_add_file(
    *,
    draft: PortalDraft,
    upload,
    required_document: RequiredDocument | None = None,
    at: dt.datetime | None = None,
) -> DraftFile:
    """Store a checked upload for one required document (replacing the previous one).

    Raises ``ValidationError`` (Vietnamese) for an empty, oversize or non PDF/JPG/PNG
    file, without touching what the draft already holds."""
    if required_document is not None and required_document.procedure_id != draft.procedure_id:
        raise ValidationError(ERR_WRONG_DOCUMENT)
    checked = check_upload(upload)
    if required_document is None and draft.files.count() >= MAX_DRAFT_FILES:
        raise ValidationError(_("Hồ sơ đã có quá nhiều tệp."))
    if required_document is not None:
        for old in draft.files.filter(required_document=required_document):
            _delete_file_on_commit(old)
    row = DraftFile(
        draft=draft,
        required_document=required_document,
        name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        checksum=checked.checksum,
        uploaded_at=at or timezone.now(),
    )
    row.file.save(checked.name, upload, save=False)
    row.save()
    PortalDraft.objects.filter(pk=draft.pk).update(updated_at=timezone.now())
    return row


def _delete_file_on_commit(row: DraftFile) -> None:
    storage, name = row.file.storage, row.file.name
    row.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def draft_remove_file(*, draft: PortalDraft, file_pk: int) -> None:
    for row in draft.files.filter(pk=file_pk):
        _delete_file_on_commit(row)


@transaction.atomic
def draft_discard(*, draft: PortalDraft) -> None:
    for row in draft.files.all():
        _delete_file_on_commit(row)
    draft.delete()


def _agency(draft: PortalDraft) -> Agency:
    allowed = {a.pk: a for a in selectors.competent_agencies(draft.procedure)}
    if not allowed:
        raise PortalError(ERR_NO_AGENCY)
    try:
        pk = int(draft.data.get("agency") or 0)
    except (TypeError, ValueError):
        pk = 0
    if pk not in allowed:
        if len(allowed) == 1:
            return next(iter(allowed.values()))
        raise PortalError(ERR_CHOOSE_AGENCY, field="agency")
    return allowed[pk]


def _commune(pk) -> Agency | None:
    try:
        return selectors.delivery_communes().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


@transaction.atomic
def draft_submit(*, draft: PortalDraft, actor: User, at: dt.datetime | None = None) -> Dossier:
    """Send the draft to the office: ``dossier_submit`` (→ status 1, Decree 118 Art. 15.3)
    with the draft's files; the draft is then removed. Raises a ``motcua.lib.errors``
    error (``PortalError`` among them) with the message to show."""
    at = at or timezone.now()
    data = draft.data
    agency = _agency(draft)
    point = selectors.receiving_point_for(agency)
    if point is None:
        raise PortalError(ERR_NO_AGENCY)
    try:
        birth = parse_date(str(data.get("birth_date") or ""))
    except ValueError:
        birth = None
    kind = data.get("kind") if data.get("kind") in ApplicantKind.values else ApplicantKind.PERSON
    applicant = Applicant(
        name=(data.get("name") or "").strip(),
        kind=kind,
        id_number=(data.get("id_number") or "").strip() if kind == ApplicantKind.PERSON else "",
        birth_date=birth,
        phone=(data.get("phone") or "").strip(),
        email=(data.get("email") or "").strip(),
        address=(data.get("address") or "").strip(),
        tax_code=(data.get("tax_code") or "").strip() if kind == ApplicantKind.ORGANISATION else "",
        representative=(data.get("representative") or "").strip(),
        user=actor,
    )
    files = list(draft.files.select_related("required_document"))
    documents = [
        DocumentFile(
            file=row.file.open("rb"),
            required_document=row.required_document,
            name=row.name,
            content_type=row.content_type,
        )
        for row in files
    ]
    method = data.get("delivery_method") or DeliveryMethod.COUNTER
    address = (data.get("delivery_address") or "").strip() if method == DeliveryMethod.POST else ""
    try:
        dossier = dossier_submit(
            actor=actor,
            intake=Intake(
                procedure=draft.procedure,
                applicant=applicant,
                receiving_point=point,
                agency=agency,
                channel=Channel.ONLINE,
                summary=(data.get("summary") or "").strip()[:500],
                document_case=(data.get("document_case") or "").strip(),
                delivery_method=method,
                delivery_address=address,
                documents=documents,
            ),
            at=at,
        )
    finally:
        for document in documents:
            document.file.close()
    if method == DeliveryMethod.POST:
        _quote_postal_fee(dossier, _commune(data.get("delivery_commune")), at=at)
    draft_discard(draft=draft)
    return dossier


def _quote_postal_fee(dossier: Dossier, commune: Agency | None, *, at: dt.datetime) -> None:
    """Record the postal fee of delivering the dossier's result to ``commune`` (none when
    the administrator has set no fee); the dossier has no quote yet."""
    quote = selectors.postal_quote(commune)
    if quote is not None:
        PostalDelivery.objects.create(
            dossier=dossier,
            commune=commune,
            base_fee=quote.base_fee,
            discount_percent=quote.discount_percent,
            fee=quote.fee,
            quoted_at=at,
        )


@transaction.atomic
def delivery_change(
    *,
    actor: User,
    dossier: Dossier,
    method: str,
    address: str = "",
    commune_pk=None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The applicant chooses another way to receive the result
    (``dossier_set_delivery``); by post the fee is quoted again for the commune chosen,
    otherwise the earlier quote is dropped."""
    at = at or timezone.now()
    dossier = dossier_set_delivery(
        actor=actor, dossier=dossier, delivery_method=method, delivery_address=address, at=at
    )
    PostalDelivery.objects.filter(dossier=dossier).delete()
    if method == DeliveryMethod.POST:
        _quote_postal_fee(dossier, _commune(commune_pk), at=at)
    return dossier


# --- after submission ---------------------------------------------------------------------


@dataclass(frozen=True)
class SupplementUpload:
    upload: object
    required_document: RequiredDocument | None = None


def supplement_answer(
    *, actor: User, dossier: Dossier, uploads: Sequence[SupplementUpload], note: str = ""
) -> Dossier:
    """Answer a supplement request by uploading the requested papers: every file is
    checked first, then ``dossier_receive_supplement`` records them all at once."""
    if selectors.open_supplement(dossier) is None:
        raise PortalError(ERR_NO_SUPPLEMENT)
    if not uploads:
        raise PortalError(ERR_SUPPLEMENT_NO_FILE)
    documents = []
    for item in uploads:
        checked = check_upload(item.upload)
        documents.append(
            DocumentFile(
                file=item.upload,
                required_document=item.required_document,
                name=checked.name,
                content_type=checked.content_type,
            )
        )
    return dossier_receive_supplement(
        actor=actor,
        dossier=dossier,
        note=(note or "").replace("\x00", "").strip()[:2000],
        documents=documents,
    )


# --- payments ---------------------------------------------------------------------------


@transaction.atomic
def payment_start(
    *, actor: User, dossier: Dossier, gateway: Gateway | None = None
) -> tuple[PaymentOrder, str]:
    """Open a payment order for the dossier's unpaid obligation (status 6) and answer
    where the gateway wants the citizen to go."""
    gateway = gateway or get_gateway()
    obligation = selectors.open_obligation(dossier)
    if obligation is None or dossier.applicant_user_id != actor.pk:
        raise PortalError(ERR_NO_PAYMENT_DUE)
    order = PaymentOrder.objects.create(
        order_id=secrets.token_hex(12),
        dossier=dossier,
        obligation=obligation,
        amount=obligation.amount,
        gateway=gateway.name,
        created_by=actor,
        created_at=timezone.now(),
    )
    return order, gateway.start(order)


@transaction.atomic
def payment_callback(
    *, result: CallbackResult | None, gateway_name: str, at: dt.datetime | None = None
) -> PaymentOrder:
    """Record what a genuine gateway callback proves (Decree 118 Art. 24; Decision 766
    DuocThanhToanTrucTuyen = 2, the province's payment platform).

    ``result`` is None when the signature did not verify. A result whose order is
    unknown, belongs to another gateway, or whose amount differs from the stored order
    is rejected and logged; nothing changes. A repeated callback is harmless."""
    if result is None:
        logger.warning("payment callback rejected: bad signature (gateway %s)", gateway_name)
        raise PortalError(ERR_PAYMENT_NOT_GENUINE)
    order = (
        PaymentOrder.objects.select_for_update()
        .filter(order_id=result.order_id, gateway=gateway_name)
        .first()
    )
    if order is None or order.amount != result.amount:
        logger.warning(
            "payment callback rejected: order %s unknown or amount %s differs",
            result.order_id[:40],
            result.amount,
        )
        raise PortalError(ERR_PAYMENT_NOT_GENUINE)
    if order.status != PaymentStatus.PENDING:
        return order
    now = at or timezone.now()
    if not result.paid:
        order.status = PaymentStatus.FAILED
        order.completed_at = now
        order.save(update_fields=["status", "completed_at"])
        return order
    dossier_confirm_payment(
        actor=None,
        dossier=order.dossier_id,
        amount=order.amount,
        method=PaymentMethod.ONLINE,
        reference=order.order_id,
        online=OnlinePayment.LOCAL_GATEWAY,
        at=now,
    )
    order.status = PaymentStatus.PAID
    order.completed_at = now
    order.gateway_reference = result.reference
    order.save(update_fields=["status", "completed_at", "gateway_reference"])
    return order


# --- rate limit ----------------------------------------------------------------------------


def rate_limit_hit(
    *, key: str, limit: int, window_seconds: int, now: dt.datetime | None = None
) -> bool:
    """Count one request under ``key``; True when more than ``limit`` were made in the
    current fixed window. Shared by every process (one row per key, bumped with a
    conditional UPDATE), so it holds with several workers and servers."""
    now = now or timezone.now()
    epoch = int(now.timestamp()) // window_seconds * window_seconds
    window = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    key = key[:100]
    with transaction.atomic():
        bumped = RateBucket.objects.filter(key=key, window_start=window).update(
            count=F("count") + 1
        )
        if not bumped:
            reset = (
                RateBucket.objects.filter(key=key)
                .exclude(window_start=window)
                .update(window_start=window, count=1)
            )
            if not reset:
                try:
                    with transaction.atomic():
                        RateBucket.objects.create(key=key, window_start=window, count=1)
                except IntegrityError:
                    RateBucket.objects.filter(key=key).update(count=F("count") + 1)
                RateBucket.objects.filter(window_start__lt=now - dt.timedelta(days=1)).delete()
        count = RateBucket.objects.filter(key=key).values_list("count", flat=True).first() or 0
    return count > limit


# --- postal fee rules ----------------------------------------------------------------------


@transaction.atomic
def postal_fee_set(
    *,
    commune: Agency | None = None,
    base_fee: int | None = None,
    discount_percent: int = 0,
    note: str = "",
) -> PostalFeeRule:
    """Set the general postal fee (``commune`` None) or a commune's discount — the same
    as the admin does. E.g. ``postal_fee_set(commune=xa, discount_percent=50,
    note="Xã đặc biệt khó khăn")``."""
    if commune is None:
        rule = PostalFeeRule.objects.filter(commune__isnull=True).order_by("pk").first()
        if rule is None:
            rule = PostalFeeRule(commune=None)
    else:
        rule = PostalFeeRule.objects.filter(commune=commune).first() or PostalFeeRule(
            commune=commune
        )
    rule.base_fee = base_fee
    rule.discount_percent = max(0, min(100, int(discount_percent)))
    rule.note = note
    rule.full_clean()
    rule.save()
    return rule


# --- housekeeping ----------------------------------------------------------------------------


def drafts_purge(*, days: int = 90, now: dt.datetime | None = None) -> int:
    """Remove drafts (and their uploaded files) untouched for ``days`` days: they hold
    personal data nobody submitted. Returns how many were removed."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    count = 0
    for draft in PortalDraft.objects.filter(updated_at__lt=cutoff).iterator():
        with transaction.atomic():
            draft_discard(draft=draft)
        count += 1
    return count
