"""The forms of Circular 03/2025/TT-VPCP (Appendix I), rendered from a dossier to PDF.

The field layouts follow the Circular 01/2018/TT-VPCP forms, as the regulations notes
advise (§2.1–2.2) until the Circular 03 annex is checked: forms on A5, the control slip
(06) and the register (07) on A4. Every form reads the dossier and its rows; none
changes anything.

- ``render_form(number, dossier)`` → PDF bytes for 01–06 and the inter-agency
  transfer slip ("cxl", Decree 118 Art. 20.2);
- ``render_register(start=, end=, agency=)`` and ``register_xlsx(...)`` → form 07.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from motcua.catalog.models import AgencyLevel
from motcua.dossiers.models import Dossier, Outcome, Status, StepRun
from motcua.dossiers.models import Dossier as DossierModel
from motcua.dossiers.timeliness import dossier_timeliness, step_timeliness
from motcua.paperwork import formats, qr
from motcua.paperwork.pdf import A4, A5, render_pdf
from motcua.paperwork.signing import sign_pdf

if TYPE_CHECKING:
    from motcua.catalog.models import Agency
    from motcua.dossiers.models import Dossier

ERR_UNKNOWN_FORM = _("Không có biểu mẫu số “%(number)s”. Các mẫu có: %(known)s.")
ERR_NOT_RECEIVED = _("Hồ sơ chưa được tiếp nhận: chưa có giấy tiếp nhận, phiếu kiểm soát.")
ERR_NO_SUPPLEMENT = _("Hồ sơ không có yêu cầu bổ sung, hoàn thiện.")
ERR_NOT_REFUSED = _("Hồ sơ không bị từ chối tiếp nhận hoặc từ chối giải quyết.")
ERR_NO_EXTENSION = _("Hồ sơ không có đề nghị gia hạn thời gian giải quyết.")
ERR_NOT_STOPPED = _("Hồ sơ không bị dừng giải quyết hoặc rút theo yêu cầu.")
ERR_NO_INTERAGENCY = _("Hồ sơ không có phần việc chuyển cơ quan khác xử lý (liên thông).")
ERR_REGISTER_FORM = _("Mẫu 07 (Sổ theo dõi hồ sơ) lập theo kỳ và cơ quan, không theo một hồ sơ.")
ERR_PERIOD = _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc của kỳ.")


class FormError(ValueError):
    """A form cannot be made; ``message`` is Vietnamese and can be shown as is."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = str(message)


class UnknownForm(FormError):
    pass


class FormNotApplicable(FormError):
    pass


@dataclass(frozen=True)
class FormSpec:
    number: str
    title: str
    template: str
    page_size: str
    build: Callable[[Dossier], dict[str, Any]]


# --- shared pieces ---------------------------------------------------------------

_ISSUER_WITH_PARENT = {
    AgencyLevel.DEPARTMENT,
    AgencyLevel.UNIT,
    AgencyLevel.ONE_STOP_CENTRE,
    AgencyLevel.RECEIVING_POINT,
}
_PLACE_LEVELS = {AgencyLevel.COMMUNE, AgencyLevel.DISTRICT, AgencyLevel.PROVINCE}
_BODY_PREFIX = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)
_UNIT_PREFIX = re.compile(
    r"^(xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh|tp\.?)\s+", re.IGNORECASE
)


def place_of(agency: Agency) -> str:
    """Địa danh (Decree 30/2020 Appendix I §II.5): the name of the administrative unit
    where the agency sits — "Ủy ban nhân dân xã An Bình" → "An Bình"."""
    chain = list(reversed(agency.ancestors())) if agency.pk else [agency]
    for candidate in chain:
        if candidate.level in _PLACE_LEVELS:
            name = _BODY_PREFIX.sub("", candidate.name.strip())
            return _UNIT_PREFIX.sub("", name).strip()
    return ""


def letterhead(agency: Agency, *, symbol: str = "") -> dict[str, Any]:
    """Issuing body on the left (with its parent for a centre or a department), place."""
    parent = agency.parent if agency.level in _ISSUER_WITH_PARENT else None
    return {
        "issuer_parent": parent.name if parent else "",
        "issuer_name": agency.name,
        "issuer": agency,
        "place": place_of(agency),
        "doc_symbol": symbol or agency.short_name or "",
    }


def _one_stop_symbol(agency: Agency) -> str:
    if agency.short_name:
        return agency.short_name
    return "TTPVHCC" if agency.level == AgencyLevel.ONE_STOP_CENTRE else "BPTNTKQ"


