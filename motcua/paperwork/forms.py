"""The upload form of the public verification page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from motcua.paperwork.signing import ERR_EMPTY, ERR_NOT_PDF

ERR_UPLOAD_REQUIRED = _("Vui lòng chọn tệp PDF kết quả cần xác thực.")
ERR_UPLOAD_TOO_LARGE = _("Tệp quá lớn (%(size)s): chỉ nhận tệp đến %(limit)s.")


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp PDF kết quả"),
        allow_empty_file=True,
        error_messages={"required": ERR_UPLOAD_REQUIRED, "invalid": ERR_UPLOAD_REQUIRED},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                ERR_UPLOAD_TOO_LARGE,
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if upload.size == 0:
            raise forms.ValidationError(ERR_EMPTY)
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if not head.startswith(b"%PDF"):
            raise forms.ValidationError(ERR_NOT_PDF)
        return upload

    def data_bytes(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
