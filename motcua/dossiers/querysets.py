"""Reads of dossiers and their events: QuerySet methods shared by work lists, pages, the
API and reports.

``Dossier.objects.for_user(user).overdue()`` and friends. Timeliness annotations
follow ``timeliness.py`` exactly (same definitions, in SQL). The event trail's QuerySet
refuses bulk updates and deletes (it is append-only).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.accounts.permissions import agencies_where
from motcua.accounts.roles import Action
from motcua.dossiers.states import CLOCK_RUNNING, IN_PROGRESS, Status
from motcua.dossiers.timeliness import FINISHED_ON_TIME, MAX_SUPPLEMENTS_766, Timeliness
from motcua.lib.text import fold

if TYPE_CHECKING:
    from motcua.accounts.models import User

ERR_EVENT_IMMUTABLE = "Nhật ký xử lý hồ sơ chỉ được ghi thêm, không được sửa hoặc xóa."


class EventImmutable(PermissionError):
    """Raised by every path that would change or delete an event."""


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=1)


class DossierQuerySet(models.QuerySet):
    # --- who may see what -------------------------------------------------
    def for_user(self, user: User | None) -> DossierQuerySet:
        """Dossiers the user may see: staff see those whose receiving point, competent
        agency, current unit or an inter-agency party is in an agency where they hold
        VIEW; everyone sees the dossiers filed from their own account."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        agencies = agencies_where(user, Action.VIEW).values("pk")
        parts = self.model._meta.get_field("interagency").related_model  # InterAgencyTask
        consulted = parts.objects.filter(dossier=OuterRef("pk"), agency__in=agencies)
        return self.filter(
            Q(applicant_user=user)
            | Q(receiving_point__in=agencies)
            | Q(agency__in=agencies)
            | Q(current_unit__in=agencies)
            | Exists(consulted)
        )

    def search(self, query: str) -> DossierQuerySet:
        """Code, applicant name (without diacritics, every word must match), ID number
        or tax code."""
        qs = self
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    # --- where it stands ----------------------------------------------------
    def received(self) -> DossierQuerySet:
        return self.filter(received_at__isnull=False)

    def in_progress(self) -> DossierQuerySet:
        return self.filter(status__in=IN_PROGRESS, received_at__isnull=False)

    def waiting_applicant(self) -> DossierQuerySet:
        """Waiting for the applicant: a supplement (5) or a financial obligation (6)."""
        return self.filter(status__in=(Status.SUPPLEMENT, Status.FINANCIAL))

    def ended(self) -> DossierQuerySet:
        return self.filter(ended_at__isnull=False)

    def overdue(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """In progress with the clock running and the appointment passed."""
        now = now or timezone.now()
        return self.filter(status__in=CLOCK_RUNNING, due_at__lt=now)

    def due_between(self, start: dt.datetime, end: dt.datetime) -> DossierQuerySet:
        """In progress with the appointment in [start, end)."""
        return self.filter(status__in=CLOCK_RUNNING, due_at__gte=start, due_at__lt=end)

    def due_today(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """In progress with the appointment today (Asia/Ho_Chi_Minh)."""
        return self.due_between(*_day_bounds(timezone.localdate(now or timezone.now())))

    # --- timeliness (see timeliness.py) --------------------------------------
    def finished_on_time(self) -> DossierQuerySet:
        """Ended (7, 8, 9, 10) not later than the appointment: early or on time."""
        return self.filter(ended_at__isnull=False, ended_at__lte=F("due_at"))

    def finished_late(self) -> DossierQuerySet:
        return self.filter(ended_at__isnull=False, ended_at__gt=F("due_at"))

    def finished_early(self) -> DossierQuerySet:
        """Ended on a day before the appointment's day."""
        return self.annotate(_end_day=TruncDate("ended_at"), _due_day=TruncDate("due_at")).filter(
            ended_at__isnull=False, _end_day__lt=F("_due_day")
        )

    def with_timeliness(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """Annotate ``timeliness`` with a ``Timeliness`` value (None if never received)."""
        now = now or timezone.now()
        end = Case(
            When(ended_at__isnull=False, then=F("ended_at")),
            When(status=Status.SUPPLEMENT, paused_at__isnull=False, then=F("paused_at")),
            default=None,
            output_field=models.DateTimeField(),
        )
        return self.annotate(
            _end=end, _end_day=TruncDate(end), _due_day=TruncDate("due_at")
        ).annotate(
            timeliness=Case(
                When(Q(received_at__isnull=True) | Q(due_at__isnull=True), then=Value(None)),
                When(_end__isnull=True, due_at__gte=now, then=Value(Timeliness.IN_TIME.value)),
                When(_end__isnull=True, then=Value(Timeliness.OVERDUE.value)),
                When(_end__gt=F("due_at"), then=Value(Timeliness.LATE.value)),
                When(_end_day__lt=F("_due_day"), then=Value(Timeliness.EARLY.value)),
                default=Value(Timeliness.ON_TIME.value),
                output_field=models.CharField(),
            )
        )

    def with_766_timeliness(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """Annotate ``timeliness`` (legal reading) and ``timeliness_766``: the reading of
        the Decision 766 indicator 2.1, where more than one supplement request makes the
        dossier late (``timeliness.decision_766_timeliness``)."""
        return self.with_timeliness(now).annotate(
            timeliness_766=Case(
                When(timeliness__isnull=True, then=Value(None)),
                When(
                    supplement_rounds__gt=MAX_SUPPLEMENTS_766,
                    then=Value(Timeliness.LATE.value),
                ),
                default=F("timeliness"),
                output_field=models.CharField(),
            )
        )

    def timeliness_in(self, *values: str, now: dt.datetime | None = None) -> DossierQuerySet:
        return self.with_timeliness(now).filter(timeliness__in=values)

    def on_time(self, now: dt.datetime | None = None) -> DossierQuerySet:
        """Ended early or on time (same as ``finished_on_time`` but through the annotation,
        so a dossier waiting for a supplement counts with its request time)."""
        return self.timeliness_in(*FINISHED_ON_TIME, now=now)


class EventQuerySet(models.QuerySet):
    """Append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise EventImmutable(ERR_EVENT_IMMUTABLE)

    def delete(self):
        raise EventImmutable(ERR_EVENT_IMMUTABLE)

    update.queryset_only = True
    delete.queryset_only = True

    def for_dossier(self, dossier) -> EventQuerySet:
        return self.filter(dossier=dossier).order_by("seq")