def _time_limit_text(amount, unit_label: str) -> str:
    return f"{formats.amount(amount)} {unit_label}" if amount is not None else ""


def legal_time_limit(dossier: Dossier) -> str:
    """ "05 ngày làm việc" — the legal limit, and the local commitment when shorter."""
    procedure = dossier.procedure
    legal = _time_limit_text(procedure.legal_time_amount, procedure.get_legal_time_unit_display())
    if not legal:
        legal = procedure.legal_time_text or "……"
    if procedure.committed_time_amount is not None:
        committed = _time_limit_text(
            procedure.committed_time_amount, procedure.get_committed_time_unit_display()
        )
        if committed and committed != legal:
            return f"{legal} (địa phương cam kết: {committed})"
    return legal


def _event(dossier: Dossier, *actions: str):
    return dossier.events.filter(action__in=actions).order_by("-seq").first()


def _person(user) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def register_number(dossier: Dossier) -> tuple[int, int]:
    """(book, order) in the Sổ theo dõi hồ sơ of the receiving point: one book a year,
    numbered in order of receipt."""
    local = timezone.localtime(dossier.received_at)
    year_start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    earlier = DossierModel.objects.filter(
        receiving_point_id=dossier.receiving_point_id,
        received_at__gte=year_start,
    ).filter(
        Q(received_at__lt=dossier.received_at)
        | Q(received_at=dossier.received_at, pk__lte=dossier.pk)
    )
    return local.year, earlier.count()


def _base(dossier: Dossier) -> dict[str, Any]:
    return {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "applicant_name": dossier.applicant_name,
        "site_url": settings.SITE_URL,
    }


def _documents_received(dossier: Dossier) -> list[dict[str, Any]]:
    """The papers received at intake: the counter checklist kept with the dossier
    (originals, copies, scanned or paper only); without one (online filings, older
    records), the attached files by required document, or, for a paper dossier received
    complete, the procedure's mandatory documents."""
    checklist = list(dossier.received_documents.order_by("pk"))
    if checklist:
        return [
            {"name": r.name, "originals": r.originals, "copies": r.copies, "scanned": r.scanned}
            for r in checklist
        ]
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for attachment in dossier.attachments.filter(supplement__isnull=True).select_related(
        "required_document"
    ):
        document = attachment.required_document
        if document is None:
            rows.append({"name": attachment.name, "originals": None, "copies": None})
        elif document.pk not in seen:
            seen.add(document.pk)
            rows.append(
                {"name": document.name, "originals": document.originals, "copies": document.copies}
            )
    if rows:
        return rows
    return [
        {"name": d.name, "originals": d.originals, "copies": d.copies}
        for d in dossier.procedure.documents.filter(mandatory=True)
    ]


def _fees_text(dossier: Dossier) -> str:
    if dossier.fees_collected is None:
        return ""
    return "Đã thu phí, lệ phí" if dossier.fees_collected else "Chưa thu phí, lệ phí"


# --- the forms -------------------------------------------------------------------


def _require_received(dossier: Dossier) -> None:
    if dossier.received_at is None or not dossier.code:
        raise FormNotApplicable(ERR_NOT_RECEIVED)


def _form_01(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Decree 118 Art. 17.1.c, 17.3)."""
    _require_received(dossier)
    point = dossier.receiving_point
    received = _event(dossier, "received")
    book, order = register_number(dossier)
    url = qr.lookup_url(dossier.code)
    return {
        **letterhead(point, symbol=_one_stop_symbol(point)),
        "issued_on": dossier.received_at,
        "documents": _documents_received(dossier),
        "sets": 1,
        "fees": _fees_text(dossier),
        "time_limit": legal_time_limit(dossier),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "delivery": dossier.get_delivery_method_display(),
        "delivery_address": dossier.delivery_address,
        "receiver_name": received.actor_name if received else "",
        "book": book,
        "order": order,
        "qr_uri": qr.qr_svg_data_uri(url),
        "lookup_url": f"{settings.SITE_URL}{qr.LOOKUP_PATH}",
        "copies": ["Liên 1: Lưu tại bộ phận một cửa", "Liên 2: Giao người nộp hồ sơ"],
    }


def _form_02(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Decree 118 Art. 16.3, 17.1.c, 19.5)."""
    request = dossier.supplements.order_by("-requested_at").first()
    if request is None:
        raise FormNotApplicable(ERR_NO_SUPPLEMENT)
    items = [
        {
            "name": item.required_document.name if item.required_document else item.text,
            "text": item.text if item.required_document else "",
            "reason": item.reason,
        }
        for item in request.items.select_related("required_document")
    ]
    point = dossier.receiving_point
    return {
        **letterhead(point, symbol=_one_stop_symbol(point)),
        "issued_on": request.requested_at,
        "request": request,
        "items": items,
        "at_reception": request.stage == "reception",
        "guide_name": _person(request.requested_by),
        "contact_phone": point.phone or dossier.agency.phone,
    }


