"""Administration of the calendar: overrides (with a year view) and agency office hours.

Every write goes through ``services`` so that the calendar version is bumped and the
permission rules hold whatever the entry point.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Agency
from motcua.lib.admin import ReadOnly
from motcua.workdays import deadlines, display, services
from motcua.workdays.models import AgencyCalendar, CalendarOverride, CalendarVersion


class _UserForm(forms.ModelForm):
    user = None  # set per request by the admin

    def _as_form_errors(self, error: Exception) -> None:
        if isinstance(error, PermissionDenied):
            self.add_error(None, str(error))
        elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for field_name, errors in error.error_dict.items():
                target = field_name if field_name in self.fields else None
                for item in errors:
                    self.add_error(target, item)
        else:
            self.add_error(None, error)


class CalendarOverrideForm(_UserForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "agency", "kind", "sessions", "reason"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not services.can_configure_calendar(self.user, data.get("agency")):
            self.add_error(
                "agency",
                _(services.NOT_ALLOWED_AGENCY)
                if data.get("agency")
                else _(services.NOT_ALLOWED_NATIONAL),
            )
            return data
        try:
            services.override_check(
                day=data["date"],
                kind=data["kind"],
                sessions=data.get("sessions", ""),
                reason=data.get("reason", ""),
                agency=data.get("agency"),
                exclude_pk=self.instance.pk,
            )
        except ValidationError as error:
            self._as_form_errors(error)
        return data


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = ["date", "weekday", "kind", "agency_display", "sessions", "reason", "created_by"]
    list_filter = ["kind", ("agency", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "agency__name", "agency__code"]
    date_hierarchy = "date"
    autocomplete_fields = ["agency"]
    change_list_template = "admin/workdays/calendaroverride/change_list.html"

    @admin.display(description=gettext_lazy("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        return str(display.WEEKDAY_SHORT[obj.date.weekday()][1])

    @admin.display(description=gettext_lazy("phạm vi"), ordering="agency__name")
    def agency_display(self, obj: CalendarOverride) -> str:
        return obj.agency.name if obj.agency_id else _("Toàn hệ thống")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            "day": data["date"],
            "kind": data["kind"],
            "reason": data["reason"],
            "agency": data.get("agency"),
            "sessions": data.get("sessions", ""),
            "user": request.user,
        }
        if change:
            saved = services.override_update(
                override=CalendarOverride.objects.get(pk=obj.pk), **fields
            )
        else:
            saved = services.override_create(**fields)
        obj.pk, obj.created_by_id, obj.created_at = saved.pk, saved.created_by_id, saved.created_at

    def delete_model(self, request, obj):
        services.override_delete(override=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            services.override_delete(override=override, user=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if obj is not None and allowed:
            return services.can_configure_calendar(request.user, obj.agency)
        return allowed

    def get_urls(self):
        return [
            path(
                "nam/",
                self.admin_site.admin_view(self.year_redirect),
                name="workdays_calendaroverride_year_current",
            ),
            path(
                "nam/<int:year>/",
                self.admin_site.admin_view(self.year_view),
                name="workdays_calendaroverride_year",
            ),
            *super().get_urls(),
        ]

    def year_redirect(self, request):
        url = reverse("admin:workdays_calendaroverride_year", args=[timezone.localdate().year])
        agency = request.GET.get("agency", "")
        return HttpResponseRedirect(f"{url}?agency={agency}" if agency.isdigit() else url)

    def year_view(self, request, year: int):
        """Twelve month grids of the effective calendar, national or of one agency."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not deadlines.MIN_YEAR <= year <= deadlines.MAX_YEAR:
            raise Http404
        agency = None
        agency_id = request.GET.get("agency", "")
        if agency_id:
            if not agency_id.isdigit():
                raise Http404
            agency = Agency.objects.filter(pk=int(agency_id)).first()
            if agency is None:
                raise Http404
        view = display.year_view(year, agency=agency)
        overrides = {
            o.date: o for o in CalendarOverride.objects.filter(date__year=year, agency=agency)
        }
        add_url = reverse("admin:workdays_calendaroverride_add")
        for month in view.months:
            for week in month.weeks:
                for cell in week:
                    if cell is None:
                        continue
                    override = overrides.get(cell.day)
                    if override is not None:
                        cell.override_url = reverse(
                            "admin:workdays_calendaroverride_change", args=[override.pk]
                        )
                        cell.delete_url = reverse(
                            "admin:workdays_calendaroverride_delete", args=[override.pk]
                        )
                    else:
                        kind = "work" if not cell.info.sessions else "off"
                        cell.override_url = ""
                        cell.add_url = f"{add_url}?date={cell.day:%Y-%m-%d}&kind={kind}" + (
                            f"&agency={agency.pk}" if agency else ""
                        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Lịch làm việc năm %(year)d") % {"year": year}
            + (f" — {agency.name}" if agency else ""),
            "view": view,
            "agency": agency,
            "agencies": Agency.objects.filter(
                pk__in=list(AgencyCalendar.objects.values_list("agency_id", flat=True))
                + list(
                    CalendarOverride.objects.exclude(agency=None).values_list(
                        "agency_id", flat=True
                    )
                )
            ).order_by("path"),
            "weekdays": display.WEEKDAY_SHORT,
            "legend": display.legend(),
            "admin_links": True,
            "previous_year": year - 1,
            "next_year": year + 1,
            "query": f"?agency={agency.pk}" if agency else "",
        }
        return TemplateResponse(request, "admin/workdays/calendaroverride/year.html", context)


class AgencyCalendarForm(_UserForm):
    class Meta:
        model = AgencyCalendar
        fields = ["agency", *AgencyCalendar.WEEKDAY_FIELDS, "cutoff", "note"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        agency = data.get("agency") or (self.instance.agency if self.instance.pk else None)
        if agency is not None and not services.can_configure_calendar(self.user, agency):
            self.add_error("agency", _(services.NOT_ALLOWED_AGENCY))
        elif not any(data.get(name) for name in AgencyCalendar.WEEKDAY_FIELDS):
            self.add_error(None, _(services.NO_WORKING_DAY))
        return data


@admin.register(AgencyCalendar)
class AgencyCalendarAdmin(admin.ModelAdmin):
    form = AgencyCalendarForm
    list_display = ["agency", "monday", "saturday", "cutoff", "updated_at"]
    search_fields = ["agency__name", "agency__code"]
    autocomplete_fields = ["agency"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        return ["agency"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.agency_calendar_save(
            agency=obj.agency if change else data["agency"],
            weekdays={name: data.get(name, "") for name in AgencyCalendar.WEEKDAY_FIELDS},
            cutoff=data.get("cutoff"),
            note=data.get("note", ""),
            user=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.agency_calendar_delete(agency_calendar=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            services.agency_calendar_delete(agency_calendar=row, user=request.user)

    def response_post_save_change(self, request, obj):
        messages.info(request, _("Lịch của cơ quan và các đơn vị cấp dưới đã được cập nhật."))
        return super().response_post_save_change(request, obj)


@admin.register(CalendarVersion)
class CalendarVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["version", "changed_at"]

