from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy, gettext_noop

from motcua.accounts.permissions import is_staff_member

# The default of settings.MOTCUA_SYSTEM_NAME, listed here so that it is translated; a name
# configured by a deployment is shown as configured unless the catalogue translates it too.
DEFAULT_SYSTEM_NAME = gettext_noop("Hệ thống thông tin giải quyết thủ tục hành chính")


def site(request):
    """Names shown in every page header, and whether to show the staff menu."""
    from motcua.catalog.models import Agency

    @cache  # asked up to three times a page; one query
    def org_name() -> str:
        root = Agency.objects.filter(parent=None, is_active=True).order_by("order", "pk").first()
        return root.name if root else settings.MOTCUA_ORG_NAME

    user = getattr(request, "user", None)
    return {
        "site_org_name": org_name,  # lazy: evaluated only by templates that print it
        "site_system_name": gettext_lazy(settings.MOTCUA_SYSTEM_NAME),
        "user_is_staff_member": is_staff_member(user) if user is not None else False,
    }
