"""E-mails about accounts, sent by the task worker after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task


@task()
def send_email_verification(user_id: int) -> bool:
    """Send the link that verifies the user's current e-mail address (valid 3 days)."""
    from motcua.accounts.models import User
    from motcua.accounts.services import email_verification_token

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.email_verified:
        return False
    link = settings.SITE_URL + reverse(
        "account_verify_email", kwargs={"token": email_verification_token(user)}
    )
    body = render_to_string(
        "accounts/email_verification.txt",
        {"user": user, "link": link, "system_name": settings.MOTCUA_SYSTEM_NAME},
    )
    send_mail("Xác thực địa chỉ thư điện tử", body, None, [user.email])
    return True
