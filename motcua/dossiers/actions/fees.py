"""Fees and other financial obligations (nghĩa vụ tài chính): asked for (→ 6) and paid
(→ 4), at the counter, by whoever works on the step, or through the payment gateway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.actions.core import commit, lock
from motcua.dossiers.models import (
    Dossier,
    EventAction,
    FinancialObligation,
    Payment,
    PaymentMethod,
    PaymentState,
    Status,
)
from motcua.dossiers.permissions import check_confirm_payment, check_request_payment
from motcua.lib.clock import now
from motcua.lib.errors import InvalidInput, fail
from motcua.lib.numbers import group_thousands

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_PAYMENT_ITEMS = _("Vui lòng nêu các khoản phải nộp với số tiền lớn hơn 0.")
ERR_PAYMENT_SHORT = _("Số tiền đã nộp (%(paid)s đồng) ít hơn số phải nộp (%(due)s đồng).")


@dataclass(frozen=True)
class FeeItem:
    name: str
    amount: int


@transaction.atomic
def dossier_request_payment(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[FeeItem],
    note: str = "",
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the applicant to fulfil a financial obligation (→ 6)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_request_payment(actor, dossier)
    if not items or any(item.amount <= 0 for item in items):
        raise fail(InvalidInput, ERR_PAYMENT_ITEMS, "payment_items")
    obligation = FinancialObligation.objects.create(
        dossier=dossier,
        amount=sum(item.amount for item in items),
        items=[{"name": item.name, "amount": item.amount} for item in items],
        requested_at=at,
        requested_by=actor,
    )
    before = dossier.status
    dossier.status = Status.FINANCIAL
    dossier.payment_state = PaymentState.REQUESTED
    commit(
        dossier,
        actor=actor,
        action=EventAction.PAYMENT_REQUESTED,
        at=at,
        from_status=before,
        note=note,
        payload={
            "obligation": obligation.pk,
            "amount": obligation.amount,
            "items": obligation.items,
        },
        notify=True,
    )
    return dossier


@transaction.atomic
def dossier_confirm_payment(
    *,
    actor: User | None,
    dossier: Dossier | int,
    amount: int,
    method: str = PaymentMethod.CASH,
    reference: str = "",
    online: int | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The obligation is paid (→ 4): recorded by the receiving officer, whoever works on
    the step, or the system (payment gateway)."""
    at = now(at)
    dossier = lock(dossier, version)
    check_confirm_payment(actor, dossier)
    obligation = dossier.obligations.filter(paid_at__isnull=True).order_by("-pk").first()
    if amount < obligation.amount:
        raise fail(
            InvalidInput,
            ERR_PAYMENT_SHORT,
            "payment_short",
            paid=group_thousands(amount),
            due=group_thousands(obligation.amount),
        )
    payment = Payment.objects.create(
        dossier=dossier,
        obligation=obligation,
        amount=amount,
        method=method,
        online=online,
        reference=reference,
        paid_at=at,
        recorded_by=actor,
    )
    obligation.paid_at = at
    obligation.save(update_fields=["paid_at"])
    before = dossier.status
    dossier.status = Status.PROCESSING
    dossier.payment_state = PaymentState.PAID
    commit(
        dossier,
        actor=actor,
        action=EventAction.PAYMENT_CONFIRMED,
        at=at,
        from_status=before,
        payload={"payment": payment.pk, "amount": amount, "method": method, "online": online},
    )
    return dossier
