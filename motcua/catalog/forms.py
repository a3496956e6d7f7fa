"""Forms of the catalog pages (administration)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import Role
from motcua.catalog.models import Agency


class StepForm(forms.Form):
    name = forms.CharField(label=_("Tên bước"), max_length=255)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị thực hiện"),
        queryset=Agency.objects.filter(is_active=True).order_by("path"),
        required=False,
        empty_label=_("— Cơ quan giải quyết hồ sơ —"),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    budget_hours = forms.DecimalField(
        label=_("Giờ làm việc"),
        min_value=Decimal("0.5"),
        max_digits=7,
        decimal_places=2,
        error_messages={"min_value": _("Mỗi bước cần ít nhất 0,5 giờ làm việc.")},
    )


class BaseStepFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        steps = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not steps:
            raise forms.ValidationError(_("Quy trình phải có ít nhất một bước."))


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=1, can_delete=True, max_num=30
)


class ProcessForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=255,
        required=False,
        help_text=_(
            "Ghi lại vì sao quy trình thay đổi; hồ sơ đang giải quyết vẫn theo phiên bản cũ."
        ),
    )
