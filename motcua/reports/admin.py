from __future__ import annotations

from django.contrib import admin

from motcua.reports.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "indicator", "agency", "value"]
    list_filter = ["year", "indicator"]
    list_editable = ["value"]
    autocomplete_fields = ["agency"]
