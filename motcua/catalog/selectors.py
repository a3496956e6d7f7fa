"""Reads of the catalog shared by pages, the API and other apps."""

from __future__ import annotations

from django.db.models import Prefetch

from motcua.catalog.models import Agency, Field, OnlineMode, Procedure, Process


def procedure_search(
    *,
    query: str = "",
    field_code: str = "",
    agency_code: str = "",
    online_mode: str = "",
    include_withdrawn: bool = False,
):
    qs = Procedure.objects.all() if include_withdrawn else Procedure.objects.active()
    if query:
        qs = qs.search(query)
    if field_code:
        qs = qs.filter(field__code=field_code)
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        qs = (
            qs.filter(agencies__in=Agency.objects.subtree(agency)).distinct()
            if agency
            else qs.none()
        )
    if online_mode == "online":
        qs = qs.exclude(online_mode=OnlineMode.NONE)
    elif online_mode in OnlineMode.values:
        qs = qs.filter(online_mode=online_mode)
    return qs.select_related("field").order_by("field__name", "name", "code")


def procedure_get(code: str) -> Procedure | None:
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            "agencies",
            "fees",
            "documents",
            "channels",
            Prefetch(
                "processes",
                queryset=Process.objects.prefetch_related("steps__unit").order_by("-version"),
            ),
        )
        .filter(code=code)
        .first()
    )


def fields_in_use():
    return (
        Field.objects.filter(procedures__status=Procedure.Status.ACTIVE).distinct().order_by("name")
    )


def agencies_in_use():
    return (
        Agency.objects.filter(procedures__status=Procedure.Status.ACTIVE, is_active=True)
        .distinct()
        .order_by("path")
    )
