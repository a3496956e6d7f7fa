"""Citizen pages: online submission, my dossiers, public lookup, payment, rating.

Thin: each view calls a selector to read and a service to write, and turns the
service's Vietnamese error into a message or a form error."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.decorators import require_verified_email
from motcua.catalog.models import documents_for_case
from motcua.dossiers.actions.endings import dossier_withdraw
from motcua.dossiers.models import DeliveryMethod
from motcua.dossiers.permissions import check_set_delivery, check_withdraw, may
from motcua.dossiers.states import Status
from motcua.feedback import services as feedback_services
from motcua.lib.errors import DomainError, http_status
from motcua.paperwork.qr import lookup_token, read_lookup_token
from motcua.portal import selectors, services
from motcua.portal.forms import (
    ApplicantForm,
    DeliveryForm,
    LookupForm,
    RatingForm,
    WithdrawForm,
)
from motcua.portal.models import PaymentOrder, PaymentStatus, PostalDelivery
from motcua.portal.payments import DemoGateway, get_gateway

logger = logging.getLogger(__name__)

LOOKUP_LIMIT = 20  # lookups per client address and window
LOOKUP_WINDOW = 600  # seconds
NOT_FOUND = _(
    "Không tìm thấy hồ sơ phù hợp. Vui lòng kiểm tra lại mã hồ sơ và 4 chữ số cuối "
    "số điện thoại hoặc số định danh của người nộp."
)
TOO_MANY = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
SUBMITTED = _("Đã nộp hồ sơ trực tuyến. Bộ phận một cửa sẽ kiểm tra và tiếp nhận hồ sơ.")
DRAFT_SAVED = _("Đã lưu nháp. Bạn có thể quay lại hoàn thiện sau.")
FILE_SAVED = _("Đã tải lên tệp “%(name)s”.")
SUPPLEMENT_SENT = _("Đã gửi hồ sơ bổ sung.")
WITHDRAWN = _("Đã gửi yêu cầu rút hồ sơ.")
DELIVERY_CHANGED = _("Đã đổi hình thức nhận kết quả.")
RATED = _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn giúp cơ quan phục vụ tốt hơn.")
PAID = _("Thanh toán thành công. Hồ sơ tiếp tục được xử lý.")


def _error(exc: ValidationError | DomainError) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return exc.message


def _status(exc: ValidationError | DomainError) -> int:
    return http_status(exc) if isinstance(exc, DomainError) else 422


# --- online submission -------------------------------------------------------------------


@require_GET
@require_verified_email
def submit_start(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.online_procedure(code)
    if procedure is None:
        raise Http404
    draft = selectors.drafts_of(request.user).filter(procedure=procedure).first()
    if draft is None:
        try:
            draft = services.draft_start(user=request.user, procedure=procedure)
        except DomainError as exc:
            return render(
                request, "portal/not_online.html", {"procedure": procedure, "error": exc.message}
            )
    return redirect("portal:draft", pk=draft.pk)


def _draft_or_404(request: HttpRequest, pk: int):
    draft = selectors.draft_for(request.user, pk)
    if draft is None:
        raise Http404
    return draft


def _documents(draft) -> list[dict]:
    """The procedure's documents with the draft's file of each, and whether the case
    chosen needs it."""
    files = {f.required_document_id: f for f in draft.files.all() if f.required_document_id}
    documents = list(draft.procedure.documents.all())
    needed = {d.pk for d in documents_for_case(documents, draft.data.get("document_case") or "")}
    return [
        {
            "document": doc,
            "file": files.get(doc.pk),
            "field": f"doc_{doc.pk}",
            "needed": doc.pk in needed,
        }
        for doc in documents
    ]


@require_http_methods(["GET", "POST"])
@require_verified_email
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    file_errors: dict[str, str] = {}
    if request.method == "POST":
        form = ApplicantForm(request.POST, procedure=draft.procedure)
        form.is_valid()
        services.draft_save(draft=draft, data=form.draft_data())
        documents = {d.pk: d for d in draft.procedure.documents.all()}
        for key, upload in request.FILES.items():
            document = None
            if key.startswith("doc_") and key[4:].isdigit():
                document = documents.get(int(key[4:]))
            if key != "doc_extra" and document is None:
                continue
            try:
                row = services.draft_add_file(
                    draft=draft, upload=upload, required_document=document
                )
            except ValidationError as exc:
                file_errors[key] = _error(exc)
            else:
                messages.success(request, FILE_SAVED % {"name": row.name})
        if not form.errors and not file_errors:
            if request.POST.get("next") == "review":
                return redirect("portal:draft_review", pk=draft.pk)
            messages.success(request, DRAFT_SAVED)
            return redirect("portal:draft", pk=draft.pk)
        status = 422
    else:
        form = ApplicantForm(initial=draft.data, procedure=draft.procedure)
        status = 200
    return _render_edit(request, draft.pk, form, file_errors, status)


def _render_edit(request: HttpRequest, pk: int, form, file_errors: dict, status: int):
    draft = _draft_or_404(request, pk)
    documents = _documents(draft)
    for item in documents:
        item["error"] = file_errors.get(item["field"], "")
    return render(
        request,
        "portal/draft_edit.html",
        {
            "draft": draft,
            "procedure": draft.procedure,
            "form": form,
            "documents": documents,
            "extras": [f for f in draft.files.all() if f.required_document_id is None],
            "extra_error": file_errors.get("doc_extra", ""),
            "has_file_errors": bool(file_errors),
            "upload_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require_verified_email
def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    checked = ApplicantForm(_as_form_data(draft.data), procedure=draft.procedure)
    if not checked.is_valid():
        return _render_edit(request, draft.pk, checked, {}, 422)
    if request.method == "POST":
        try:
            dossier = services.draft_submit(draft=draft, actor=request.user)
        except DomainError as exc:
            messages.error(request, _error(exc))
            return redirect("portal:draft", pk=draft.pk)
        messages.success(request, SUBMITTED)
        return redirect("portal:dossier", pk=dossier.pk)
    form = ApplicantForm(initial=draft.data, procedure=draft.procedure)
    data = draft.data
    commune = None
    if data.get("delivery_method") == DeliveryMethod.POST and data.get("delivery_commune"):
        commune = (
            selectors.delivery_communes().filter(pk=_int(data.get("delivery_commune"))).first()
        )
    documents = _documents(draft)
    return render(
        request,
        "portal/draft_review.html",
        {
            "draft": draft,
            "procedure": draft.procedure,
            "data": data,
            "agency": next(
                (
                    a
                    for a in selectors.competent_agencies(draft.procedure)
                    if a.pk == _int(data.get("agency"))
                ),
                None,
            ),
            "delivery_label": dict(form.fields["delivery_method"].choices).get(
                data.get("delivery_method"), ""
            ),
            "commune": commune,
            "postal": selectors.postal_quote(commune)
            if data.get("delivery_method") == DeliveryMethod.POST
            else None,
            "documents": documents,
            "case_missing": "document_case" in form.fields and not data.get("document_case"),
            "missing": [
                d["document"]
                for d in documents
                if d["needed"] and d["document"].mandatory and not d["file"]
            ],
            "extras": [f for f in draft.files.all() if f.required_document_id is None],
            "fees": list(draft.procedure.fees.all()),
        },
    )


def _as_form_data(data: dict) -> dict:
    return {k: "" if v is None else str(v) for k, v in data.items()}


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@require_POST
@require_verified_email
def draft_file_remove(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    services.draft_remove_file(draft=draft, file_pk=file_pk)
    return redirect("portal:draft", pk=draft.pk)


@require_POST
@require_verified_email
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_or_404(request, pk)
    services.draft_discard(draft=draft)
    messages.success(request, _("Đã xóa hồ sơ nháp."))
    return redirect("portal:my_dossiers")


# --- my dossiers ---------------------------------------------------------------------------


@require_GET
@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    from django.core.paginator import Paginator

    page = Paginator(selectors.my_dossiers(request.user), 20).get_page(request.GET.get("trang"))
    return render(
        request,
        "portal/my_dossiers.html",
        {"page": page, "drafts": selectors.drafts_of(request.user)},
    )


def _mine_or_404(request: HttpRequest, pk: int):
    dossier = selectors.my_dossier(request.user, pk)
    if dossier is None:
        raise Http404
    return dossier


def _detail(request: HttpRequest, dossier, *, status: int = 200, **extra) -> HttpResponse:
    context = {
        "dossier": dossier,
        "view": selectors.public_view(dossier),
        "supplement": selectors.open_supplement(dossier),
        "obligation": selectors.open_obligation(dossier),
        "extension": selectors.approved_extension(dossier),
        "can_withdraw": may(check_withdraw, request.user, dossier),
        "can_change_delivery": may(check_set_delivery, request.user, dossier),
        "has_result": bool(dossier.result_file)
        and dossier.status in (Status.FINISHED, Status.RETURNED),
        "postal": PostalDelivery.objects.filter(dossier=dossier).first(),
        "receipt_link": lookup_token(dossier.code) if dossier.code else "",
        **extra,
    }
    return render(request, "portal/my_dossier.html", context, status=status)


@require_GET
@login_required
def my_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _mine_or_404(request, pk))


@require_POST
@login_required
def my_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _mine_or_404(request, pk)
    documents = {d.pk: d for d in dossier.procedure.documents.all()}
    uploads = []
    for key, files in request.FILES.lists():
        document = documents.get(_int(key[4:])) if key.startswith("doc_") else None
        uploads.extend(
            services.SupplementUpload(upload=f, required_document=document) for f in files[:5]
        )
    try:
        services.supplement_answer(
            actor=request.user, dossier=dossier, uploads=uploads, note=request.POST.get("note", "")
        )
    except (ValidationError, DomainError) as exc:
        return _detail(request, dossier, status=_status(exc), supplement_error=_error(exc))
    messages.success(request, SUPPLEMENT_SENT)
    return redirect("portal:dossier", pk=dossier.pk)


@require_http_methods(["GET", "POST"])
@login_required
def my_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _mine_or_404(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_withdraw(
                actor=request.user, dossier=dossier, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, WITHDRAWN)
            return redirect("portal:dossier", pk=dossier.pk)
    return render(
        request,
        "portal/withdraw.html",
        {"dossier": dossier, "form": form},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def my_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _mine_or_404(request, pk)
    form = DeliveryForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.delivery_change(
                actor=request.user,
                dossier=dossier,
                method=data["delivery_method"],
                address=data.get("delivery_address", ""),
                commune_pk=data.get("delivery_commune"),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, DELIVERY_CHANGED)
            return redirect("portal:dossier", pk=dossier.pk)
    return render(
        request,
        "portal/delivery.html",
        {"dossier": dossier, "form": form},
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def my_result(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _mine_or_404(request, pk)
    if not dossier.result_file or dossier.status not in (Status.FINISHED, Status.RETURNED):
        raise Http404
    try:
        handle = dossier.result_file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"ket-qua-{dossier.code}.pdf",
        content_type="application/pdf",
    )


@require_POST
@login_required
def my_pay(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _mine_or_404(request, pk)
    try:
        _order, url = services.payment_start(actor=request.user, dossier=dossier)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:dossier", pk=dossier.pk)
    return redirect(url)


# --- rating ---------------------------------------------------------------------------


def _rate(request: HttpRequest, dossier, *, via_receipt: bool, token: str = "") -> HttpResponse:
    if not selectors.is_rateable(dossier):
        return render(
            request, "portal/rate.html", {"dossier": dossier, "closed": True, "token": token}
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.rating_submit(
                dossier=dossier,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                actor=request.user if request.user.is_authenticated else None,
                via_receipt=via_receipt,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, RATED)
            if via_receipt:
                return redirect(f"{_lookup_path()}?t={token}")
            return redirect("portal:dossier", pk=dossier.pk)
    return render(
        request,
        "portal/rate.html",
        {"dossier": dossier, "form": form, "token": token},
        status=422 if form.errors else 200,
    )


def _lookup_path() -> str:
    from django.urls import reverse

    return reverse("portal:lookup")


@require_http_methods(["GET", "POST"])
@login_required
def my_rate(request: HttpRequest, pk: int) -> HttpResponse:
    return _rate(request, _mine_or_404(request, pk), via_receipt=False)


@require_http_methods(["GET", "POST"])
def rate_by_receipt(request: HttpRequest) -> HttpResponse:
    """The rating page reached from the receipt's QR (its signed lookup token)."""
    token = (request.GET.get("t") or "")[:300]
    code = read_lookup_token(token)
    dossier = selectors.find_by_code(code) if code else None
    if dossier is None:
        raise Http404
    return _rate(request, dossier, via_receipt=True, token=token)


