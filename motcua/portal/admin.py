"""Postal fee rules are set here by the administrator; the rest is read-only."""

from __future__ import annotations

from django.contrib import admin

from motcua.lib.admin import ReadOnly
from motcua.portal.models import PaymentOrder, PostalDelivery, PostalFeeRule


@admin.register(PostalFeeRule)
class PostalFeeRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base_fee", "discount_percent", "note"]
    autocomplete_fields = ["commune"]
    search_fields = ["commune__name", "note"]


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["order_id", "dossier", "amount", "gateway", "status", "created_at"]
    list_filter = ["status", "gateway"]
    search_fields = ["order_id", "dossier__code"]


@admin.register(PostalDelivery)
class PostalDeliveryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["dossier", "commune", "fee", "discount_percent", "quoted_at"]
