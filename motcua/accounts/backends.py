"""Log in with a user name, an e-mail address or a phone number."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from motcua.accounts.models import User, normalize_phone
from motcua.accounts.permissions import can_anywhere
from motcua.accounts.roles import Action

# Apps whose data an administrator configures through the admin site.
CONFIGURABLE_APPS = frozenset(
    {"accounts", "catalog", "workdays", "dossiers", "feedback", "reports", "notify", "tickets"}
)


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        login = username.strip()
        condition = Q(username__iexact=login)
        if "@" in login:
            condition |= Q(email__iexact=login)
        else:
            phone = normalize_phone(login)
            if phone.isdigit():
                condition |= Q(phone=phone)
        users = list(User.objects.filter(condition)[:2])
        if len(users) != 1:
            # Run the hasher anyway so that timing does not reveal which logins exist.
            User().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class RoleBackend(ModelBackend):
    """Django model permissions from MotCua roles, for the admin site.

    An administrator (Action.CONFIGURE) may manage the configurable apps; an
    inspector, or anyone who may read reports, may only view. The dossier
    lifecycle itself never goes through these permissions: it has its services.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if not user_obj.is_active:
            return False
        app_label, _, codename = perm.partition(".")
        if app_label not in CONFIGURABLE_APPS:
            return False
        if can_anywhere(user_obj, Action.CONFIGURE):
            return True
        return codename.startswith("view_") and can_anywhere(user_obj, Action.REPORT)

    def has_module_perms(self, user_obj, app_label) -> bool:
        if not user_obj.is_active or app_label not in CONFIGURABLE_APPS:
            return False
        return can_anywhere(user_obj, Action.CONFIGURE) or can_anywhere(user_obj, Action.REPORT)
