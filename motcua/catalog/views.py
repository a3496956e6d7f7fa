from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from motcua.catalog import selectors
from motcua.catalog.flowchart import layout
from motcua.catalog.models import OnlineMode, RequiredDocument

PAGE_SIZE = 20


@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    field_code = request.GET.get("field", "").strip()[:40]
    agency_code = request.GET.get("agency", "").strip()[:35]
    online = request.GET.get("online", "").strip()[:10]
    procedures = selectors.procedure_search(
        query=query, field_code=field_code, agency_code=agency_code, online_mode=online
    )
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "query": query,
        "field_code": field_code,
        "agency_code": agency_code,
        "online": online,
        "fields": selectors.fields_in_use(),
        "agencies": selectors.agencies_in_use(),
        "online_modes": OnlineMode.choices,
        "querystring": params.urlencode(),
    }
    template = "catalog/_results.html" if request.htmx else "catalog/procedure_list.html"
    return render(request, template, context)


def _procedure_or_404(code: str):
    procedure = selectors.procedure_get(code)
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục")
    return procedure


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _procedure_or_404(code)
    processes = list(procedure.processes.all())
    process = processes[0] if processes else None
    return render(
        request,
        "catalog/procedure_detail.html",
        {
            "procedure": procedure,
            "process": process,
            "chart": layout(process) if process else None,
            "limit_amount": procedure.time_limit[0],
            "limit_unit": procedure.time_limit[1],
        },
    )


@require_GET
def procedure_flowchart(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _procedure_or_404(code)
    process = procedure.current_process
    if process is None:
        raise Http404("Thủ tục chưa có quy trình")
    return render(
        request,
        "catalog/flowchart.svg",
        {"chart": layout(process), "standalone": True, "procedure": procedure},
        content_type="image/svg+xml; charset=utf-8",
    )


@require_GET
def document_template(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    document = get_object_or_404(RequiredDocument, pk=document_id, procedure__code=code)
    if not document.template_file:
        raise Http404("Không có tệp mẫu")
    return FileResponse(document.template_file.open("rb"), as_attachment=True)
