from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency
from motcua.reports.stats import ERR_PERIOD, METRICS

BY_CHOICES = [
    ("", _("Không chia")),
    ("agency", _("Theo cơ quan")),
    ("field", _("Theo lĩnh vực")),
    ("procedure", _("Theo thủ tục")),
]


def _month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.none(), required=False, empty_label=None
    )
    by = forms.ChoiceField(label=_("Chia theo"), choices=BY_CHOICES, required=False)

    def __init__(self, data, *, agencies, **kwargs):
        today = timezone.localdate()
        data = data.copy() if data else {}
        data.setdefault("start", _month_start(today).isoformat())
        data.setdefault("end", today.isoformat())
        super().__init__(data, **kwargs)
        self.fields["agency"].queryset = agencies
        if "agency" not in self.data or not self.data.get("agency"):
            first = agencies.order_by("depth", "path").first()
            if first is not None:
                self.data["agency"] = str(first.pk)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(ERR_PERIOD)
        return cleaned


class DrillForm(PeriodForm):
    metric = forms.ChoiceField(choices=[(k, v) for k, v in METRICS.items()])
    procedure = forms.IntegerField(required=False)
    field = forms.IntegerField(required=False)
    agency_row = forms.IntegerField(required=False)
