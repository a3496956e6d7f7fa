"""The public transparency board (/minh-bach/): no personal data, only codes,
procedures, agencies, reasons and dates (Decree 118 Art. 19.6: the apology is public)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from motcua.dossiers.models import Extension
from motcua.reports.satisfaction import satisfaction_by_agency
from motcua.reports.stats import dossiers_for, period_report

BOARD_LATE_LIMIT = 100


def board_context(*, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    start = today.replace(month=1, day=1)
    report = period_report(start=start, end=today, by="agency")
    happy = satisfaction_by_agency(start=start, end=today)
    agencies = []
    for row in report.rows:
        stats = row.stats
        if not (stats["resolved"]["total"] or stats["in_progress"]["total"]):
            continue
        agencies.append(
            {
                "name": row.label,
                "on_time_rate": stats["on_time_rate"],
                "resolved": stats["resolved"]["total"],
                "late": stats["resolved"]["late"] + stats["in_progress"]["overdue"],
                "satisfied_rate": happy.get(row.key, {}).get("satisfied_rate"),
            }
        )
    approved = Prefetch(
        "extensions", queryset=Extension.objects.filter(approved=True), to_attr="apologies"
    )
    late = []
    for metric in ("overdue", "late"):
        qs = (
            dossiers_for(metric, start=start, end=today)
            .select_related("procedure", "agency")
            .prefetch_related(approved)
            .only(
                "code",
                "due_at",
                "ended_at",
                "status",
                "procedure__name",
                "procedure__code",
                "agency__name",
                "received_at",
            )
            .order_by("-due_at")[:BOARD_LATE_LIMIT]
        )
        for d in qs:
            apology = d.apologies[0] if d.apologies else None
            late.append(
                {
                    "code": d.code,
                    "procedure": d.procedure.name,
                    "agency": d.agency.name,
                    "due_at": d.due_at,
                    "ended_at": d.ended_at,
                    "reason": apology.reason if apology else "",
                    "new_due_at": apology.new_due_at if apology else None,
                    "apology": apology.apology if apology else "",
                }
            )
    apologies = [
        {
            "code": e.dossier.code,
            "procedure": e.dossier.procedure.name,
            "agency": e.dossier.agency.name,
            "reason": e.reason,
            "apology": e.apology,
            "previous_due_at": e.previous_due_at,
            "new_due_at": e.new_due_at,
        }
        for e in Extension.objects.filter(approved=True, decided_at__date__gte=start)
        .select_related("dossier__procedure", "dossier__agency")
        .order_by("-decided_at")[:BOARD_LATE_LIMIT]
    ]
    return {
        "apologies": apologies,
        "start": start,
        "today": today,
        "total": report.total,
        "agencies": agencies,
        "late": late,
    }