# --- public lookup ----------------------------------------------------------------------


def _client(request: HttpRequest) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown")[:45]


@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """Trạng thái hồ sơ for anyone holding the code and a second factor, or the
    receipt's QR: no personal data is shown. A wrong code or factor gets the same
    answer as an unknown one; the page is rate-limited per client address."""
    token = request.GET.get("t")
    searched = bool(token) or "ma" in request.GET
    form = LookupForm(request.GET if "ma" in request.GET else None)
    context = {"form": form, "searched": searched, "view": None, "token": ""}
    if searched and services.rate_limit_hit(
        key=f"lookup:{_client(request)}", limit=LOOKUP_LIMIT, window_seconds=LOOKUP_WINDOW
    ):
        context["error"] = TOO_MANY
        return render(request, "portal/lookup.html", context, status=429)
    dossier = None
    if token:
        code = read_lookup_token(token[:300])
        dossier = selectors.find_by_code(code) if code else None
        context["token"] = token[:300] if dossier is not None else ""
    elif form.is_bound and form.is_valid():
        dossier = selectors.find_by_code_and_factor(
            form.cleaned_data["ma"], form.cleaned_data["so"]
        )
    elif form.is_bound:
        # Same answer as an unknown dossier, still doing the work of a lookup.
        selectors.find_by_code_and_factor("", "")
    if dossier is not None:
        context["view"] = selectors.public_view(dossier)
    elif searched:
        context["error"] = NOT_FOUND
    return render(request, "portal/lookup.html", context)


