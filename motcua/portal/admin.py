"""Postal fee rules are set here by the administrator; the rest is read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.portal.models import PaymentOrder, PostalDelivery, PostalFeeRule


@admin.register(PostalFeeRule)
class PostalFeeRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base_fee", "discount_percent", "note"]
    autocomplete_fields = ["commune"]
    search_fields = ["commune__name", "note"]


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(_ReadOnly):
    list_display = ["order_id", "dossier", "amount", "gateway", "status", "created_at"]
    list_filter = ["status", "gateway"]
    search_fields = ["order_id", "dossier__code"]


@admin.register(PostalDelivery)
class PostalDeliveryAdmin(_ReadOnly):
    list_display = ["dossier", "commune", "fee", "discount_percent", "quoted_at"]
