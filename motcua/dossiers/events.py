"""The hash-chained event trail: appending and verifying.

``hash = sha256(prev_hash + canonical(event))`` where the canonical form is JSON
with sorted keys, no white space, datetimes as UTC ISO 8601 with microseconds, of
seq, at, actor, actor_name, action, from/to status, step, note and payload. The
first event of a dossier has an empty ``prev_hash``. An event is bound to its
dossier by the chain itself: ``(dossier, seq)`` is unique, each ``prev_hash`` is the
previous event's hash, and the dossier row keeps the head of its chain
(``event_count``, ``last_event_hash``), so moving an event to another dossier or
deleting the latest one is detected too. (Leaving the dossier's id out of the
canonical form lets the intake write the dossier row once, with its chain head.)
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models as dj_models

from motcua.dossiers.models import Dossier, Event
from motcua.lib.rows import insert as insert_row

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import ProcessStep
    from motcua.dossiers.models import Dossier, Event

SYSTEM_NAME = "Hệ thống"


def format_instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plain(value: Any) -> Any:
    """A JSON-stable copy of a payload: datetimes, dates, decimals and models as strings/ids."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return format_instant(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dj_models.Model):
        return value.pk
    if isinstance(value, float):
        # Floats do not survive every JSON column identically: keep them as text.
        return repr(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def canonical(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    from_status: int | None,
    to_status: int | None,
    step_id: int | None,
    note: str,
    payload: dict,
) -> str:
    return json.dumps(
        {
            "seq": seq,
            "at": format_instant(at),
            "actor": actor_id,
            "actor_name": actor_name,
            "action": action,
            "from_status": from_status,
            "to_status": to_status,
            "step": step_id,
            "note": note,
            "payload": payload,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def chain_hash(prev_hash: str, canonical_form: str) -> str:
    return hashlib.sha256((prev_hash + canonical_form).encode()).hexdigest()


def event_hash(event: Event) -> str:
    return chain_hash(
        event.prev_hash,
        canonical(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            step_id=event.step_id,
            note=event.note,
            payload=event.payload,
        ),
    )


def next_seq(dossier: Dossier) -> int:
    """The number the dossier's next event gets (its chain has no gaps)."""
    return dossier.event_count + 1


def append(
    dossier: Dossier,
    *,
    actor: User | None,
    action: str,
    at: dt.datetime,
    from_status: int | None,
    to_status: int | None,
    step: ProcessStep | None = None,
    note: str = "",
    payload: dict | None = None,
    save: bool = True,
) -> Event:
    """Write the next event of a dossier whose row the caller holds locked.

    Advances ``dossier.event_count`` and ``dossier.last_event_hash`` on the instance;
    the caller saves the dossier in the same transaction. With ``save=False`` the event
    is returned unsaved, for a dossier not inserted yet (the caller saves both).
    """
    event = Event(
        dossier=dossier,
        seq=next_seq(dossier),
        at=at,
        actor=actor,
        actor_name=(actor.display_name if actor is not None else SYSTEM_NAME)[:150],
        action=action,
        from_status=from_status,
        to_status=to_status,
        step=step,
        note=note,
        payload=plain(payload or {}),
        prev_hash=dossier.last_event_hash,
    )
    event.hash = event_hash(event)
    if save:
        insert_row(event)
    dossier.event_count = event.seq
    dossier.last_event_hash = event.hash
    return event


@dataclass(frozen=True)
class ChainProblem:
    dossier_id: int
    dossier_code: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f" (sự kiện số {self.seq})" if self.seq is not None else ""
        return f"Hồ sơ {self.dossier_code or self.dossier_id}{where}: {self.message}"


def _check_chain(dossier_row: tuple, events: list[Event]) -> ChainProblem | None:
    dossier_id, code, count, head = dossier_row
    prev = ""
    for expected, event in enumerate(events, start=1):
        if event.seq != expected:
            return ChainProblem(
                dossier_id,
                code,
                expected,
                "thiếu sự kiện hoặc sai thứ tự (số thứ tự không liền mạch)",
            )
        if event.prev_hash != prev:
            return ChainProblem(dossier_id, code, event.seq, "liên kết với sự kiện trước bị sai")
        if event_hash(event) != event.hash:
            return ChainProblem(dossier_id, code, event.seq, "nội dung sự kiện đã bị sửa đổi")
        prev = event.hash
    if len(events) != count or prev != head:
        return ChainProblem(
            dossier_id, code, None, "sự kiện cuối cùng bị xóa hoặc không khớp với hồ sơ"
        )
    return None


def verify(dossier_ids: list[int] | None = None, *, chunk: int = 500) -> Iterator[ChainProblem]:
    """Walk every chain (or the given dossiers) and yield one problem per broken dossier."""
    dossiers = Dossier.objects.order_by("pk")
    if dossier_ids is not None:
        dossiers = dossiers.filter(pk__in=dossier_ids)
    rows = dossiers.values_list("pk", "code", "event_count", "last_event_hash")
    batch: list[tuple] = []

    def check(batch: list[tuple]) -> Iterator[ChainProblem]:
        by_dossier: dict[int, list[Event]] = {row[0]: [] for row in batch}
        for event in Event.objects.filter(dossier_id__in=by_dossier).order_by("dossier_id", "seq"):
            by_dossier[event.dossier_id].append(event)
        for row in batch:
            problem = _check_chain(row, by_dossier[row[0]])
            if problem is not None:
                yield problem

    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) >= chunk:
            yield from check(batch)
            batch = []
    if batch:
        yield from check(batch)
