"""Log in with a user name, an e-mail address or a phone number."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from motcua.accounts.models import User, normalize_phone


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
