"""The upload form of the public verification page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.lib.uploads import PDF, check_size, sniff
from motcua.paperwork.signing import ERR_EMPTY, ERR_NOT_PDF

ERR_UPLOAD_REQUIRED = _("Vui lòng chọn tệp PDF kết quả cần xác thực.")


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF kết quả"),
        allow_empty_file=True,
        error_messages={"required": ERR_UPLOAD_REQUIRED, "invalid": ERR_UPLOAD_REQUIRED},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload)
        if upload.size == 0:
            raise forms.ValidationError(ERR_EMPTY)
        if sniff(upload) != PDF:
            raise forms.ValidationError(ERR_NOT_PDF)
        return upload

    def data_bytes(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()


class RegisterForm(forms.Form):
    """Mẫu 07: the period and the agency of a Sổ theo dõi hồ sơ."""

    agency = forms.ModelChoiceField(label=_("Cơ quan, bộ phận một cửa"), queryset=None)
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    output = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[("pdf", _("PDF để in")), ("xlsx", _("Bảng tính Excel"))],
        initial="xlsx",
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
            if (end - start).days > 366:
                raise forms.ValidationError(_("Mỗi sổ theo dõi tối đa một năm."))
        return data
