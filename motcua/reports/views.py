"""Staff report pages (Action.REPORT in the chosen agency) and the public board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.accounts.permissions import Action, agencies_where
from motcua.catalog.models import Agency
from motcua.reports import board, charts, exports, indicators, satisfaction, scorecards
from motcua.reports.forms import DrillForm, PeriodForm
from motcua.reports.stats import METRICS, dossiers_for, flat, period_report


def _agencies(request: HttpRequest):
    agencies = agencies_where(request.user, Action.REPORT)
    if not agencies.exists():
        raise PermissionDenied
    return agencies


def _report(request: HttpRequest):
    form = PeriodForm(request.GET, agencies=_agencies(request))
    report = None
    if form.is_valid():
        d = form.cleaned_data
        report = period_report(
            start=d["start"], end=d["end"], agency=d["agency"], by=d["by"] or None
        )
    return form, report


@login_required
@require_GET
def period(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    rows = []
    if report is not None:
        rows = [(row, flat(row.stats)) for row in report.rows]
    return render(
        request,
        "reports/period.html",
        {
            "form": form,
            "report": report,
            "total": flat(report.total) if report else None,
            "rows": rows,
            "metrics": METRICS,
            "querystring": request.GET.urlencode(),
        },
        status=200,
    )


@login_required
@require_GET
def period_xlsx(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    if report is None:
        return period(request)
    return exports.xlsx_response(
        exports.period_workbook(report), f"bao-cao-{report.start}-{report.end}"
    )


@login_required
@require_GET
def drill(request: HttpRequest) -> HttpResponse:
    form = DrillForm(request.GET, agencies=_agencies(request))
    page = None
    if form.is_valid():
        d = form.cleaned_data
        agency = d["agency"]
        if d.get("agency_row"):
            row_agency = Agency.objects.filter(pk=d["agency_row"]).first()
            if row_agency is not None and row_agency.is_within(agency):
                agency = row_agency
        qs = (
            dossiers_for(
                d["metric"],
                start=d["start"],
                end=d["end"],
                agency=agency,
                procedure_id=d.get("procedure"),
                field_id=d.get("field"),
            )
            .select_related("procedure", "agency")
            .order_by("received_at", "pk")
        )
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "reports/drill.html",
        {
            "form": form,
            "page": page,
            "metric_label": METRICS.get(request.GET.get("metric", ""), ""),
            "querystring": params.urlencode(),
            "now": timezone.now(),
        },
    )


@require_GET
def public_board(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/board.html", board.board_context())


@login_required
@require_GET
def indicator_page(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET, agencies=_agencies(request))
    scores, chart = None, None
    if form.is_valid():
        d = form.cleaned_data
        scores = indicators.indicators(start=d["start"], end=d["end"], agency=d["agency"])
        trend = indicators.monthly_on_time(agency=d["agency"], today=d["end"])
        target = indicators.target_for("2.1", d["end"].year, d["agency"])
        chart = charts.line_chart(
            [(f"{m:%m/%Y}", v) for m, v in trend], target=float(target) if target else None
        )
    return render(
        request, "reports/indicators.html", {"form": form, "scores": scores, "chart": chart}
    )


@login_required
@require_GET
def indicator_xlsx(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET, agencies=_agencies(request))
    if not form.is_valid():
        return indicator_page(request)
    d = form.cleaned_data
    scores = indicators.indicators(start=d["start"], end=d["end"], agency=d["agency"])
    return exports.xlsx_response(exports.indicator_workbook(scores), f"chi-so-766-{d['end']}")


def _scorecards(request: HttpRequest):
    form = PeriodForm(request.GET, agencies=_agencies(request))
    if not form.is_valid():
        return form, None, None
    d = form.cleaned_data
    head = scorecards.agency_scorecard(start=d["start"], end=d["end"], agency=d["agency"])
    officers = scorecards.officer_scorecards(start=d["start"], end=d["end"], agency=d["agency"])
    return form, head, officers


@login_required
@require_GET
def scorecard_page(request: HttpRequest) -> HttpResponse:
    form, head, officers = _scorecards(request)
    return render(
        request, "reports/scorecards.html", {"form": form, "head": head, "officers": officers}
    )


@login_required
@require_GET
def scorecard_xlsx(request: HttpRequest) -> HttpResponse:
    form, head, officers = _scorecards(request)
    if head is None:
        return scorecard_page(request)
    return exports.xlsx_response(exports.scorecard_workbook(head, officers), "bang-diem")


def _satisfaction(request: HttpRequest):
    form = PeriodForm(request.GET, agencies=_agencies(request))
    if not form.is_valid():
        return form, None, None
    d = form.cleaned_data
    criteria = satisfaction.by_criterion(
        satisfaction.ratings_in(start=d["start"], end=d["end"], agency=d["agency"])
    )
    return form, criteria, satisfaction.sipas_summary(criteria)


@login_required
@require_GET
def satisfaction_page(request: HttpRequest) -> HttpResponse:
    form, criteria, sipas = _satisfaction(request)
    return render(
        request,
        "reports/satisfaction.html",
        {"form": form, "criteria": criteria, "sipas": sipas},
    )


@login_required
@require_GET
def satisfaction_xlsx(request: HttpRequest) -> HttpResponse:
    form, criteria, sipas = _satisfaction(request)
    if criteria is None:
        return satisfaction_page(request)
    return exports.xlsx_response(exports.satisfaction_workbook(criteria, sipas), "hai-long")


@login_required
@require_GET
def monthly_xlsx(request: HttpRequest) -> HttpResponse:
    """The monthly report workbook for the chosen period (normally one month)."""
    form = PeriodForm(request.GET, agencies=_agencies(request))
    if not form.is_valid():
        return period(request)
    d = form.cleaned_data
    wb = exports.monthly_workbook(start=d["start"], end=d["end"], agency=d["agency"])
    return exports.xlsx_response(wb, f"bao-cao-thang-{d['start']:%Y-%m}")
