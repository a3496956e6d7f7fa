"""What every dossier action does, in one place.

An action is one function, the one write path for the counter, the portal, the API,
commands and tasks. It runs in one transaction, locks the dossier row (``lock``;
``select_for_update``, on SQLite the IMMEDIATE transaction serialises writers), checks
the caller's ``version`` (optimistic concurrency, ``StaleDossier``), asks its check in
``dossiers.permissions`` (the actor's permission and the dossier's state), checks its
input, writes the change and exactly one event (``commit``), and queues the e-mail the
applicant must get so that it leaves only after the commit.

``actor`` is the user acting; ``None`` only for system actions (commands, payment
gateway callbacks), recorded as "Hệ thống". ``at`` places the action in time (defaults
to now) so demo data and tests can replay the past. Every action returns the updated
dossier. A refused action raises a ``motcua.lib.errors`` error whose ``message`` is
Vietnamese and shown to the user as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel
from motcua.dossiers import codes, events
from motcua.dossiers.models import DeliveryMethod, Dossier, Event, EventAction
from motcua.dossiers.tasks import notify_applicant
from motcua.lib.errors import InvalidInput, InvalidTransition, fail
from motcua.lib.rows import insert as insert_row
from motcua.lib.rows import update as update_row
from motcua.lib.text import fold

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure, ProcessStep


class StaleDossier(InvalidTransition):
    """The dossier changed since the caller's page was rendered (HTTP 409)."""


ERR_STALE = _("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.")
ERR_REASON_REQUIRED = _("Vui lòng nêu rõ lý do.")
ERR_NO_TIME_LIMIT = _("Thủ tục chưa có thời hạn giải quyết: không thể hẹn ngày trả kết quả.")
ERR_DELIVERY = _("Thủ tục không hỗ trợ hình thức trả kết quả này.")
ERR_DELIVERY_ADDRESS = _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")

# The events the applicant is e-mailed about (``tasks.SUBJECTS``).
NOTIFIED = frozenset(
    {
        EventAction.RECEIVED,
        EventAction.NOT_RECEIVED,
        EventAction.SUPPLEMENT_REQUESTED,
        EventAction.PAYMENT_REQUESTED,
        EventAction.REFUSED,
        EventAction.EXTENSION_APPROVED,
        EventAction.STOPPED,
        EventAction.FINISHED,
    }
)


def lock(dossier: Dossier | int, version: int | None) -> Dossier:
    """The dossier's row, locked until the commit; ``StaleDossier`` if ``version`` is
    given and the dossier has moved on since."""
    pk = dossier.pk if isinstance(dossier, Dossier) else dossier
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency", "receiving_point", "current_step", "current_unit")
        .get(pk=pk)
    )
    if version is not None and locked.version != version:
        raise fail(StaleDossier, ERR_STALE, "stale")
    return locked


def commit(
    dossier: Dossier,
    *,
    actor: User | None,
    action: str,
    at: dt.datetime,
    from_status: int | None,
    step: ProcessStep | None = None,
    note: str = "",
    payload: dict | None = None,
    notify: bool = False,
    draw_code: bool = False,
    head_only: bool = False,
) -> Event:
    """Write the one event of the transition and save the dossier.

    ``notify``: queue the e-mail the applicant must get of this event.
    ``draw_code``: issue the dossier's code first (``draw_code``): the code is in the
    event, whose hash chains it.
    ``head_only``: the dossier row was just written, update the chain head and version
    (and the code when drawn).
    A dossier without a primary key is inserted once, with its chain head, then the event.

    The order is the shortest wait for other intakes: the agency's daily sequence row is
    locked from the code's draw to the commit, so only the event and the dossier's update
    come after it; the e-mail task row is written before."""
    dossier.version += 1
    new = dossier.pk is None
    if notify and not new:
        _notify(dossier, action, seq=events.next_seq(dossier))
    if draw_code:
        _draw_code(dossier, payload, at=at)
    event = events.append(
        dossier,
        actor=actor,
        action=action,
        at=at,
        from_status=from_status,
        to_status=dossier.status,
        step=step if step is not None else dossier.current_step,
        note=note,
        payload=payload,
        save=not new,
    )
    if new:
        insert_row(dossier)
        insert_row(event)
        if notify:
            _notify(dossier, action, seq=event.seq)
    elif head_only:
        # One UPDATE of what changed since the row was written (no model save machinery:
        # at intake this runs while the agency's sequence row is locked).
        head = ("version", "event_count", "last_event_hash")
        update_row(dossier, (*head, "code", "search_text") if draw_code else head)
    else:
        dossier.save()
    return event


