"""Excel import and export pages of the procedure administration."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalog.admin.excel import NO_FILE
from motcua.catalog.excel import reader
from motcua.catalog.models import Field, Procedure
from motcua.testing import make_procedure, make_user

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT = reverse("admin:catalog_procedure_import")
EXPORT = reverse("admin:catalog_procedure_export")
TEMPLATE = reverse("admin:catalog_procedure_template")
CHECKED = 'id="id_dry_run" checked>'


@pytest.fixture
def superuser():
    return make_user("sieuquantri", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def upload(sheets: dict[str, list[list]], name: str = "danh-muc.xlsx") -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


GOOD = {
    "Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực"], ["CT", "Chứng thực"]],
    "Thủ tục": [
        ["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Thời hạn quy định", "Mức trực tuyến"],
        ["2.000815", "Chứng thực bản sao từ bản chính", "CT", 1, "Toàn trình"],
    ],
}


def test_the_changelist_links_to_import_and_export(admin_client):
    page = admin_client.get(reverse("admin:catalog_procedure_changelist"))
    html = page.content.decode()
    assert f'href="{IMPORT}"' in html and "Nhập từ Excel" in html
    assert f'href="{EXPORT}"' in html and "Xuất ra Excel" in html


def test_the_administrator_imports_a_good_file(admin_client):
    page = admin_client.get(IMPORT)
    assert page.status_code == 200
    assert f'href="{TEMPLATE}"' in page.content.decode()
    response = admin_client.post(IMPORT, {"file": upload(GOOD)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã nhập xong: 2 thay đổi." in html
    assert 'id="excel-summary"' in html
    assert Procedure.objects.get(code="2.000815").field.code == "CT"
    again = admin_client.post(IMPORT, {"file": upload(GOOD)})
    assert "Đã nhập xong: 0 thay đổi." in again.content.decode()
    assert Procedure.objects.count() == 1


def test_a_bad_file_shows_every_error_and_changes_nothing(admin_client):
    bad = {
        "Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực", "Thứ tự"], ["CT", "Chứng thực", "<b>x</b>"]],
        "Thủ tục": [
            ["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực", "Thời hạn quy định"],
            ["2.000815", "Chứng thực", "ZZ", "ba"],
        ],
    }
    response = admin_client.post(IMPORT, {"file": upload(bad), "dry_run": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp có 3 lỗi. Không có thay đổi nào được lưu" in html
    assert 'id="excel-errors"' in html
    assert "<td>Thủ tục</td><td>2</td><td>C (Mã lĩnh vực)</td>" in html
    assert "“&lt;b&gt;x&lt;/b&gt;” không phải là số nguyên." in html
    assert "<td>Thủ tục</td><td>2</td><td>D (Thời hạn quy định)</td>" in html
    assert not Field.objects.exists()
    assert not Procedure.objects.exists()


def test_a_dry_run_keeps_the_checkbox_and_saves_nothing(admin_client):
    response = admin_client.post(IMPORT, {"file": upload(GOOD), "dry_run": "on"})
    html = response.content.decode()
    assert "Tệp hợp lệ. Nếu lưu sẽ có 2 thay đổi (chưa lưu gì)." in html
    assert CHECKED in html
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(
    "payload,message",
    [
        ({}, str(NO_FILE)),
        ({"file": SimpleUploadedFile("a.xlsx", b"", content_type=XLSX)}, str(NO_FILE)),
        ({"file": SimpleUploadedFile("a.xlsx", b"a,b\n1,2\n", content_type=XLSX)}, None),
        ({"file": SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)}, None),
    ],
    ids=["no-file", "empty-file", "csv", "xls"],
)
def test_wrong_uploads_re_render_with_a_vietnamese_message(admin_client, payload, message):
    response = admin_client.post(IMPORT, {**payload, "dry_run": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    if message is None:
        name = payload["file"].name
        message = str(reader.OLD_XLS if name.endswith(".xls") else reader.NOT_XLSX)
    assert message in html
    assert CHECKED in html  # the user's choice is kept


@override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
def test_a_file_over_the_size_limit_is_refused(admin_client):
    big = SimpleUploadedFile("lon.xlsx", b"PK" + b"\0" * 1_200_000, content_type=XLSX)
    response = admin_client.post(IMPORT, {"file": big})
    assert response.status_code == 200
    assert "Tệp “lon.xlsx” lớn hơn 1,0\xa0MB cho phép." in response.content.decode()


def test_export_and_template_download(admin_client):
    make_procedure("1.000001", "Cấp giấy phép xây dựng", days=5)
    response = admin_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [row[0] for row in book["Thủ tục"].iter_rows(values_only=True)] == [
        "Mã thủ tục",
        "1.000001",
    ]
    template = admin_client.get(TEMPLATE)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    assert book["Thủ tục"].max_row == 1
    assert "Hướng dẫn" in book.sheetnames


def test_the_export_action_exports_the_selected_procedures(admin_client):
    first = make_procedure("1.000001", "Thủ tục một", days=5)
    make_procedure("1.000002", "Thủ tục hai", days=5)
    response = admin_client.post(
        reverse("admin:catalog_procedure_changelist"),
        {"action": "export_selected_to_excel", "_selected_action": [first.pk]},
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [row[0] for row in book["Thủ tục"].iter_rows(values_only=True)] == [
        "Mã thủ tục",
        "1.000001",
    ]


@pytest.mark.parametrize("url", [IMPORT, EXPORT, TEMPLATE])
def test_a_citizen_gets_no_access(client, url):
    citizen = make_user("congdan", kind=User.Kind.CITIZEN)
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    posted = client.post(IMPORT, {"file": upload(GOOD)})
    assert posted.status_code == 302
    assert not Procedure.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.post(IMPORT, {"file": upload(GOOD)})
    assert response.status_code == 302
    assert not Procedure.objects.exists()


def test_staff_without_catalog_permissions_cannot_import(client):
    clerk = make_user("vanthu", is_staff=True)
    client.force_login(clerk)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload(GOOD)}).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert not Procedure.objects.exists()
