"""Staff report pages, the drill-down lists, the xlsx export and the public board."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from motcua.dossiers.models import Dossier
from motcua.reports.stats import flat, period_statistics
from motcua.reports.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PARAMS = {"start": "2026-09-01", "end": "2026-11-30"}


def test_it_rejects_people_without_report_rights(generated, client):
    client.force_login(generated.citizen)
    assert client.get("/bao-cao/", PARAMS).status_code == 403
    client.force_login(generated.officer_b)
    assert client.get("/bao-cao/", PARAMS).status_code == 403


def test_the_agency_picker_lists_only_agencies_where_the_user_reports(generated, client):
    p = generated
    client.force_login(p.leader_a)
    response = client.get("/bao-cao/", PARAMS)
    assert response.status_code == 200
    choices = {a.pk for a in response.context["form"].fields["agency"].queryset}
    assert p.commune_a.pk in choices
    assert p.province.pk not in choices and p.commune_b.pk not in choices
    other = client.get("/bao-cao/", {**PARAMS, "agency": p.province.pk})
    assert other.status_code == 200
    assert other.context["report"] is None
    assert other.context["form"].errors["agency"]


def test_a_bad_period_re_renders_with_a_message(generated, client):
    client.force_login(generated.inspector)
    response = client.get("/bao-cao/", {"start": "2026-12-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in response.content.decode()
    assert client.get("/bao-cao/", {"start": "hôm qua"}).status_code == 200


@pytest.mark.parametrize("by", ["", "agency", "field", "procedure"])
def test_every_number_links_to_a_list_of_as_many_dossiers(generated, client, by):
    p = generated
    client.force_login(p.inspector)
    response = client.get("/bao-cao/", {**PARAMS, "agency": p.province.pk, "by": by})
    html = response.content.decode()
    links = re.findall(r'<a href="(/bao-cao/ho-so/\?[^"]+)">(\d+)</a>', html)
    assert len(links) >= 15
    for url, number in links:
        listed = client.get(url.replace("&amp;", "&"))
        assert listed.status_code == 200
        page = listed.context["page"]
        assert page.paginator.count == int(number), url


def test_the_xlsx_has_the_same_numbers(generated, client):
    p = generated
    client.force_login(p.inspector)
    response = client.get("/bao-cao/xlsx/", {**PARAMS, "agency": p.province.pk, "by": "agency"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    total = rows[-1]
    assert total[0] == "Tổng cộng"
    import datetime as dt

    expected = flat(
        period_statistics(start=dt.date(2026, 9, 1), end=dt.date(2026, 11, 30), now=NOW)
    )
    assert list(total[1 : 1 + len(expected)]) == list(expected.values())


def test_the_public_board_shows_late_dossiers_without_personal_data(generated, client):
    response = client.get("/minh-bach/")
    assert response.status_code == 200
    html = response.content.decode()
    late = Dossier.objects.filter(ended_at__gt=NOW.replace(month=1, day=1)).finished_late()
    assert late.exists()
    for d in late[:5]:
        assert d.code in html
    for d in Dossier.objects.all():
        for secret in (
            d.applicant_name,
            d.applicant_id_number,
            d.applicant_phone,
            d.applicant_address,
        ):
            if secret:
                assert secret not in html


def test_the_monthly_workbook_has_every_table(generated, client):
    client.force_login(generated.inspector)
    response = client.get(
        "/bao-cao/thang/xlsx/",
        {"start": "2026-10-01", "end": "2026-10-31", "agency": generated.province.pk},
    )
    assert response.status_code == 200
    names = load_workbook(io.BytesIO(response.content)).sheetnames
    assert names[:3] == ["Theo cơ quan", "Theo lĩnh vực", "Theo thủ tục"]
    assert "Chỉ số 766" in names and "Cán bộ" in names and "Hài lòng - SIPAS" in names


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/bao-cao/", {"start": "0001-01-01", "end": "9999-12-31"}),
        ("/bao-cao/xlsx/", {"start": "2026-01-01", "end": "9999-12-31"}),
        ("/bao-cao/chi-so/", {"start": "0001-01-01", "end": "2026-11-30"}),
        ("/bao-cao/bang-diem/", {"end": "9999-12-31"}),
        ("/bao-cao/hai-long/xlsx/", {"end": "9999-12-31"}),
        ("/bao-cao/thang/xlsx/", {"start": "9999-12-01", "end": "9999-12-31"}),
        ("/bao-cao/ho-so/", {**PARAMS, "metric": "late", "end": "9999-12-31"}),
        ("/bao-cao/ho-so/", {**PARAMS, "metric": "late", "procedure": "9" * 25}),
        ("/bao-cao/ho-so/", {**PARAMS, "metric": "late", "agency_row": "9" * 25}),
    ],
)
def test_dates_and_ids_out_of_range_re_render_the_form(generated, client, url, params):
    client.force_login(generated.inspector)
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors
