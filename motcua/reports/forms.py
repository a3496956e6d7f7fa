from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency
from motcua.reports.periods import ERR_PERIOD
from motcua.reports.stats import METRICS

BY_CHOICES = [
    ("", _("Không chia")),
    ("agency", _("Theo cơ quan")),
    ("field", _("Theo lĩnh vực")),
    ("procedure", _("Theo thủ tục")),
]


# Dates outside these bounds are typing mistakes (and 9999-12-31 has no next day).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
_DAY_BOUNDS = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]
# Ids typed into the address bar stay within the database's integer range.
_ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}


def _month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=_DAY_BOUNDS,
    )
    end = forms.DateField(
        label=_("Đến ngày"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=_DAY_BOUNDS,
    )
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
    procedure = forms.IntegerField(required=False, **_ID_BOUNDS)
    field = forms.IntegerField(required=False, **_ID_BOUNDS)
    agency_row = forms.IntegerField(required=False, **_ID_BOUNDS)
