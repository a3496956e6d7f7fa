from __future__ import annotations

from django.conf import settings

from motcua.accounts.permissions import is_staff_member


def site(request):
    """Names shown in every page header, and whether to show the staff menu."""
    from motcua.catalog.models import Agency

    def org_name() -> str:
        root = Agency.objects.filter(parent=None, is_active=True).order_by("order", "pk").first()
        return root.name if root else settings.MOTCUA_ORG_NAME

    user = getattr(request, "user", None)
    return {
        "site_org_name": org_name,  # lazy: evaluated only by templates that print it
        "site_system_name": settings.MOTCUA_SYSTEM_NAME,
        "user_is_staff_member": is_staff_member(user) if user is not None else False,
    }
