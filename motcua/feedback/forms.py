"""Forms of the feedback box: they read what people type; the rules are in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import Agency, Procedure
from motcua.feedback.models import Category, SubjectKind
from motcua.feedback.services import CONTENT_MAX, TITLE_MAX

ERR_PROCEDURE_UNKNOWN = _(
    "Không tìm thấy thủ tục có mã “%(code)s”. Vui lòng kiểm tra lại mã thủ tục."
)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return "\u00a0\u00a0" * obj.depth + obj.name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django documentation pattern); an empty list if none."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class FeedbackForm(forms.Form):
    subject_kind = forms.ChoiceField(
        label=_("Phản ánh, kiến nghị về"),
        choices=SubjectKind.choices,
        initial=SubjectKind.PROCEDURE,
        widget=forms.RadioSelect,
    )
    procedure_code = forms.CharField(
        label=_("Mã thủ tục hành chính"),
        required=False,
        max_length=40,
        help_text=_(
            "Ghi trên trang thông tin thủ tục, ví dụ 1.001193. Bắt buộc khi phản ánh về thủ tục."
        ),
    )
    agency = AgencyChoiceField(
        label=_("Cơ quan, đơn vị"),
        queryset=Agency.objects.active(),
        required=False,
        empty_label=_("— Chọn cơ quan, đơn vị —"),
        help_text=_("Cơ quan được phản ánh, hoặc nơi cán bộ được phản ánh công tác."),
    )
    officer_name = forms.CharField(
        label=_("Họ tên hoặc chức vụ của cán bộ, công chức"),
        required=False,
        max_length=150,
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=TITLE_MAX)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Nêu rõ sự việc, thời gian, địa điểm. Không ghi số giấy tờ tùy thân vào đây."),
    )
    attachments = MultipleFileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=_(
            "Tối đa 3 tệp PDF, JPG hoặc PNG. Chỉ cơ quan xử lý xem được. "
            "Nếu trang báo lỗi, vui lòng chọn lại tệp."
        ),
    )
    is_anonymous = forms.BooleanField(
        label=_("Gửi ẩn danh (không ghi họ tên, số điện thoại, thư điện tử)"), required=False
    )
    filer_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=150)
    filer_phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Không công khai. 4 số cuối dùng để bổ sung thông tin khi được đề nghị."),
    )
    filer_email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        max_length=254,
        help_text=_("Để nhận thông báo khi có trả lời. Không công khai."),
    )
    follows = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def clean_procedure_code(self) -> Procedure | None:
        code = self.cleaned_data.get("procedure_code", "").strip()
        if not code:
            return None
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError(ERR_PROCEDURE_UNKNOWN, params={"code": code})
        return procedure


class TrackForm(forms.Form):
    ma = forms.CharField(label=_("Mã phản ánh"), max_length=60)


class MoreInformationForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=60)
    phone_last4 = forms.CharField(
        label=_("4 số cuối điện thoại đã khai khi gửi"),
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    content = forms.CharField(
        label=_("Thông tin bổ sung"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do không tiếp nhận xử lý"), widget=forms.Textarea(attrs={"rows": 4})
    )


class RequestMoreForm(forms.Form):
    request = forms.CharField(
        label=_("Thông tin cần người gửi bổ sung"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    category = forms.ChoiceField(
        label=_("Phân loại (Quyết định 766, chỉ số 5.1)"), choices=Category.choices
    )


class PublishForm(forms.Form):
    public_title = forms.CharField(label=_("Tiêu đề được công khai"), max_length=TITLE_MAX)
    public_content = forms.CharField(
        label=_("Nội dung phản ánh được công khai"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Đã tự động che số điện thoại, thư điện tử, số giấy tờ; hãy lược bỏ thêm thông tin cá nhân nếu còn."
        ),
    )


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class TransferForm(forms.Form):
    agency = AgencyChoiceField(label=_("Cơ quan, đơn vị xử lý"), queryset=Agency.objects.active())
    officer = OfficerChoiceField(
        label=_("Cán bộ, công chức được phản ánh (nếu có)"),
        queryset=User.objects.filter(memberships__is_active=True).distinct().order_by("full_name"),
        required=False,
        empty_label=_("— Không xác định —"),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do kết thúc không công khai"), widget=forms.Textarea(attrs={"rows": 3})
    )
