from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.catalog.models import Field, OnlineMode, Procedure


def home(request: HttpRequest) -> HttpResponse:
    active = Procedure.objects.active()
    fields = (
        Field.objects.annotate(
            n=Count("procedures", filter=Q(procedures__status=Procedure.Status.ACTIVE))
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:12]
    )
    return render(
        request,
        "web/home.html",
        {
            "fields": fields,
            "procedure_count": active.count(),
            "online_count": active.exclude(online_mode=OnlineMode.NONE).count(),
        },
    )


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    return render(request, "web/error.html", {"title": title, "text": text}, status=status)


def bad_request(request, exception=None):
    return _error(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        _("Máy chủ không hiểu yêu cầu này. Vui lòng kiểm tra lại đường dẫn."),
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Không có quyền truy cập"),
        _("Tài khoản của bạn không được phép xem trang này."),
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang bạn tìm không tồn tại hoặc đã được chuyển đi."),
    )


def server_error(request):
    return _error(
        request,
        500,
        _("Lỗi hệ thống"),
        _("Đã có lỗi xảy ra. Bộ phận kỹ thuật đã được ghi nhận; vui lòng thử lại sau."),
    )
