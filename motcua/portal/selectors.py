"""Reads for the citizen portal: where an online dossier is received, the citizen's
dossiers, the public view of a dossier (no personal data), postal fees."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Agency, AgencyLevel, Procedure
from motcua.dossiers.models import Dossier, Event, EventAction, Extension
from motcua.dossiers.states import Status
from motcua.dossiers.timeliness import Timeliness, dossier_timeliness
from motcua.feedback.models import Rating
from motcua.portal.models import PortalDraft, PostalFeeRule

if TYPE_CHECKING:
    from motcua.accounts.models import User

# What the citizen sees of each event: a plain label. Internal moves (assignments,
# returns to an earlier step, inter-agency exchanges, proposals) are not shown.
PUBLIC_LABELS: dict[str, str] = {
    EventAction.SUBMITTED: _("Nộp hồ sơ"),
    EventAction.RECEIVED: _("Tiếp nhận hồ sơ"),
    EventAction.NOT_RECEIVED: _("Từ chối tiếp nhận hồ sơ"),
    EventAction.SUPPLEMENT_REQUESTED: _("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    EventAction.SUPPLEMENT_RECEIVED: _("Nhận hồ sơ bổ sung"),
    EventAction.FORWARDED: _("Chuyển bước xử lý"),
    EventAction.PAYMENT_REQUESTED: _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    EventAction.PAYMENT_CONFIRMED: _("Đã thực hiện nghĩa vụ tài chính"),
    EventAction.EXTENSION_APPROVED: _("Gia hạn thời gian giải quyết, có văn bản xin lỗi"),
    EventAction.WITHDRAWN: _("Rút hồ sơ theo yêu cầu"),
    EventAction.STOPPED: _("Dừng xử lý"),
    EventAction.FINISHED: _("Xử lý xong"),
    EventAction.RETURNED: _("Trả kết quả"),
}

LOOKUP_FACTOR_LENGTH = 4
# Compared against when no dossier matches, so both answers take about as long.
_DUMMY_FACTORS = ("0000", "0000")


@dataclass
class TimelineItem:
    at: dt.datetime
    label: str
    step: str = ""


@dataclass
class PublicView:
    """A dossier as anybody holding its receipt may see it: no personal data."""

    dossier: Dossier
    code: str
    procedure: str
    agency: str
    status: str
    status_code: int
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    timeliness: Timeliness | None
    is_late: bool
    apology_due_at: dt.datetime | None
    timeline: list[TimelineItem] = field(default_factory=list)
    rateable: bool = False


# --- intake -------------------------------------------------------------------------


def online_procedure(code: str) -> Procedure | None:
    return (
        Procedure.objects.filter(code=(code or "")[:40])
        .prefetch_related("documents", "fees", "agencies")
        .first()
    )


def competent_agencies(procedure: Procedure) -> list[Agency]:
    """The agencies that can be chosen for an online dossier: those that have a one-stop
    office to receive it."""
    points = _one_stop_points()
    return [
        a for a in procedure.agencies.all() if a.is_active and _nearest(agency=a, points=points)
    ]


def receiving_point_for(agency: Agency) -> Agency | None:
    """The nearest one-stop office (Decree 118 Art. 7, 14.2): inside the agency, else
    under its nearest ancestor."""
    return _nearest(agency=agency, points=_one_stop_points())


def _one_stop_points() -> list[Agency]:
    return list(Agency.objects.active().filter(is_one_stop=True).order_by("path"))


def _nearest(*, agency: Agency, points: list[Agency]) -> Agency | None:
    if agency.is_one_stop:
        return agency
    # The path "/1/5/6/" names the agency and its ancestors: the nearest first.
    ids = agency.path.strip("/").split("/")
    for depth in range(len(ids), 0, -1):
        prefix = "/" + "/".join(ids[:depth]) + "/"
        for point in points:
            if point.path.startswith(prefix):
                return point
    return None


def draft_for(user: User, pk: int) -> PortalDraft | None:
    return (
        PortalDraft.objects.filter(user=user, pk=pk)
        .select_related("procedure")
        .prefetch_related("files")
        .first()
    )


def drafts_of(user: User):
    return PortalDraft.objects.filter(user=user).select_related("procedure")


# --- my dossiers -----------------------------------------------------------------------


def my_dossiers(user: User):
    """Dossiers filed from the user's own account (not those merely visible to staff)."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant_user=user)
        .select_related("procedure", "agency")
        .order_by("-submitted_at", "-received_at", "-pk")
    )


def my_dossier(user: User, pk: int) -> Dossier | None:
    return (
        my_dossiers(user)
        .select_related("receiving_point")
        .prefetch_related("attachments", "supplements__items__required_document")
        .filter(pk=pk)
        .first()
    )


