"""Forms of the citizen portal: they shape input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import document_cases
from motcua.dossiers.forms import DeliveryFields
from motcua.dossiers.models import ApplicantKind, DeliveryMethod
from motcua.feedback.models import RATING_CRITERIA, RatingScore
from motcua.portal import selectors

RAW_MAX = 1000
ERR_FACTOR = _("Nhập đúng 4 chữ số cuối.")


class ApplicantForm(forms.Form):
    """What the citizen types about themselves and the dossier. Every field may stay
    empty while drafting; ``dossier_submit`` says what is missing on submission."""

    kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Họ và tên (hoặc tên tổ chức)"), max_length=255, required=False)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (12 số)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Ngày sinh không hợp lệ (ngày/tháng/năm).")},
    )
    tax_code = forms.CharField(label=_("Mã số thuế (tổ chức)"), max_length=14, required=False)
    representative = forms.CharField(
        label=_("Người đại diện theo pháp luật (tổ chức)"), max_length=255, required=False
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=15,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    summary = forms.CharField(
        label=_("Nội dung yêu cầu giải quyết"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    agency = forms.TypedChoiceField(label=_("Cơ quan giải quyết"), coerce=int, required=False)
    document_case = forms.ChoiceField(
        label=_("Trường hợp của hồ sơ"),
        help_text=_("Giấy tờ cần nộp tùy theo trường hợp: chọn trường hợp của bạn."),
        widget=forms.RadioSelect,
        required=False,
    )
    delivery_method = forms.ChoiceField(
        label=_("Nhận kết quả"), widget=forms.RadioSelect, required=False
    )
    delivery_commune = forms.TypedChoiceField(
        label=_("Xã, phường nơi nhận (để tính phí bưu chính)"), coerce=int, required=False
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"), max_length=500, required=False
    )

    def __init__(self, *args, procedure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = selectors.competent_agencies(procedure)
        self.fields["agency"].choices = [("", _("— Chọn —"))] + [(a.pk, a.name) for a in agencies]
        if len(agencies) <= 1:
            self.fields["agency"].widget = forms.HiddenInput()
        cases = document_cases(procedure.documents.all())
        if len(cases) > 1:
            self.fields["document_case"].choices = [(c, c) for c in cases]
        else:
            del self.fields["document_case"]
        self.fields["delivery_method"].choices = DeliveryMethod.choices_for(procedure)
        self.fields["delivery_commune"].choices = [("", _("— Chọn —"))] + [
            (c.pk, c.name) for c in selectors.delivery_communes()
        ]
        if not procedure.delivery_post:
            for name in ("delivery_commune", "delivery_address"):
                del self.fields[name]

    def draft_data(self) -> dict:
        """What to keep in the draft: the cleaned value where valid, else as typed."""
        out = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name in self.fields:
            if name in cleaned and name not in self.errors:
                value = cleaned[name]
                out[name] = value.isoformat() if hasattr(value, "isoformat") else value
            else:
                # As typed, minus what no database column can hold.
                out[name] = str(self.data.get(name, "")).replace("\x00", "")[:RAW_MAX]
            if out[name] is None:
                out[name] = ""
        return out


class DeliveryForm(DeliveryFields):
    """Another way to receive the result of a dossier already filed."""

    delivery_commune = forms.TypedChoiceField(
        label=_("Xã, phường nơi nhận (để tính phí bưu chính)"), coerce=int, required=False
    )
    field_order = ["delivery_method", "delivery_commune", "delivery_address"]

    def __init__(self, *args, dossier, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_delivery(dossier.procedure)
        self.fields["delivery_commune"].choices = [("", _("— Chọn —"))] + [
            (c.pk, c.name) for c in selectors.delivery_communes()
        ]
        if not self.is_bound:
            self.initial.update(
                delivery_method=dossier.delivery_method, delivery_address=dossier.delivery_address
            )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút hồ sơ"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=80,
        help_text=_("Ghi trên giấy tiếp nhận. Có thể dùng máy quét mã vạch."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    so = forms.CharField(
        label=_("4 chữ số cuối số điện thoại hoặc số định danh của người nộp"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}
        ),
        error_messages={"min_length": ERR_FACTOR, "max_length": ERR_FACTOR},
    )

    def clean_so(self) -> str:
        value = "".join(self.cleaned_data["so"].split())
        if not value.isdigit():
            raise forms.ValidationError(ERR_FACTOR)
        return value


class RatingForm(forms.Form):
    """Decree 118 Art. 33.1 a)–h), each on the three-point scale."""

    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        criteria = {}
        for name, (letter, label) in RATING_CRITERIA.items():
            criteria[name] = forms.TypedChoiceField(
                label=f"{letter}) {label}",
                choices=RatingScore.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Vui lòng chọn một mức đánh giá.")},
            )
        comment = self.fields.pop("comment")
        self.fields.update(criteria)
        self.fields["comment"] = comment

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RATING_CRITERIA}
