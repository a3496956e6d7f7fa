"""A reporting period and the condition behind each number counted over it.

``make_period(start, end)`` is the local days ``start … end`` (both included,
Asia/Ho_Chi_Minh); ``metric_q(metric, period)`` is the one condition of each number of
the period statistics (``stats``), of the daily summary that makes them fast
(``summary``) and of the indicators (``indicators``), so they all count alike. The
definitions are written down in docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency, Channel
from motcua.dossiers.models import Outcome, Pause, Status
from motcua.dossiers.states import ENDED
from motcua.dossiers.timeliness import Timeliness

ERR_PERIOD = _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
ERR_METRIC = _("Chỉ tiêu thống kê không hợp lệ.")


@dataclass(frozen=True)
class Period:
    """Local days ``start … end`` (both included) as the half-open ``[start_at, end_at)``.

    ``as_of`` is the moment at which dossiers still open at the end are judged in time or
    overdue: the end of the period, or now for a period that has not ended yet.
    """

    start: dt.date
    end: dt.date
    now: dt.datetime

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=_tz())

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=_tz())

    @property
    def as_of(self) -> dt.datetime:
        return min(self.end_at, self.now)


def _tz():
    return timezone.get_current_timezone()


def make_period(start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> Period:
    if start > end:
        raise ValueError(str(ERR_PERIOD))
    return Period(start=start, end=end, now=now or timezone.now())


# --- the conditions --------------------------------------------------------------------


def not_ended_before(moment: dt.datetime) -> Q:
    return Q(ended_at__isnull=True) | Q(ended_at__gte=moment)


def pauses_at(moment: dt.datetime) -> QuerySet:
    """The pause of the outer dossier (``OuterRef("pk")``) running at ``moment``: it began
    before it and had not ended (appraisal-stage supplement, Decree 118 Art. 19.3)."""
    return Pause.objects.filter(dossier=OuterRef("pk"), started_at__lt=moment).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=moment)
    )


def paused_at(moment: dt.datetime, pauses: QuerySet | None = None) -> Q:
    """Waiting for the applicant's supplement at ``moment`` (in one of ``pauses``, by
    default any pause running then)."""
    pauses = pauses_at(moment) if pauses is None else pauses
    # supplement_rounds > 0 is a cheap guard: only dossiers with a request can be paused.
    return Q(supplement_rounds__gt=0) & Q(Exists(pauses))


def metric_q(metric: str, period: Period) -> Q:
    """The condition behind one number (the annotation ``timeliness`` must be present)."""
    s, e, as_of = period.start_at, period.end_at, period.as_of
    received = Q(received_at__isnull=False)
    new = received & Q(received_at__gte=s, received_at__lt=e)
    ended_in = received & Q(ended_at__gte=s, ended_at__lt=e)
    finished = Q(status__in=(Status.FINISHED, Status.RETURNED))
    resolved = ended_in & finished & ~Q(outcome=Outcome.REFUSED)
    open_at_end = received & Q(received_at__lt=e) & not_ended_before(e)
    running = open_at_end & ~paused_at(e)
    # timeliness.classify: still running is in time while now ≤ appointment.
    in_time = Q(due_at__isnull=True) | Q(due_at__gte=as_of)
    conditions = {
        "carried_over": received & Q(received_at__lt=s) & not_ended_before(s),
        "new": new,
        "counter": new & Q(channel=Channel.COUNTER),
        "online": new & Q(channel=Channel.ONLINE),
        "postal": new & Q(channel=Channel.POSTAL),
        "early": resolved & Q(timeliness=Timeliness.EARLY),
        "on_time": resolved & Q(timeliness=Timeliness.ON_TIME),
        "late": resolved & Q(timeliness=Timeliness.LATE),
        "refused": ended_in & finished & Q(outcome=Outcome.REFUSED),
        "withdrawn": ended_in & Q(status=Status.WITHDRAWN),
        # Every dossier whose processing ended in the period (Decision 766 indicator 2.1):
        # resolved, refused, withdrawn or stopped.
        "ended": ended_in & Q(status__in=ENDED),
        "stopped": ended_in & Q(status=Status.STOPPED),
        "in_time": running & in_time,
        "overdue": running & ~in_time,
        "waiting_applicant": open_at_end & paused_at(e),
        "returned": received & Q(returned_at__gte=s, returned_at__lt=e),
    }
    try:
        return conditions[metric]
    except KeyError:
        raise ValueError(str(ERR_METRIC)) from None


def relevant(period: Period) -> Q:
    """Rows that can count at all (lets the database skip the rest by index)."""
    return Q(received_at__isnull=False, received_at__lt=period.end_at) & (
        not_ended_before(period.start_at) | Q(returned_at__gte=period.start_at)
    )


def subtree_ids(agency: Agency | None) -> list[int] | None:
    if agency is None:
        return None
    return list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
