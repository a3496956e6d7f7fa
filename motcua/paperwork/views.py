"""Public verification of signed results, and staff printing of the official forms."""

from __future__ import annotations

import hashlib

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.permissions import agencies_where, can
from motcua.accounts.roles import Action
from motcua.dossiers.models import Dossier
from motcua.paperwork.forms import RegisterForm, VerifyUploadForm
from motcua.paperwork.official import (
    FormNotApplicable,
    UnknownForm,
    register_xlsx,
    render_form,
    render_register,
)
from motcua.paperwork.signing import Verification, verify_pdf

ERR_NO_DOSSIER = _("Không tìm thấy hồ sơ có mã này.")
ERR_NO_RESULT = _("Hồ sơ này chưa có kết quả điện tử được lưu trên hệ thống.")
ERR_RESULT_UNREADABLE = _(
    "Không đọc được tệp kết quả lưu trên hệ thống. Vui lòng liên hệ bộ phận một cửa."
)
MATCHES_STORED = _("Tệp tải lên trùng khớp với kết quả điện tử lưu trên hệ thống.")
DIFFERS_FROM_STORED = _("Tệp tải lên KHÔNG trùng khớp với kết quả điện tử lưu trên hệ thống.")


def _stored_result(dossier) -> bytes | None:
    if not dossier.result_file:
        return None
    try:
        with dossier.result_file.open("rb") as handle:
            return handle.read()
    except (OSError, ValueError):
        return b""


def _dossier_or_none(code: str):
    return Dossier.objects.select_related("procedure", "agency").filter(code=code[:60]).first()


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Tell whether a PDF carries a valid signature of the agency (Decree 118 Art. 22.1).

    With a dossier code, also check the result stored for that dossier. Shows no
    personal data: only the code, the procedure, the agency and the signature.
    """
    dossier = None
    stored: Verification | None = None
    stored_problem = ""
    stored_bytes: bytes | None = None
    if code is not None:
        dossier = _dossier_or_none(code)
        if dossier is None:
            raise Http404(ERR_NO_DOSSIER)
        stored_bytes = _stored_result(dossier)
        if stored_bytes is None:
            stored_problem = ERR_NO_RESULT
        elif not stored_bytes:
            stored_problem = ERR_RESULT_UNREADABLE
        else:
            stored = verify_pdf(stored_bytes)

    uploaded: Verification | None = None
    comparison = ""
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.data_bytes()
            uploaded = verify_pdf(data)
            if stored_bytes:
                same = hashlib.sha256(data).digest() == hashlib.sha256(stored_bytes).digest()
                comparison = MATCHES_STORED if same else DIFFERS_FROM_STORED
    else:
        form = VerifyUploadForm()
    status = 422 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "paperwork/verify.html",
        {
            "code": code,
            "dossier": dossier,
            "stored": stored,
            "stored_problem": stored_problem,
            "uploaded": uploaded,
            "comparison": comparison,
            "comparison_ok": comparison == MATCHES_STORED,
            "form": form,
        },
        status=status,
    )


def form_url(dossier, number: str) -> str:
    """Where staff print form ``number`` of a dossier: by its code, or by its id when it
    has none (refused or sent back for a supplement at reception)."""
    from django.urls import reverse

    if dossier.code:
        return reverse("paperwork:form_pdf", kwargs={"code": dossier.code, "number": number})
    return reverse("paperwork:form_pdf_by_id", kwargs={"pk": dossier.pk, "number": number})


def _serve_form(request: HttpRequest, dossier, number: str) -> HttpResponse:
    """Allowed to whoever may view dossiers of the receiving point, the competent agency
    or the unit holding it (``Action.VIEW``); the PDF carries personal data, so it is
    never cached."""
    if dossier is None:
        raise Http404(ERR_NO_DOSSIER)
    places = [dossier.receiving_point, dossier.agency]
    if dossier.current_unit_id:
        places.append(dossier.current_unit)
    if not any(can(request.user, Action.VIEW, place) for place in places):
        raise PermissionDenied
    try:
        data = render_form(number, dossier)
    except UnknownForm as exc:
        raise Http404(exc.message) from None
    except FormNotApplicable as exc:
        return render(
            request,
            "web/error.html",
            {"title": _("Không in được biểu mẫu"), "text": exc.message},
            status=409,
        )
    response = HttpResponse(data, content_type="application/pdf")
    name = dossier.code or f"so-{dossier.pk}"
    response["Content-Disposition"] = f'inline; filename="mau-{number}-{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _staff_dossiers():
    return Dossier.objects.select_related("procedure", "agency", "receiving_point", "current_unit")


@require_GET
def form_pdf(request: HttpRequest, code: str, number: str) -> HttpResponse:
    """Staff print of an official form of a dossier, by its code (office dossier page)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _serve_form(request, _staff_dossiers().filter(code=code[:60]).first(), number)


@require_GET
def form_pdf_by_id(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    """Staff print of an official form by the dossier's id: the only way for a dossier
    with no code (forms 02 and 03 given at reception)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _serve_form(request, _staff_dossiers().filter(pk=pk).first(), number)


@require_http_methods(["GET"])
def register(request: HttpRequest) -> HttpResponse:
    """Staff page for form 07 (Sổ theo dõi hồ sơ) of an agency they may view, as PDF or xlsx."""
    from django.utils import timezone

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    agencies = agencies_where(request.user, Action.VIEW).filter(is_active=True).order_by("path")
    if not agencies.exists():
        raise PermissionDenied
    today = timezone.localdate()
    if "start" not in request.GET:
        form = RegisterForm(
            initial={"start": today.replace(day=1), "end": today, "agency": agencies.first()},
            agencies=agencies,
        )
        return render(request, "paperwork/register.html", {"form": form})
    form = RegisterForm(request.GET, agencies=agencies)
    if not form.is_valid():
        return render(request, "paperwork/register.html", {"form": form}, status=422)
    data = form.cleaned_data
    options = {"start": data["start"], "end": data["end"], "agency": data["agency"]}
    name = f"so-theo-doi-{data['agency'].code}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    if data["output"] == "xlsx":
        response = HttpResponse(
            register_xlsx(**options),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(render_register(**options), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
