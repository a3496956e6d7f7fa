"""Public verification of signed results, and staff printing of the official forms."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from motcua.paperwork.forms import VerifyUploadForm
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
    from motcua.dossiers.models import Dossier

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