def _form_03(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (Decree 118 Art. 17.1.c, 19.2)."""
    if dossier.status == Status.NOT_RECEIVED:
        event = _event(dossier, "not_received")
        issuer = dossier.receiving_point
        context = letterhead(issuer, symbol=_one_stop_symbol(issuer))
        reasons = dossier.closed_reason
        signer_title = "Người tiếp nhận hồ sơ"
        signer_name = event.actor_name if event else ""
        at_reception = True
    elif dossier.outcome == Outcome.REFUSED:
        event = _event(dossier, "refused")
        issuer = dossier.agency
        context = letterhead(issuer)
        reasons = dossier.result_note or dossier.closed_reason
        signer_title = "Thủ trưởng cơ quan"
        signer_name = _person(dossier.decided_by) or (event.actor_name if event else "")
        at_reception = False
    else:
        raise FormNotApplicable(ERR_NOT_REFUSED)
    return {
        **context,
        "issued_on": event.at if event else timezone.now(),
        "reasons": reasons,
        "signer_title": signer_title,
        "signer_name": signer_name,
        "at_reception": at_reception,
    }


def _form_04(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Decree 118
    Art. 12.5, 19.6): the approved extension, or the one awaiting the head's decision."""
    extension = (
        dossier.extensions.filter(approved=True).first()
        or dossier.extensions.filter(approved__isnull=True).first()
    )
    if extension is None:
        raise FormNotApplicable(ERR_NO_EXTENSION)
    agency = dossier.agency
    return {
        **letterhead(agency),
        "issued_on": extension.proposed_at,
        "extension": extension,
        "signer_name": _person(extension.decided_by) or _person(agency.head),
    }


def _form_05(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ (Decree 118 Art. 19.5, 21)."""
    if dossier.status not in (Status.WITHDRAWN, Status.STOPPED):
        raise FormNotApplicable(ERR_NOT_STOPPED)
    event = _event(dossier, "withdrawn", "stopped")
    agency = dossier.agency
    return {
        **letterhead(agency),
        "issued_on": dossier.ended_at or (event.at if event else None),
        "stopped_at": dossier.ended_at or (event.at if event else None),
        "withdrawn": dossier.status == Status.WITHDRAWN,
        "reasons": dossier.closed_reason or (event.note if event else ""),
        "signer_name": _person(agency.head),
    }


def _form_06(dossier: Dossier) -> dict[str, Any]:
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ — one row per hand-over."""
    _require_received(dossier)
    runs = list(
        dossier.step_runs.select_related("step", "unit", "assignee", "finished_by").order_by(
            "started_at", "pk"
        )
    )
    rows = []
    giver = None
    for run in runs:
        timeliness = step_timeliness(run)
        rows.append(
            {
                "unit": run.unit.name,
                "step": run.step.name,
                "handed_at": run.started_at,
                "giver": _person(giver) if giver else "",
                "taker": _person(run.assignee) or _person(run.finished_by),
                "due_at": run.due_at,
                "finished_at": run.finished_at,
                "timeliness": timeliness.label if timeliness else "",
                "note": run.note,
            }
        )
        giver = run.finished_by or run.assignee
    for task in dossier.interagency.select_related("agency", "sent_by", "answered_by"):
        timeliness = None
        if task.answered_at:
            timeliness = "Quá hạn" if task.answered_at > task.due_at else "Đúng hạn"
        rows.append(
            {
                "unit": task.agency.name + (" (chủ trì)" if task.is_lead else " (phối hợp)"),
                "step": task.content,
                "handed_at": task.sent_at,
                "giver": _person(task.sent_by),
                "taker": _person(task.answered_by),
                "due_at": task.due_at,
                "finished_at": task.answered_at,
                "timeliness": timeliness or "",
                "note": "Liên thông",
            }
        )
    rows.sort(key=lambda row: row["handed_at"])
    point = dossier.receiving_point
    overall = dossier_timeliness(dossier)
    return {
        **letterhead(point, symbol=_one_stop_symbol(point)),
        "issued_on": dossier.received_at,
        "rows": rows,
        "documents": _documents_received(dossier),
        "fees": _fees_text(dossier),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "overall": overall.label if overall else "",
    }


def _form_transfer(dossier: Dossier) -> dict[str, Any]:
    """Phiếu chuyển xử lý (Decree 118 Art. 20.2): the work and time limit of each agency."""
    tasks = list(dossier.interagency.select_related("agency", "sent_by").order_by("sent_at", "pk"))
    if not tasks:
        raise FormNotApplicable(ERR_NO_INTERAGENCY)
    sender = tasks[0].sent_by
    lead = next((t.agency for t in tasks if t.is_lead), None)
    point = dossier.receiving_point
    return {
        **letterhead(point, symbol=_one_stop_symbol(point)),
        "issued_on": tasks[0].sent_at,
        "tasks": tasks,
        "lead": lead,
        "sender_name": _person(sender),
    }


# The titles are printed in Vietnamese on the forms; pages translate them (gettext).
FORMS: dict[str, FormSpec] = {
    spec.number: spec
    for spec in [
        FormSpec(
            "01",
            gettext_noop("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
            "paperwork/forms/01_giay_tiep_nhan.html",
            A5,
            _form_01,
        ),
        FormSpec(
            "02",
            gettext_noop("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
            "paperwork/forms/02_yeu_cau_bo_sung.html",
            A5,
            _form_02,
        ),
        FormSpec(
            "03",
            gettext_noop("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
            "paperwork/forms/03_tu_choi.html",
            A5,
            _form_03,
        ),
        FormSpec(
            "04",
            gettext_noop("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
            "paperwork/forms/04_xin_loi_gia_han.html",
            A5,
            _form_04,
        ),
        FormSpec(
            "05",
            gettext_noop("Thông báo dừng giải quyết hồ sơ"),
            "paperwork/forms/05_dung_giai_quyet.html",
            A5,
            _form_05,
        ),
        FormSpec(
            "06",
            gettext_noop("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
            "paperwork/forms/06_phieu_kiem_soat.html",
            A4,
            _form_06,
        ),
        FormSpec(
            "cxl",
            gettext_noop("Phiếu chuyển xử lý"),
            "paperwork/forms/cxl_phieu_chuyen.html",
            A4,
            _form_transfer,
        ),
    ]
}
REGISTER_NUMBER = "07"
REGISTER_TITLE = gettext_noop("Sổ theo dõi hồ sơ")


def known_numbers() -> list[str]:
    return sorted([*FORMS, REGISTER_NUMBER])


def form_spec(number: str) -> FormSpec:
    """The form for a number ("01", "1", "cxl"), or ``UnknownForm``."""
    key = (number or "").strip().lower()
    if key.isdigit():
        key = f"{int(key):02d}"
    if key == REGISTER_NUMBER:
        raise FormNotApplicable(ERR_REGISTER_FORM)
    spec = FORMS.get(key)
    if spec is None:
        raise UnknownForm(
            str(ERR_UNKNOWN_FORM) % {"number": number, "known": ", ".join(known_numbers())}
        )
    return spec


def applicable_forms(dossier: Dossier) -> list[FormSpec]:
    """The forms that can be printed for this dossier now (for the dossier page)."""
    result = []
    for spec in FORMS.values():
        try:
            spec.build(dossier)
        except FormNotApplicable:
            continue
        result.append(spec)
    return result


def form_context(number: str, dossier: Dossier) -> dict[str, Any]:
    """Everything a form's template needs (also usable for an HTML preview)."""
    spec = form_spec(number)
    context = {**_base(dossier), **spec.build(dossier)}
    context.update(form_number=spec.number, form_title=spec.title)
    return context


def render_form(number: str, dossier: Dossier, *, signed: bool = False) -> bytes:
    """The PDF of form ``number`` for ``dossier``; ``signed`` adds the agency's digital
    signature ("Chữ ký số của tổ chức", for electronic forms)."""
    spec = form_spec(number)
    context = form_context(number, dossier)
    data = render_pdf(spec.template, context, page_size=spec.page_size)
    if signed:
        data = sign_pdf(data, reason=spec.title, location=context.get("place", ""))
    return data


# --- 07: the register ------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    order: int
    code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    agency: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    transferred_at: dt.datetime | None
    decided_at: dt.datetime | None
    returned_at: dt.datetime | None
    note: str


def _period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if start > end:
        raise FormError(ERR_PERIOD)
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return begin, finish


def register_rows(*, start: dt.date, end: dt.date, agency: Agency) -> list[RegisterRow]:
    """Dossiers received in the period (local dates, inclusive) by the agency or for it,
    including the agencies and receiving points below it, in order of receipt."""
    begin, finish = _period_bounds(start, end)
    dossiers = (
        Dossier.objects.filter(received_at__gte=begin, received_at__lt=finish)
        .filter(
            Q(receiving_point__path__startswith=agency.path)
            | Q(agency__path__startswith=agency.path)
        )
        .select_related("procedure", "agency")
        .order_by("received_at", "pk")
    )
    dossiers = list(dossiers)
    # When the first step (reception) ended, the dossier went to the competent agency.
    first_done: dict[int, dt.datetime] = {}
    for dossier_id, finished_at in (
        StepRun.objects.filter(dossier__in=dossiers, finished_at__isnull=False)
        .order_by("dossier_id", "started_at", "pk")
        .values_list("dossier_id", "finished_at")
    ):
        first_done.setdefault(dossier_id, finished_at)
    rows = []
    for n, dossier in enumerate(dossiers, start=1):
        timeliness = dossier_timeliness(dossier)
        note = dossier.get_status_display()
        if timeliness is not None:
            note = f"{note}; {timeliness.label}"
        contact = ", ".join(x for x in [dossier.applicant_address, dossier.applicant_phone] if x)
        rows.append(
            RegisterRow(
                order=n,
                code=dossier.code or "",
                procedure=dossier.procedure.name,
                sets=1,
                applicant=dossier.applicant_name,
                contact=contact,
                agency=dossier.agency.name,
                received_at=dossier.received_at,
                due_at=dossier.due_at,
                transferred_at=first_done.get(dossier.pk),
                decided_at=dossier.completed_at or dossier.decided_at,
                returned_at=dossier.returned_at,
                note=note,
            )
        )
    return rows


def register_context(*, start: dt.date, end: dt.date, agency: Agency) -> dict[str, Any]:
    rows = register_rows(start=start, end=end, agency=agency)
    return {
        **letterhead(agency, symbol=_one_stop_symbol(agency) if agency.is_one_stop else ""),
        "issued_on": timezone.localdate(),
        "form_number": REGISTER_NUMBER,
        "form_title": REGISTER_TITLE,
        "start": start,
        "end": end,
        "agency": agency,
        "rows": rows,
    }


def render_register(*, start: dt.date, end: dt.date, agency: Agency) -> bytes:
    """Mẫu 07: Sổ theo dõi hồ sơ of an agency for a period, as PDF (A4 landscape)."""
    context = register_context(start=start, end=end, agency=agency)
    return render_pdf("paperwork/forms/07_so_theo_doi.html", context, page_size=A4, landscape=True)


REGISTER_COLUMNS = [
    ("STT", 6),
    ("Mã hồ sơ", 26),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên tổ chức, cá nhân", 26),
    ("Địa chỉ, số điện thoại", 30),
    ("Cơ quan chủ trì giải quyết", 28),
    ("Nhận hồ sơ", 17),
    ("Hẹn trả kết quả", 17),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Có kết quả giải quyết", 17),
    ("Trả kết quả", 17),
    ("Ghi chú", 24),
]


def register_xlsx(*, start: dt.date, end: dt.date, agency: Agency) -> bytes:
    """Mẫu 07 as an Excel workbook (one sheet, one row per dossier; times local)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    rows = register_rows(start=start, end=end, agency=agency)
    book = Workbook()
    sheet = book.active
    sheet.title = "So theo doi ho so"
    width = len(REGISTER_COLUMNS)
    sheet.append([REGISTER_TITLE.upper()])
    sheet.append(
        [f"{agency.name} — từ ngày {formats.short_date(start)} đến ngày {formats.short_date(end)}"]
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.append([name for name, _width in REGISTER_COLUMNS])
    thin = Side(style="thin")
    for column, (_name, col_width) in enumerate(REGISTER_COLUMNS, start=1):
        cell = sheet.cell(row=3, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        sheet.column_dimensions[get_column_letter(column)].width = col_width

    def local(value: dt.datetime | None):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    for row in rows:
        sheet.append(
            [
                row.order,
                row.code,
                row.procedure,
                row.sets,
                row.applicant,
                row.contact,
                row.agency,
                local(row.received_at),
                local(row.due_at),
                local(row.transferred_at),
                local(row.decided_at),
                local(row.returned_at),
                row.note,
            ]
        )
        for column in range(8, 13):
            sheet.cell(row=sheet.max_row, column=column).number_format = "hh:mm dd/mm/yyyy"
    sheet.freeze_panes = "C4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
