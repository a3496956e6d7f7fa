"""Staff print the dossier register (form 07) from a page, not only from the command."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.paperwork.tests.conftest import applicant, at, pdf_text

pytestmark = pytest.mark.django_db
URL = "/van-phong/so-theo-doi/"


@pytest.fixture
def dossiers(p, procedure, receive, frozen):
    first = receive()
    second = receive(applicant=applicant(name="Trần Văn Bảo", id_number="001090054321"), at=at(1))
    return first, second


def test_the_page_offers_this_month_for_the_officers_agencies(client, p, dossiers):
    client.force_login(p.officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sổ theo dõi hồ sơ (Mẫu 07)" in body
    assert p.commune_a_point.name in body and p.commune_b.name not in body
    assert reverse("paperwork:register") == URL


def test_it_makes_the_workbook_and_the_pdf(client, p, dossiers):
    first, second = dossiers
    client.force_login(p.specialist_a)
    query = {"agency": p.commune_a.pk, "start": "2026-11-01", "end": "2026-11-30"}
    response = client.get(URL, {**query, "output": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet["B4"].value, sheet["B5"].value] == [first.code, second.code]
    response = client.get(URL, {**query, "output": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert first.code in text and "Trần Văn Bảo" in text


def test_other_agencies_and_bad_periods_are_refused_with_the_input_kept(client, p, dossiers):
    client.force_login(p.officer_a)
    response = client.get(
        URL, {"agency": p.commune_b.pk, "start": "2026-11-01", "end": "2026-11-30", "output": "pdf"}
    )
    assert response.status_code == 422
    response = client.get(
        URL,
        {
            "agency": p.commune_a_point.pk,
            "start": "2026-11-30",
            "end": "2026-11-01",
            "output": "pdf",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "phải sau hoặc bằng" in body and 'value="2026-11-30"' in body
    response = client.get(URL, {"agency": "x", "start": "hôm qua", "end": "", "output": "doc"})
    assert response.status_code == 422


def test_citizens_and_visitors_cannot_print_the_register(client, p, dossiers):
    assert client.get(URL).status_code == 302
    client.force_login(p.citizen)
    assert client.get(URL).status_code == 403
