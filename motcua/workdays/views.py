"""The public working calendar: /lich-lam-viec/<year>/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalog.models import Agency
from motcua.workdays import display


@require_GET
def current_year(request: HttpRequest) -> HttpResponse:
    target = reverse("workdays:year", args=[timezone.localdate().year])
    code = request.GET.get("co-quan", "").strip()
    return redirect(f"{target}?{urlencode({'co-quan': code})}" if code else target)


@require_GET
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    years = display.public_years()
    if year not in years:
        raise Http404
    code = request.GET.get("co-quan", "").strip()
    agency = None
    if code:
        agency = Agency.objects.active().filter(code=code).first()
        if agency is None:
            raise Http404
    view = display.year_view(year, agency=agency)
    return render(
        request,
        "workdays/year.html",
        {
            "view": view,
            "agency": agency,
            "weekdays": display.WEEKDAY_SHORT,
            "legend": display.legend(),
            "previous_year": year - 1 if year - 1 in years else None,
            "next_year": year + 1 if year + 1 in years else None,
            "query": f"?{urlencode({'co-quan': agency.code})}" if agency else "",
        },
    )
