from __future__ import annotations

from django import template
from django.http import QueryDict
from django.urls import reverse

register = template.Library()

_ROW_PARAM = {"agency": "agency_row", "field": "field", "procedure": "procedure"}


@register.simple_tag
def drill_url(querystring: str, metric: str, by: str | None = None, key=None) -> str:
    """The list of dossiers behind one number: the page's filters plus the metric and
    the row's agency, field or procedure."""
    params = QueryDict(querystring, mutable=True)
    for name in ("by", "page", *_ROW_PARAM.values()):
        params.pop(name, None)
    params["metric"] = metric
    if by and key is not None:
        params[_ROW_PARAM[by]] = str(key)
    return f"{reverse('reports:drill')}?{params.urlencode()}"
