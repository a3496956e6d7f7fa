"""Timeliness (trước hạn / đúng hạn / quá hạn): the one place it is decided.

Decision 766 (regulations §4.2, indicator 2.1): a dossier is on time when the end of
processing is not later than the appointment (``NgayKetThucXuLy ≤ NgayHenTra``). The
end of processing is the time of the terminal status — withdrawn (7), stopped (8) or
finished (9); a returned dossier (10) has passed through 9, whose time is taken.
While the dossier waits for the applicant's supplement during appraisal, the time of
the request stands in for the end (Decision 766) — the clock is not running.

*Early* (trước hạn) is defined here as: ended on a calendar day (Asia/Ho_Chi_Minh)
before the day of the appointment. Ending on the due day before the due moment is
*on time* (đúng hạn). A dossier still in progress is *in time* or *overdue* by
comparing ``now`` with the appointment.

**Two readings.** ``dossier_timeliness`` is the legal reading (Decree 118: the
appointment on the Giấy tiếp nhận, moved by an approved extension and recomputed when
a complete supplement arrives, Art. 19.5); the work lists, the dossier page and form
06 use it. ``decision_766_timeliness`` is the reading of the Decision 766 indicator
2.1: the same, except that a dossier with more than one supplement request
(``supplement_rounds > 1``) counts as late, whatever its dates. The two differ only in
that rule, so they stay two functions over one ``classify``.

The same rules are available as QuerySet annotations and filters in ``selectors``
(``.with_timeliness(now)``, ``.finished_on_time()``, ``.overdue(now)``...) so reports
and work lists agree with this module.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.states import Status


class TimedDossier(Protocol):
    """What timeliness reads of a dossier (``models.Dossier``)."""

    status: int
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    ended_at: dt.datetime | None
    paused_at: dt.datetime | None
    supplement_rounds: int


class TimedRun(Protocol):
    """What timeliness reads of one pass through a step (``models.StepRun``)."""

    due_at: dt.datetime | None
    finished_at: dt.datetime | None


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")
    IN_TIME = "in_time", _("Đang trong hạn")
    OVERDUE = "overdue", _("Đang quá hạn")


FINISHED_ON_TIME = (Timeliness.EARLY, Timeliness.ON_TIME)


def classify(
    end: dt.datetime | None, due: dt.datetime | None, *, now: dt.datetime | None = None
) -> Timeliness | None:
    """Compare an end of processing (None while still running) with a due moment."""
    if due is None:
        return None
    if end is None:
        now = now or timezone.now()
        return Timeliness.IN_TIME if now <= due else Timeliness.OVERDUE
    if end > due:
        return Timeliness.LATE
    if timezone.localdate(end) < timezone.localdate(due):
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def processing_end(dossier: TimedDossier) -> dt.datetime | None:
    """The end of processing in the sense of Decision 766 (see the module docstring)."""
    if dossier.ended_at is not None:
        return dossier.ended_at
    if dossier.status == Status.SUPPLEMENT and dossier.paused_at is not None:
        return dossier.paused_at
    return None


def dossier_timeliness(
    dossier: TimedDossier, *, now: dt.datetime | None = None
) -> Timeliness | None:
    """Timeliness of a received dossier; None if it was never received (statuses 1, 3)."""
    if dossier.received_at is None:
        return None
    return classify(processing_end(dossier), dossier.due_at, now=now)


def step_timeliness(run: TimedRun, *, now: dt.datetime | None = None) -> Timeliness | None:
    """Timeliness of one pass through a step: finished by the step's due moment."""
    return classify(run.finished_at, run.due_at, now=now)


# Decision 766 indicator 2.1: "more than one supplement request ⇒ late".
MAX_SUPPLEMENTS_766 = 1


def decision_766_timeliness(
    dossier: TimedDossier, *, now: dt.datetime | None = None
) -> Timeliness | None:
    """Timeliness as the Decision 766 indicator 2.1 counts it (regulations §4.2): the
    legal reading of ``dossier_timeliness``, except that a dossier asked for a supplement
    more than once (at reception and again during appraisal) is late. For reports; the
    work lists keep the legal reading."""
    legal = dossier_timeliness(dossier, now=now)
    if legal is None:
        return None
    if dossier.supplement_rounds > MAX_SUPPLEMENTS_766:
        return Timeliness.LATE
    return legal
