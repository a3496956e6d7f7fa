"""The administration site, opened to administrators and inspectors by their roles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from motcua.accounts.permissions import can_anywhere
from motcua.accounts.roles import Action


class MotcuaAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        if not user.is_active:
            return False
        return (
            user.is_staff
            or can_anywhere(user, Action.CONFIGURE)
            or can_anywhere(user, Action.REPORT)
        )


class MotcuaAdminConfig(AdminConfig):
    default_site = "motcua.web.admin_site.MotcuaAdminSite"
