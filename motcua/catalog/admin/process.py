"""Editing a procedure's process in the admin: every save publishes a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from motcua.catalog.forms import ProcessForm, StepFormSet
from motcua.catalog.models import Procedure
from motcua.catalog.services import StepSpec, process_publish


class ProcessEditorMixin:
    """Adds "Sửa quy trình" to the procedure admin."""

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "<int:procedure_id>/quy-trinh/",
                self.admin_site.admin_view(self.process_view),
                name="catalog_procedure_process",
            )
        ]
        return custom + urls

    def process_view(self, request, procedure_id: int):
        procedure = get_object_or_404(Procedure, pk=procedure_id)
        if not self.has_change_permission(request, procedure):
            raise PermissionDenied
        current = procedure.current_process
        initial = (
            [
                {"name": s.name, "unit": s.unit, "role": s.role, "budget_hours": s.budget_hours}
                for s in current.steps.all()
            ]
            if current
            else []
        )
        if request.method == "POST":
            formset = StepFormSet(request.POST, prefix="steps")
            form = ProcessForm(request.POST)
            if formset.is_valid() and form.is_valid():
                specs = [
                    StepSpec(
                        name=f.cleaned_data["name"],
                        role=f.cleaned_data["role"],
                        unit=f.cleaned_data["unit"],
                        budget_hours=f.cleaned_data["budget_hours"],
                    )
                    for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ]
                try:
                    process = process_publish(
                        procedure=procedure,
                        steps=specs,
                        note=form.cleaned_data["note"],
                        user=request.user,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request, _("Đã lưu quy trình phiên bản %(v)s.") % {"v": process.version}
                    )
                    return redirect(reverse("admin:catalog_procedure_change", args=[procedure.pk]))
        else:
            formset = StepFormSet(initial=initial, prefix="steps")
            form = ProcessForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Quy trình: %(name)s") % {"name": procedure.name[:120]},
            "procedure": procedure,
            "current": current,
            "formset": formset,
            "form": form,
            "limit_hours": procedure.time_limit_hours,
        }
        return TemplateResponse(request, "admin/catalog/procedure/process.html", context)
