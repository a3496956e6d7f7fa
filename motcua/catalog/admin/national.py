"""Admin pages of the national import: upload, progress, report (page and xlsx), name mapping."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models.national import AgencyNameMapping, ImportRun
from motcua.catalog.national.reader import SourceError
from motcua.catalog.national.services import (
    ALLOWED_SUFFIXES,
    BAD_SUFFIX,
    import_run_create,
    import_run_start,
    kind_label,
    report_xlsx,
)
from motcua.lib.uploads import check_size

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
ISSUES_PER_PAGE = 100


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp dữ liệu"),
        help_text=gettext_lazy(
            "Chi tiết thủ tục dạng JSON lines (.jsonl hoặc .jsonl.gz) hoặc danh sách thủ tục "
            "xuất từ Cổng Dịch vụ công quốc gia (.xlsx)."
        ),
    )
    withdraw_missing = forms.BooleanField(
        label=gettext_lazy("Đánh dấu bãi bỏ thủ tục không còn trong tệp"),
        required=False,
        initial=True,
        help_text=ImportRun._meta.get_field("withdraw_missing").help_text,
    )
    overwrite_local = forms.BooleanField(
        label=gettext_lazy("Ghi đè quyết định của địa phương"),
        required=False,
        help_text=ImportRun._meta.get_field("overwrite_local").help_text,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_(BAD_SUFFIX))
        check_size(upload, limit=MAX_UPLOAD_BYTES)
        return upload


@admin.register(AgencyNameMapping)
class AgencyNameMappingAdmin(admin.ModelAdmin):
    list_display = ["source_name", "agency"]
    search_fields = ["source_name", "agency__name", "agency__code"]
    autocomplete_fields = ["agency"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress_display", "counts_display", "created_at"]
    list_filter = ["status"]
    ordering = ["-created_at", "-pk"]

    @admin.display(description=gettext_lazy("tiến độ"))
    def progress_display(self, obj: ImportRun) -> str:
        return f"{obj.progress_done}/{obj.progress_total} ({obj.percent}%)"

    @admin.display(description=gettext_lazy("kết quả"))
    def counts_display(self, obj: ImportRun) -> str:
        counts = obj.counts or {}
        if not counts:
            return "—"
        return _("mới %(i)s, cập nhật %(u)s, bỏ qua %(s)s, chưa đọc được %(n)s") % {
            "i": counts.get("imported", 0),
            "u": counts.get("updated", 0),
            "s": counts.get("skipped", 0),
            "n": counts.get("unparsed", 0),
        }

    def get_urls(self):
        custom = [
            path(
                "<int:run_id>/tien-do/",
                self.admin_site.admin_view(self.progress_view),
                name="catalog_importrun_progress",
            ),
            path(
                "<int:run_id>/bao-cao.xlsx",
                self.admin_site.admin_view(self.report_view),
                name="catalog_importrun_report",
            ),
        ]
        return custom + super().get_urls()

    def _run_or_404(self, request, run_id: int) -> ImportRun:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(ImportRun, pk=run_id)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = import_run_create(
                    name=upload.name,
                    content=upload.read(),
                    overwrite_local=form.cleaned_data["overwrite_local"],
                    withdraw_missing=form.cleaned_data["withdraw_missing"],
                    user=request.user,
                )
            except SourceError as exc:
                form.add_error("file", str(exc))
            else:
                import_run_start(run)
                messages.success(request, _("Đã bắt đầu nhập. Trang này tự cập nhật tiến độ."))
                return redirect("admin:catalog_importrun_change", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập từ Cơ sở dữ liệu quốc gia về thủ tục hành chính"),
            "form": form,
        }
        return TemplateResponse(request, "admin/catalog/importrun/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self._run_or_404(request, int(object_id)) if str(object_id).isdigit() else None
        if run is None:
            return redirect("admin:catalog_importrun_changelist")
        kind = request.GET.get("kind", "")[:32]
        issues = run.issues.all()
        if kind:
            issues = issues.filter(kind=kind)
        page = Paginator(issues.order_by("pk"), ISSUES_PER_PAGE).get_page(request.GET.get("p"))
        kinds = [
            (row["kind"], kind_label(row["kind"]), row["n"])
            for row in run.issues.values("kind").annotate(n=Count("pk")).order_by("-n")
        ]
        unmatched = (run.report or {}).get("unmatched_agencies", [])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(run),
            "run": run,
            "page": page,
            "kind": kind,
            "kinds": kinds,
            "kind_labels": {k: label for k, label, _n in kinds},
            "unmatched": unmatched,
            "mapping_add_url": reverse("admin:catalog_agencynamemapping_add"),
            "rates": (run.report or {}).get("rates", {}),
        }
        return TemplateResponse(request, "admin/catalog/importrun/detail.html", context)

    def progress_view(self, request, run_id: int):
        run = self._run_or_404(request, run_id)
        response = TemplateResponse(
            request, "admin/catalog/importrun/_progress.html", {"run": run, "polling": True}
        )
        if run.is_finished:
            response["HX-Refresh"] = "true"
        return response

    def report_view(self, request, run_id: int):
        run = self._run_or_404(request, run_id)
        response = HttpResponse(
            report_xlsx(run),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="bao-cao-nhap-{run.pk}.xlsx"'
        return response