def _queue_in_this_database() -> bool:
    """Is the task queue a table of the default database (django_tasks_db)?"""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is not installed
        return False
    backend = notify_applicant.get_backend()
    return isinstance(backend, DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def _notify(dossier: Dossier, action: str, *, seq: int) -> None:
    """Queue the e-mail about the dossier's event ``seq`` (``tasks.notify_applicant``),
    for the events citizens hear of (``NOTIFIED``) and an applicant with an address."""
    if not (dossier.applicant_email and action in NOTIFIED):
        return
    dossier_id = dossier.pk
    if _queue_in_this_database():
        # The queue is a table of this database: the task row commits or rolls back with
        # the transition and no worker can see it before the commit, so the mail still
        # goes out only after the commit (a transactional outbox), without a second
        # transaction of its own.
        notify_applicant.enqueue(dossier_id, seq)
    else:
        transaction.on_commit(lambda: notify_applicant.enqueue(dossier_id, seq))


def insert(rows: Sequence) -> None:
    """Insert rows that point at a just-saved dossier: one INSERT per model."""
    by_model: dict[type, list] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, items in by_model.items():
        if len(items) == 1:
            insert_row(items[0])
        else:
            model.objects.bulk_create(items)


def search_text(dossier: Dossier) -> str:
    """What the work lists' search matches: code, names and identifiers, folded."""
    return fold(
        " ".join(
            part
            for part in (
                dossier.code or "",
                dossier.applicant_name,
                dossier.applicant_id_number,
                dossier.applicant_tax_code,
                dossier.proxy_name,
            )
            if part
        )
    )


def _draw_code(dossier: Dossier, payload: dict, *, at: dt.datetime) -> None:
    """Issue the dossier's code (Decree 118 Art. 28) into the dossier and the payload.

    Draw it as late as possible (``commit``): the agency's sequence row stays locked
    until commit, and every other intake of the agency that day waits for it."""
    code_agency = dossier.receiving_point if dossier.channel == Channel.ONLINE else dossier.agency
    dossier.code = codes.issue_code(code_agency, at)
    dossier.search_text = search_text(dossier)
    payload["code"] = dossier.code


def time_limit(procedure: Procedure) -> tuple[Decimal, str]:
    """The procedure's time limit (amount, unit); ``InvalidInput`` when it has none."""
    amount, unit = procedure.time_limit
    if amount is None:
        raise fail(InvalidInput, ERR_NO_TIME_LIMIT, "no_time_limit")
    return amount, unit


def required_text(text: str | None) -> str:
    """The reason (or answer) a transition must carry, trimmed (``ERR_REASON_REQUIRED``)."""
    text = (text or "").strip()
    if not text:
        raise fail(InvalidInput, ERR_REASON_REQUIRED, "reason_required")
    return text


def check_delivery(procedure: Procedure, method: str, address: str) -> None:
    """The result goes one of the ways the procedure offers; by post, to an address."""
    if method not in DeliveryMethod.offered_by(procedure):
        raise fail(InvalidInput, ERR_DELIVERY, "delivery")
    if method == DeliveryMethod.POST and not (address or "").strip():
        raise fail(InvalidInput, ERR_DELIVERY_ADDRESS, "delivery_address")
