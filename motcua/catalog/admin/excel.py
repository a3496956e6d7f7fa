"""Excel import and export on the procedure list of the administration."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.excel import catalog_import, export_workbook
from motcua.lib.uploads import check_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 1000
NO_FILE = gettext_lazy("Hãy chọn tệp Excel (.xlsx) cần nhập.")
SPOOL_BYTES = 16 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        error_messages={"required": NO_FILE, "empty": NO_FILE, "invalid": NO_FILE},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Chỉ kiểm tra, chưa lưu"),
        required=False,
        help_text=gettext_lazy("Báo lỗi và số thay đổi sẽ có, nhưng không ghi gì vào hệ thống."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload)
        return upload


def _workbook_response(filename: str, **kwargs) -> FileResponse:
    # FileResponse closes the file once it is sent.
    buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    export_workbook(buffer, **kwargs)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


def _dated(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y%m%d}.xlsx"


class ExcelImportExportMixin:
    """Adds "Nhập từ Excel", "Xuất ra Excel" and the template workbook to the procedure admin."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        custom = [
            path("excel/nhap/", wrap(self.excel_import_view), name="catalog_procedure_import"),
            path("excel/xuat/", wrap(self.excel_export_view), name="catalog_procedure_export"),
            path("excel/mau/", wrap(self.excel_template_view), name="catalog_procedure_template"),
        ]
        return custom + super().get_urls()

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            actions["export_selected_to_excel"] = (
                _export_selected,
                "export_selected_to_excel",
                gettext_lazy("Xuất các thủ tục đã chọn ra Excel"),
            )
        return actions

    def _can_import(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def excel_export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _workbook_response(_dated("danh-muc-thu-tuc"))

    def excel_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _workbook_response("mau-nhap-danh-muc-thu-tuc.xlsx", template=True)

    def excel_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self._can_import(request):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                report = catalog_import(
                    source=upload.file, user=request.user, dry_run=form.cleaned_data["dry_run"]
                )
                if report.ok and not report.dry_run:
                    messages.success(
                        request,
                        _("Đã nhập tệp “%(name)s”: %(n)s thay đổi.")
                        % {"name": upload.name, "n": report.changes},
                    )
        else:
            form = ImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập danh mục thủ tục từ Excel"),
            "form": form,
            "report": report,
            "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
            "errors_hidden": max(len(report.errors) - ERRORS_SHOWN, 0) if report else 0,
        }
        return TemplateResponse(
            request, "admin/catalog/procedure/excel_import.html", context, status=200
        )


def _export_selected(modeladmin, request: HttpRequest, queryset) -> HttpResponse:
    return _workbook_response(_dated("thu-tuc-da-chon"), procedures=queryset)