# --- payment ----------------------------------------------------------------------------


@require_GET
def demo_bank(request: HttpRequest, order_id: str) -> HttpResponse:
    """The demo gateway's pretend bank page."""
    gateway = get_gateway()
    if not isinstance(gateway, DemoGateway):
        raise Http404
    order = (
        PaymentOrder.objects.filter(order_id=order_id[:40], gateway=gateway.name)
        .select_related("dossier")
        .first()
    )
    if order is None or order.status != PaymentStatus.PENDING:
        raise Http404
    return render(
        request,
        "portal/demo_bank.html",
        {
            "order": order,
            "paid_fields": gateway.callback_fields(order, paid=True),
            "failed_fields": gateway.callback_fields(order, paid=False),
        },
    )


@csrf_exempt
@require_POST
def payment_callback(request: HttpRequest) -> HttpResponse:
    """Where the bank posts its signed result (no CSRF token: the signature is the proof)."""
    gateway = get_gateway()
    try:
        order = services.payment_callback(
            result=gateway.verify_callback(request), gateway_name=gateway.name
        )
    except DomainError as exc:
        return render(request, "portal/payment_result.html", {"error": _error(exc)}, status=400)
    return redirect("portal:payment_result", order_id=order.order_id)


@require_GET
@login_required
def payment_result(request: HttpRequest, order_id: str) -> HttpResponse:
    order = PaymentOrder.objects.filter(
        order_id=order_id[:40], dossier__applicant_user=request.user
    ).first()
    if order is None:
        raise Http404
    return render(request, "portal/payment_result.html", {"order": order})
