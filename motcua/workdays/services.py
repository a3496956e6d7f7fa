"""Writes to the calendar configuration. Each one bumps the calendar version so that
every process rebuilds its cached calendars (see ``deadlines._Registry``)."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.accounts.permissions import Action, can
from motcua.catalog.models import Agency
from motcua.workdays import deadlines
from motcua.workdays.calendar import SessionFormatError, format_sessions, parse_sessions
from motcua.workdays.models import AgencyCalendar, CalendarOverride, CalendarVersion

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.catalog.models import Agency

# Translated when raised (``_(NO_WORKING_DAY)``), in the language of the request.
OVERRIDE_EXISTS = gettext_noop(
    "Ngày %(date)s đã có điều chỉnh lịch cho phạm vi này: hãy sửa điều chỉnh đó."
)
OVERRIDE_REASON_REQUIRED = gettext_noop("Hãy ghi lý do điều chỉnh (ví dụ số văn bản thông báo).")
OVERRIDE_SESSIONS_ON_DAY_OFF = gettext_noop(
    "Ngày nghỉ không có giờ làm việc: hãy để trống ô giờ làm việc."
)
OVERRIDE_OUT_OF_RANGE = gettext_noop("Chỉ điều chỉnh được lịch từ năm %(lo)d đến năm %(hi)d.")
SESSIONS_INVALID = gettext_noop(
    "Giờ làm việc “%(value)s” không hợp lệ: hãy ghi các buổi theo dạng "
    "“07:30-11:30, 13:30-17:00”, theo thứ tự, không chồng lên nhau."
)
NO_WORKING_DAY = gettext_noop("Lịch phải có ít nhất một ngày làm việc trong tuần.")
NOT_ALLOWED_NATIONAL = gettext_noop(
    "Chỉ quản trị cấp cao nhất mới được điều chỉnh lịch chung của hệ thống."
)
NOT_ALLOWED_AGENCY = gettext_noop("Bạn không có quyền cấu hình lịch làm việc của cơ quan này.")


def calendar_version_bump() -> int:
    """Count one change; every process drops its calendars at its next check."""
    updated = CalendarVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        CalendarVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    deadlines.clear_cache()
    # Another request of this process may have reloaded the old data meanwhile.
    transaction.on_commit(deadlines.clear_cache)
    return CalendarVersion.objects.get(pk=1).version


def can_configure_calendar(user: User | None, agency: Agency | None) -> bool:
    """National overrides: superusers and administrators of a top-level agency."""
    if user is None:
        return True
    if agency is not None:
        return can(user, Action.CONFIGURE, agency)
    if user.is_superuser:
        return True
    return any(can(user, Action.CONFIGURE, root) for root in Agency.objects.filter(parent=None))


def _check_permission(user: User | None, agency: Agency | None) -> None:
    if not can_configure_calendar(user, agency):
        raise PermissionDenied(_(NOT_ALLOWED_AGENCY) if agency else _(NOT_ALLOWED_NATIONAL))


def _clean_sessions(text: str) -> str:
    try:
        return format_sessions(parse_sessions(text))
    except SessionFormatError as exc:
        raise ValidationError(
            {"sessions": _(SESSIONS_INVALID) % {"value": exc}}, code="sessions"
        ) from None


def override_check(
    *, day: date, kind: str, sessions: str, reason: str, agency: Agency | None, exclude_pk=None
) -> str:
    """Validate an override; returns its sessions in the canonical form."""
    if not deadlines.MIN_YEAR <= day.year <= deadlines.MAX_YEAR:
        raise ValidationError(
            {
                "date": _(OVERRIDE_OUT_OF_RANGE)
                % {"lo": deadlines.MIN_YEAR, "hi": deadlines.MAX_YEAR}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _(OVERRIDE_REASON_REQUIRED)}, code="reason")
    sessions = _clean_sessions(sessions)
    if kind == CalendarOverride.Kind.DAY_OFF and sessions:
        raise ValidationError({"sessions": _(OVERRIDE_SESSIONS_ON_DAY_OFF)}, code="sessions")
    clash = CalendarOverride.objects.filter(date=day, agency=agency)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"date": _(OVERRIDE_EXISTS) % {"date": f"{day:%d/%m/%Y}"}}, code="exists"
        )
    return sessions


@transaction.atomic
def override_create(
    *,
    day: date,
    kind: str,
    reason: str,
    agency: Agency | None = None,
    sessions: str = "",
    user: User | None = None,
) -> CalendarOverride:
    """Declare ``day`` a day off or a working day, for everyone or for an agency and below."""
    _check_permission(user, agency)
    sessions = override_check(day=day, kind=kind, sessions=sessions, reason=reason, agency=agency)
    override = CalendarOverride.objects.create(
        date=day,
        kind=kind,
        reason=reason.strip(),
        agency=agency,
        sessions=sessions,
        created_by=user if user is not None and user.pk else None,
    )
    calendar_version_bump()
    return override


@transaction.atomic
def override_update(
    *,
    override: CalendarOverride,
    day: date,
    kind: str,
    reason: str,
    agency: Agency | None = None,
    sessions: str = "",
    user: User | None = None,
) -> CalendarOverride:
    _check_permission(user, override.agency)
    _check_permission(user, agency)
    sessions = override_check(
        day=day, kind=kind, sessions=sessions, reason=reason, agency=agency, exclude_pk=override.pk
    )
    override.date, override.kind, override.reason = day, kind, reason.strip()
    override.agency, override.sessions = agency, sessions
    override.save()
    calendar_version_bump()
    return override


@transaction.atomic
def override_delete(*, override: CalendarOverride, user: User | None = None) -> None:
    _check_permission(user, override.agency)
    override.delete()
    calendar_version_bump()


@transaction.atomic
def swap_create(
    *,
    day_off: date,
    working_day: date,
    reason: str,
    agency: Agency | None = None,
    user: User | None = None,
) -> tuple[CalendarOverride, CalendarOverride]:
    """A yearly government swap (hoán đổi ngày làm việc): a weekday off, a Saturday worked."""
    off = override_create(
        day=day_off,
        kind=CalendarOverride.Kind.DAY_OFF,
        reason=reason,
        agency=agency,
        user=user,
    )
    work = override_create(
        day=working_day,
        kind=CalendarOverride.Kind.WORKING_DAY,
        reason=reason,
        agency=agency,
        user=user,
    )
    return off, work


@transaction.atomic
def agency_calendar_save(
    *,
    agency: Agency,
    weekdays: dict[str, str],
    cutoff: time | None,
    note: str = "",
    user: User | None = None,
) -> AgencyCalendar:
    """Office hours of an agency (``weekdays``: field name → sessions text) and its cut-off."""
    _check_permission(user, agency)
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in AgencyCalendar.WEEKDAY_FIELDS:
        text = weekdays.get(name, "")
        try:
            cleaned[name] = format_sessions(parse_sessions(text))
        except SessionFormatError as exc:
            errors[name] = _(SESSIONS_INVALID) % {"value": exc}
    if errors:
        raise ValidationError(errors, code="sessions")
    if not any(cleaned.values()):
        raise ValidationError(_(NO_WORKING_DAY), code="no_working_day")
    row, _created = AgencyCalendar.objects.update_or_create(
        agency=agency, defaults={**cleaned, "cutoff": cutoff, "note": note}
    )
    calendar_version_bump()
    return row


@transaction.atomic
def agency_calendar_delete(*, agency_calendar: AgencyCalendar, user: User | None = None) -> None:
    """The agency goes back to inheriting the calendar above it."""
    _check_permission(user, agency_calendar.agency)
    agency_calendar.delete()
    calendar_version_bump()
