"""Intake: a filing becomes a dossier.

Whatever door it comes through — the counter (``office``), the portal, the API — a
filing is an ``Intake``: the procedure, the applicant (and the proxy filing for them),
where it is received and which agency decides, how the result is wanted, the case of
the procedure's documents it follows, and its files. The door builds it and calls:

- ``dossier_submit``: registered, not yet received (status 1: online, or a postal or
  counter filing still to be checked); then ``dossier_accept`` (→ 2 → 4) or
  ``dossier_refuse_reception`` (→ 3), or a supplement request (``supplements``);
- ``dossier_receive``: checked and received at the counter at once (→ 2 → 4), with the
  counter checklist;
- ``dossier_refuse_at_counter`` (→ 3) or ``dossier_request_supplement_at_counter`` (→ 5):
  an incomplete filing refused or sent back at the counter, recorded in one step.

Receipt pins the process version, sets the appointment, opens the first step and issues
the dossier's code (Decree 118 Art. 17.3, 28).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import normalize_phone, validate_phone
from motcua.accounts.permissions import can
from motcua.accounts.roles import Action
from motcua.catalog.models import (
    Agency,
    Channel,
    Procedure,
    RequiredDocument,
    document_cases,
    documents_for_case,
)
from motcua.catalog.selectors import first_step
from motcua.dossiers.actions.attachments import DocumentFile, store_files
from motcua.dossiers.actions.core import (
    check_delivery,
    commit,
    insert,
    lock,
    required_text,
    search_text,
    time_limit,
)
from motcua.dossiers.actions.steps import start_step
from motcua.dossiers.actions.supplements import (
    SupplementItemSpec,
    check_supplement_items,
    create_supplement_request,
    supplement_payload,
)
from motcua.dossiers.models import (
    ApplicantKind,
    DeliveryMethod,
    Dossier,
    EventAction,
    ReceivedDocument,
    Status,
    StepRun,
    SupplementStage,
)
from motcua.dossiers.permissions import check_accept, check_refuse_reception, require
from motcua.dossiers.validators import validate_citizen_id, validate_tax_code
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail
from motcua.lib.rows import insert as insert_row
from motcua.workdays import deadlines

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_NOT_ONE_STOP = _("Nơi tiếp nhận phải là bộ phận một cửa (trung tâm phục vụ hành chính công).")
ERR_PROCEDURE_INACTIVE = _("Thủ tục này đã bãi bỏ hoặc được thay thế, không tiếp nhận hồ sơ mới.")
ERR_NOT_ONLINE = _("Thủ tục này không cung cấp dịch vụ công trực tuyến.")
ERR_WRONG_AGENCY = _("Cơ quan được chọn không có thẩm quyền giải quyết thủ tục này.")
ERR_NO_PROCESS = _("Thủ tục chưa có quy trình xử lý: quản trị viên cần lập quy trình trước.")
ERR_APPLICANT_NAME = _("Vui lòng nhập họ tên người nộp hoặc tên tổ chức.")
ERR_APPLICANT_ID = _("Vui lòng nhập số định danh cá nhân của người nộp.")
ERR_APPLICANT_TAX = _("Vui lòng nhập mã số thuế của tổ chức.")
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


# --- what a filing carries -------------------------------------------------------------


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
class Intake:
    """A filing, as the counter, the portal or the API hands it over.

    ``channel`` is ``catalog.models.Channel`` (counter, online, postal); ``agency`` the
    competent agency that decides, ``receiving_point`` the one-stop office that
    receives; ``document_case`` the case of the procedure's documents the dossier
    follows, when they are listed by case; ``documents`` the files filed with it."""

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
    documents: Sequence[DocumentFile] = ()


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


# --- checking a filing -------------------------------------------------------------------


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


def _new_dossier(intake: Intake, *, at: dt.datetime) -> Dossier:
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
    check_delivery(procedure, intake.delivery_method, intake.delivery_address)
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
    dossier.search_text = search_text(dossier)
    return dossier


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
    amount, unit = time_limit(procedure)
    dossier.process = process
    dossier.received_at = at
    dossier.clock_started_at = at
    dossier.due_at = deadlines.due_moment(at, amount, unit, agency=dossier.agency)
    dossier.status = Status.PROCESSING
    run = start_step(dossier, first, at=at, save=False)
    payload = {
        "due_at": dossier.due_at,
        "process": process.pk,
        "process_version": process.version,
        "statuses": [Status.RECEIVED, Status.PROCESSING],
        "step_due_at": run.due_at,
    }
    return payload, run


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
    insert(rows)
    if documents:
        payload["attachments"] = store_files(dossier, documents, actor=actor, at=at)


def _commit_new(
    dossier: Dossier, action: str, *, actor: User, at: dt.datetime, payload: dict, **options
) -> None:
    """The first event of a dossier just written at the counter (from no status), which
    the applicant is e-mailed about; ``options`` go to ``core.commit`` (note, draw_code)."""
    commit(
        dossier,
        actor=actor,
        action=action,
        at=at,
        from_status=None,
        payload=payload,
        notify=True,
        head_only=True,
        **options,
    )


def _counter_dossier(
    actor: User,
    intake: Intake,
    received_documents: Sequence[ReceivedDocumentSpec],
    *,
    complete: bool,
    at: dt.datetime,
) -> tuple[Dossier, list[ReceivedDocument], dict]:
    """A filing checked at the counter by a receiving officer of the point: the record
    (unsaved, status 1 until the caller sets it), its checklist rows and the event's
    payload so far. ``complete``: every mandatory document must be in the checklist."""
    require(can(actor, Action.RECEIVE, intake.receiving_point))
    dossier = _new_dossier(intake, at=at)
    checklist, listed = _checklist(dossier, received_documents, require_mandatory=complete)
    payload: dict = {"channel": intake.channel}
    if listed:
        payload["received_documents"] = listed
    return dossier, checklist, payload


# --- the filings -------------------------------------------------------------------------


@transaction.atomic
def dossier_submit(*, actor: User, intake: Intake, at: dt.datetime | None = None) -> Dossier:
    """Register a dossier not yet received (status 1 "Mới đăng ký").

    A citizen or organisation files online for themselves (Decree 118 Art. 15.3,
    17.2); a receiving officer registers a postal or counter filing that still has to
    be checked (it may then be accepted, refused, or sent back for a supplement once).

    Filed online, the dossier names its case (``document_case``) when the procedure lists
    its documents by case: the officer checks the files against that case's documents
    and may ask for a supplement once (Art. 17.2), so missing files do not stop it.
    """
    at = now(at)
    online_self = not can(actor, Action.RECEIVE, intake.receiving_point)
    if online_self:
        require(actor is not None and actor.is_authenticated and intake.channel == Channel.ONLINE)
        intake = replace(intake, applicant=replace(intake.applicant, user=actor))
    dossier = _new_dossier(intake, at=at)
    if online_self or dossier.document_case:
        _documents_of_case(dossier, require_case=online_self)
    payload: dict = {"channel": intake.channel}
    if intake.documents:
        _insert_new(dossier, (), payload, documents=intake.documents, actor=actor, at=at)
    commit(
        dossier,
        actor=actor,
        action=EventAction.SUBMITTED,
        at=at,
        from_status=None,
        payload=payload,
        head_only=bool(intake.documents),
    )
    return dossier


@transaction.atomic
def dossier_receive(
    *,
    actor: User,
    intake: Intake,
    received_documents: Sequence[ReceivedDocumentSpec] = (),
    fees_collected: bool | None = None,
    at: dt.datetime | None = None,
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
    dossier, checklist, payload = _counter_dossier(
        actor, intake, received_documents, complete=True, at=at
    )
    dossier.fees_collected = fees_collected
    processing, first_run = _start_processing(dossier, at=at)
    payload.update(processing)
    if fees_collected is not None:
        payload["fees_collected"] = fees_collected
    # The rows first, the code last: only the event and the commit follow the draw.
    _insert_new(
        dossier, [first_run, *checklist], payload, documents=intake.documents, actor=actor, at=at
    )
    _commit_new(dossier, EventAction.RECEIVED, actor=actor, at=at, payload=payload, draw_code=True)
    return dossier


@transaction.atomic
def dossier_accept(
    *, actor: User, dossier: Dossier, version: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Accept a registered dossier (online or postal): → 2 → 4 (Decree 118 Art. 17.2)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_accept(actor, dossier)
    before = dossier.status
    payload, first_run = _start_processing(dossier, at=at)
    first_run.save()
    commit(
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
    dossier = lock(dossier, version)
    check_refuse_reception(actor, dossier)
    reasons = required_text(reasons)
    before = dossier.status
    dossier.status = Status.NOT_RECEIVED
    dossier.closed_reason = reasons
    commit(
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
    intake: Intake,
    reasons: str,
    received_documents: Sequence[ReceivedDocumentSpec] = (),
    at: dt.datetime | None = None,
) -> Dossier:
    """A filing handed in at the counter and refused there (status 3 "Không được tiếp
    nhận"): the record, the papers looked at and one event, in one transaction. The
    officer gives the Phiếu từ chối tiếp nhận with the reasons (Decree 118 Art. 17.1.c)."""
    at = now(at)
    dossier, checklist, payload = _counter_dossier(
        actor, intake, received_documents, complete=False, at=at
    )
    reasons = required_text(reasons)
    dossier.status = Status.NOT_RECEIVED
    dossier.closed_reason = reasons
    _insert_new(dossier, checklist, payload, documents=intake.documents, actor=actor, at=at)
    _commit_new(
        dossier, EventAction.NOT_RECEIVED, actor=actor, at=at, payload=payload, note=reasons
    )
    return dossier


@transaction.atomic
def dossier_request_supplement_at_counter(
    *,
    actor: User,
    intake: Intake,
    items: Sequence[SupplementItemSpec],
    reason: str = "",
    received_documents: Sequence[ReceivedDocumentSpec] = (),
    at: dt.datetime | None = None,
) -> Dossier:
    """A filing handed in at the counter incomplete: the officer gives the Phiếu yêu cầu
    bổ sung, hoàn thiện hồ sơ at once (status 5, the one reception-stage request,
    Decree 118 Art. 16.3, 17.1.c). The record, the papers looked at, the request and one
    event, in one transaction; when the supplement arrives the dossier is back at
    status 1 (``supplements.dossier_receive_supplement``)."""
    at = now(at)
    dossier, checklist, payload = _counter_dossier(
        actor, intake, received_documents, complete=False, at=at
    )
    check_supplement_items(dossier, items)
    dossier.status = Status.SUPPLEMENT
    dossier.supplement_rounds = 1
    _insert_new(dossier, checklist, payload, documents=intake.documents, actor=actor, at=at)
    request = create_supplement_request(
        dossier, stage=SupplementStage.RECEPTION, items=items, reason=reason, actor=actor, at=at
    )
    payload.update(supplement_payload(request, items))
    _commit_new(
        dossier, EventAction.SUPPLEMENT_REQUESTED, actor=actor, at=at, payload=payload, note=reason
    )
    return dossier
