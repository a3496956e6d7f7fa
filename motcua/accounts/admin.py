from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "email", "phone", "is_active"]
    list_filter = ["kind", "is_active", "is_staff", "memberships__role"]
    search_fields = ["username", "full_name", "email", "phone", "id_number"]
    inlines = [MembershipInline]
    readonly_fields = ["personal_data_consent_at"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {
                "fields": (
                    "kind",
                    "full_name",
                    "title",
                    "email",
                    "email_verified",
                    "phone",
                    "id_number",
                    "address",
                )
            },
        ),
        (
            _("Định danh điện tử và dữ liệu cá nhân"),
            {"fields": ("oidc_subject", "id_number_verified", "personal_data_consent_at")},
        ),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "kind",
                    "full_name",
                    "email",
                    "phone",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__code"]
    autocomplete_fields = ["user", "agency"]
