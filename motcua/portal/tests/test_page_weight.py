"""Every portal page under 200 KB with the styles, scripts and images it references
(slow mobile networks), and the accessibility basics the templates must keep."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from motcua.paperwork.qr import lookup_token
from motcua.portal import services
from motcua.portal.tests.conftest import finish, result_pdf

pytestmark = pytest.mark.django_db
BUDGET = 200 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="(/static/[^"?#]+)')


def weight(body: bytes) -> int:
    total = len(body)
    for path in set(ASSET.findall(body.decode())):
        found = finders.find(path.removeprefix("/static/"))
        assert found, path
        with open(found, "rb") as handle:
            total += len(handle.read())
    return total


def test_portal_pages_stay_under_200_kb(client, p, procedure, online, frozen):
    dossier = finish(p, online(), result=result_pdf())
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    client.force_login(p.citizen)
    urls = [
        reverse("portal:lookup"),
        reverse("portal:lookup") + "?" + f"t={lookup_token(dossier.code)}",
        reverse("portal:draft", args=[draft.pk]),
        reverse("portal:draft_review", args=[draft.pk]),
        reverse("portal:my_dossiers"),
        reverse("portal:dossier", args=[dossier.pk]),
        reverse("portal:rate", args=[dossier.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert weight(response.content) < BUDGET, url


def test_form_fields_have_labels_and_pages_no_inline_script(client, p, procedure, frozen):
    draft = services.draft_start(user=p.citizen, procedure=procedure)
    client.force_login(p.citizen)
    body = client.get(reverse("portal:draft", args=[draft.pk])).content.decode()
    ids = re.findall(r'<input[^>]+type="(?:text|file|email|date)"[^>]*id="([^"]+)"', body)
    ids += re.findall(r'<input[^>]+id="([^"]+)"[^>]*type="(?:text|file|email|date)"', body)
    assert ids
    for field_id in set(ids):
        assert f'for="{field_id}"' in body, field_id
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
