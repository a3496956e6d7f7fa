"""Online payment gateways behind one small interface, and the demo gateway.

A gateway is told to ``start`` a ``PaymentOrder`` (it answers the address to send the
citizen to) and to ``verify_callback`` (it reads the request the bank sends back and
answers what it proves, or ``None`` when the request is not genuine). The services
(``services.payment_start`` / ``services.payment_callback``) do the rest: compare the
proven amount and order with the stored order, then record the payment through
``dossiers.actions.fees.dossier_confirm_payment``.

The demo gateway pretends to be a bank: its page ``/thanh-toan/demo/<order>/`` posts
back a callback signed with HMAC-SHA256 over ``order|amount|status`` with
``settings.PAYMENT_DEMO_SECRET`` (environment ``PAYMENT_DEMO_SECRET``; by default
derived from ``SECRET_KEY``). Changing the amount, the order or the status in the
callback breaks the signature.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.portal.models import PaymentOrder

STATUS_PAID = "paid"
STATUS_FAILED = "failed"


@dataclass(frozen=True)
class CallbackResult:
    """What a genuine callback proves."""

    order_id: str
    amount: int
    paid: bool
    reference: str = ""


class Gateway(Protocol):
    name: str

    def start(self, order: PaymentOrder) -> str:
        """The address to send the citizen to, to pay ``order``."""
        ...

    def verify_callback(self, request: HttpRequest) -> CallbackResult | None:
        """The result the bank's callback proves, or None if it is not genuine."""
        ...


def demo_secret() -> bytes:
    secret = getattr(settings, "PAYMENT_DEMO_SECRET", "") or ""
    if secret:
        return secret.encode()
    return hashlib.sha256(b"motcua.payment.demo|" + settings.SECRET_KEY.encode()).digest()


def demo_signature(order_id: str, amount: int | str, status: str) -> str:
    message = f"{order_id}|{amount}|{status}".encode()
    return hmac.new(demo_secret(), message, hashlib.sha256).hexdigest()


class DemoGateway:
    """A pretend bank for demonstrations and tests."""

    name = "demo"

    def start(self, order: PaymentOrder) -> str:
        return reverse("portal:demo_bank", args=[order.order_id])

    def callback_fields(self, order: PaymentOrder, *, paid: bool) -> dict[str, str]:
        """What the bank posts back (the demo bank page renders them as hidden fields)."""
        status = STATUS_PAID if paid else STATUS_FAILED
        return {
            "order": order.order_id,
            "amount": str(order.amount),
            "status": status,
            "reference": f"DEMO-{order.order_id[:12].upper()}",
            "signature": demo_signature(order.order_id, order.amount, status),
        }

    def verify_callback(self, request: HttpRequest) -> CallbackResult | None:
        data = request.POST
        order_id = (data.get("order") or "")[:40]
        amount = data.get("amount") or ""
        status = data.get("status") or ""
        signature = data.get("signature") or ""
        if not (order_id and amount.isdigit() and len(amount) <= 15):
            return None
        if status not in (STATUS_PAID, STATUS_FAILED):
            return None
        expected = demo_signature(order_id, int(amount), status)
        if not hmac.compare_digest(expected, signature):
            return None
        return CallbackResult(
            order_id=order_id,
            amount=int(amount),
            paid=status == STATUS_PAID,
            reference=(data.get("reference") or "")[:120],
        )


def get_gateway() -> Gateway:
    """The configured gateway (``settings.PAYMENT_GATEWAY``, a dotted class path)."""
    path = getattr(settings, "PAYMENT_GATEWAY", "") or "motcua.portal.payments.DemoGateway"
    return import_string(path)()
