"""Read-mostly administration of the feedback box: every change goes through ``services``."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from motcua.feedback.models import Feedback, FeedbackAttachment, FeedbackEvent, FeedbackVote
from motcua.lib.admin import ReadOnly


class FeedbackEventInline(admin.TabularInline):
    model = FeedbackEvent
    fields = ["at", "action", "actor_name", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["at", "pk"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class FeedbackAttachmentInline(admin.TabularInline):
    model = FeedbackAttachment
    fields = ["name", "size", "content_type", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "agency", "category", "status", "received_at", "answer_due"]
    list_filter = ["status", "category", "subject_kind", "is_anonymous"]
    search_fields = ["code", "title"]
    list_select_related = ["agency"]
    date_hierarchy = "received_at"
    inlines = [FeedbackAttachmentInline, FeedbackEventInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in Feedback._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(FeedbackVote)
class FeedbackVoteAdmin(admin.ModelAdmin):
    list_display = ["feedback", "value", "created_at"]
    list_filter = ["value"]
    search_fields = ["feedback__code"]
    list_select_related = ["feedback"]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [f.name for f in FeedbackVote._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- ratings of dossiers (read-only: they come only from citizens) ----------------------

from motcua.feedback.models import Rating  # noqa: E402


@admin.register(Rating)
class RatingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["dossier", "agency", "created_at", "dissatisfied", "channel"]
    list_filter = ["dissatisfied", "channel"]
    search_fields = ["dossier__code"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Rating._meta.fields] + ["officers"]

