"""Report pages and workbooks in English: only data (names of agencies, procedures, people)
stay in Vietnamese."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from openpyxl import load_workbook

from motcua.web.tests.test_english import untranslated, vietnamese, visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PARAMS = {"start": "2026-09-01", "end": "2026-11-30"}


@pytest.fixture
def english(client, generated):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(generated.inspector)
    return client


@pytest.fixture(scope="module")
def data(generated, django_db_blocker) -> list[str]:
    """Every text typed into the province's rows (names, addresses, reasons, notes),
    longest first."""
    with django_db_blocker.unblock():
        return sorted(set(_data_values()), key=len, reverse=True)


def _data_values() -> list[str]:
    values = [settings.MOTCUA_ORG_NAME]
    for model in apps.get_models():
        if model._meta.app_label not in ("accounts", "catalog", "dossiers", "feedback"):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                values += [v for v in row if v]
    return values


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/bao-cao/", {"by": "agency"}, "Total"),
        ("/bao-cao/", {"by": "procedure"}, "Total"),
        ("/bao-cao/ho-so/", {"metric": "late"}, "Dossier code"),
        ("/bao-cao/chi-so/", {}, "Share of digitised dossiers"),
        ("/bao-cao/bang-diem/", {}, "Average hours per step"),
        ("/bao-cao/hai-long/", {}, "Access to the service"),
        ("/minh-bach/", {}, "Late dossiers"),
    ],
)
def test_report_pages_are_in_english(english, data, url, params, expected):
    response = english.get(url, {**PARAMS, **params})
    assert response.status_code == 200
    assert expected in visible_text(response)
    assert untranslated(response, *data) == []


def test_the_indicators_explain_themselves_in_english(english):
    response = english.get("/bao-cao/chi-so/", PARAMS)
    text = visible_text(response)
    assert "no data: not yet connected to the National Public Service Portal" in text
    assert "dossiers received online / dossiers received in the period × 100%" in text
    assert "asked for a supplement more than once: " in text
    assert 'aria-label="Trend chart"' in response.content.decode()


@pytest.mark.parametrize("url", ["/bao-cao/xlsx/", "/bao-cao/chi-so/xlsx/", "/bao-cao/thang/xlsx/"])
def test_workbooks_are_in_english(english, generated, data, url):
    response = english.get(url, {**PARAMS, "agency": generated.province.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))

    def interface_text(value: str) -> str:
        for name in data:
            value = value.replace(name, "")
        return value

    left = [s.title for s in book.worksheets if vietnamese(s.title)]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            left += [v for v in row if isinstance(v, str) and vietnamese(interface_text(v))]
    assert left == []
    if url == "/bao-cao/thang/xlsx/":
        assert book.sheetnames[:3] == ["By agency", "By field", "By procedure"]
        assert "Decision 766 indicators" in book.sheetnames
        assert "Satisfaction - SIPAS" in book.sheetnames
