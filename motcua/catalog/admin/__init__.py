from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.catalog.admin import national  # noqa: F401  (the national import's pages)
from motcua.catalog.admin.excel import ExcelImportExportMixin
from motcua.catalog.admin.process import ProcessEditorMixin
from motcua.catalog.models import (
    Agency,
    Fee,
    Field,
    Procedure,
    ProcedureChannel,
    Process,
    ProcessStep,
    RequiredDocument,
)
from motcua.lib.admin import ReadOnly


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "code", "level", "is_one_stop", "is_active"]
    list_filter = ["level", "is_one_stop", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["parent", "head"]
    ordering = ["path"]

    @admin.display(description=_("tên cơ quan"), ordering="path")
    def indented_name(self, obj: Agency) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


class ChannelInline(admin.TabularInline):
    model = ProcedureChannel
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0
    fields = ["order", "name", "amount", "note", "is_local"]


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    fields = [
        ("order", "mandatory"),
        "case_name",
        "name",
        ("originals", "copies"),
        ("template_name", "template_file"),
    ]


@admin.register(Procedure)
class ProcedureAdmin(ExcelImportExportMixin, ProcessEditorMixin, admin.ModelAdmin):
    list_display = ["code", "name", "field", "online_mode", "time_limit_display", "status"]
    list_filter = ["status", "online_mode", "field", "level_province", "level_commune"]
    search_fields = ["code", "name", "search_text"]
    autocomplete_fields = ["field", "agencies"]
    inlines = [ChannelInline, FeeInline, DocumentInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "field", "status", "agencies")}),
        (
            _("Cấp thực hiện"),
            {"fields": (("level_ministry", "level_province", "level_district", "level_commune"),)},
        ),
        (
            _("Thời hạn"),
            {
                "fields": (
                    ("legal_time_amount", "legal_time_unit"),
                    "legal_time_text",
                    ("committed_time_amount", "committed_time_unit"),
                    "supplement_clock",
                )
            },
        ),
        (
            _("Trực tuyến và trả kết quả"),
            {
                "fields": (
                    "online_mode",
                    ("delivery_counter", "delivery_post", "delivery_electronic"),
                )
            },
        ),
        (
            _("Nội dung công bố"),
            {
                "classes": ("collapse",),
                "fields": (
                    "applicant_types",
                    "steps_text",
                    "conditions",
                    "result_type",
                    "result_codes",
                    "legal_basis",
                    "publishing_decision",
                    "kind",
                ),
            },
        ),
    )


class StepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0
    can_delete = False
    readonly_fields = ["order", "name", "unit", "role", "budget_hours"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Process)
class ProcessAdmin(ReadOnly, admin.ModelAdmin):
    """Process versions are read-only here: a change publishes a new version."""

    list_display = ["procedure", "version", "created_at", "created_by", "note"]
    search_fields = ["procedure__code", "procedure__name"]
    readonly_fields = ["procedure", "version", "note", "created_at", "created_by"]
    inlines = [StepInline]

