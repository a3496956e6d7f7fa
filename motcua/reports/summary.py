"""The daily summary behind fast reports, kept exact from the event trail.

``ReportDay`` holds, per local day × competent agency × procedure, the *flows* of the
period statistics: received by channel (by ``received_at``), ended by category (early,
on time, late, refused, withdrawn, stopped — by ``ended_at``) and returned (by
``returned_at``), with the summed processing seconds of the resolved ones. Each day's
rows are computed with the very conditions of ``periods.metric_q`` for the one-day period,
so a period's flows are the sum of its days.

Keeping it correct: the dossiers app writes exactly one ``Event`` per transition and
events are append-only with increasing ids. ``refresh()`` reads the events after the
last processed id (``ReportState.last_event_id``), collects the local days on which the
touched dossiers were received, ended or returned, and recomputes those days from the
dossier rows. A dossier's received, ended and returned times are set once and never
moved back, so every change of a flow lands on a day the refresh recomputes.
``period_statistics`` calls ``refresh()`` first, so reports never read a stale summary;
``manage.py refresh_report_summary [--full]`` does the same from cron or after bulk loads
(rows written without events, e.g. imports, need ``--full``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, DurationField, F, Max, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.catalog.models import Channel
from motcua.dossiers.models import Dossier, Event, Outcome, Status
from motcua.dossiers.timeliness import Timeliness
from motcua.reports.models import ReportDay, ReportState
from motcua.reports.periods import Period, metric_q

FLOWS = (
    "counter",
    "online",
    "postal",
    "early",
    "on_time",
    "late",
    "refused",
    "withdrawn",
    "stopped",
    "returned",
)
RESOLVED = ("early", "on_time", "late")


def _day_rows(day: dt.date) -> list[ReportDay]:
    period = Period(start=day, end=day, now=timezone.now())
    s, e = period.start_at, period.end_at
    touching = Dossier.objects.filter(received_at__gte=s, received_at__lt=e) | (
        Dossier.objects.filter(ended_at__gte=s, ended_at__lt=e)
        | Dossier.objects.filter(returned_at__gte=s, returned_at__lt=e)
    )
    qs = touching.with_timeliness(period.as_of)
    rows = []
    for kind in FLOWS:
        grouped = (
            qs.filter(metric_q(kind, period))
            .order_by()
            .values("agency_id", "procedure_id")
            .annotate(
                n=Count("pk"),
                seconds=Sum(F("ended_at") - F("received_at"), output_field=DurationField()),
            )
        )
        for g in grouped:
            seconds = g["seconds"].total_seconds() if kind in RESOLVED and g["seconds"] else 0
            rows.append(
                ReportDay(
                    day=day,
                    agency_id=g["agency_id"],
                    procedure_id=g["procedure_id"],
                    kind=kind,
                    n=g["n"],
                    seconds=seconds,
                )
            )
    return rows


def rebuild_days(days: set[dt.date]) -> None:
    for day in sorted(days):
        ReportDay.objects.filter(day=day).delete()
        ReportDay.objects.bulk_create(_day_rows(day), batch_size=2000)


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def refresh() -> int:
    """Process the events written since the last refresh; returns the days recomputed.

    The common case (nothing new) takes two index lookups and no lock; otherwise the
    state row is locked so concurrent refreshes do the work once."""
    latest = Event.objects.aggregate(m=Max("pk"))["m"] or 0
    mark = ReportState.objects.filter(pk=1).values_list("last_event_id", flat=True).first()
    if mark is not None and latest <= mark:
        return 0
    return _refresh_locked()


@transaction.atomic
def _refresh_locked() -> int:
    state, _ = ReportState.objects.select_for_update().get_or_create(pk=1)
    latest = Event.objects.aggregate(m=Max("pk"))["m"] or 0
    if latest <= state.last_event_id:
        return 0
    touched = (
        Event.objects.filter(pk__gt=state.last_event_id, pk__lte=latest)
        .values_list("dossier_id", flat=True)
        .distinct()
    )
    days: set[dt.date] = set()
    for received, ended, returned in Dossier.objects.filter(pk__in=touched).values_list(
        "received_at", "ended_at", "returned_at"
    ):
        days.update(d for d in map(_local_day, (received, ended, returned)) if d is not None)
    rebuild_days(days)
    state.last_event_id = latest
    state.save(update_fields=["last_event_id"])
    return len(days)


@transaction.atomic
def rebuild_all() -> int:
    """Recompute every day from the dossier rows (after a bulk load). Returns rows written."""
    state, _ = ReportState.objects.select_for_update().get_or_create(pk=1)
    latest = Event.objects.aggregate(m=Max("pk"))["m"] or 0
    ReportDay.objects.all().delete()
    received = Dossier.objects.filter(received_at__isnull=False)
    rows: list[ReportDay] = []
    channels = {Channel.COUNTER: "counter", Channel.ONLINE: "online", Channel.POSTAL: "postal"}
    for g in (
        received.annotate(day=TruncDate("received_at"))
        .order_by()
        .values("day", "agency_id", "procedure_id", "channel")
        .annotate(n=Count("pk"))
    ):
        rows.append(
            ReportDay(
                day=g["day"],
                agency_id=g["agency_id"],
                procedure_id=g["procedure_id"],
                kind=channels[g["channel"]],
                n=g["n"],
            )
        )
    for g in (
        received.filter(returned_at__isnull=False)
        .annotate(day=TruncDate("returned_at"))
        .order_by()
        .values("day", "agency_id", "procedure_id")
        .annotate(n=Count("pk"))
    ):
        rows.append(ReportDay(kind="returned", seconds=0, **g))
    ended = (
        received.filter(ended_at__isnull=False)
        .with_timeliness()
        .annotate(day=TruncDate("ended_at"))
        .order_by()
        .values("day", "agency_id", "procedure_id", "status", "outcome", "timeliness")
        .annotate(
            n=Count("pk"),
            seconds=Sum(F("ended_at") - F("received_at"), output_field=DurationField()),
        )
    )
    merged: dict[tuple, list] = {}
    for g in ended:
        if g["status"] == Status.WITHDRAWN:
            kind = "withdrawn"
        elif g["status"] == Status.STOPPED:
            kind = "stopped"
        elif g["status"] not in (Status.FINISHED, Status.RETURNED):
            continue
        elif g["outcome"] == Outcome.REFUSED:
            kind = "refused"
        else:
            kind = Timeliness(g["timeliness"]).value
        key = (g["day"], g["agency_id"], g["procedure_id"], kind)
        acc = merged.setdefault(key, [0, 0.0])
        acc[0] += g["n"]
        if kind in RESOLVED and g["seconds"]:
            acc[1] += g["seconds"].total_seconds()
    for (day, agency_id, procedure_id, kind), (n, seconds) in merged.items():
        rows.append(
            ReportDay(
                day=day, agency_id=agency_id, procedure_id=procedure_id, kind=kind, n=n,
                seconds=seconds,
            )
        )  # fmt: skip
    ReportDay.objects.bulk_create(rows, batch_size=5000)
    state.last_event_id = latest
    state.save(update_fields=["last_event_id"])
    return len(rows)
