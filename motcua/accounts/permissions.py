"""Answers to "may this user do this action here?".

A role held in an agency grants its actions (``roles.GRANTS``) in that agency and
in every agency below it. Superusers may do everything. These helpers are the
one place where staff authorisation is decided; views, services and the API ask
them and never look at memberships themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.accounts.roles import GRANTS, Action, Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from motcua.accounts.models import User
    from motcua.catalog.models import Agency, AgencyQuerySet

_CACHE_ATTR = "_motcua_memberships"


def _memberships(user: User) -> list[tuple[str, str]]:
    """(agency path, role) pairs of the user's active memberships, cached on the user."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from motcua.accounts.models import Membership

        cached = list(
            Membership.objects.filter(
                user=user, is_active=True, agency__is_active=True
            ).values_list("agency__path", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: User) -> None:
    """Drop the cached memberships (after they change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_staff_member(user: User | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_memberships(user))


def roles_in(user: User, agency: Agency) -> set[str]:
    """Roles the user holds in the agency, directly or through an agency above it."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {role for path, role in _memberships(user) if agency.path.startswith(path)}


def can(user: User | None, action: str, agency: Agency) -> bool:
    """May ``user`` perform ``action`` in ``agency``?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(action in GRANTS[role] for role in roles_in(user, agency))


def has_role(user: User | None, role: str, agency: Agency) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return role in roles_in(user, agency)


def agencies_where(user: User | None, action: str) -> AgencyQuerySet:
    """Every agency in which the user may perform ``action``."""
    from django.db.models import Q

    from motcua.catalog.models import Agency

    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    paths = {path for path, role in _memberships(user) if action in GRANTS[role]}
    if not paths:
        return Agency.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


def users_who_can(action: str, agency: Agency) -> QuerySet[User]:
    """Active staff whose memberships grant ``action`` in ``agency`` (the rule of ``can``,
    asked once for everybody), by name: the people a task there can be given to.

    Superusers may do everything but hold no office, so they are not listed."""
    from motcua.accounts.models import User

    # The path lists the ids of the agency and of every agency above it.
    here_and_above = {int(part) for part in agency.path.strip("/").split("/") if part}
    here_and_above.add(agency.pk)
    roles = [role for role, granted in GRANTS.items() if action in granted]
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__agency__is_active=True,
            memberships__agency__in=here_and_above,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def can_anywhere(user: User | None, action: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(action in GRANTS[role] for _, role in _memberships(user))


__all__ = [
    "Action",
    "Role",
    "agencies_where",
    "can",
    "can_anywhere",
    "forget",
    "has_role",
    "is_staff_member",
    "roles_in",
    "users_who_can",
]
