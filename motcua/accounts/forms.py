from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User, validate_phone
from motcua.accounts.services import CONTACT_REQUIRED
from motcua.accounts.validators import validate_citizen_id, validate_tax_code

PASSWORD_HELP = _(
    "Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá phổ biến và không giống họ tên hay thư điện tử."
)
PASSWORD_MISMATCH = _("Hai mật khẩu đã nhập không giống nhau.")
PASSWORD_TOO_SHORT = _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.")
PASSWORD_TOO_SIMILAR = _("Mật khẩu quá giống với thông tin tài khoản (tên, thư điện tử).")
PASSWORD_TOO_COMMON = _("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.")
PASSWORD_NUMERIC = _("Mật khẩu không được chỉ gồm chữ số.")
ID_NUMBER_REQUIRED = _(
    "Nhập số định danh cá nhân (công dân) hoặc mã số thuế (tổ chức, doanh nghiệp)."
)
CONSENT_MISSING = _(
    "Cần đánh dấu đồng ý cho xử lý dữ liệu cá nhân để tạo tài khoản (Nghị định 13/2023/NĐ-CP)."
)
ID_NUMBER_LOCKED = _("Đã được xác minh qua tài khoản định danh điện tử, không sửa tại đây.")
EMAIL_INVALID = _("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn.")

_PASSWORD_MESSAGES = {
    "password_too_short": PASSWORD_TOO_SHORT,
    "password_too_similar": PASSWORD_TOO_SIMILAR,
    "password_too_common": PASSWORD_TOO_COMMON,
    "password_entirely_numeric": PASSWORD_NUMERIC,
}


def vietnamese_password_errors(error: ValidationError) -> list[ValidationError]:
    """Django's password validator errors, with Vietnamese messages for the known ones."""
    result = []
    for item in error.error_list:
        message = _PASSWORD_MESSAGES.get(item.code or "")
        if message is None:
            result.append(item)
        else:
            result.append(ValidationError(message, code=item.code, params=item.params))
    return result


class VietnamesePasswordsMixin:
    """Password checks of Django's set-password forms, with Vietnamese messages."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def validate_password_for_user(self, user, password_field_name="password2"):
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                for item in vietnamese_password_errors(error):
                    self.add_error(password_field_name, item)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập, thư điện tử hoặc số điện thoại"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Thông tin đăng nhập hoặc mật khẩu không đúng. Lưu ý mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class MotcuaPasswordChangeForm(VietnamesePasswordsMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": _("Mật khẩu hiện tại không đúng."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.fields["new_password2"].help_text = ""


class MotcuaSetPasswordForm(VietnamesePasswordsMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.fields["new_password2"].help_text = ""


def _id_number_errors(kind: str, value: str) -> ValidationError | None:
    try:
        if kind == User.Kind.ORGANISATION:
            validate_tax_code(value)
        else:
            validate_citizen_id(value)
    except ValidationError as error:
        return error
    return None


class ContactFieldsMixin(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên (hoặc tên tổ chức, doanh nghiệp)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Nhập họ và tên, hoặc tên tổ chức, doanh nghiệp.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": EMAIL_INVALID},
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    def require_a_contact(self, data: dict) -> None:
        if (
            not data.get("email")
            and not data.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error("email", CONTACT_REQUIRED)


class RegistrationForm(ContactFieldsMixin):
    """Self-registration of a citizen or an organisation (format checks only)."""

    kind = forms.ChoiceField(
        label=_("Đăng ký cho"),
        choices=[
            (User.Kind.CITIZEN, _("Công dân")),
            (User.Kind.ORGANISATION, _("Tổ chức, doanh nghiệp")),
        ],
        initial=User.Kind.CITIZEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Chọn loại tài khoản: công dân hoặc tổ chức, doanh nghiệp."),
            "invalid_choice": _("Chọn loại tài khoản: công dân hoặc tổ chức, doanh nghiệp."),
        },
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (12 số) hoặc mã số thuế"),
        max_length=20,
        help_text=_(
            "Công dân: số định danh cá nhân, cũng là số thẻ căn cước. Tổ chức, doanh nghiệp: mã số thuế 10 số (chi nhánh: 10 số-3 số)."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": ID_NUMBER_REQUIRED},
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Nhập lại mật khẩu để kiểm tra.")},
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý cho cơ quan nhà nước xử lý dữ liệu cá nhân của tôi (họ tên, số định danh, thư điện tử, số điện thoại) để giải quyết thủ tục hành chính, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."
        ),
        error_messages={"required": CONSENT_MISSING},
    )

    field_order = [
        "kind",
        "full_name",
        "id_number",
        "email",
        "phone",
        "password1",
        "password2",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Cần ít nhất một trong hai: thư điện tử hoặc số điện thoại. Dùng để đăng nhập."
        )

    def clean(self):
        data = super().clean()
        self.require_a_contact(data)
        kind = data.get("kind")
        id_number = data.get("id_number")
        if kind and id_number:
            error = _id_number_errors(kind, id_number)
            if error is not None:
                self.add_error("id_number", error)
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORD_MISMATCH)
        elif password1:
            candidate = User(
                email=data.get("email") or "",
                full_name=data.get("full_name") or "",
                first_name=data.get("full_name") or "",
                phone=data.get("phone") or "",
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                for item in vietnamese_password_errors(error):
                    self.add_error("password1", item)
        return data


class ProfileForm(ContactFieldsMixin):
    """The profile of the logged-in user (format checks only; rules live in services)."""

    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=20, required=False)
    address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    field_order = ["full_name", "id_number", "email", "phone", "address"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.kind == User.Kind.ORGANISATION:
            self.fields["full_name"].label = _("Tên tổ chức, doanh nghiệp")
            self.fields["id_number"].label = _("Mã số thuế")
        else:
            self.fields["full_name"].label = _("Họ và tên")
        self.fields["id_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        if user.id_number_verified:
            self.fields["id_number"].disabled = True
            self.fields["id_number"].help_text = ID_NUMBER_LOCKED

    def clean(self):
        data = super().clean()
        self.require_a_contact(data)
        id_number = data.get("id_number")
        if id_number:
            error = _id_number_errors(self.user.kind, id_number)
            if error is not None:
                self.add_error("id_number", error)
        elif self.user.kind != User.Kind.STAFF and self.user.id_number:
            self.add_error("id_number", ID_NUMBER_REQUIRED)
        return data
