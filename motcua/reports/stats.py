"""Period statistics: the one home of every dossier count shown by reports.

``period_statistics(start=, end=, agency=, by=)`` counts, for the local days
``start … end`` (both included, Asia/Ho_Chi_Minh) and the competent agencies in the
subtree of ``agency``, the dossiers carried over, newly received, resolved, still in
progress, waiting for the applicant, refused, withdrawn, stopped and returned.
``dossiers_for(metric, …)`` returns the dossiers behind any of those numbers with the
very same condition, so a page can link every number to its list.

The definitions are written down in docs/reports.md. Timeliness (early / on time /
late, in time / overdue) is the one of ``dossiers.timeliness`` through the selector
``with_timeliness``; nothing here redefines it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypedDict

from django.db.models import Avg, Count, DurationField, F, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency, Field, Procedure
from motcua.dossiers.models import Dossier
from motcua.reports import summary
from motcua.reports.models import ReportDay
from motcua.reports.periods import (
    Period,
    make_period,
    metric_q,
    not_ended_before,
    relevant,
    subtree_ids,
)

GroupBy = Literal["agency", "field", "procedure"]
GROUP_KEYS: dict[str, str] = {
    "agency": "agency",
    "field": "procedure__field",
    "procedure": "procedure",
}

# Every number, in the order of the report's columns, with its Vietnamese label.
METRICS: dict[str, str] = {
    "carried_over": _("Kỳ trước chuyển sang"),
    "new": _("Mới tiếp nhận"),
    "counter": _("Trực tiếp"),
    "online": _("Trực tuyến"),
    "postal": _("Bưu chính"),
    "early": _("Giải quyết trước hạn"),
    "on_time": _("Giải quyết đúng hạn"),
    "late": _("Giải quyết quá hạn"),
    "refused": _("Từ chối giải quyết"),
    "withdrawn": _("Công dân rút hồ sơ"),
    "stopped": _("Dừng xử lý"),
    "in_time": _("Đang xử lý trong hạn"),
    "overdue": _("Đang xử lý quá hạn"),
    "waiting_applicant": _("Chờ công dân bổ sung"),
    "returned": _("Đã trả kết quả"),
}


def _base(period: Period, agency: Agency | None) -> QuerySet:
    qs = Dossier.objects.filter(relevant(period))
    ids = subtree_ids(agency)
    if ids is not None:
        qs = qs.filter(agency_id__in=ids)
    # The timeliness of ended dossiers does not depend on "now".
    return qs.with_timeliness(period.as_of)


def dossiers_for(
    metric: str,
    *,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    procedure_id: int | None = None,
    field_id: int | None = None,
    now: dt.datetime | None = None,
) -> QuerySet:
    """The dossiers behind one number of ``period_statistics`` (same condition)."""
    period = make_period(start, end, now=now)
    qs = _base(period, agency).filter(metric_q(metric, period))
    if procedure_id is not None:
        qs = qs.filter(procedure_id=procedure_id)
    if field_id is not None:
        qs = qs.filter(procedure__field_id=field_id)
    return qs


# --- the result ----------------------------------------------------------------------


class Received(TypedDict):
    carried_over: int
    new: int
    counter: int
    online: int
    postal: int


class Resolved(TypedDict):
    early: int
    on_time: int
    late: int
    total: int


class InProgress(TypedDict):
    on_time: int
    overdue: int
    total: int


class PeriodStats(TypedDict):
    received: Received
    resolved: Resolved
    in_progress: InProgress
    waiting_applicant: int
    refused: int
    withdrawn: int
    stopped: int
    returned: int
    carried_out: int
    on_time_rate: float | None
    average_days: float | None


def _shape(row: dict) -> PeriodStats:
    resolved_total = row["early"] + row["on_time"] + row["late"]
    progress_total = row["in_time"] + row["overdue"]
    avg = row.get("avg_duration")
    judged = resolved_total + progress_total
    good = row["early"] + row["on_time"] + row["in_time"]
    return PeriodStats(
        received=Received(
            carried_over=row["carried_over"],
            new=row["new"],
            counter=row["counter"],
            online=row["online"],
            postal=row["postal"],
        ),
        resolved=Resolved(
            early=row["early"], on_time=row["on_time"], late=row["late"], total=resolved_total
        ),
        in_progress=InProgress(
            on_time=row["in_time"], overdue=row["overdue"], total=progress_total
        ),
        waiting_applicant=row["waiting_applicant"],
        refused=row["refused"],
        withdrawn=row["withdrawn"],
        stopped=row["stopped"],
        returned=row["returned"],
        carried_out=progress_total + row["waiting_applicant"],
        on_time_rate=round(good * 100 / judged, 2) if judged else None,
        average_days=round(avg.total_seconds() / 86400, 2) if avg is not None else None,
    )


def flat(stats: PeriodStats) -> dict[str, int]:
    """The numbers keyed by metric name (the order of ``METRICS``)."""
    return {
        "carried_over": stats["received"]["carried_over"],
        "new": stats["received"]["new"],
        "counter": stats["received"]["counter"],
        "online": stats["received"]["online"],
        "postal": stats["received"]["postal"],
        "early": stats["resolved"]["early"],
        "on_time": stats["resolved"]["on_time"],
        "late": stats["resolved"]["late"],
        "refused": stats["refused"],
        "withdrawn": stats["withdrawn"],
        "stopped": stats["stopped"],
        "in_time": stats["in_progress"]["on_time"],
        "overdue": stats["in_progress"]["overdue"],
        "waiting_applicant": stats["waiting_applicant"],
        "returned": stats["returned"],
    }


def _aggregates(period: Period) -> dict:
    values = {name: Count("pk", filter=metric_q(name, period)) for name in METRICS}
    resolved = metric_q("early", period) | metric_q("on_time", period) | metric_q("late", period)
    values["avg_duration"] = Avg(
        F("ended_at") - F("received_at"), filter=resolved, output_field=DurationField()
    )
    return values


@dataclass
class GroupRow:
    key: int | None
    label: str
    stats: PeriodStats


@dataclass
class Report:
    start: dt.date
    end: dt.date
    agency: Agency | None
    total: PeriodStats
    by: str | None
    rows: list[GroupRow]


def _clean(row: dict) -> dict:
    return {k: (v or 0) if k != "avg_duration" else v for k, v in row.items()}


def _rows_direct(period: Period, agency: Agency | None, key: str | None) -> dict:
    """Every number straight from the dossier rows (one aggregate query)."""
    qs = _base(period, agency).order_by()
    if key is None:
        return {None: _clean(qs.aggregate(**_aggregates(period)))}
    out = {}
    for row in qs.values(key).annotate(**_aggregates(period)):
        out[row.pop(key)] = _clean(row)
    return out


_OPEN = ("in_time", "overdue", "waiting_applicant")


def _rows_summary(period: Period, agency: Agency | None, key: str | None) -> dict:
    """Flows from the daily summary, what is open at the end from the rows, and the
    carried over by the identity (see docs/reports.md)."""
    summary.refresh()
    ids = subtree_ids(agency)
    days = ReportDay.objects.filter(day__gte=period.start, day__lte=period.end)
    e = period.end_at
    open_ = Dossier.objects.filter(received_at__isnull=False, received_at__lt=e).filter(
        not_ended_before(e)
    )
    if ids is not None:
        days = days.filter(agency_id__in=ids)
        open_ = open_.filter(agency_id__in=ids)
    counts = {name: Count("pk", filter=metric_q(name, period)) for name in _OPEN}
    open_ = open_.with_timeliness(period.as_of).order_by()
    if key is None:
        opened = {None: open_.aggregate(**counts)}
        flows = days.order_by().values("kind").annotate(n=Sum("n"), s=Sum("seconds"))
    else:
        opened = {row.pop(key): row for row in open_.values(key).annotate(**counts)}
        flows = days.order_by().values(key, "kind").annotate(n=Sum("n"), s=Sum("seconds"))
    rows: dict = {}

    def blank() -> dict:
        return dict.fromkeys(METRICS, 0) | {"_seconds": 0.0}

    for f in flows:
        row = rows.setdefault(f.get(key) if key else None, blank())
        row[f["kind"]] += f["n"]
        if f["kind"] in ("early", "on_time", "late"):
            row["_seconds"] += f["s"] or 0.0
    for k, o in opened.items():
        row = rows.setdefault(k, blank())
        row.update(o)
    if key is None:
        rows.setdefault(None, blank())
    for row in rows.values():
        row["new"] = row["counter"] + row["online"] + row["postal"]
        resolved = row["early"] + row["on_time"] + row["late"]
        ended = resolved + row["refused"] + row["withdrawn"] + row["stopped"]
        still = row["in_time"] + row["overdue"] + row["waiting_applicant"]
        row["carried_over"] = ended + still - row["new"]
        seconds = row.pop("_seconds")
        row["avg_duration"] = dt.timedelta(seconds=seconds / resolved) if resolved else None
    return rows


def period_statistics(
    *,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    now: dt.datetime | None = None,
    direct: bool = False,
) -> PeriodStats:
    """Counts for one period and one agency subtree (all agencies if None).

    ``direct=True`` reads only the dossier rows (no summary): the same numbers, slower on
    large tables; tests use it as a cross-check of the summary.
    """
    period = make_period(start, end, now=now)
    compute = _rows_direct if direct else _rows_summary
    return _shape(compute(period, agency, None)[None])


def period_report(
    *,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    by: GroupBy | None = None,
    now: dt.datetime | None = None,
    direct: bool = False,
) -> Report:
    """The total and, if ``by`` is given, one row per agency, field or procedure."""
    period = make_period(start, end, now=now)
    total = period_statistics(start=start, end=end, agency=agency, now=period.now, direct=direct)
    rows: list[GroupRow] = []
    if by is not None:
        compute = _rows_direct if direct else _rows_summary
        labels = _labels(by)
        for k, row in compute(period, agency, GROUP_KEYS[by]).items():
            rows.append(GroupRow(key=k, label=labels.get(k, "—"), stats=_shape(row)))
        rows.sort(key=lambda r: r.label)
    return Report(start=start, end=end, agency=agency, total=total, by=by, rows=rows)


def _labels(by: str) -> dict[int, str]:
    if by == "agency":
        return dict(Agency.objects.values_list("pk", "name"))
    if by == "field":
        return dict(Field.objects.values_list("pk", "name"))
    return {
        pk: f"{code} · {name}"
        for pk, code, name in Procedure.objects.values_list("pk", "code", "name")
    }


__all__ = [
    "METRICS",
    "PeriodStats",
    "dossiers_for",
    "flat",
    "period_report",
    "period_statistics",
]
