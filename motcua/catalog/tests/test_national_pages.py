"""Imported procedures on the public catalog, and the import pages of the administration."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.catalog.models.national import ImportRun
from motcua.catalog.national import import_records
from motcua.catalog.national.records import Kind
from motcua.catalog.national.shipped import shipped_record

pytestmark = pytest.mark.django_db


def test_imported_procedures_show_on_the_public_catalog(client):
    import_records([shipped_record("1.001200"), shipped_record("1.001456")])
    response = client.get("/thu-tuc/", {"q": "giay thong hanh bien gioi campuchia"})
    assert response.status_code == 200
    assert "Cấp giấy thông hành biên giới cho cán bộ, công chức" in response.text

    response = client.get("/thu-tuc/1.001200/")
    assert response.status_code == 200
    text = response.text
    assert "Quản lý xuất nhập cảnh" in text
    assert "3 ngày làm việc" in text
    assert "Mẫu M01a-ND67-2024.docx" in text  # the form named for the document
    assert "Giấy giới thiệu của cơ quan, tổ chức, doanh nghiệp" in text
    assert "KQ.G01.000094" not in text or "Giấy thông hành biên giới Việt Nam - Campuchia" in text
    assert "Luật 49/2019/QH14" in text
    # 40 Việt Nam Đồng is not trusted: the fee shows its raw text, not an invented amount.
    assert "40 Việt Nam Đồng" in text
    assert "Nộp trực tuyến" in text  # online channel → partial online service


def test_an_imported_procedure_can_be_used_for_intake():
    import_records([shipped_record("1.001456")])
    procedure = Procedure.objects.get(code="1.001456")
    assert procedure.allows_online
    assert procedure.time_limit_hours == 8 * 8
    assert all(d.name for d in procedure.documents.all())


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-thu-nghiem")
    client.force_login(user)
    return client


def jsonl(*codes: str) -> bytes:
    return "\n".join(json.dumps(shipped_record(c), ensure_ascii=False) for c in codes).encode()


def test_admin_upload_runs_the_import_in_the_background_and_reports(
    admin_client, django_capture_on_commit_callbacks
):
    url = reverse("admin:catalog_importrun_add")
    assert admin_client.get(url).status_code == 200
    upload = SimpleUploadedFile("thu-tuc.jsonl", jsonl("1.001456", "3.000224", "1.007863"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_importrun_change", args=[run.pk])
    assert run.status == ImportRun.Status.DONE
    assert (run.progress_done, run.progress_total) == (3, 3)
    assert run.counts["imported"] == 2
    assert run.counts["skipped"] == 1
    assert Procedure.objects.filter(code="1.001456").exists()

    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert "3.000224" in page.text
    assert "Mã trong bản ghi khác mã trên trang" in page.text
    filtered = admin_client.get(response["Location"], {"kind": Kind.FEE_UNPARSED})
    assert "3.000224" not in filtered.text.split("Báo cáo theo bản ghi")[1]

    listing = admin_client.get(reverse("admin:catalog_importrun_changelist"))
    assert "mới 2, cập nhật 0, bỏ qua 1" in listing.text

    progress = admin_client.get(reverse("admin:catalog_importrun_progress", args=[run.pk]))
    assert progress["HX-Refresh"] == "true"

    download = admin_client.get(reverse("admin:catalog_importrun_report", args=[run.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã thủ tục", "Loại vấn đề", "Mã loại", "Trường")
    assert ("3.000224", Kind.CODE_MISMATCH) in {(r[0], r[2]) for r in rows[1:]}


def test_admin_upload_rejects_other_files(admin_client):
    upload = SimpleUploadedFile("anh.png", b"\x89PNG")
    response = admin_client.post(reverse("admin:catalog_importrun_add"), {"file": upload})
    assert response.status_code == 200
    assert "Chỉ nhận tệp .jsonl, .jsonl.gz hoặc .xlsx" in response.text
    assert not ImportRun.objects.exists()


def test_a_broken_file_fails_the_run_with_a_message(
    admin_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("hong.jsonl", b'{"ma_thu_tuc": "1.000001"}\nkhong phai json\n')
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:catalog_importrun_add"), {"file": upload})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "Dòng 2" in run.error
    page = admin_client.get(reverse("admin:catalog_importrun_change", args=[run.pk]))
    assert page.status_code == 200
    assert "Dòng 2" in page.text


def test_mapping_links_prefill_the_source_name(admin_client):
    response = admin_client.get(
        reverse("admin:catalog_agencynamemapping_add"), {"source_name": "Sở Tư pháp"}
    )
    assert response.status_code == 200
    assert 'value="Sở Tư pháp"' in response.text


def test_staff_without_configuration_rights_cannot_import(client):
    user = User.objects.create_user("nhanvien", password="mat-khau-thu-nghiem")
    client.force_login(user)
    response = client.get(reverse("admin:catalog_importrun_add"))
    assert response.status_code in (302, 403)


def test_an_imported_procedure_goes_through_counter_intake_and_online_submission():
    """The whole path: import, map the agency name, publish a process, receive dossiers."""
    from motcua.accounts.roles import Role
    from motcua.catalog.models.national import AgencyNameMapping
    from motcua.catalog.services import StepSpec, process_publish
    from motcua.testing import Province, applicant, receive_dossier, submit_dossier

    p = Province.build()
    AgencyNameMapping.objects.create(source_name="Chủ tịch UBND cấp xã", agency=p.commune_a)
    import_records([shipped_record("3.000527")])  # 3 working days, commune level
    procedure = Procedure.objects.get(code="3.000527")
    assert list(procedure.agencies.all()) == [p.commune_a]
    process_publish(
        procedure=procedure,
        steps=[
            StepSpec(name="Tiếp nhận", role=Role.RECEIVING_OFFICER, budget_hours=4),
            StepSpec(name="Thẩm định", role=Role.SPECIALIST, budget_hours=16),
            StepSpec(name="Phê duyệt", role=Role.AGENCY_LEADER, budget_hours=4),
        ],
    )
    dossier = receive_dossier(p, procedure, applicant=applicant(birth_date=None, email=""))
    assert dossier.code
    assert dossier.due_at is not None

    assert procedure.allows_online  # it has a "Trực tuyến" channel
    online = submit_dossier(p, procedure, applicant=applicant(birth_date=None))
    assert online.pk
