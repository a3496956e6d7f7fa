"""Administration pages for rows that only the application writes."""

from __future__ import annotations

from django.http import HttpRequest


class ReadOnly:
    """Mixed into a ``ModelAdmin`` or an inline: shown, never added, changed or deleted
    (events, ratings, payment orders, process versions: only their own code writes them)."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
