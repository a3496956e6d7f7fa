"""Reads behind the staff pages: work lists and their counts, the queue of online
dossiers, the end-of-day view and returning applicants.

Everything is built from the dossiers' QuerySet methods (``for_user``, ``due_today``,
``overdue``...), the permission helpers and the working calendar. No rule is decided
here: a list only says which dossiers a page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.permissions import agencies_where
from motcua.accounts.roles import Action, Role
from motcua.catalog.models import Agency
from motcua.dossiers.models import Dossier, InterAgencyTask, SupplementStage
from motcua.dossiers.querysets import DossierQuerySet
from motcua.dossiers.states import IN_PROGRESS, Status
from motcua.workdays import deadlines
from motcua.workdays.units import HOURS_PER_WORKING_DAY, TimeUnit

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.accounts.models import User

# Decree 118 Art. 17.2: acceptance or a supplement request within 08 working hours.
ONLINE_ANSWER_HOURS = 8
# "Sắp đến hạn": the appointment falls within the next two working days.
DUE_SOON_HOURS = 2 * HOURS_PER_WORKING_DAY


def _visible(user: User) -> DossierQuerySet:
    return Dossier.objects.for_user(user)


def _ids(user: User, action: str):
    """Agencies where the user may do ``action``, as a subquery (a province-wide role
    covers every agency: no list of ids is loaded into Python)."""
    return agencies_where(user, action).values("pk")


def _mine(user: User) -> Q:
    """Assigned to me, or unassigned at a step of my role in a unit where I may do it."""
    unassigned = Q(assignee__isnull=True) & (
        Q(current_step__role=Role.RECEIVING_OFFICER, current_unit__in=_ids(user, Action.RECEIVE))
        | Q(current_step__role=Role.SPECIALIST, current_unit__in=_ids(user, Action.PROCESS))
        | Q(
            current_step__role__in=(Role.UNIT_LEADER, Role.AGENCY_LEADER),
            current_unit__in=_ids(user, Action.APPROVE),
        )
    )
    return Q(assignee=user) | unassigned


def _open_tasks(**filters) -> Exists:
    return Exists(
        InterAgencyTask.objects.filter(dossier=OuterRef("pk"), answered_at__isnull=True, **filters)
    )


def list_mine(user: User, now: dt.datetime) -> DossierQuerySet:
    return (
        _visible(user)
        .in_progress()
        .exclude(status__in=(Status.SUPPLEMENT, Status.FINANCIAL))
        .filter(_mine(user))
    )


def list_unit(user: User, now: dt.datetime) -> DossierQuerySet:
    units = Q(current_unit__in=_ids(user, Action.PROCESS)) | Q(
        current_unit__in=_ids(user, Action.RECEIVE)
    )
    return _visible(user).in_progress().filter(units)


def list_to_assign(user: User, now: dt.datetime) -> DossierQuerySet:
    return (
        _visible(user)
        .filter(status=Status.PROCESSING, assignee__isnull=True)
        .filter(current_unit__in=_ids(user, Action.ASSIGN))
        .exclude(current_step__role=Role.RECEIVING_OFFICER)
    )


def list_due_today(user: User, now: dt.datetime) -> DossierQuerySet:
    return _visible(user).due_today(now)


def list_due_soon(user: User, now: dt.datetime) -> DossierQuerySet:
    """The appointment falls within the next two working days of the competent
    agency's calendar (the one its appointment was counted on), so an agency that
    works on Saturday or has its own days off sees its own window."""
    visible = _visible(user)
    upcoming = visible.in_progress().filter(due_at__gte=now).values("agency_id")
    agencies = Agency.objects.filter(pk__in=upcoming).only("pk", "path")
    by_end: dict[dt.datetime, list[int]] = {}
    for agency in agencies:
        end = deadlines.add_working_time(now, DUE_SOON_HOURS, TimeUnit.WORKING_HOURS, agency=agency)
        by_end.setdefault(end, []).append(agency.pk)
    if not by_end:
        return visible.none()
    window = Q()
    for end, ids in by_end.items():
        window |= Q(agency__in=ids, due_at__lt=end)
    return visible.due_between(now, max(by_end)).filter(window)


def list_overdue(user: User, now: dt.datetime) -> DossierQuerySet:
    return _visible(user).overdue(now)


def list_waiting(user: User, now: dt.datetime) -> DossierQuerySet:
    return _visible(user).waiting_applicant()


def list_to_return(user: User, now: dt.datetime) -> DossierQuerySet:
    return _visible(user).filter(
        status=Status.FINISHED, receiving_point__in=_ids(user, Action.RETURN_RESULT)
    )


def list_interagency_sent(user: User, now: dt.datetime) -> DossierQuerySet:
    mine = _ids(user, Action.PROCESS)
    return (
        _visible(user)
        .filter(status__in=IN_PROGRESS)
        .filter(_open_tasks())
        .filter(Q(agency__in=mine) | Q(current_unit__in=mine))
    )


def list_interagency_received(user: User, now: dt.datetime) -> DossierQuerySet:
    return (
        _visible(user)
        .filter(status__in=IN_PROGRESS)
        .filter(_open_tasks(agency__in=_ids(user, Action.PROCESS)))
    )


def online_queue(user: User) -> DossierQuerySet:
    """Registered dossiers (status 1) at the receiving points where the user receives,
    oldest first."""
    return (
        _visible(user)
        .filter(status=Status.NEW, receiving_point__in=_ids(user, Action.RECEIVE))
        .annotate(
            supplemented_at=Max(
                "supplements__completed_at",
                filter=Q(supplements__stage=SupplementStage.RECEPTION),
            )
        )
        .select_related("procedure", "receiving_point")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class WorkList:
    slug: str
    label: str
    query: object  # (user, now) -> DossierQuerySet


WORK_LISTS: tuple[WorkList, ...] = (
    WorkList("viec-cua-toi", _("Việc của tôi"), list_mine),
    WorkList("don-vi", _("Hồ sơ của đơn vị"), list_unit),
    WorkList("phan-cong", _("Chờ phân công"), list_to_assign),
    WorkList("den-han-hom-nay", _("Đến hạn hôm nay"), list_due_today),
    WorkList("sap-den-han", _("Đến hạn trong 2 ngày làm việc"), list_due_soon),
    WorkList("qua-han", _("Quá hạn"), list_overdue),
    WorkList("cho-cong-dan", _("Chờ công dân bổ sung, nộp phí"), list_waiting),
    WorkList("cho-tra", _("Chờ trả kết quả"), list_to_return),
    WorkList("lien-thong-gui", _("Liên thông đã gửi"), list_interagency_sent),
    WorkList("lien-thong-nhan", _("Liên thông được gửi đến"), list_interagency_received),
)
WORK_LIST_BY_SLUG = {w.slug: w for w in WORK_LISTS}


def nav_counts(request: HttpRequest) -> dict[str, int]:
    """How many dossiers each list holds, one COUNT query each, once per request."""
    cached = getattr(request, "_office_counts", None)
    if cached is None:
        now = timezone.now()
        cached = {w.slug: w.query(request.user, now).count() for w in WORK_LISTS}
        cached["truc-tuyen"] = online_queue(request.user).count()
        request._office_counts = cached
    return cached


# --- the 8-working-hour countdown of online dossiers ---------------------------


@dataclass(frozen=True)
class Countdown:
    deadline: dt.datetime
    remaining_hours: Decimal

    @property
    def overdue(self) -> bool:
        return self.remaining_hours <= 0


def answer_countdown(dossier: Dossier, now: dt.datetime | None = None) -> Countdown | None:
    """Decree 118 Art. 17.2: 08 working hours from the system's receipt of the dossier
    (or of the complete supplement asked for at reception) to accept it or ask for a
    supplement, counted on the receiving point's calendar."""
    if hasattr(dossier, "supplemented_at"):
        supplemented = dossier.supplemented_at
    else:
        supplemented = (
            dossier.supplements.filter(stage=SupplementStage.RECEPTION)
            .aggregate(at=Max("completed_at"))
            .get("at")
        )
    start = supplemented or dossier.submitted_at
    if start is None:
        return None
    now = now or timezone.now()
    point = dossier.receiving_point
    deadline = deadlines.add_working_time(
        start, ONLINE_ANSWER_HOURS, TimeUnit.WORKING_HOURS, agency=point
    )
    return Countdown(deadline, deadlines.working_time_between(now, deadline, agency=point))


# --- end of day -------------------------------------------------------------------


def end_of_day(user: User, now: dt.datetime | None = None) -> DossierQuerySet:
    """Dossiers due today and overdue, ordered by competent agency, unit and due moment
    (the head of the one-stop centre tells each agency what must be returned today)."""
    now = now or timezone.now()
    visible = _visible(user)
    return (
        (visible.due_today(now) | visible.overdue(now))
        .select_related("procedure", "agency", "current_unit", "current_step", "assignee")
        .order_by("agency__path", "current_unit__path", "due_at", "pk")
    )


# --- returning applicants ------------------------------------------------------------


def last_applicant(user: User, id_number: str) -> Dossier | None:
    """The latest dossier the user may see filed by this ID number or tax code, so the
    counter does not type a returning applicant again."""
    id_number = (id_number or "").strip()
    if not id_number:
        return None
    return (
        _visible(user)
        .filter(Q(applicant_id_number=id_number) | Q(applicant_tax_code=id_number))
        .order_by("-created_at", "-pk")
        .first()
    )