def timeline(dossier: Dossier) -> list[TimelineItem]:
    """The dossier's milestones with plain labels, without notes or names."""
    items = []
    for event in Event.objects.for_dossier(dossier).select_related("step"):
        label = PUBLIC_LABELS.get(event.action)
        if label is None:
            continue
        step = event.step.name if event.action == EventAction.FORWARDED and event.step else ""
        items.append(TimelineItem(at=event.at, label=str(label), step=step))
    return items


def approved_extension(dossier: Dossier) -> Extension | None:
    return dossier.extensions.filter(approved=True).first()


def open_supplement(dossier: Dossier):
    """The supplement request waiting for the applicant, if any."""
    if dossier.status != Status.SUPPLEMENT:
        return None
    return (
        dossier.supplements.filter(completed_at__isnull=True)
        .prefetch_related("items__required_document")
        .order_by("-pk")
        .first()
    )


def open_obligation(dossier: Dossier):
    if dossier.status != Status.FINANCIAL:
        return None
    return dossier.obligations.filter(paid_at__isnull=True).order_by("-pk").first()


def is_rateable(dossier: Dossier) -> bool:
    """After the result (Decree 118 Art. 33) and not rated yet."""
    return (
        dossier.status in (Status.FINISHED, Status.RETURNED)
        and not Rating.objects.filter(dossier=dossier).exists()
    )


# --- public lookup -----------------------------------------------------------------------


def normalise_code(raw: str | None) -> str:
    """What a person types or a barcode scanner sends: spaces and case do not matter."""
    return "".join((raw or "").split()).upper()[:60]


def _factors(dossier: Dossier) -> tuple[str, str]:
    phone = "".join(ch for ch in dossier.applicant_phone if ch.isdigit())
    ident = "".join(
        ch for ch in (dossier.applicant_id_number or dossier.applicant_tax_code) if ch.isdigit()
    )
    return phone[-LOOKUP_FACTOR_LENGTH:], ident[-LOOKUP_FACTOR_LENGTH:]


def find_by_code_and_factor(code: str, factor: str) -> Dossier | None:
    """The dossier with this code whose applicant's phone or ID number ends with
    ``factor``; None otherwise — an unknown code and a wrong factor look the same."""
    factor = "".join((factor or "").split())
    dossier = (
        Dossier.objects.select_related("procedure", "agency")
        .filter(code=normalise_code(code))
        .first()
        if code
        else None
    )
    factors = _factors(dossier) if dossier is not None else _DUMMY_FACTORS
    valid = len(factor) == LOOKUP_FACTOR_LENGTH and factor.isdigit()
    matches = [hmac.compare_digest(f.encode(), factor.encode()) for f in factors]
    if (
        dossier is None
        or not valid
        or not any(
            m and len(f) == LOOKUP_FACTOR_LENGTH for m, f in zip(matches, factors, strict=True)
        )
    ):
        return None
    return dossier


def find_by_code(code: str) -> Dossier | None:
    """For a signed token only (its code is proven by the signature)."""
    return (
        Dossier.objects.select_related("procedure", "agency")
        .filter(code=normalise_code(code))
        .first()
    )


def public_view(dossier: Dossier, *, now: dt.datetime | None = None) -> PublicView:
    timeliness = dossier_timeliness(dossier, now=now)
    extension = approved_extension(dossier)
    return PublicView(
        dossier=dossier,
        code=dossier.code or "",
        procedure=dossier.procedure.name,
        agency=dossier.agency.name,
        status=dossier.get_status_display(),
        status_code=dossier.status,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        timeliness=timeliness,
        is_late=timeliness in (Timeliness.LATE, Timeliness.OVERDUE),
        apology_due_at=extension.new_due_at if extension else None,
        timeline=timeline(dossier),
        rateable=is_rateable(dossier),
    )


# --- postal delivery ------------------------------------------------------------------


@dataclass(frozen=True)
class PostalQuote:
    base_fee: int
    discount_percent: int
    fee: int
    note: str = ""


def delivery_communes():
    return Agency.objects.active().filter(level=AgencyLevel.COMMUNE).order_by("name")


def postal_quote(commune: Agency | None) -> PostalQuote | None:
    """The postal fee for delivering a result to an address in ``commune``: the
    commune's rule (its discount, and its own base fee if set) over the general rule.
    None when the administrator has set no fee."""
    base_rule = PostalFeeRule.objects.filter(commune__isnull=True).order_by("pk").first()
    rule = PostalFeeRule.objects.filter(commune=commune).first() if commune is not None else None
    base = rule.base_fee if rule is not None and rule.base_fee is not None else None
    if base is None:
        base = base_rule.base_fee if base_rule is not None else None
    if base is None:
        return None
    percent = rule.discount_percent if rule is not None else 0
    fee = base * (100 - percent) // 100
    return PostalQuote(
        base_fee=base, discount_percent=percent, fee=fee, note=rule.note if rule else ""
    )
