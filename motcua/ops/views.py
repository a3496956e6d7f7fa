from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from motcua.ops.health import health as health_report


def health(request: HttpRequest) -> JsonResponse:
    report = health_report()
    response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response
