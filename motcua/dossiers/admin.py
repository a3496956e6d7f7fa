"""Read-mostly administration of dossiers; the event trail is read-only.

Statuses are never edited here: every transition goes through the actions.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.dossiers.models import (
    Attachment,
    Dossier,
    Event,
    Extension,
    InterAgencyTask,
    Payment,
    StepRun,
    SupplementRequest,
)
from motcua.lib.admin import ReadOnly


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class StepRunInline(ReadOnlyInline):
    model = StepRun
    fields = ["step", "unit", "assignee", "started_at", "due_at", "finished_at", "note"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["required_document", "name", "size", "content_type", "checksum", "uploaded_at"]


class SupplementInline(ReadOnlyInline):
    model = SupplementRequest
    fields = ["stage", "reason", "requested_at", "completed_at"]


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["reason", "previous_due_at", "new_due_at", "approved", "decided_by"]


class InterAgencyInline(ReadOnlyInline):
    model = InterAgencyTask
    fields = ["agency", "is_lead", "due_at", "answered_at", "answer"]


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["amount", "method", "online", "reference", "paid_at"]


class EventInline(ReadOnlyInline):
    model = Event
    fields = ["seq", "at", "actor_name", "action", "from_status", "to_status", "note"]
    ordering = ["seq"]


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "procedure",
        "applicant_name",
        "channel",
        "status",
        "received_at",
        "due_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["code", "applicant_name"]
    list_select_related = ["procedure"]
    date_hierarchy = "received_at"
    inlines = [
        StepRunInline,
        AttachmentInline,
        SupplementInline,
        ExtensionInline,
        InterAgencyInline,
        PaymentInline,
        EventInline,
    ]
    # Only contact details may be corrected here; everything else is the services' job.
    editable = {"applicant_phone", "applicant_email", "applicant_address", "delivery_address"}

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in Dossier._meta.fields if f.name not in self.editable]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["dossier", "seq", "at", "actor_name", "action", "from_status", "to_status"]
    list_filter = ["action"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in Event._meta.fields]

